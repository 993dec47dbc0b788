#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: LibreOffice, poppler-utils and
# the stand-in fonts (scripts/setup-debian.sh; the layout tests render through them), then the
# package itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
python -m pip install -q -e '.[test]'
