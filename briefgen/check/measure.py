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
from .raster import RedPicture, red_picture, rules
from .rules import Finding, finding

LAY, TOL = DEFAULT_STYLE.layout, TOLERANCES
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)
_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)
_PAGE_NUMBER = re.compile(r"^[—–-]\s*(\d+)\s*[—–-]$")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    words: list[tuple[float, float, str]] = field(default_factory=list)  # (x0, x1, text)
    boxes: list[tuple[float, float, float, float, str]] = field(default_factory=list, repr=False)  # (x0, y0, x1, y1, text)

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
    turned: bool = False  # a landscape page, its lines given as they lie on the sheet (8)


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
    """Every page's lines, in reading order; a landscape page's in the sheet's frame (8)."""
    layout = subprocess.run([_tool("pdftotext"), "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bottom = mm_to_pt(LAY.margin_top_mm + LAY.text_height_mm)
    pages = []
    for number, (width, height, content) in enumerate(_PAGE.findall(layout), start=1):
        width, height = float(width), float(height)
        lines = [_line(float(a), float(b), float(c), float(d), words) for a, b, c, d, words in _LINE.findall(content)]
        lines.sort(key=lambda line: (round(line.y0, 1), line.x0))
        turned = width > height
        if turned:
            lines = [_turned(line, width) for line in lines]
            width, height = height, width
        page = Page(number, width, height, lines, turned=turned)
        page.body = [line for line in lines if line.y0 < bottom - 1]
        page.footer = [line for line in lines if line.y0 >= bottom - 1]
        pages.append(page)
    return pages


def _line(x0: float, y0: float, x1: float, y1: float, words: str) -> Line:
    boxes = [(float(a), float(b), float(c), float(d), unescape(text)) for a, b, c, d, text in _WORD_BOX.findall(words)]
    return Line(x0, y0, x1, y1, unescape("".join(_WORD.findall(words))), [(a, c, text) for a, _, c, _, text in boxes], boxes)


def _turned(line: Line, width: float) -> Line:
    """A landscape page's line as it lies on the sheet: the page is printed turned a quarter
    clockwise, the table's head on the 订口 (8), so its x runs up the sheet and its y across.
    Its reading order is kept: the table's text stays in the order it is read."""
    boxes = [(y0, width - x1, y1, width - x0, text) for x0, y0, x1, y1, text in line.boxes]
    return Line(line.y0, width - line.x1, line.y1, width - line.x0, line.text, [(x0, x1, text) for x0, _, x1, _, text in boxes], boxes)


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
# Lower boxes are of a smaller size: the 4号 版记 (a line box is 1.3 em: 20.8 pt at 3号, 18.2 pt
# at 4号, measured), which starts one character in and must not move the measured edge.
SMALLER_LINE_HEIGHT = 1.2 * LAY.body_size_pt


def text_left_edge(pages: list[Page]) -> float:
    """Where running text starts on the page, measured: the median start of long lines of body
    size — not of the title (2号, wider than body lines) nor of the 版头, which on a short
    document would outnumber them."""
    long_body = [
        line for page in pages for line in page.body
        if SMALLER_LINE_HEIGHT < line.y1 - line.y0 <= BODY_LINE_HEIGHT and line.width >= 0.6 * (RIGHT - LEFT)
    ]
    starts = [line.x0 for line in long_body]
    # A paragraph's first line starts two characters in: with few lines (a short 命令) those
    # would pull the median in, so a start two characters right of another one is left out.
    tol = TOL.text_edge_mm * MM
    edges = [start for start in starts if not any(abs(start - other - INDENT) <= tol for other in starts)]
    return statistics.median(edges or starts) if starts else LEFT


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
    expected_y = BOTTOM + LAY.page_number_drop_mm * MM  # 7.5
    for page in pages:
        numbers = [line for line in page.lines if _PAGE_NUMBER.match(line.text.replace(" ", ""))]
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
    marks = [line for line in last.body if _is_end_matter_line(line)]
    if not marks:
        return [finding("RENDER-END-MATTER", f"第 {last.number} 页", "版记在最后一页", "最后一页没有版记")]
    # From the first 版记 line down: a wrapped 抄送's second line is the 版记's last in a 信函.
    top = min(line.y0 for line in marks)
    lines = [line for line in last.body if line.y0 >= top - 1]
    bottom = max(line.y1 for line in lines)
    if bottom < BOTTOM - TOL.end_matter_mm * MM or bottom > BOTTOM + MM:
        return [finding("RENDER-END-MATTER", f"第 {last.number} 页", "末条分隔线与版心下边缘重合", f"版记末行距版心下边缘 {_mm(BOTTOM - bottom):.1f} mm", lines[-1].text[:16])]
    return []


def _is_end_matter_line(line: Line) -> bool:
    return line.text.replace(" ", "").endswith("印发") or line.text.startswith(("抄送", "主送：", "分送："))


def end_matter_page(pages: list[Page]) -> Page | None:
    """The page whose foot holds the 版记 (抄送, 印发; a 信函's 版记 is the 抄送 alone)."""
    return next((page for page in reversed(pages) if any(_is_end_matter_line(line) for line in page.body)), None)


def has_body_text(page: Page) -> bool:
    """Whether anything stands above the 版记 (the 印发 line's office may be a line of its own
    in pdftotext's reading, at the same height)."""
    top = min((line.y0 for line in page.body if _is_end_matter_line(line)), default=page.height)
    return any(line.y1 < top - 1 for line in page.body)


def check_end_matter_page(pages: list[Page], expected: bool) -> list[Finding]:
    """7.4: the 版记 on the last even page; 7.5: a blank page before it and the 版记 page
    itself, when it holds nothing else, carry no page number."""
    page = end_matter_page(pages) if expected else None
    if page is None:
        return []
    findings = []
    if page.number % 2 == 1:
        findings.append(finding("RENDER-END-MATTER-PAGE", f"第 {page.number} 页", "版记在偶数页（双面印刷的最后一面）", f"在第 {page.number} 页（奇数页）"))
    alone = [page] if not has_body_text(page) else []
    before = pages[page.number - 2] if page.number >= 2 else None
    if alone and before is not None and not before.body:
        alone.insert(0, before)
    for unnumbered in alone:
        number = next((line.text for line in unnumbered.footer if _PAGE_NUMBER.match(line.text.replace(" ", ""))), None)
        if number:
            what = "版记页" if unnumbered is page else "版记前的空白页"
            findings.append(finding("RENDER-END-MATTER-PAGE", f"第 {unnumbered.number} 页", f"{what}不编排页码", f"有页码「{number}」"))
    return findings


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


# 7.2.1-7.2.3: what the lines at the top left say.
ORGAN_MIN_CHARS = 4  # an organ's name (省财政厅) is longer than a person's (毛伟明)
_COPY_NUMBER = re.compile(r"^\d{6}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(★\S+)?$")
_URGENCY = re.compile(r"^(特提|特急|加急|平急)$")


def _top_mark_kind(text: str) -> int | None:
    """0 份号, 1 密级, 2 紧急程度, None for other text."""
    for order, pattern in enumerate((_COPY_NUMBER, _SECRECY, _URGENCY)):
        if pattern.match(text):
            return order
    return None


def letter_rules(picture: RedPicture) -> tuple[list, list] | None:
    """The 信函格式's two double lines (above and below the 版心), or None for another format."""
    # Double lines wider than the 版心, one below its top edge and one below its bottom: a red
    # rule of a header or footer (common in Word templates) is single and as wide as the 版心.
    grouped = [rule for rule in rules(picture.bands) if len(rule) >= 2 and _rule_length(rule) > LAY.text_width_mm + 5]
    below = [rule for rule in grouped if rule[0].top > _mm(BOTTOM) + 1]
    above = [rule for rule in grouped if _mm(TOP) < rule[0].top < _mm(TOP) + 20]
    return (above[0], below[-1]) if below and above else None


def _rule_length(rule: list) -> float:
    return max(band.right for band in rule) - min(band.left for band in rule)


def check_letter(pages: list[Page], picture: RedPicture, found: tuple[list, list] | None) -> list[Finding]:
    """10.1: the 标志 30 mm from the top edge, the double lines 4 mm under it and 20 mm above the
    bottom edge, 170 mm long, thick above thin at the top and the reverse at the foot; no
    page number on the first page. ``found``: the letter's two rules (``letter_rules``)."""
    if found is None:
        return []
    top, bottom = found
    findings = []

    def report(what: str, expected: str, actual: str) -> None:
        findings.append(finding("RENDER-LETTER", "第 1 页", expected, actual, what))

    tol = TOL.page_mm * 1.5
    glyphs = picture.marks_above(top[0].top)
    if glyphs and abs(min(glyphs) - LAY.letter_mark_top_mm) > tol:
        report("发文机关标志", f"上边缘距纸张上边缘 {LAY.letter_mark_top_mm:g} mm", f"{min(glyphs):.1f} mm")
    if glyphs and abs(top[0].top - max(glyphs) - LAY.letter_rule_gap_mm) > tol:
        report("标志下的红色双线", f"在标志下 {LAY.letter_rule_gap_mm:g} mm", f"{top[0].top - max(glyphs):.1f} mm")
    distance = _mm(pages[0].height) - (bottom[0].top + bottom[-1].bottom) / 2 if pages else 0
    if abs(distance - LAY.letter_bottom_rule_mm) > tol:
        report("页面下方的红色双线", f"距下页边 {LAY.letter_bottom_rule_mm:g} mm", f"{distance:.1f} mm")
    for name, rule in (("标志下的红色双线", top), ("页面下方的红色双线", bottom)):
        length = _rule_length(rule)
        if abs(length - LAY.letter_rule_length_mm) > 2 * tol:
            report(name, f"长 {LAY.letter_rule_length_mm:g} mm", f"{length:.1f} mm")
    if len(top) >= 2 and top[0].thickness < top[-1].thickness:
        report("标志下的红色双线", "上粗下细", "上细下粗")
    if len(bottom) >= 2 and bottom[0].thickness > bottom[-1].thickness:
        report("页面下方的红色双线", "上细下粗", "上粗下细")
    if pages and any(_PAGE_NUMBER.match(line.text.replace(" ", "")) for line in pages[0].footer):
        report("页码", "首页不显示页码", "首页有页码")
    return findings


def check_top_marks(pages: list[Page], left: float, letter: tuple[list, list] | None) -> list[Finding]:
    """7.2.1-7.2.3: 份号, 密级, 紧急程度 flush left, in that order, one a line; from the 版心's
    first line (文件式) or just under the 信函's double line (10.1)."""
    if not pages:
        return []
    pitch = LAY.line_pitch_pt
    start = letter[0][-1].bottom * MM + LAY.body_size_pt * LAY.letter_below_rule_factor if letter else TOP
    # The leading lines of the page (below the 信函's line), each opening with a mark; the
    # first line that is not one ends them (a six-digit figure in a table is no 份号).
    marks = []
    for line in (line for line in pages[0].body if line.y1 > start - pitch / 2):
        kind = _top_mark_kind(line.words[0][2] if line.words else line.text.replace(" ", ""))
        if kind is None:
            break
        marks.append((line, kind))
    if not marks:
        return []
    findings = []
    for index, (line, kind) in enumerate(marks):
        where = f"第 1 页：{line.words[0][2] if line.words else line.text}"
        if abs(line.x0 - left) > TOL.text_edge_mm * MM:
            findings.append(finding("RENDER-TOP-MARKS", where, "顶格（距版心左边缘 0 mm）", f"{_mm(line.x0 - left):.1f} mm", line.text[:16]))
        if index and kind <= marks[index - 1][1]:
            findings.append(finding("RENDER-TOP-MARKS", where, "份号、密级和保密期限、紧急程度自上而下", "顺序不对", line.text[:16]))
        if abs(line.y0 - (start + index * pitch)) > pitch / 2 + (pitch / 2 if letter else 0):
            findings.append(finding("RENDER-TOP-MARKS", where, f"第 {index + 1} 行", f"距版心上边缘 {_mm(line.y0 - TOP):.1f} mm", line.text[:16]))
    return findings


def check_issuer_mark(pages: list[Page], picture: RedPicture | None, letter: tuple[list, list] | None) -> list[Finding]:
    """7.2.4 / 10.3: the 标志's top 35 mm below the 版心's top; 10.2 命令: 20 mm (a 信函's is
    check_letter's)."""
    if picture is None or not pages or letter is not None:
        return []
    glyphs = picture.marks_above(_mm(TOP) + 80)
    if not glyphs:
        return []
    top = min(glyphs)
    line = next((line for line in pages[0].body if _mm(line.y0) - 2 <= top <= _mm(line.y1)), None)
    order = line is not None and line.text.replace(" ", "").endswith("令")
    expected = LAY.order_mark_offset_mm if order else LAY.issuer_mark_offset_mm
    if abs(top - _mm(TOP) - expected) > TOL.page_mm * 1.5:
        return [finding("RENDER-ISSUER-MARK", "第 1 页", f"上边缘距版心上边缘 {expected:g} mm", f"{top - _mm(TOP):.1f} mm", line.text[:16] if line else "")]
    return []


def check_seal_rows(pages: list[Page], left: float) -> list[Finding]:
    """7.3.5.1 联合行文 with seals: rows of 署名 above the date, each seal (42 mm, centred on its
    署名) inside the 版心 and clear of the others; the first row's top within a line of the body."""
    radius = LAY.seal_diameter_mm * MM / 2
    right = left + (RIGHT - LEFT)
    for page in pages:
        # The 成文日期 under seals: alone on its line, four characters from the right (7.3.5.1);
        # a date in a table's last column ends near the edge.
        four = LAY.dated_right_chars_sealed * (LAY.body_size_pt + LAY.body_char_spacing_pt)
        dates = [
            index for index, line in enumerate(page.body)
            if _DATE_LINE.match(line.text.replace(" ", "")) and abs(right - four - line.x1) <= LAY.body_size_pt * 1.5
        ]
        if not dates:
            continue
        date_index = dates[-1]
        body = [index for index, line in enumerate(page.body[:date_index]) if is_body_line(line, left)]
        rows = [line for line in page.body[(body[-1] + 1 if body else 0) : date_index] if len(line.words) >= 1]
        names = [(line, word) for line in rows for word in line.words]
        by_row: dict[int, list] = {}
        for line, word in names:
            by_row.setdefault(round(line.y0), []).append((line, word))
        if not any(len(row) >= 2 and all(len(word[2]) >= ORGAN_MIN_CHARS for _, word in row) for row in by_row.values()):
            continue  # one 署名 a line (a single organ, or joint without seals), or a 命令's 职务 and name
        return _seal_findings(page, by_row, page.body[body[-1]] if body else None, left, right, radius)
    return []


def _seal_findings(page: Page, by_row: dict, last_body: Line | None, left: float, right: float, radius: float) -> list[Finding]:
    findings, tol = [], TOL.text_edge_mm * MM
    where = f"第 {page.number} 页"
    centres_y = []
    for y, row in sorted(by_row.items()):
        row.sort(key=lambda item: item[1][0])
        centres = [(word[0] + word[1]) / 2 for _, word in row]
        centres_y.append((row[0][0].y0 + row[0][0].y1) / 2)
        for (line, word), centre in zip(row, centres):
            if centre - radius < left - tol or centre + radius > right + tol:
                findings.append(finding("RENDER-SEAL-ROWS", where, "印章不出版心", f"「{word[2]}」的印章超出版心 {_mm(max(left - (centre - radius), centre + radius - right)):.1f} mm", word[2]))
        for first, second in zip(centres, centres[1:]):
            if second - first < 2 * radius - tol:
                findings.append(finding("RENDER-SEAL-ROWS", where, "同排印章互不相交", f"两个署名中心相距 {_mm(second - first):.1f} mm，小于印章直径", row[0][1][2]))
    for upper, lower in zip(centres_y, centres_y[1:]):
        if lower - upper < 2 * radius - tol:
            findings.append(finding("RENDER-SEAL-ROWS", where, "上下两排印章互不相交", f"两排署名相距 {_mm(lower - upper):.1f} mm，小于印章直径"))
    if last_body is not None and centres_y and centres_y[0] - radius - last_body.y1 > LAY.line_pitch_pt + tol:
        findings.append(finding("RENDER-SEAL-ROWS", where, "首排印章顶端距正文一行之内", f"距正文 {_mm(centres_y[0] - radius - last_body.y1):.1f} mm"))
    return findings


def measure_pdf(pdf: Path, requested_fonts: set[str], has_end_matter: bool, text: str | None = None) -> Measurement:
    """The measured findings of one rendering; ``text`` (the document's own text) is compared
    with what was printed when given."""
    pages = read_pages(pdf)
    embedded = embedded_fonts(pdf)
    uses = font_substitutions(requested_fonts)
    left = text_left_edge(pages)
    picture = red_picture(pdf, 1) if pages else None
    letter = letter_rules(picture) if picture is not None else None
    findings = (
        check_page_size(pages)
        + check_margins(pages, left)
        + check_lines(pages)
        + check_page_numbers(pages, left)
        + check_first_page(pages, left)
        + check_signature_page(pages, left)
        + check_end_matter(pages, has_end_matter)
        + check_end_matter_page(pages, has_end_matter)
        + (check_letter(pages, picture, letter) if picture is not None else [])
        + check_top_marks(pages, left, letter)
        + check_issuer_mark(pages, picture, letter)
        + check_seal_rows(pages, left)
        + check_fonts(uses, embedded)
        + (check_every_character_printed(pages, text) if text is not None else [])
    )
    return Measurement(pages, findings, uses, embedded)
