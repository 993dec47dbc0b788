"""Check any .docx against GB/T 9704-2012 (and GB/T 15834/15835 text rules): a list of findings.

The rules read what ``docxread`` extracts (effective fonts, sizes, spacing, page setup,
footers), classify paragraphs by what they look like (title, 主送, headings, body, date),
and report each departure with its rule id, clause, place, expected and actual values.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Protocol

from ..document.number import ORDINAL, HeadingMark, expected_mark, read_mark
from ..document.standard import DEFAULT_STYLE, MM_PER_INCH, TOLERANCES, TWIPS_PER_PT, font_family
from ..document.title import line_capacity, text_width
from ..docx.read import DocxFacts, ParagraphInfo, read_docx
from .patterns import ATTACHMENT_LABEL, ATTACHMENT_NOTE, DATE_LINE, doc_number_match
from .text import PHONE, TEXT_RULES

ERROR, WARNING = "error", "warning"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    severity: str
    title: str


# Every general rule the checker knows (the rules of one kind of document are check/kinds.py's KIND_RULES);
# docs/check.md lists them all (a test keeps the two in step).
RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule("PAGE-SIZE", "GB/T 9704 5.1", ERROR, "纸张为 A4（210 mm × 297 mm）"),
        Rule("PAGE-MARGIN-TOP", "GB/T 9704 5.2.1", ERROR, "天头（上白边）37 mm ± 1 mm"),
        Rule("PAGE-MARGIN-LEFT", "GB/T 9704 5.2.1", ERROR, "订口（左白边）28 mm ± 1 mm"),
        Rule("PAGE-TEXT-AREA", "GB/T 9704 5.2.1", ERROR, "版心 156 mm × 225 mm"),
        Rule("BODY-FONT", "GB/T 9704 5.2.2", ERROR, "正文用仿宋体"),
        Rule("BODY-SIZE", "GB/T 9704 5.2.2", ERROR, "正文用 3 号字（16 磅）"),
        Rule("BODY-LINES", "GB/T 9704 5.2.3", ERROR, "每页 22 行（行距使版心排满 22 行）"),
        Rule("BODY-INDENT", "GB/T 9704 7.3.3", ERROR, "每个自然段左空二字"),
        Rule("TITLE-FONT", "GB/T 9704 7.3.1", ERROR, "标题用小标宋体"),
        Rule("TITLE-SIZE", "GB/T 9704 7.3.1", ERROR, "标题用 2 号字（22 磅）"),
        Rule("TITLE-ALIGN", "GB/T 9704 7.3.1", ERROR, "标题居中排布"),
        Rule("TITLE-WRAP", "GB/T 9704 7.3.1", WARNING, "标题每行不超出版心，由作者在词与词之间回行，而不是自动折行"),
        Rule("TITLE-ORPHAN", "GB/T 9704 7.3.1", ERROR, "标题各行长短相宜，排成梯形或菱形，不留一两个字的孤行"),
        Rule("TITLE-PUNCTUATION", "GB/T 9704 7.3.1", ERROR, "标题末尾不加标点（书名号、括号等除外）"),
        Rule("HEADING-FONT", "GB/T 9704 7.3.3", ERROR, "结构层次序数的字体：一、黑体，（一）楷体，1. 与（1）仿宋"),
        Rule("HEADING-MARK", "GB/T 9704 7.3.3", ERROR, "序数写法：一、（一）1.（1），括号为全角，第三层用“.”"),
        Rule("HEADING-SEQUENCE", "GB/T 9704 7.3.3", ERROR, "同一层次的序数连续，不跳号、不重号"),
        Rule("HEADING-DOUBLED", "GB/T 9704 7.3.3", ERROR, "序数只写一次，不出现“一、一、”“（一）1.”这样的双重序数"),
        Rule("FOOTER-PAGE-NUMBER", "GB/T 9704 7.5", ERROR, "页脚有页码域"),
        Rule("FOOTER-DASHES", "GB/T 9704 7.5", ERROR, "页码两边各有一条一字线：— 1 —"),
        Rule("FOOTER-SIDES", "GB/T 9704 7.5", ERROR, "单页码居右、双页码居左（奇偶页不同）"),
        Rule("FOOTER-FONT", "GB/T 9704 7.5", WARNING, "页码用 4 号半角宋体阿拉伯数字"),
        Rule("DOC-NUMBER", "GB/T 9704 7.2.5", ERROR, "发文字号年份用六角括号〔〕，序号不编虚位、不加“第”"),
        Rule("DATE-FORMAT", "GB/T 9704 7.3.5 / GB/T 15835", ERROR, "成文日期用阿拉伯数字，年份写全，月日不编虚位"),
        Rule("ADDRESSEE-COLON", "GB/T 9704 7.3.2", ERROR, "主送机关末尾用全角冒号“：”"),
        Rule("TEXT-PLACEHOLDER", "—", ERROR, "没有残留的占位符（XX、××、x、*、{{ }}）"),
        Rule("TEXT-ASCII-PUNCTUATION", "GB/T 15834", ERROR, "汉字之间用全角标点，不用半角 , : ; ? ! ( )"),
        Rule("TEXT-RANGE-DASH", "GB/T 15835 / GB/T 15834", ERROR, "时间、数值范围用一字线“—”或浪纹线“～”，不用“-”"),
        Rule("TEXT-SIGNED-CHANGE", "GB/T 15835", ERROR, "增减用文字表示方向，不写“增长-2.1%”"),
        Rule("TEXT-PERCENTAGE-POINT", "GB/T 15835", WARNING, "比率之间的增减用“百分点”，不用“%”"),
        Rule("TEXT-ELLIPSIS", "GB/T 15834 4.11", ERROR, "省略号为六个点“……”，不写“...”“。。。”或单个“…”"),
        Rule("TEXT-FULLWIDTH-DIGIT", "GB/T 15835 5.1", ERROR, "阿拉伯数字用半角，不用全角“２０２４”"),
        Rule("TEXT-DATE-HAO", "GB/T 15835 / GB/T 9704 7.3.5", ERROR, "日期写“日”，不写“6月5号”"),
        Rule("TEXT-RANGE-UNIT", "GB/T 15835 5.1", ERROR, "数值范围两端都带百分号：15%～30%，不写“15～30%”"),
        Rule("TEXT-DENG-AFTER-DUN", "GB/T 15834 4.5", ERROR, "“等”前不加顿号：不写“、等”"),
        Rule("TEXT-UNPAIRED", "GB/T 15834 4.8 / 4.9 / 4.15", ERROR, "引号、括号、书名号成对使用"),
        Rule("ATTACHMENT-NAME-PUNCTUATION", "GB/T 9704 7.3.4", ERROR, "附件名称后不加标点符号"),
        Rule("TEXT-QITA", "规范用词", WARNING, "用“其他”，不用“其它”"),
        Rule("THEME-FONT", "—", WARNING, "不用主题字体（Word 中主题字体优先于字体名，WPS 会提示缺字体）"),
        # Measured on the PDF that LibreOffice lays out (briefgen check --render).
        Rule("RENDER-PAGE-SIZE", "GB/T 9704 5.1", ERROR, "实测：每页为 A4"),
        Rule("RENDER-LEFT-MARGIN", "GB/T 9704 5.2.1", ERROR, "实测：正文左边缘距纸边 28 mm"),
        Rule("RENDER-TEXT-WIDTH", "GB/T 9704 5.2.1", ERROR, "实测：文字不超出 156 mm 宽的版心"),
        Rule("RENDER-LINE-PITCH", "GB/T 9704 5.2.3", ERROR, "实测：行距 28.95 磅（225 mm 排 22 行）"),
        Rule("RENDER-LINES", "GB/T 9704 5.2.3", ERROR, "实测：排满正文的页面为 22 行"),
        Rule("RENDER-PAGE-NUMBER", "GB/T 9704 7.5", ERROR, "实测：页码一字线在版心下边缘之下 7 mm，单页居右空一字，双页居左空一字"),
        Rule("RENDER-FIRST-PAGE", "GB/T 9704 7.3.3", ERROR, "实测：首页显示正文"),
        Rule("RENDER-SIGNATURE-PAGE", "GB/T 9704 7.3.5", ERROR, "实测：署名和成文日期所在页有正文"),
        Rule("RENDER-END-MATTER", "GB/T 9704 7.4", ERROR, "实测：版记在最后一页版心的底部"),
        Rule("RENDER-FONT-SUBSTITUTED", "GB/T 9704 5.2.2", WARNING, "实测：排版时使用的字体（被替换的字体逐一列出）"),
        Rule("RENDER-TEXT-COMPLETE", "GB/T 9704 5.2.3", ERROR, "实测：文档中的每个字符都排印出来，没有漏印的标点或文字"),
        Rule("RENDER-TOP-MARKS", "GB/T 9704 7.2.1-7.2.3", ERROR, "实测：份号、密级和保密期限、紧急程度顶格排在版心左上角，按此顺序自上而下分行"),
        Rule("RENDER-ISSUER-MARK", "GB/T 9704 7.2.4、10.2、10.3", ERROR, "实测：发文机关标志上边缘距版心上边缘 35 mm（命令格式 20 mm）"),
        Rule("RENDER-LETTER", "GB/T 9704 10.1", ERROR, "实测：信函格式的标志上边缘距纸张上边缘 30 mm，其下 4 mm 为上粗下细的红色双线，距下页边 20 mm 为上细下粗的红色双线，线长 170 mm，首页不显示页码"),
        Rule("RENDER-SEAL-ROWS", "GB/T 9704 7.3.5.1", ERROR, "实测：联合行文的印章（按 42 mm 计）互不相交、不出版心，首排印章顶端距正文一行之内"),
        Rule("RENDER-END-MATTER-PAGE", "GB/T 9704 7.4、7.5", ERROR, "实测：版记在最后一个偶数页；版记前的空白页和版记页不编排页码"),
    ]
}


@dataclass
class Finding:
    rule: str
    clause: str
    severity: str
    where: str
    excerpt: str
    expected: str
    actual: str
    count: int = 1  # places with the same finding; ``where`` is the first

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def place(self) -> str:
        """Where, as the report shows it: the first place, and how many there are."""
        return f"{self.where}等 {self.count} 处" if self.count > 1 else self.where


def finding(rule_id: str, where: str, expected: str, actual: str, excerpt: str = "") -> Finding:
    rule = RULES[rule_id]
    return Finding(rule.id, rule.clause, rule.severity, where, excerpt, expected, actual)


# -- classification ----------------------------------------------------------------------

_LEVEL_FAMILY = {level: font_family(DEFAULT_STYLE.fonts.for_heading(level)) for level in range(1, 5)}
BODY_MIN_CHARS = 12  # shorter paragraphs (signatures, dates, labels) are not judged as prose


def excerpt(text: str, length: int = 16) -> str:
    text = text.strip().replace("\n", " ")
    return text if len(text) <= length else text[:length] + "…"


def where(paragraph: ParagraphInfo) -> str:
    return f"第 {paragraph.index} 段"


@dataclass
class Roles:
    """Which paragraphs play which part, as far as their look tells."""

    title: list[ParagraphInfo]
    doc_number: ParagraphInfo | None
    addressee: ParagraphInfo | None
    headings: list[tuple[ParagraphInfo, HeadingMark]]
    attachment_labels: list[ParagraphInfo]
    dates: list[ParagraphInfo]
    body: list[ParagraphInfo]
    attachment_notes: list[ParagraphInfo] = field(default_factory=list)  # 附件说明 and the names under it
    notes: list[ParagraphInfo] = field(default_factory=list)  # 附注 "（联系人：…）" below the date (7.3.6)


# Lines that are never prose: 纪要's attendance (10.3), and rows of 署名 set by tabs (7.3.5.1).
_ATTENDANCE = re.compile(r"^(出席|请假|列席)[：:]")


def _is_furniture(text: str) -> bool:
    return bool(_ATTENDANCE.match(text)) or ("\t" in text and not re.search(r"[。，；：！？]", text))


def flowing_paragraphs(document: list[ParagraphInfo]) -> list[ParagraphInfo]:
    """The paragraphs that carry text in the flow (no tables, frames or table of contents)."""
    return [p for p in document if p.text.strip() and not p.in_table and not p.in_frame and not p.in_toc]


def classify(paragraphs: list[ParagraphInfo]) -> Roles:
    flowing = flowing_paragraphs(paragraphs)
    head = flowing[:12]
    doc_number = next((p for p in head if doc_number_match(p.text)), None)
    title = _title(head, doc_number)
    after_title = flowing[flowing.index(title[-1]) + 1 :] if title else flowing
    addressee = _addressee(after_title, titled=bool(title))
    headings, labels, dates, body, notes, remarks = [], [], [], [], [], []
    in_attachment_note = False
    for paragraph in flowing:
        text = paragraph.text.strip()
        if paragraph in title or paragraph is doc_number or paragraph is addressee:
            continue
        # 附件说明 "附件：1.××" and the names aligned under it are neither body nor headings.
        if ATTACHMENT_NOTE.match(text) or (in_attachment_note and paragraph.left_twips > 0 and re.match(r"^\d+[.．]", text)):
            in_attachment_note = True
            notes.append(paragraph)
            continue
        # 附注 below the date: in parentheses, two characters in by first-line or left indent.
        if dates and text.startswith("（") and text.endswith("）"):
            remarks.append(paragraph)
            continue
        in_attachment_note = False
        if _is_furniture(text):
            continue
        if ATTACHMENT_LABEL.match(text):
            labels.append(paragraph)
            continue
        mark = read_mark(text)
        if mark is not None and paragraph.alignment != "center":
            headings.append((paragraph, mark))
        elif DATE_LINE.match(text):
            dates.append(paragraph)
        elif len(text) >= BODY_MIN_CHARS and paragraph.alignment not in ("center", "right") and not _is_red(paragraph):
            body.append(paragraph)
    return Roles(title, doc_number, addressee, headings, labels, dates, body, notes, remarks)


def _is_red(paragraph: ParagraphInfo) -> bool:
    return any(run.color in ("FF0000", "C00000", "E60012") for run in paragraph.runs if run.text.strip())


def _addressee(after_title: list[ParagraphInfo], titled: bool = True) -> ParagraphInfo | None:
    """主送: the first paragraph after the title when short, flush left and not a sentence. In a
    draft whose title was not found (an unformatted one: not centred, body size), that first
    paragraph is its title far more often than a 主送 that lost its colon: only a colon makes it one."""
    if not after_title:
        return None
    first = after_title[0]
    text = first.text.strip()
    if len(text) > 60 or read_mark(text) or _indent_chars(first) > 0.5 or text[-1] in "。！？；" or _is_red(first) or first.alignment == "center":
        return None
    if not titled and text[-1] not in "：:":
        return None
    return first


def _title(head: list[ParagraphInfo], doc_number: ParagraphInfo | None) -> list[ParagraphInfo]:
    """Consecutive centred, large paragraphs near the top that are not the red 版头."""
    start = head.index(doc_number) + 1 if doc_number in head else 0
    candidates = head[start:]
    for position, paragraph in enumerate(candidates):
        if paragraph.alignment == "center" and (paragraph.size_pt or 0) >= 18 and not _is_red(paragraph):
            lines = [paragraph]
            for following in candidates[position + 1 :]:
                if following.alignment == "center" and following.size_pt == paragraph.size_pt:
                    lines.append(following)
                else:
                    break
            return lines
    return []


# -- the rules -----------------------------------------------------------------------------


def _mm(twips: int | None) -> float | None:
    return None if twips is None else twips / TWIPS_PER_PT / 72 * MM_PER_INCH


def check_page(facts: DocxFacts) -> Iterable[Finding]:
    lay, tol, page = DEFAULT_STYLE.layout, TOLERANCES, facts.page
    width, height, top, left = _mm(page.width), _mm(page.height), _mm(page.top), _mm(page.left)
    if width is None or height is None:
        yield finding("PAGE-SIZE", "页面设置", "210 mm × 297 mm", "未设置")
        return
    if abs(width - lay.page_width_mm) > tol.page_mm or abs(height - lay.page_height_mm) > tol.page_mm:
        yield finding("PAGE-SIZE", "页面设置", "210 mm × 297 mm", f"{width:.1f} mm × {height:.1f} mm")
    if top is not None and abs(top - lay.margin_top_mm) > tol.page_mm:
        yield finding("PAGE-MARGIN-TOP", "页面设置", f"{lay.margin_top_mm:g} mm", f"{top:.1f} mm")
    if left is not None and abs(left - lay.margin_left_mm) > tol.page_mm:
        yield finding("PAGE-MARGIN-LEFT", "页面设置", f"{lay.margin_left_mm:g} mm", f"{left:.1f} mm")
    if None not in (page.right, page.bottom, top, left):
        text_width = width - left - _mm(page.right)
        text_height = height - top - _mm(page.bottom)
        if abs(text_width - lay.text_width_mm) > tol.page_mm or abs(text_height - lay.text_height_mm) > tol.page_mm:
            yield finding(
                "PAGE-TEXT-AREA", "页面设置",
                f"{lay.text_width_mm:g} mm × {lay.text_height_mm:g} mm", f"{text_width:.1f} mm × {text_height:.1f} mm",
            )


def _family_finding(rule_id: str, paragraph: ParagraphInfo, font: str, expected_family: str) -> Finding | None:
    if font and font_family(font) == expected_family:
        return None
    return finding(rule_id, where(paragraph), f"{expected_family}体".replace("体体", "体"), font or "未指定", excerpt(paragraph.text))


def _grouped(findings: list[Finding]) -> Iterable[Finding]:
    """One finding per rule and actual value: the first place, and how many more."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for item in findings:
        groups.setdefault((item.rule, item.actual), []).append(item)
    for items in groups.values():
        first = items[0]
        first.count = sum(item.count for item in items)
        yield first


def _line_pitch_pt(paragraph: ParagraphInfo, facts: DocxFacts) -> float:
    size = paragraph.size_pt or DEFAULT_STYLE.layout.body_size_pt
    if paragraph.line_rule == "exact" and paragraph.line_value:
        return paragraph.line_value / TWIPS_PER_PT
    natural = size * 1.3 * ((paragraph.line_value or 240) / 240 if paragraph.line_rule == "auto" else 1)
    if paragraph.line_rule == "atLeast" and paragraph.line_value:
        natural = max(natural, paragraph.line_value / TWIPS_PER_PT)
    grid = (facts.page.grid_pitch or 0) / TWIPS_PER_PT if facts.page.grid_type in ("lines", "linesAndChars") else 0
    if grid:
        return grid * max(1, -(-natural // grid))
    return natural


def check_body(facts: DocxFacts, roles: Roles) -> Iterable[Finding]:
    lay, tol = DEFAULT_STYLE.layout, TOLERANCES
    body_family = font_family(DEFAULT_STYLE.fonts.body)
    text_height_pt = lay.text_height_mm / MM_PER_INCH * 72
    fonts, sizes, lines, indents = [], [], [], []
    for paragraph in roles.body:
        wrong = _family_finding("BODY-FONT", paragraph, paragraph.east_asia, body_family)
        if wrong:
            fonts.append(wrong)
        size = paragraph.size_pt
        if size is not None and abs(size - lay.body_size_pt) > tol.size_pt:
            sizes.append(finding("BODY-SIZE", where(paragraph), f"{lay.body_size_pt:g} 磅（3号）", f"{size:g} 磅", excerpt(paragraph.text)))
        pitch = _line_pitch_pt(paragraph, facts)
        per_page = int(text_height_pt // pitch) if pitch else 0
        if per_page != lay.lines_per_page:
            lines.append(finding("BODY-LINES", where(paragraph), f"每页 {lay.lines_per_page} 行（行距约 {lay.line_pitch_pt:.2f} 磅）", f"每页 {per_page} 行（行距 {pitch:.2f} 磅）", excerpt(paragraph.text)))
        chars = _indent_chars(paragraph)
        if abs(chars - lay.paragraph_indent_chars) > tol.indent_chars:
            indents.append(finding("BODY-INDENT", where(paragraph), f"首行缩进 {lay.paragraph_indent_chars} 字", f"{chars:.1f} 字", excerpt(paragraph.text)))
    for group in (fonts, sizes, lines, indents):
        yield from _grouped(group)


def _indent_chars(paragraph: ParagraphInfo) -> float:
    if paragraph.first_line_chars:
        return paragraph.first_line_chars / 100
    size = paragraph.size_pt or DEFAULT_STYLE.layout.body_size_pt
    return (paragraph.first_line_twips or 0) / (size * TWIPS_PER_PT)


def check_title(roles: Roles) -> Iterable[Finding]:
    lay = DEFAULT_STYLE.layout
    family = font_family(DEFAULT_STYLE.fonts.title)
    for paragraph in roles.title[:1]:
        wrong = _family_finding("TITLE-FONT", paragraph, paragraph.east_asia, family)
        if wrong:
            yield wrong
        if paragraph.size_pt is not None and abs(paragraph.size_pt - lay.title_size_pt) > TOLERANCES.size_pt:
            yield finding("TITLE-SIZE", where(paragraph), f"{lay.title_size_pt:g} 磅（2号）", f"{paragraph.size_pt:g} 磅", excerpt(paragraph.text))
        if paragraph.alignment != "center":
            yield finding("TITLE-ALIGN", where(paragraph), "居中", paragraph.alignment or "左对齐", excerpt(paragraph.text))
    yield from check_title_lines(roles.title)


TITLE_END_PUNCTUATION = "。，、；：！？,.;:!?"


def check_title_lines(title: list[ParagraphInfo]) -> Iterable[Finding]:
    """7.3.1: each line fits (the title does not wrap by itself), no orphan line, no
    punctuation at the end."""
    if not title:
        return
    lay = DEFAULT_STYLE.layout
    lines = [(paragraph, line) for paragraph in title for line in paragraph.text.split("\n") if line.strip()]
    for paragraph, line in lines:
        capacity = line_capacity(lay.text_width_pt, paragraph.size_pt or lay.title_size_pt)
        if text_width(line) > capacity:
            yield finding("TITLE-WRAP", where(paragraph), f"每行不超过 {capacity:g} 字，在词与词之间回行", f"一行 {text_width(line):g} 字，会自动折行", excerpt(line))
    widths = [text_width(line) for _, line in lines]
    if len(lines) > 1 and min(widths) < max(widths) / 3:
        paragraph, line = lines[widths.index(min(widths))]
        yield finding("TITLE-ORPHAN", where(paragraph), f"各行长短相宜（不短于最长一行的三分之一，约 {max(widths) / 3:.0f} 字）", f"「{line}」只有 {min(widths):g} 字", excerpt(line))
    paragraph, last = lines[-1]
    if last.rstrip()[-1:] in TITLE_END_PUNCTUATION:
        yield finding("TITLE-PUNCTUATION", where(paragraph), "标题末尾不加标点", f"末尾是“{last.rstrip()[-1]}”", excerpt(last))


def check_headings(roles: Roles) -> Iterable[Finding]:
    counts = [0] * 5
    label_positions = sorted({p.index for p in roles.attachment_labels})
    next_label = 0  # the first attachment label not yet passed
    fonts: list[Finding] = []
    for paragraph, mark in roles.headings:
        if next_label < len(label_positions) and label_positions[next_label] < paragraph.index:
            # an attachment starts: its headings are numbered anew
            next_label = bisect.bisect_right(label_positions, paragraph.index, next_label)
            counts = [0] * 5
        if not mark.correct:
            yield finding("HEADING-MARK", where(paragraph), expected_mark(mark), mark.mark, excerpt(paragraph.text))
        doubled = _second_mark(paragraph.text.strip()[len(mark.mark) :])
        if doubled:
            yield finding("HEADING-DOUBLED", where(paragraph), mark.mark, mark.mark + doubled, excerpt(paragraph.text))
        expected_number = counts[mark.level] + 1
        if mark.number != expected_number:
            yield finding("HEADING-SEQUENCE", where(paragraph), f"第 {mark.level} 层第 {expected_number} 个", f"第 {mark.number} 个（{mark.mark}）", excerpt(paragraph.text))
        counts[mark.level] = mark.number
        counts[mark.level + 1 :] = [0] * (4 - mark.level)
        wrong = _family_finding("HEADING-FONT", paragraph, paragraph.east_asia, _LEVEL_FAMILY[mark.level])
        if wrong:
            wrong.expected = f"第 {mark.level} 层：{wrong.expected}"
            fonts.append(wrong)
    yield from _grouped(fonts)


def _second_mark(rest: str) -> str:
    """A second heading mark right after the first ("一、一、工业…"), or ""."""
    again = read_mark(rest.lstrip())
    if again is not None:
        return again.mark
    ordinal = ORDINAL.match(rest.lstrip())
    return ordinal.group(0) if ordinal else ""


def check_footers(facts: DocxFacts) -> Iterable[Finding]:
    by_kind = {footer.kind: footer for footer in facts.footers}
    default = by_kind.get("default")
    if default is None or not default.has_page_field:
        yield finding("FOOTER-PAGE-NUMBER", "页脚", "页码域（PAGE）", "没有页码")
        return
    for footer in (f for f in (default, by_kind.get("even")) if f is not None):
        text = footer.text
        if not re.fullmatch(r"—\s*\d*\s*—", text):
            yield finding("FOOTER-DASHES", f"页脚（{'双页' if footer.kind == 'even' else '单页'}）", "— 1 —", text or "（空）")
        size = next((run.size_pt for run in footer.runs if run.text.strip()), None)
        font = next((run.east_asia or run.latin for run in footer.runs if run.text.strip()), "")
        if (size is not None and abs(size - DEFAULT_STYLE.layout.page_number_size_pt) > TOLERANCES.size_pt) or (font and font_family(font) != font_family(DEFAULT_STYLE.fonts.page_number)):
            yield finding("FOOTER-FONT", "页脚", "4号（14 磅）宋体", f"{size or '?'} 磅 {font or '未指定'}")
    even = by_kind.get("even")
    if not facts.even_and_odd or even is None:
        yield finding("FOOTER-SIDES", "页脚", "奇偶页不同：单页居右、双页居左", "奇偶页相同")
    elif default.alignment != "right" or even.alignment != "left":
        yield finding("FOOTER-SIDES", "页脚", "单页居右、双页居左", f"单页{_side(default.alignment)}、双页{_side(even.alignment)}")


def _side(alignment: str) -> str:
    return {"right": "居右", "left": "居左", "center": "居中", "both": "两端对齐"}.get(alignment, alignment or "居左")


def check_furniture(roles: Roles) -> Iterable[Finding]:
    if roles.doc_number is not None:
        text = roles.doc_number.text.strip()
        match = doc_number_match(text)
        wrong = match.group("open") != "〔" or match.group("close") != "〕" or match.group("di") or match.group("seq").startswith("0")
        if wrong:
            right = f"{match.group('prefix')}〔{match.group('year')}〕{int(match.group('seq'))}号"
            yield finding("DOC-NUMBER", where(roles.doc_number), right, match.group(0), excerpt(text))
    for paragraph in roles.dates:
        match = DATE_LINE.match(paragraph.text)
        year, month, day = match.group("y"), match.group("m"), match.group("d")
        if not (year.isdigit() and month.isdigit() and day.isdigit()):
            yield finding("DATE-FORMAT", where(paragraph), "阿拉伯数字，如 2024年1月5日", paragraph.text.strip(), excerpt(paragraph.text))
        elif month.startswith("0") or day.startswith("0"):
            right = f"{int(year)}年{int(month)}月{int(day)}日"
            yield finding("DATE-FORMAT", where(paragraph), right, paragraph.text.strip(), excerpt(paragraph.text))
    if roles.addressee is not None and not roles.addressee.text.rstrip().endswith("："):
        text = roles.addressee.text.strip()
        yield finding("ADDRESSEE-COLON", where(roles.addressee), text.rstrip(":") + "：", text, excerpt(text))


def check_text(paragraphs: list[ParagraphInfo]) -> Iterable[Finding]:
    for paragraph in paragraphs:
        text = paragraph.text
        mark = read_mark(text.strip())
        if mark is not None and not mark.correct:
            text = text.strip()[len(mark.mark) :]  # HEADING-MARK reports a wrong mark already
        text = PHONE.sub("", text)
        for rule in TEXT_RULES:
            for match in rule.pattern.finditer(text):
                start = max(match.start() - 6, 0)
                yield finding(rule.rule_id, where(paragraph), rule.expected(match), match.group(0), excerpt(text[start : match.end() + 6], 24))


PAIRS = (("“", "”"), ("‘", "’"), ("（", "）"), ("《", "》"), ("〔", "〕"), ("【", "】"))


def check_pairs(paragraphs: list[ParagraphInfo]) -> Iterable[Finding]:
    """Each paragraph's quotation marks and brackets come in pairs, opened before they close."""
    for paragraph in paragraphs:
        text = paragraph.text
        for opening, closing in PAIRS:
            depth, problem = 0, ""
            for char in text:
                if char == opening:
                    depth += 1
                elif char == closing:
                    depth -= 1
                    if depth < 0:
                        problem = f"“{closing}”前面没有“{opening}”"
                        break
            if not problem and depth > 0:
                problem = f"“{opening}”没有配对的“{closing}”"
            if problem:
                yield finding("TEXT-UNPAIRED", where(paragraph), f"“{opening}”与“{closing}”成对", problem, excerpt(text, 24))


def check_attachment_names(roles: Roles) -> Iterable[Finding]:
    """7.3.4: "附件：1.××××" and the names under it end without punctuation."""
    for paragraph in roles.attachment_notes:
        text = paragraph.text.rstrip()
        if text and text[-1] in "。，、；：！？.,;:!?":
            yield finding("ATTACHMENT-NAME-PUNCTUATION", where(paragraph), "附件名称后不加标点", f"末尾是“{text[-1]}”", excerpt(text, 24))


def check_theme_fonts(paragraphs: list[ParagraphInfo]) -> Iterable[Finding]:
    themed = [p for p in paragraphs if any(run.theme_font and run.text.strip() for run in p.runs)]
    if themed:
        first = themed[0]
        found = finding("THEME-FONT", where(first), "明确写出字体名", "主题字体", excerpt(first.text))
        found.count = len(themed)
        yield found


def documents(paragraphs: list[ParagraphInfo]) -> list[list[ParagraphInfo]]:
    """The documents a file holds: one, or — a combined volume (``batch --combined``) — one per
    section that begins with a title of its own. A section without one (a landscape table page)
    belongs to the document before it."""
    sections: dict[int, list[ParagraphInfo]] = {}
    for paragraph in paragraphs:
        sections.setdefault(paragraph.section, []).append(paragraph)
    found: list[list[ParagraphInfo]] = []
    for number in sorted(sections):
        part = sections[number]
        if found and not classify(part).title:
            found[-1] += part
        else:
            found.append(part)
    return found or [[]]


class DocumentKind(Protocol):
    """The rules of one kind of document (``check/kinds.py``): how it changes the roles the
    general rules see, and its own findings."""

    def adjust(self, roles: Roles, document: list[ParagraphInfo]) -> Roles: ...

    def findings(self, facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> list[Finding]: ...


def check_facts(facts: DocxFacts, kind: DocumentKind | None = None) -> list[Finding]:
    """The findings of the general rules and, with ``kind``, of that kind's rules, each document
    of the file on its own."""
    findings: list[Finding] = list(check_page(facts))
    for document in documents(facts.paragraphs):
        roles = classify(document)
        if kind is not None:
            roles = kind.adjust(roles, document)
        for group in (check_body(facts, roles), check_title(roles), check_headings(roles), check_furniture(roles), check_attachment_names(roles)):
            findings.extend(group)
        if kind is not None:
            findings.extend(kind.findings(facts, document, roles))
    read = [p for p in facts.paragraphs if not p.in_toc]
    for group in (check_footers(facts), check_text(read), check_pairs(read), check_theme_fonts(facts.paragraphs)):
        findings.extend(group)
    return merged(findings)


def merged(findings: list[Finding]) -> list[Finding]:
    """Each finding once: the same rule with the same 应为 and 实为 in several places (or in
    several documents of a volume) is one line with its first place and the count."""
    groups: dict[tuple[str, str, str], Finding] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for item in findings:
        if (item.rule, item.where, item.expected, item.actual) in seen:
            continue
        seen.add((item.rule, item.where, item.expected, item.actual))
        key = (item.rule, item.expected, item.actual)
        if key in groups:
            groups[key].count += item.count
        else:
            groups[key] = item
    return list(groups.values())


def check_docx(path: str | Path, kind: DocumentKind | None = None) -> list[Finding]:
    """Check a .docx file (with ``kind``'s rules too); raises ``DocxError`` when it cannot be read."""
    return check_facts(read_docx(path), kind)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(item.severity == ERROR for item in findings)


__all__ = ["RULES", "Finding", "check_docx", "check_facts", "has_errors"]
