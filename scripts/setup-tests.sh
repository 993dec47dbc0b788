#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine:
# LibreOffice (the smallest variant that converts .docx to PDF, used to prove the
# documents open) and the package itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui poppler-utils >/dev/null
fi
python -m pip install -q -e '.[test]'
