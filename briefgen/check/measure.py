"""Measure a rendered PDF against GB/T 9704: page, margins, lines, page numbers, 版记, fonts.

Reads the PDF with poppler's ``pdftotext -bbox-layout`` (line boxes in points) and ``pdffonts``
(embedded fonts), and asks fontconfig, with briefgen's font mapping, which face stood in for
each font the document names.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from ..document.standard import DEFAULT_STYLE, TOLERANCES, font_family, mm_to_pt
from ..docx.pdf import RenderError, render_environment
from ..sequence import opcodes
from .rules import Finding, finding

LAY, TOL = DEFAULT_STYLE.layout, TOLERANCES
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)
_PAGE_NUMBER = re.compile(r"^[—–-]\s*(\d+)\s*[—–-]$")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    body: list[Line] = field(default_factory=list)  # inside the 版心's height
    footer: list[Line] = field(default_factory=list)  # below it


@dataclass
class FontUse:
    requested: str
    used: str
    substituted: bool


@dataclass
class Measurement:
    pages: list[Page]
    findings: list[Finding]
    fonts: list[FontUse]
    embedded: list[str]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RenderError(f"未找到 {name}，无法测量 PDF。", hint="在 Debian/Ubuntu 上安装：sudo apt-get install poppler-utils。")
    return found


def read_pages(pdf: Path) -> list[Page]:
    layout = subprocess.run([_tool("pdftotext"), "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bottom = mm_to_pt(LAY.margin_top_mm + LAY.text_height_mm)
    pages = []
    for number, (width, height, content) in enumerate(_PAGE.findall(layout), start=1):
        lines = [
            Line(float(a), float(b), float(c), float(d), unescape("".join(_WORD.findall(words))))
            for a, b, c, d, words in _LINE.findall(content)
        ]
        lines.sort(key=lambda line: (round(line.y0, 1), line.x0))
        page = Page(number, float(width), float(height), lines)
        page.body = [line for line in lines if line.y0 < bottom - 1]
        page.footer = [line for line in lines if line.y0 >= bottom - 1]
        pages.append(page)
    return pages


def embedded_fonts(pdf: Path) -> list[str]:
    listing = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    names = []
    for row in listing.splitlines()[2:]:
        name = row.split()[0] if row.split() else ""
        names.append(name.split("+", 1)[-1])
    return sorted(set(filter(None, names)))


def font_substitutions(requested: set[str]) -> list[FontUse]:
    """Which installed face fontconfig (with briefgen's mapping) gives each requested font."""
    fc_match = shutil.which("fc-match")
    uses = []
    for name in sorted(requested):
        used = ""
        if fc_match:
            result = subprocess.run([fc_match, "-f", "%{family}", name], capture_output=True, text=True, env=render_environment())
            used = result.stdout.split(",")[0].strip()
        uses.append(FontUse(name, used or "（未知）", used.lower() != name.lower()))
    return uses


# -- the measurements ------------------------------------------------------------------------

LEFT = mm_to_pt(LAY.margin_left_mm)
RIGHT = mm_to_pt(LAY.margin_left_mm + LAY.text_width_mm)
TOP = mm_to_pt(LAY.margin_top_mm)
BOTTOM = mm_to_pt(LAY.margin_top_mm + LAY.text_height_mm)
INDENT = LAY.paragraph_indent_chars * (LAY.body_size_pt + LAY.body_char_spacing_pt)
MM = mm_to_pt(1)


def _mm(points: float) -> float:
    return points / MM


BODY_LINE_HEIGHT = 1.5 * LAY.body_size_pt  # taller boxes are titles or the 版头


def text_left_edge(pages: list[Page]) -> float:
    """Where running text starts on the page, measured: the median start of long lines of body
    size — not of the title (2号, wider than body lines) nor of the 版头, which on a short
    document would outnumber them."""
    long_body = [line for page in pages for line in page.body if line.y1 - line.y0 <= BODY_LINE_HEIGHT and line.width >= 0.6 * (RIGHT - LEFT)]
    starts = [line.x0 for line in long_body]
    return statistics.median(starts) if starts else LEFT


def is_body_line(line: Line, left: float = LEFT) -> bool:
    """A line of running text: body-sized, and long from the left edge or two characters in."""
    if line.y1 - line.y0 > BODY_LINE_HEIGHT:
        return False
    starts_at_margin = abs(line.x0 - left) <= TOL.text_edge_mm * MM
    starts_indented = abs(line.x0 - left - INDENT) <= TOL.text_edge_mm * MM
    return (starts_at_margin and line.width >= 0.6 * (RIGHT - LEFT)) or (starts_indented and len(line.text) >= 4)


def check_page_size(pages: list[Page]) -> list[Finding]:
    wrong = [p for p in pages if abs(_mm(p.width) - LAY.page_width_mm) > TOL.page_mm or abs(_mm(p.height) - LAY.page_height_mm) > TOL.page_mm]
    if not wrong:
        return []
    page = wrong[0]
    return [finding("RENDER-PAGE-SIZE", f"第 {page.number} 页", "210 mm × 297 mm", f"{_mm(page.width):.1f} mm × {_mm(page.height):.1f} mm")]


def check_margins(pages: list[Page], left: float) -> list[Finding]:
    """The text's left edge against 订口 28 mm; then every line inside a 156 mm 版心 from that edge
    (so a shifted 版心 is reported once, as a margin, not again on every line)."""
    found = []
    if abs(left - LEFT) > TOL.text_edge_mm * MM:
        found.append(finding("RENDER-LEFT-MARGIN", "全文", f"{LAY.margin_left_mm:g} mm", f"{_mm(left):.1f} mm"))
    right = left + (RIGHT - LEFT)
    for page in pages:
        outside = [line for line in page.body if line.x1 > _right_limit(line, right) or line.x0 < left - TOL.text_edge_mm * MM]
        if outside:
            line = outside[0]
            found.append(
                finding(
                    "RENDER-TEXT-WIDTH", f"第 {page.number} 页", f"{_mm(left):.1f}–{_mm(right):.1f} mm",
                    f"{_mm(line.x0):.1f}–{_mm(line.x1):.1f} mm", line.text[:16],
                )
            )
            break
    return found


HANGING_PUNCTUATION = "，。、；：？！”’）》」』"


def _right_limit(line: Line, right: float) -> float:
    """The 版心's right edge; a closing punctuation mark may hang one character beyond it,
    as Word and LibreOffice both lay out Chinese text (标点溢出边界)."""
    hang = LAY.body_size_pt if line.text.rstrip()[-1:] in HANGING_PUNCTUATION else 0
    return right + hang + TOL.text_edge_mm * MM


def _pitches(page: Page) -> list[float]:
    tops = sorted({round(line.y0, 1) for line in page.body})
    return [b - a for a, b in zip(tops, tops[1:])]


def line_pitch(pages: list[Page]) -> float | None:
    """The pitch of running text: the median of line-to-line distances near one line."""
    expected = LAY.line_pitch_pt
    steps = [step for page in pages for step in _pitches(page) if 0.7 * expected <= step <= 1.3 * expected]
    return statistics.median(steps) if steps else None


def check_lines(pages: list[Page]) -> list[Finding]:
    pitch = line_pitch(pages)
    if pitch is None:
        return []
    found = []
    if abs(pitch - LAY.line_pitch_pt) > TOL.line_pitch_pt:
        found.append(finding("RENDER-LINE-PITCH", "全文", f"{LAY.line_pitch_pt:.2f} 磅", f"{pitch:.2f} 磅"))
    for page in pages:
        count = lines_on_full_page(page, pitch)
        if count is not None and count != LAY.lines_per_page:
            found.append(finding("RENDER-LINES", f"第 {page.number} 页", f"{LAY.lines_per_page} 行", f"{count} 行"))
    return found


def lines_on_full_page(page: Page, pitch: float) -> int | None:
    """Grid lines used on a page laid out on the line grid and filled to the 版心's foot.

    Blank lines print nothing, so lines are counted as grid slots from the first to the last
    line. Pages with tables or other off-grid lines are not judged (``None``).
    """
    if len(page.body) < 2:
        return None
    steps = _pitches(page)
    if any(abs(step / pitch - round(step / pitch)) > 0.1 for step in steps):
        return None  # off the grid: a table, the 版头, a frame
    first, last = min(line.y0 for line in page.body), max(line.y1 for line in page.body)
    if first - TOP > pitch or BOTTOM - last > pitch:
        return None  # not filled from top to bottom
    return round((max(line.y0 for line in page.body) - first) / pitch) + 1


def check_page_numbers(pages: list[Page], left: float) -> list[Finding]:
    found = []
    right = left + (RIGHT - LEFT)
    one_char = LAY.page_number_size_pt
    expected_y = BOTTOM + 7 * MM  # 7.5: the 一字线 7 mm below the 版心
    for page in pages:
        numbers = [line for line in page.footer if _PAGE_NUMBER.match(line.text.replace(" ", ""))]
        if not numbers:
            continue  # pages without numbers (a 版记 page after a blank page) are allowed
        line = numbers[0]
        centre = (line.y0 + line.y1) / 2
        # Odd and even go by the printed number (a volume restarts numbering per document).
        odd = int(_PAGE_NUMBER.match(line.text.replace(" ", "")).group(1)) % 2 == 1
        edge_error = abs(line.x1 - (right - one_char)) if odd else abs(line.x0 - (left + one_char))
        if abs(centre - expected_y) > TOL.page_number_mm * MM or edge_error > TOL.page_number_mm * MM:
            side = "居右空一字" if odd else "居左空一字"
            found.append(
                finding(
                    "RENDER-PAGE-NUMBER", f"第 {page.number} 页", f"版心下 7 mm，{side}",
                    f"版心下 {_mm(centre - BOTTOM):.1f} mm，距{'右' if odd else '左'}边 {_mm((right - line.x1) if odd else (line.x0 - left)):.1f} mm",
                    line.text,
                )
            )
    return found


def check_first_page(pages: list[Page], left: float) -> list[Finding]:
    if pages and not any(is_body_line(line, left) for line in pages[0].body):
        return [finding("RENDER-FIRST-PAGE", "第 1 页", "首页有正文", "首页没有正文")]
    return []


def check_signature_page(pages: list[Page], left: float) -> list[Finding]:
    for page in pages:
        for index, line in enumerate(page.body):
            if _DATE_LINE.match(line.text.replace(" ", "")) and not any(is_body_line(other, left) for other in page.body[:index]):
                return [finding("RENDER-SIGNATURE-PAGE", f"第 {page.number} 页", "署名和日期与正文同页", "该页没有正文", line.text)]
    return []


def check_end_matter(pages: list[Page], expected: bool) -> list[Finding]:
    if not expected or not pages:
        return []
    last = pages[-1]
    lines = [line for line in last.body if line.text.replace(" ", "").endswith("印发") or line.text.startswith("抄送")]
    if not lines:
        return [finding("RENDER-END-MATTER", f"第 {last.number} 页", "版记在最后一页", "最后一页没有版记")]
    bottom = max(line.y1 for line in lines)
    if bottom < BOTTOM - TOL.end_matter_mm * MM or bottom > BOTTOM + MM:
        return [finding("RENDER-END-MATTER", f"第 {last.number} 页", "末条分隔线与版心下边缘重合", f"版记末行距版心下边缘 {_mm(BOTTOM - bottom):.1f} mm", lines[-1].text[:16])]
    return []


def check_fonts(uses: list[FontUse], embedded: list[str]) -> list[Finding]:
    found = []
    for use in uses:
        if use.substituted:
            actual = f"{use.used}（已嵌入：{', '.join(e for e in embedded if font_family(e) == font_family(use.used) or use.used.replace(' ', '') in e) or '无'}）"
            found.append(finding("RENDER-FONT-SUBSTITUTED", "字体", use.requested, actual))
    return found


IGNORED = re.compile(r"[\s\u200b\u2060\ufeff\u00ad]")  # spacing, and the zero-width characters a render copy may add


def printed_text(pages: list[Page]) -> str:
    """Everything printed, page by page, without spacing and without the page numbers."""
    lines = [line.text for page in pages for line in page.lines if not _PAGE_NUMBER.match(line.text.replace(" ", ""))]
    return IGNORED.sub("", "".join(lines))


def check_every_character_printed(pages: list[Page], text: str) -> list[Finding]:
    """Every character of the document's text is on the page: a character the renderer dropped
    (a closing mark at the end of a full line, measured in LibreOffice) is a wrong document."""
    expected = IGNORED.sub("", text)
    missing = Counter(expected) - Counter(printed_text(pages))
    if not missing:
        return []
    lost = "".join(f"“{char}”×{count}" if count > 1 else f"“{char}”" for char, count in missing.most_common(8))
    return [finding("RENDER-TEXT-COMPLETE", _where_lost(expected, printed_text(pages)), "文档中的每个字符都排印出来", f"少了 {sum(missing.values())} 个字符：{lost}")]


def _where_lost(expected: str, printed: str, context: int = 12) -> str:
    """The text around the first character that is not printed, as a reader would search for it."""
    for tag, i1, i2, _, _ in opcodes(expected, printed):
        if tag in ("delete", "replace"):
            before = expected[max(i1 - context, 0) : i1]
            return f"「{before}」之后（缺「{expected[i1:i2][:8]}」）"
    return "全文"


def measure_pdf(pdf: Path, requested_fonts: set[str], has_end_matter: bool, text: str | None = None) -> Measurement:
    """The measured findings of one rendering; ``text`` (the document's own text) is compared
    with what was printed when given."""
    pages = read_pages(pdf)
    embedded = embedded_fonts(pdf)
    uses = font_substitutions(requested_fonts)
    left = text_left_edge(pages)
    findings = (
        check_page_size(pages)
        + check_margins(pages, left)
        + check_lines(pages)
        + check_page_numbers(pages, left)
        + check_first_page(pages, left)
        + check_signature_page(pages, left)
        + check_end_matter(pages, has_end_matter)
        + check_fonts(uses, embedded)
        + (check_every_character_printed(pages, text) if text is not None else [])
    )
    return Measurement(pages, findings, uses, embedded)
