#!/usr/bin/env bash
# The analysis through the database, as an analyst runs it: for N in 10k, 100k, 1M (or the
# sizes given), generate the bench CSV with gen_responses.py, import it into SQLite as paper
# forms of a campaign on surveys/bench/bench-40.json (`dra responses import`, timed), then time
# `dra analyze` (the full statistics, read from the database) and `ref_aggregate.py pandas` on the
# same CSV, both under /usr/bin/time -v; then the full PDF report from the database (`dra report`).
# Prints times, the ratios to pandas and peak RSS.
# Env: BENCH_DIR (default: a temp dir, removed at the end), SHARED (default ../shared/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared/bench}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000 1000000)
if [ -z "${BENCH_DIR:-}" ]; then
    BENCH_DIR=$(mktemp -d)
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi
cargo build --release --bin dra >&2
DRA="$PWD/target/release/dra"

# shellcheck source=measure.sh
. benches/measure.sh

printf '%-9s %9s %9s %9s %7s %10s %7s %9s %8s %9s\n' N import_s pandas_s dra_s ratio pandas_MB dra_MB report_s ratio report_MB
for n in "${SIZES[@]}"; do
    csv="$BENCH_DIR/bench-$n.csv"
    python3 "$SHARED/gen_responses.py" "$n" "$csv"
    export DRA_DATA_DIR="$BENCH_DIR/data-$n" DRA_LOG=warn
    "$DRA" survey import surveys/bench/bench-40.json > /dev/null
    "$DRA" campaign create --slug bench --name Bench --survey bench-40 > /dev/null
    "$DRA" campaign open bench > /dev/null
    read -r iw _ < <(measure "$DRA" responses import --campaign bench "$csv")
    read -r pw pr < <(measure python3 "$SHARED/ref_aggregate.py" pandas "$csv" "$BENCH_DIR/ref-$n.json")
    read -r dw dr < <(measure "$DRA" analyze --campaign bench --out "$BENCH_DIR/agg-$n.json")
    read -r rw rr < <(measure "$DRA" report --campaign bench --format pdf --out "$BENCH_DIR/report-$n.pdf")
    ratio=$(awk -v a="$dw" -v b="$pw" 'BEGIN { printf "%.3f", a / b }')
    rratio=$(awk -v a="$rw" -v b="$pw" 'BEGIN { printf "%.3f", a / b }')
    printf '%-9s %9s %9s %9s %7s %10s %7s %9s %8s %9s\n' "$n" "$iw" "$pw" "$dw" "$ratio" "$pr" "$dr" "$rw" "$rratio" "$rr"
done
echo "(whole-process wall time and peak RSS from /usr/bin/time -v; ratios = dra analyze / pandas and dra report (PDF) / pandas)"
