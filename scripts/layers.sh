#!/usr/bin/env bash
# The layers of DESIGN.md, checked from the code's own `use` lines:
# - the pure core (survey, analysis, charts, report, campaign rules) and the domain layer
#   (src/service) import neither diesel nor actix;
# - the edges (src/web, src/cli) reach storage only through src/service. The files listed in
#   scripts/layers.allow still call `db` themselves: they move to the domain layer one capability at
#   a time, and the list only shrinks (a file not on it that reaches `db` fails this check).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
for dir in src/survey src/analysis src/charts src/report src/campaign src/service; do
  if grep -rnE '\b(diesel|actix_web|actix)::|use (diesel|actix_web|actix)\b' "$dir"; then
    echo "layers: $dir must import neither diesel nor actix" >&2
    fail=1
  fi
done
if grep -rnE 'crate::(web|cli)\b' src/service; then
  echo "layers: src/service must not depend on its edges" >&2
  fail=1
fi
allowed="$(grep -vE '^\s*(#|$)' scripts/layers.allow)"
for f in $(grep -rlE 'crate::db\b|super::db\b' src/web src/cli | sort); do
  if ! grep -qxF "$f" <<<"$allowed"; then
    echo "layers: $f reaches the database directly; go through src/service/" >&2
    fail=1
  fi
done
for f in $allowed; do
  if ! grep -qE 'crate::db\b|super::db\b' "$f" 2>/dev/null; then
    echo "layers: $f no longer reaches the database: take it off scripts/layers.allow" >&2
    fail=1
  fi
done
[ "$fail" -eq 0 ] && echo "layers: ok ($(wc -l <<<"$allowed") edge files still to move to src/service)"
exit "$fail"
