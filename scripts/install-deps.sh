#!/usr/bin/env bash
# Installs what building and testing dra needs on a fresh Debian machine; does nothing for
# what is already there. Run as root (or with sudo available).
set -euo pipefail

need=()
for pkg in pkg-config libpq-dev libssl-dev poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
