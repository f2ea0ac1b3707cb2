#!/usr/bin/env bash
# The property tests with a long budget: a million cases of each cheap property (arbitrary bytes
# into the parsers, the importers and the form decoder), fewer of the whole-definition edits.
# Usage: scripts/properties.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-1000000}"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --test props -- --skip edits_of_a_real_definition --test-threads=2
PROPTEST_CASES="${EDIT_CASES:-20000}" cargo test --release --test props edits_of_a_real_definition
echo "properties: $cases cases each (edits of a real definition: ${EDIT_CASES:-20000}) in $(( $(date +%s) - start )) s"
