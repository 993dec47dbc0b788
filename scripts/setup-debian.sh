#!/usr/bin/env bash
# Installs what briefgen needs to render and measure documents on Debian 12:
#   - LibreOffice, the smallest variant that converts .docx to PDF (libreoffice-writer-nogui);
#   - poppler-utils (pdftotext, pdffonts, pdfinfo) for the measurements;
#   - python3-uno, LibreOffice's bridge for Debian's Python: `briefgen serve` keeps one
#     LibreOffice running through it, so a preview takes under a second instead of a start-up;
#   - free fonts that stand in for the standard's: the Fandol fonts (仿宋/楷体/黑体/宋体), taken
#     from Debian's texlive-lang-chinese without installing the whole of it; Noto Serif CJK SC for
#     方正小标宋简体; Liberation Serif for Times New Roman (same metrics).
# briefgen/docx/fonts/fonts.conf maps the standard's font names to these. Run as root (or with sudo).
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
FANDOL_DIR=/usr/local/share/fonts/fandol

packages=()
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || packages+=(python3-uno)
fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" || packages+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -q "Liberation Serif" || packages+=(fonts-liberation2)

if [ ${#packages[@]} -gt 0 ] || [ ! -f "$FANDOL_DIR/FandolFang-Regular.otf" ]; then
  $SUDO apt-get update -qq
fi
if [ ${#packages[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [ ! -f "$FANDOL_DIR/FandolFang-Regular.otf" ]; then
  work=$(mktemp -d)
  chmod 755 "$work"  # apt downloads as the _apt user when it can
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null)
  dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb \
    | tar -x -C "$work" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol*-*.otf'
  $SUDO mkdir -p "$FANDOL_DIR"
  $SUDO cp "$work"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Kai,Hei,Song}-*.otf "$FANDOL_DIR"/
  $SUDO fc-cache -f >/dev/null
fi
echo "briefgen: LibreOffice $(soffice --version 2>/dev/null | awk '{print $2}'), fonts in $FANDOL_DIR ready."
