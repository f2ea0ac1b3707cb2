#!/usr/bin/env bash
# Times dra's analysis against the pandas reference on the same generated data.
# For N in 10k, 100k, 1M (or the sizes given as arguments): generate the CSV with
# gen_responses.py, run `ref_aggregate.py pandas` and the release bench binary under
# /usr/bin/time -v, and print both times, the ratio and peak RSS.
# Env: BENCH_DIR (default: a temp dir, removed at the end), SHARED (default /work/shared/bench),
#      CARGO_TARGET_DIR (default ./target).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared/bench}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000 1000000)
if [ -z "${BENCH_DIR:-}" ]; then
    BENCH_DIR=$(mktemp -d)
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi
CARGO_TARGET_DIR="$TARGET" cargo build --release --bench analyze_csv >&2
BIN=$(find "$TARGET/release/deps" -maxdepth 1 -type f -executable -name 'analyze_csv-*' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2)

# shellcheck source=measure.sh
. benches/measure.sh

printf '%-9s %12s %12s %8s %14s %14s\n' N pandas_s dra_s ratio pandas_rss_MB dra_rss_MB
for n in "${SIZES[@]}"; do
    csv="$BENCH_DIR/bench-$n.csv"
    python3 "$SHARED/gen_responses.py" "$n" "$csv"
    read -r pw pr < <(measure python3 "$SHARED/ref_aggregate.py" pandas "$csv" "$BENCH_DIR/ref-$n.json")
    read -r dw dr < <(measure "$BIN" "$csv")
    ratio=$(awk -v a="$dw" -v b="$pw" 'BEGIN { printf "%.3f", a / b }')
    printf '%-9s %12s %12s %8s %14s %14s\n' "$n" "$pw" "$dw" "$ratio" "$pr" "$dr"
done
echo "(whole-process wall time and peak RSS from /usr/bin/time -v; ratio = dra / pandas)"
