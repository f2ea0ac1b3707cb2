#!/usr/bin/env bash
# The layers of DESIGN.md, checked from the code's own `use` lines:
# - the pure core (survey, analysis, charts, report, campaign rules) and the domain layer
#   (src/service) import neither diesel nor actix;
# - the edges (src/web, src/cli) reach storage only through src/service (the composition root,
#   src/app.rs, opens the pool and the writer and hands them over).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
for dir in src/survey src/analysis src/charts src/report src/campaign src/i18n src/service src/index src/publish src/contribution; do
  if grep -rnE '\b(diesel|actix_web|actix)::|use (diesel|actix_web|actix)\b' "$dir"; then
    echo "layers: $dir must import neither diesel nor actix" >&2
    fail=1
  fi
done
if grep -rnE 'crate::(web|cli)\b' src/service; then
  echo "layers: src/service must not depend on its edges" >&2
  fail=1
fi
if grep -rnE 'crate::db\b|super::db\b|use (crate|super)::\{[^}]*\bdb\b' src/web src/cli; then
  echo "layers: src/web and src/cli reach the database only through src/service/" >&2
  fail=1
fi
# The composition root (src/app.rs) builds the web server; the web layer does not reach back.
if grep -rnE 'crate::app\b' src/web; then
  echo "layers: src/web must not import crate::app (the handlers' state is web::state::AppState)" >&2
  fail=1
fi
# Storage takes its URL from the settings, never the settings from storage (no circle).
if grep -rnE 'crate::config\b' src/db; then
  echo "layers: src/db must not import crate::config (the settings import the storage's types)" >&2
  fail=1
fi
# Writing a campaign's messages is pure; storing them (invitation rows, the outbox) is
# service::mailing's.
if grep -nE '\b(db|outbox)::([a-z_]+::)*[a-z_]+\(|\bdiesel::|\bconn\b' src/mail/queue.rs; then
  echo "layers: src/mail/queue.rs writes messages; it stores them only through src/service/mailing.rs" >&2
  fail=1
fi
[ "$fail" -eq 0 ] && echo "layers: ok (pure core and domain layer free of diesel/actix; edges go through src/service)"
exit "$fail"
