"""Red rules and red marks on a rendered page, found in its pixels (poppler's pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..docx.pdf import RenderError

DPI = 144  # 0.18 mm a pixel: finer than any tolerance of the standard's positions
MM_PER_INCH = 25.4
RULE_SHARE = 0.6  # a row is part of a rule when red covers this share of it (a rule spans 156 mm or more of 210; a 标志's stroke row less)
# The standard's red (7.2.4) as a pixel: rules and the 标志's strokes are drawn in it; their
# anti-aliased edges are lighter and are counted only where a row is a rule.
PURE_RED = b"\xff\x00\x00"


def _has_pure_red(row: bytes) -> bool:
    """Whether a pixel of the row is pure red (the bytes may also meet across two pixels)."""
    position = row.find(PURE_RED)
    while position >= 0:
        if position % 3 == 0:
            return True
        position = row.find(PURE_RED, position + 1)
    return False


@dataclass
class Band:
    """Consecutive pixel rows with a red rule: one line of a (double) rule. Lengths in mm."""

    top: float
    bottom: float
    left: float
    right: float

    @property
    def thickness(self) -> float:
        return self.bottom - self.top

    @property
    def length(self) -> float:
        return self.right - self.left


def rules(bands: list[Band], gap_mm: float = 1.5) -> list[list[Band]]:
    """Bands close together form one rule: a double line is two bands."""
    grouped: list[list[Band]] = []
    for band in bands:
        if grouped and band.top - grouped[-1][-1].bottom <= gap_mm:
            grouped[-1].append(band)
        else:
            grouped.append([band])
    return grouped


@dataclass
class RedPicture:
    """What is red on one page: the rules (bands from top to bottom) and every red row."""

    bands: list[Band]
    red_rows: list[float]  # mm from the top, rows with any red pixel

    def marks_above(self, limit_mm: float) -> list[float]:
        """Rows of red that is not a rule (the 标志's glyphs) above ``limit_mm``."""
        ruled = [(band.top, band.bottom) for band in self.bands]
        return [row for row in self.red_rows if row < limit_mm and not any(top <= row <= bottom for top, bottom in ruled)]


def red_picture(pdf: Path, page: int) -> RedPicture:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RenderError("未找到 pdftoppm，无法测量红色分隔线。", hint="在 Debian/Ubuntu 上安装：sudo apt-get install poppler-utils。")
    ppm = subprocess.run([tool, "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, check=True).stdout
    return _picture(ppm)


def _picture(ppm: bytes) -> RedPicture:
    magic, size, _, pixels = ppm.split(b"\n", 3)
    if magic != b"P6":
        raise RenderError("pdftoppm 的输出无法识别。")
    width, height = map(int, size.split())
    scale = MM_PER_INCH / DPI
    red_rows, spans = [], []
    for y in range(height):
        row = pixels[y * width * 3 : (y + 1) * width * 3]
        if not _has_pure_red(row):
            continue  # most rows: a search in C, no loop over pixels
        red_rows.append(y * scale)
        if row.count(PURE_RED) > RULE_SHARE * width:
            reds = [x for x, (r, g, b) in enumerate(zip(row[0::3], row[1::3], row[2::3])) if r > 180 and g < 110 and b < 110]
            if len(reds) > RULE_SHARE * width:
                spans.append((y * scale, reds[0] * scale, (reds[-1] + 1) * scale))
    return RedPicture(_bands(spans, scale), red_rows)


def _bands(spans: list[tuple[float, float, float]], scale: float) -> list[Band]:
    bands: list[Band] = []
    for y, left, right in spans:
        if bands and y - bands[-1].bottom < scale * 0.5:  # the next pixel row
            band = bands[-1]
            band.bottom, band.left, band.right = y + scale, min(band.left, left), max(band.right, right)
        else:
            bands.append(Band(y, y + scale, left, right))
    return bands
