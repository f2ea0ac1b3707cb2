#!/usr/bin/env bash
# Checks the deployment recipes against the binary this checkout builds:
# - deploy/dra.service passes `systemd-analyze verify` (with ExecStart pointed at the built binary);
# - the Dockerfile runs as a user other than root, checks /healthz, and `docker build` runs it
#   where a Docker engine answers (this script says so when none does).
# Usage: scripts/deploy-check.sh [PATH-TO-DRA-BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/dra}"
[ -x "$bin" ] || cargo build --quiet --bin dra
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
fail=0
if command -v systemd-analyze >/dev/null 2>&1; then
  tmp="$(mktemp -d)"
  sed "s|/usr/local/bin/dra|$bin|" deploy/dra.service > "$tmp/dra.service"
  if out="$(systemd-analyze verify "$tmp/dra.service" 2>&1)" && [ -z "$out" ]; then
    echo "deploy: dra.service verifies"
  else
    echo "deploy: dra.service: $out" >&2
    fail=1
  fi
  rm -rf "$tmp"
else
  echo "deploy: no systemd-analyze here: the unit was not verified"
fi
grep -qE '^USER [^r]' Dockerfile || { echo "deploy: the image must not run as root" >&2; fail=1; }
grep -q 'HEALTHCHECK .*' Dockerfile && grep -q '/healthz' Dockerfile || { echo "deploy: no health check on /healthz" >&2; fail=1; }
"$bin" --help >/dev/null
if docker info >/dev/null 2>&1; then
  docker build -q -t dra:check . >/dev/null && echo "deploy: the image builds" || { echo "deploy: docker build failed" >&2; fail=1; }
else
  echo "deploy: no Docker engine here: the image was not built"
fi
exit "$fail"
