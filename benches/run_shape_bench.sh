#!/usr/bin/env bash
# Any definition, not only the benchmark's: generates N paper forms for DEFINITION (profile fields,
# don't-knows, not-applicables: benches/gen_definition.py), then times, in one run on the same CSV:
#   import   `dra responses import` (validation included)  vs  `sqlite3 .import` of the CSV
#   analyze  `dra analyze`                                  vs  benches/ref_definition.py (pandas)
#   by       `dra analyze --by FIELD`                       vs  ref_definition.py --by FIELD
#   report   `dra report --format pdf`                      vs  ref_definition.py (pandas)
# and checks dra's figures against pandas' (benches/check_shape.py). Prints times, ratios and
# peak RSS (whole process, /usr/bin/time -v).
# Usage: benches/run_shape_bench.sh [DEFINITION.json] [FIELD] [N...]
#   default: surveys/dra-core.json gender 100000 1000000
# Env: BENCH_DIR (default: a temp dir, removed at the end; a forms CSV already there is reused),
#      NO_BUILD=1 to time the release binary as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
DEF=${1:-surveys/dra-core.json}
BY=${2:-gender}
shift $(( $# >= 2 ? 2 : $# ))
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100000 1000000)
if [ -z "${BENCH_DIR:-}" ]; then
    BENCH_DIR=$(mktemp -d)
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --bin dra >&2
DRA="$PWD/target/release/dra"
SURVEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["x-dra"]["id"])' "$DEF")
# Every group the definition offers takes part (the default campaign leaves citizens out).
GROUPS_JSON="$BENCH_DIR/groups.json"
python3 - "$DEF" "$GROUPS_JSON" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
q = next(p for p in d["properties"].values() if (p.get("x-dra") or {}).get("profile") == "group")
groups = [{"code": o["const"], "labels": (o.get("x-dra") or {}).get("label", {})} for o in q["oneOf"]]
json.dump(groups, open(sys.argv[2], "w"))
PY

# shellcheck source=measure.sh
. benches/measure.sh

row() { printf '%-9s %-8s %9s %9s %7s %8s %8s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo "definition $DEF, breakdown by $BY"
row N work dra_s ref_s ratio dra_MB ref_MB
for n in "${SIZES[@]}"; do
    csv="$BENCH_DIR/forms-$n.csv"
    # A file of that size from an earlier run in the same BENCH_DIR is used again.
    [ -s "$csv" ] || python3 benches/gen_definition.py "$DEF" "$n" "$csv"
    rm -rf "$BENCH_DIR/data-$n" "$BENCH_DIR/plain-$n.db"
    export DRA_DATA_DIR="$BENCH_DIR/data-$n" DRA_LOG=warn
    "$DRA" survey import "$DEF" > /dev/null
    "$DRA" campaign create --slug shape --name Shape --survey "$SURVEY" --groups "$GROUPS_JSON" > /dev/null
    "$DRA" campaign open shape > /dev/null
    read -r sw sr < <(measure sqlite3 "$BENCH_DIR/plain-$n.db" ".import --csv $csv forms")
    read -r iw ir < <(measure "$DRA" responses import --campaign shape "$csv")
    row "$n" import "$iw" "$sw" "$(ratio "$iw" "$sw")" "$ir" "$sr"
    read -r pw pr < <(measure python3 benches/ref_definition.py "$DEF" "$csv" "$BENCH_DIR/ref-$n.json")
    read -r dw dr < <(measure "$DRA" analyze --campaign shape --out "$BENCH_DIR/agg-$n.json")
    row "$n" analyze "$dw" "$pw" "$(ratio "$dw" "$pw")" "$dr" "$pr"
    read -r bpw bpr < <(measure python3 benches/ref_definition.py "$DEF" "$csv" "$BENCH_DIR/ref-by-$n.json" --by "$BY")
    read -r bdw bdr < <(measure "$DRA" analyze --campaign shape --by "$BY" --out "$BENCH_DIR/agg-by-$n.json")
    row "$n" "by" "$bdw" "$bpw" "$(ratio "$bdw" "$bpw")" "$bdr" "$bpr"
    read -r rw rr < <(measure "$DRA" report --campaign shape --format pdf --out "$BENCH_DIR/report-$n.pdf")
    row "$n" report "$rw" "$pw" "$(ratio "$rw" "$pw")" "$rr" "$pr"
    python3 benches/check_shape.py "$BENCH_DIR/agg-by-$n.json" "$BENCH_DIR/ref-by-$n.json"
done
echo "(whole-process wall time and peak RSS from /usr/bin/time -v; ratio = dra / reference, same run)"
