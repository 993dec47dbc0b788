#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: LibreOffice, poppler-utils and
# the stand-in fonts (scripts/setup-debian.sh; the layout tests render through them), Chromium
# and its driver for the web page's browser tests, then the package itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
# The web page's browser tests drive Debian's Chromium through its driver (never a download).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
python -m pip install -q -e '.[test]'
