#!/usr/bin/env bash
# The property tests with a long budget: a million cases of each property (arbitrary bytes and
# cells into the definition parser, the importers and the form decoder; edits of a real
# definition). `cargo test` runs a few hundred of each.
# Usage: scripts/properties.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-1000000}"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --test props -- --test-threads=2
echo "properties: $cases cases of each in $(( $(date +%s) - start )) s"
