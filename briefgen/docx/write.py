"""Write the document model as a GB/T 9704-2012 .docx.

Every part is written as XML text: the parts that do not change between documents (styles,
settings, page setup, page-number footers) once per style, compressed once and reused; each
document only adds its body and core properties. Building lxml elements one by one cost
more than everything else in a warm render (139,000 elements a second for a 112-cell table),
so nothing here builds a tree. Every number comes from ``standard.Style``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..document.columns import plan_columns
from ..document.model import XML_FORBIDDEN, Attachment, Block, Cell, Document, Heading, Metadata, PageBreak, Paragraph, Run, Table
from ..document.standard import DEFAULT_STYLE, TWIPS_PER_PT, Style, mm_to_pt, mm_to_twips, pt_to_twips
from ..document.title import line_capacity, split_title, text_width
from ..version import __version__

# Style ids written into styles.xml (names are what Word shows).
BODY, TITLE, ADDRESSEE, SIGNATURE = "Normal", "BriefgenTitle", "BriefgenAddressee", "BriefgenSignature"
ISSUER_MARK, DOC_NUMBER, ATTACHMENT_LABEL = "BriefgenIssuerMark", "BriefgenDocNumber", "BriefgenAttachmentLabel"
END_MATTER, TABLE_TEXT, TABLE_CAPTION, FOOTER = "BriefgenEndMatter", "BriefgenTableText", "BriefgenTableCaption", "Footer"
END_MATTER_PLAIN = "BriefgenEndMatterPlain"
HEADING_STYLE = "Heading{}"
TABLE_GRID = "TableGrid"

PAGE_NUMBER_DASH = "—"  # 7.5: 一字线 on each side of the number
ATTACHMENT_NOTE_LABEL = "附件："
COPY_TO_LABEL = "抄送："
ADDRESSEE_LABEL = "主送："
DISTRIBUTE_TO_LABEL = "分送："
PRINTED_SUFFIX = "印发"
FULL_WIDTH_COLON = "："

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# -- small XML builders (text in, XML text out) ---------------------------------------


def xml_escape(text: str) -> str:
    # Not xml.sax.saxutils: importing it pulls in urllib, http and email (~16 ms a process).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: object) -> str:
    return xml_escape(str(value)).replace('"', "&quot;")


def _empty(tag: str, attrs: dict[str, object] | None = None) -> str:
    """<w:tag w:name="value" …/>"""
    return f"<{tag}" + "".join(f' {name}="{_attribute(value)}"' for name, value in (attrs or {}).items()) + "/>"


def _val(tag: str, value: object) -> str:
    return _empty(tag, {"w:val": value})


@lru_cache(maxsize=64)
def _fonts(east_asia: str, latin: str) -> str:
    """rFonts naming both scripts explicitly, no theme fonts (see reference: fonts in OOXML)."""
    return _empty("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia, "w:cs": latin, "w:hint": "eastAsia"})


def _half_points(pt: float) -> int:
    return round(pt * 2)


def _size(pt: float) -> str:
    return f'<w:sz w:val="{_half_points(pt)}"/><w:szCs w:val="{_half_points(pt)}"/>'


@lru_cache(maxsize=256)
def _run_properties(
    east_asia: str | None = None,
    latin: str | None = None,
    size_pt: float | None = None,
    bold: bool = False,
) -> str:
    children = []
    if east_asia:
        children.append(_fonts(east_asia, latin or east_asia))
    if bold:
        children.append("<w:b/><w:bCs/>")
    if size_pt:
        children.append(_size(size_pt))
    return f"<w:rPr>{''.join(children)}</w:rPr>" if children else ""


def _text_run(text: str, properties: str = "") -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>'


# The schema's order of pPr children (CT_PPrBase); Word rejects others.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
]
_PPR_RANK = {name: rank for rank, name in enumerate(_PPR_ORDER)}
_TAG_NAME = re.compile(r"<w:(\w+)")
KEEP_NEXT = "<w:keepNext/>"
LINE_BREAK = "<w:r><w:br/></w:r>"
TABLE_CELL_MARGIN = 108  # twips, left and right (the TableNormal style's tblCellMar)
TABLE_CELL_SLACK = 60  # twips LibreOffice needs beyond the text and the margins, measured
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
OFF_GRID = '<w:snapToGrid w:val="0"/>'
MIN_BODY_LINES_WITH_END_MATTER = 4  # a 版记 taller than the page less these lines is not framed
JOINT_SUFFIX = "文件"
NO_BORDERS = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _wrap_names(label: str, names: str, capacity: int) -> list[str]:
    """"抄送：A，B，C。" in lines of at most ``capacity`` characters, broken after a "，" or "、"
    in the line's second half where there is one, wrapped lines indented to stand under the
    first name. One pass over the characters: data can be long."""
    indent = "\u3000" * len(label)
    lines: list[str] = []
    line, width, comma = label, text_width(label), -1
    for char in names:
        char_width = text_width(char)
        if width + char_width > capacity and len(line) > len(label):
            cut = comma + 1 if comma >= (len(line) + len(label)) // 2 else len(line)
            lines.append(line[:cut])
            line = indent + line[cut:]
            width, comma = text_width(line), -1
        line += char
        width += char_width
        if char in "，、":
            comma = len(line) - 1
    return lines + [line]


def _split_runs(runs: list[Run], breaks: list[int]) -> list[list[Run]]:
    """The runs cut at the character offsets ``breaks``, one list per line."""
    lines: list[list[Run]] = [[]]
    offset, cuts = 0, list(breaks)
    for run in runs:
        text = run.text
        while cuts and offset + len(text) > cuts[0]:
            head = cuts.pop(0) - offset
            if text[:head]:
                lines[-1].append(Run(text[:head], run.bold))
            lines.append([])
            offset += head
            text = text[head:]
        if text:
            lines[-1].append(Run(text, run.bold))
        offset += len(text)
    return lines


def _property_rank(xml: str) -> int:
    return _PPR_RANK[_TAG_NAME.match(xml).group(1)]


class _Paragraph:
    """A <w:p> whose properties can still change (``keep_together`` adds keepNext late)."""

    __slots__ = ("style", "runs", "properties")

    def __init__(self, style: str, runs: Iterable[str] = (), properties: Iterable[str | None] = ()):
        self.style = style
        self.runs = "".join(runs)
        self.properties = [xml for xml in properties if xml]

    def xml(self) -> str:
        # Properties in the schema's order; pStyle (rank 0) first.
        ordered = "".join(sorted(self.properties, key=_property_rank))
        return f'<w:p><w:pPr><w:pStyle w:val="{self.style}"/>{ordered}</w:pPr>{self.runs}</w:p>'


def _indent(left: int = 0, right: int = 0, first_line: int = 0, hanging: int = 0) -> str:
    if hanging:
        return f'<w:ind w:left="{left}" w:right="{right}" w:hanging="{hanging}" w:hangingChars="0"/>'
    return f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="{first_line}" w:firstLineChars="0"/>'


def _exact_spacing(line_twips: int, before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line_twips}" w:lineRule="exact"/>'


def _border(side: str, eighths: int, color: str = "000000", space_pt: int = 0) -> str:
    return _empty(f"w:{side}", {"w:val": "single", "w:sz": eighths, "w:space": space_pt, "w:color": color})


def _left_tabs(positions: list[int]) -> str:
    return "<w:tabs>" + "".join(f'<w:tab w:val="left" w:pos="{position}"/>' for position in positions) + "</w:tabs>"


def _right_tab(position: int) -> str:
    return f'<w:tabs><w:tab w:val="right" w:pos="{position}"/></w:tabs>'


def _tab_run(properties: str = "") -> str:
    return f"<w:r>{properties}<w:tab/></w:r>"


# -- the package parts built once per style --------------------------------------------


def _styles_xml(style: Style) -> str:
    f, lay = style.fonts, style.layout
    pitch = lay.line_pitch_twips
    spacing = pt_to_twips(lay.body_char_spacing_pt)
    indent = lay.chars(lay.paragraph_indent_chars)
    indent_chars = lay.paragraph_indent_chars * 100
    table_line = pt_to_twips(lay.table_size_pt * lay.table_line_factor)

    def fonts(east_asia: str, latin: str = f.latin) -> str:
        return _fonts(east_asia, latin)

    no_indent = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
    off_grid = '<w:snapToGrid w:val="0"/>'

    def paragraph_style(style_id: str, name: str, ppr: str, rpr: str, based_on: str = BODY, extra: str = "") -> str:
        return (
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based_on}"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>'
        )

    headings = "".join(
        f'<w:style w:type="paragraph" w:styleId="{HEADING_STYLE.format(level)}"><w:name w:val="heading {level}"/>'
        f'<w:basedOn w:val="{BODY}"/><w:next w:val="{BODY}"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f"<w:rPr>{fonts(f.for_heading(level))}</w:rPr></w:style>"
        for level in range(1, 5)
    )
    return (
        f'<w:styles xmlns:w="{W_NAMESPACE}">'
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts(f.body)}{_size(lay.body_size_pt)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
        f'<w:style w:type="paragraph" w:default="1" w:styleId="{BODY}"><w:name w:val="Normal"/><w:qFormat/>'
        # overflowPunct 1 is Word's default (a closing mark may hang past the edge); LibreOffice
        # reads it inverted, as "no hanging", and so prints every mark (a hanging one at the end
        # of a full justified line is dropped from its PDF: docs/design.md, measured).
        '<w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>'
        f'<w:ind w:firstLine="{indent}" w:firstLineChars="{indent_chars}"/><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{fonts(f.body)}<w:spacing w:val="{spacing}"/><w:kern w:val="0"/>'
        f"{_size(lay.body_size_pt)}</w:rPr></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        f"{headings}"
        # Off the grid, at the grid's pitch: on the grid, a 2号 line (taller than 28.95 pt with the
        # font's ascent and descent) takes two grid lines in LibreOffice.
        + paragraph_style(TITLE, "公文标题", f'{off_grid}{no_indent}<w:jc w:val="center"/>', fonts(f.title) + _size(lay.title_size_pt))
        + paragraph_style(ADDRESSEE, "主送机关", no_indent + '<w:jc w:val="left"/>', "")
        + paragraph_style(SIGNATURE, "署名和成文日期", no_indent + '<w:jc w:val="right"/>', "", extra="")
        + paragraph_style(
            ISSUER_MARK,
            "发文机关标志",
            off_grid + no_indent + '<w:jc w:val="center"/>',
            fonts(f.issuer_mark) + f'<w:color w:val="{lay.red}"/>',
        )
        + paragraph_style(DOC_NUMBER, "发文字号", no_indent + '<w:jc w:val="center"/>', "")
        + paragraph_style(ATTACHMENT_LABEL, "附件标识", no_indent + '<w:jc w:val="left"/>', fonts(f.attachment_label))
        + paragraph_style(
            END_MATTER,
            "版记",
            _end_matter_borders(lay)
            + off_grid
            + f'<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>',
            _size(lay.end_matter_size_pt),
        )
        + paragraph_style(END_MATTER_PLAIN, "版记（信函）", off_grid + f'<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>', _size(lay.end_matter_size_pt))
        + paragraph_style(
            TABLE_TEXT,
            "表格文字",
            off_grid
            + f'<w:spacing w:before="0" w:after="0" w:line="{table_line}" w:lineRule="exact"/>'
            + no_indent
            + '<w:jc w:val="center"/>',
            '<w:spacing w:val="0"/>' + _size(lay.table_size_pt),
        )
        + paragraph_style(TABLE_CAPTION, "表格标题", no_indent + '<w:jc w:val="center"/>', fonts(f.heading1))
        + f'<w:style w:type="paragraph" w:styleId="{FOOTER}"><w:name w:val="footer"/><w:basedOn w:val="{BODY}"/>'
        f'<w:pPr>{off_grid}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{no_indent}</w:pPr>'
        f'<w:rPr>{fonts(f.page_number, f.page_number)}<w:spacing w:val="0"/>{_size(lay.page_number_size_pt)}</w:rPr></w:style>'
        f'<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        f'<w:left w:w="{TABLE_CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="{TABLE_CELL_MARGIN}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        f'<w:style w:type="table" w:styleId="{TABLE_GRID}"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>'
        "</w:styles>"
    )


def _end_matter_borders(lay) -> str:
    """7.4.1 separator lines of the 版记: thick first and last, thin between.

    They live in the style, not on the paragraphs: LibreOffice 7.4 drops the frame of a
    paragraph with direct borders (measured), and identical borders on consecutive
    paragraphs form one group whose ``between`` line separates 抄送 from 印发.
    """
    rule = '<w:{side} w:val="single" w:sz="{size}" w:space="1" w:color="000000"/>'
    return (
        "<w:pBdr>"
        + rule.format(side="top", size=lay.end_rule_thick_eighths)
        + rule.format(side="bottom", size=lay.end_rule_thick_eighths)
        + rule.format(side="between", size=lay.end_rule_thin_eighths)
        + "</w:pBdr>"
    )


def _page_number_runs() -> list[str]:
    """"— N —": the number a PAGE field, an 一字线 each side (7.5)."""
    field = f'<w:fldSimple w:instr=" PAGE ">{_text_run("1")}</w:fldSimple>'
    return [_text_run(f"{PAGE_NUMBER_DASH} "), field, _text_run(f" {PAGE_NUMBER_DASH}")]


def _footer_part(content: str, namespaces: str = "") -> str:
    return f'{XML_DECLARATION}<w:ftr xmlns:w="{W_NAMESPACE}" xmlns:r="{R_NAMESPACE}"{namespaces}>{content}</w:ftr>'


def _page_number_footer(style: Style, odd: bool, letter: bool = False) -> str:
    """"— N —" in 4号宋体; odd pages right, even pages left, one character in (7.5). The 信函格式's
    footers sit lower (its first page's line is 20 mm above the edge): space below lifts the
    number back to where every other document has it."""
    lay = style.layout
    one_char = pt_to_twips(lay.page_number_size_pt)
    indent = _indent(right=one_char) if odd else _indent(left=one_char)
    lift = mm_to_twips(lay.footer_distance_mm - lay.letter_bottom_rule_mm) if letter else 0
    paragraph = _Paragraph(
        FOOTER, _page_number_runs(), [indent, _val("w:jc", "right" if odd else "left"), f'<w:spacing w:after="{lift}"/>' if lift else None]
    )
    return _footer_part(paragraph.xml())


EMU_PER_MM = 36000
# The turned page number's box: long enough for "— 999 —" in 4号, one line high (practice).
TURNED_NUMBER_BOX_MM = (30.0, 6.4)
# Measured (LibreOffice 7.4): the turned line prints 0.7 mm nearer the sheet's foot than the
# same line in a portrait footer; moved up by as much, the two coincide.
TURNED_NUMBER_NUDGE_MM = 0.7
_DRAWING_NAMESPACES = (
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)


def _landscape_page_number_footer(style: Style, odd: bool) -> str:
    """8: a landscape table page's number printed where a portrait page has it (7.5) — on the
    sheet's foot, which is the landscape page's left edge — so turned a quarter clockwise.

    A frame would be simpler, but LibreOffice 7.4 ignores frames in footers (measured); a text
    box anchored to the page, turned 90°, is placed by both Word and LibreOffice.
    """
    lay = style.layout
    one_char = lay.page_number_size_pt * 25.4 / 72
    length, height = TURNED_NUMBER_BOX_MM
    # Sheet coordinates (portrait, from its top-left) of the number's centre, then turned: the
    # landscape page's x runs up the sheet from its foot, its y across the sheet from the 订口.
    sheet_y = lay.margin_top_mm + lay.text_height_mm + lay.page_number_drop_mm
    if odd:
        sheet_x = lay.margin_left_mm + lay.text_width_mm - one_char - length / 2
    else:
        sheet_x = lay.margin_left_mm + one_char + length / 2
    centre_x, centre_y = lay.page_height_mm - sheet_y + TURNED_NUMBER_NUDGE_MM, sheet_x
    # A box as tall as the number is long; its text runs down the page (vert: turned clockwise).
    left, top = (centre_x - height / 2) * EMU_PER_MM, (centre_y - length / 2) * EMU_PER_MM
    cx, cy = round(height * EMU_PER_MM), round(length * EMU_PER_MM)
    number = _Paragraph(FOOTER, _page_number_runs(), [_val("w:jc", "right" if odd else "left")])
    shape = (
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{number.xml()}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="vert" wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr"><a:spAutoFit/></wps:bodyPr></wps:wsp>'
    )
    anchor = (
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"'
        ' locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(left)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(top)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{1 if odd else 2}" name="页码"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"{shape}</a:graphicData></a:graphic></wp:anchor>"
    )
    drawing = f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{anchor}</w:drawing></mc:Choice></mc:AlternateContent></w:r>'
    return _footer_part(_Paragraph(FOOTER, [drawing]).xml(), _DRAWING_NAMESPACES)


def _letter_footer(style: Style) -> str:
    """10.1 信函格式, first page: no page number; the red double line (thin above, thick below)
    20 mm above the page's bottom edge (the letter's footer distance), 170 mm long, centred on
    the 版心. LibreOffice 7.4 ignores frames in footers (measured), hence indents."""
    lay = style.layout
    half = (mm_to_twips(lay.letter_rule_length_mm) - lay.text_width_twips) // 2
    rule = _empty("w:bottom", {"w:val": "thinThickSmallGap", "w:sz": lay.letter_rule_eighths, "w:space": 0, "w:color": lay.red})
    paragraph = _Paragraph(FOOTER, [], [f"<w:pBdr>{rule}</w:pBdr>", _exact_spacing(LETTER_RULE_HEIGHT), _indent(left=-half, right=-half)])
    return _footer_part(paragraph.xml())


LETTER_RULE_HEIGHT = 20  # twips: the paragraph that carries the line has no text

# Relationship ids of the main document's parts.
ODD_FOOTER_ID, EVEN_FOOTER_ID, LETTER_FOOTER_ID = "rId3", "rId4", "rId5"
LETTER_ODD_FOOTER_ID, LETTER_EVEN_FOOTER_ID = "rId6", "rId7"
EMPTY_FOOTER_ID = "rId8"  # the 版记 page's (7.5: not numbered); pagination.py points at it
LANDSCAPE_ODD_FOOTER_ID, LANDSCAPE_EVEN_FOOTER_ID = "rId9", "rId10"


def _section_properties(style: Style, letter: bool = False) -> str:
    """Page size, margins (5.2), the 22-line grid (5.2.4) and the two page-number footers; for
    the 信函格式 a first page of its own, with the red line and no number (10.1)."""
    lay = style.layout
    footer = lay.letter_bottom_rule_mm if letter else lay.footer_distance_mm
    margins = (lay.margin_top_mm, lay.margin_right_mm, lay.margin_bottom_mm, lay.margin_left_mm)
    odd, even = (LETTER_ODD_FOOTER_ID, LETTER_EVEN_FOOTER_ID) if letter else (ODD_FOOTER_ID, EVEN_FOOTER_ID)
    first = LETTER_FOOTER_ID if letter else None
    return _section(style, (odd, even, first), (lay.page_width_mm, lay.page_height_mm), margins, footer)


def _landscape_section_properties(style: Style) -> str:
    """8: a landscape table page: the portrait page's 版心 turned, its number in a turned box."""
    lay = style.layout
    size = (lay.page_height_mm, lay.page_width_mm)
    footers = (LANDSCAPE_ODD_FOOTER_ID, LANDSCAPE_EVEN_FOOTER_ID, None)
    # The footer holds only the anchored box: any distance inside the bottom margin will do.
    return _section(style, footers, size, lay.landscape_margins_mm, lay.landscape_margins_mm[2] / 2, landscape=True)


def _section(style: Style, footers: tuple, size: tuple, margins: tuple, footer_mm: float, landscape: bool = False) -> str:
    """A <w:sectPr>: footers (odd, even, first page or None), size and margins (top, right,
    bottom, left) in mm, footer distance in mm."""
    lay = style.layout
    odd, even, first = footers
    top, right, bottom, left = margins
    page = {"w:w": mm_to_twips(size[0]), "w:h": mm_to_twips(size[1])}
    if landscape:
        page["w:orient"] = "landscape"
    margin_attributes = {
        "w:top": mm_to_twips(top),
        "w:right": mm_to_twips(right),
        "w:bottom": mm_to_twips(bottom),
        "w:left": mm_to_twips(left),
        "w:header": mm_to_twips(lay.header_distance_mm),
        "w:footer": mm_to_twips(footer_mm),
        "w:gutter": 0,
    }
    return (
        f'<w:sectPr><w:footerReference w:type="default" r:id="{odd}"/>'
        f'<w:footerReference w:type="even" r:id="{even}"/>'
        + (f'<w:footerReference w:type="first" r:id="{first}"/>' if first else "")
        + _empty("w:pgSz", page)
        + _empty("w:pgMar", margin_attributes)
        + '<w:cols w:space="425"/>'
        # 5.2.4: a grid of 22 lines; no character grid (LibreOffice clamps negative charSpace).
        + ("<w:titlePg/>" if first else "")
        + _empty("w:docGrid", {"w:type": "lines", "w:linePitch": lay.line_pitch_twips})
        + "</w:sectPr>"
    )


# Word 2010's compatibility settings with East Asian layout; odd and even page footers.
_SETTINGS = (
    f'{XML_DECLARATION}<w:settings xmlns:w="{W_NAMESPACE}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat><w:useFELayout/>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"/>'
    '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"


def _relationships(targets: list[tuple[str, str, str]]) -> str:
    """A .rels part from (id, type, target) triples."""
    rows = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in targets)
    return f'{XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rows}</Relationships>'


def _static_parts(style: Style) -> dict[str, str]:
    """Every part but the main document and the core properties, as XML text."""
    overrides = {
        "/word/document.xml": f"{_MAIN}.document.main+xml",
        "/word/styles.xml": f"{_MAIN}.styles+xml",
        "/word/settings.xml": f"{_MAIN}.settings+xml",
        "/word/footer1.xml": f"{_MAIN}.footer+xml",
        "/word/footer2.xml": f"{_MAIN}.footer+xml",
        "/word/footer3.xml": f"{_MAIN}.footer+xml",
        "/word/footer4.xml": f"{_MAIN}.footer+xml",
        "/word/footer5.xml": f"{_MAIN}.footer+xml",
        "/word/footer6.xml": f"{_MAIN}.footer+xml",
        "/word/footer7.xml": f"{_MAIN}.footer+xml",
        "/word/footer8.xml": f"{_MAIN}.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    content_types = (
        f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in sorted(overrides.items()))
        + "</Types>"
    )
    package_rels = _relationships(
        [
            ("rId1", f"{_RELATIONSHIP}/officeDocument", DOCUMENT_PART),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", CORE_PART),
            ("rId3", f"{_RELATIONSHIP}/extended-properties", "docProps/app.xml"),
        ]
    )
    document_rels = _relationships(
        [
            ("rId1", f"{_RELATIONSHIP}/styles", "styles.xml"),
            ("rId2", f"{_RELATIONSHIP}/settings", "settings.xml"),
            (ODD_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer1.xml"),
            (EVEN_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer2.xml"),
            (LETTER_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer3.xml"),
            (LETTER_ODD_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer4.xml"),
            (LETTER_EVEN_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer5.xml"),
            (EMPTY_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer6.xml"),
            (LANDSCAPE_ODD_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer7.xml"),
            (LANDSCAPE_EVEN_FOOTER_ID, f"{_RELATIONSHIP}/footer", "footer8.xml"),
        ]
    )
    app = (
        f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>briefgen {xml_escape(__version__)}</Application></Properties>"
    )
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "docProps/app.xml": app,
        "word/_rels/document.xml.rels": document_rels,
        "word/styles.xml": XML_DECLARATION + _styles_xml(style),
        "word/settings.xml": _SETTINGS,
        "word/footer1.xml": _page_number_footer(style, odd=True),
        "word/footer2.xml": _page_number_footer(style, odd=False),
        "word/footer3.xml": _letter_footer(style),
        "word/footer4.xml": _page_number_footer(style, odd=True, letter=True),
        "word/footer5.xml": _page_number_footer(style, odd=False, letter=True),
        "word/footer6.xml": _footer_part(_Paragraph(FOOTER).xml()),
        "word/footer7.xml": _landscape_page_number_footer(style, odd=True),
        "word/footer8.xml": _landscape_page_number_footer(style, odd=False),
    }


@dataclass(frozen=True)
class _Package:
    """The parts that do not change between documents, split for fast assembly: a zip of every
    part but the main document and the core properties (compressed once), and the main
    document's XML around the body."""

    static_zip: bytes  # every part but word/document.xml and docProps/core.xml
    document_head: bytes  # up to and including <w:body>
    section_properties: bytes  # the final <w:sectPr> (also, altered, each section break of a volume)
    letter_section_properties: bytes  # the same for the 信函格式
    landscape_section_properties: bytes  # a landscape table page's (8)


DOCUMENT_END = b"</w:body></w:document>"


@lru_cache(maxsize=8)
def _package(style: Style) -> _Package:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, xml in _static_parts(style).items():
            target.writestr(name, xml)
    head = f'{XML_DECLARATION}<w:document xmlns:w="{W_NAMESPACE}" xmlns:r="{R_NAMESPACE}"><w:body>'.encode("utf-8")
    sections = (_section_properties(style), _section_properties(style, letter=True), _landscape_section_properties(style))
    return _Package(buffer.getvalue(), head, *(section.encode("utf-8") for section in sections))


def base_package(style: Style = DEFAULT_STYLE) -> bytes:
    """An empty document of ``style``: what every document starts from."""
    package = _package(style)
    return _zip(package, package.document_head + package.section_properties + DOCUMENT_END, _core_xml(Metadata()))


# -- the body -----------------------------------------------------------------------


class _BodyWriter:
    """Turns one Document into the <w:p>/<w:tbl> elements of its body, as XML text."""

    def __init__(self, style: Style, package: _Package):
        self.style = style
        self.fonts = style.fonts
        self.layout = style.layout
        self.package = package
        self.elements: list[_Paragraph | str] = []
        # The <w:sectPr> of the portrait pages being written: it closes them at a landscape
        # table (8) and ends the body. A 信函's first-page furniture belongs to its first section.
        self.portrait_section = package.section_properties

    # runs
    def runs(self, runs: list[Run], east_asia: str | None = None, size_pt: float | None = None) -> list[str]:
        latin = self.fonts.latin
        return [_text_run(run.text, _run_properties(east_asia, latin, size_pt, run.bold)) for run in runs if run.text]

    def add(self, element: _Paragraph | str) -> None:
        self.elements.append(element)

    def blank_lines(self, count: int) -> None:
        for _ in range(count):
            self.add(_Paragraph(BODY))

    # front matter
    def front_matter(self, meta: Metadata) -> None:
        """The 版头 (7.2), or the head of a special format (clause 10)."""
        if meta.layout_format == "信函":
            self.letter_head(meta)
        elif meta.layout_format == "命令":
            self.order_head(meta)
        else:  # 文件式 and 纪要 (whose 标志 sits as the 文件式's, 10.3)
            self.issuer_block(meta)

    def top_marks(self, meta: Metadata, doc_number_right: str = "", before: int = 0) -> int:
        """7.2.1-7.2.3 份号, 密级和保密期限, 紧急程度, one a line from the top, flush left; in the
        信函格式 the 发文字号 shares the first line, flush right (10.1). Returns the lines used."""
        marks = [(meta.copy_number, None), (meta.secrecy, self.fonts.top_marks), (meta.urgency, self.fonts.top_marks)]
        lines = [(text, font) for text, font in marks if text]
        if doc_number_right and not lines:
            lines = [("", None)]
        for index, (text, font) in enumerate(lines):
            runs = [_text_run(text, _run_properties(font, self.fonts.latin))] if text else []
            properties = [_val("w:jc", "left")]
            if index == 0 and doc_number_right:
                runs += [_tab_run(), _text_run(doc_number_right)]
                properties.append(_right_tab(self.layout.text_width_twips))
            if index == 0 and before:
                properties.append(_exact_spacing(pt_to_twips(self.layout.body_size_pt), before=before))
                properties.append(OFF_GRID)
            self.add(_Paragraph(ADDRESSEE, runs, properties))
        return len(lines)

    def issuer_block(self, meta: Metadata, offset_mm: float | None = None) -> None:
        lay = self.layout
        used = self.top_marks(meta)
        issuers = meta.issuers
        if issuers:
            # 7.2.4: its top edge 35 mm below the 版心's top, below the lines of 7.2.1-7.2.3.
            offset = mm_to_twips(lay.issuer_mark_offset_mm if offset_mm is None else offset_mm) - used * lay.line_pitch_twips
            if len(issuers) == 1:
                self.single_mark(issuers[0], offset)
            else:
                self.joint_mark(issuers, offset)
            self.blank_lines(lay.blank_lines_after_issuer_mark)
        if meta.doc_number or meta.signers:
            self.doc_number_line(meta, red_line=bool(issuers))
        if issuers:
            self.blank_lines(lay.blank_lines_before_title)

    def order_head(self, meta: Metadata) -> None:
        """10.2 命令（令）格式: 机关全称 + 令, red, centred, 20 mm below the 版心's top; the 令号 two
        lines below, centred; the body two lines below the 令号. No separator line."""
        lay = self.layout
        used = self.top_marks(meta)
        if meta.issuer_mark:
            self.single_mark(meta.issuer_mark, mm_to_twips(lay.order_mark_offset_mm) - used * lay.line_pitch_twips)
            self.blank_lines(lay.blank_lines_after_issuer_mark)
        if meta.doc_number:
            self.add(_Paragraph(DOC_NUMBER, [_text_run(meta.doc_number)]))
        self.blank_lines(lay.blank_lines_after_order_number)

    def letter_head(self, meta: Metadata) -> None:
        """10.1 信函格式: the 标志 30 mm below the page's top edge with the red double line (thick
        above, thin below) 4 mm under it, both held in a frame on the page; below the line, 7/8 of
        a 3号 character down, the 发文字号 flush right beside the first of 份号/密级/紧急程度;
        the title two lines below the last of them. The line at the foot of the page is in the
        first page's footer (_letter_footer), which has no page number."""
        lay = self.layout
        mark = meta.issuer_mark
        if mark:
            size = self.mark_size(text_width(mark), lay.text_width_pt, lay.letter_mark_size_pt)
            line = pt_to_twips(size * lay.issuer_mark_line_factor)
            half = (mm_to_twips(lay.letter_rule_length_mm) - lay.text_width_twips) // 2
            frame = {
                "w:w": mm_to_twips(lay.letter_rule_length_mm),
                "w:wrap": "notBeside",
                "w:vAnchor": "page",
                "w:hAnchor": "margin",
                "w:x": -half,
                "w:y": mm_to_twips(lay.letter_mark_top_mm) - pt_to_twips(size * lay.issuer_mark_glyph_drop),
            }
            rule = _empty("w:bottom", {"w:val": "thickThinSmallGap", "w:sz": lay.letter_rule_eighths, "w:space": lay.letter_rule_space_pt, "w:color": lay.red})
            self.add(
                _Paragraph(
                    ISSUER_MARK,
                    [_text_run(mark, _run_properties(size_pt=size))],
                    [_empty("w:framePr", frame), f"<w:pBdr>{rule}</w:pBdr>", _exact_spacing(line)],
                )
            )
        gap = pt_to_twips(lay.body_size_pt * lay.letter_below_rule_factor)
        self.top_marks(meta, doc_number_right=meta.doc_number, before=gap)
        self.blank_lines(lay.blank_lines_before_title)

    def mark_size(self, widest: float, width_pt: float, largest: float) -> int:
        """As large as fits ``width_pt`` (7.2.4: at most 15 mm × 22 mm a character)."""
        return min(int(largest), int(width_pt / max(widest, 1)))

    def single_mark(self, mark: str, offset: int) -> None:
        lay = self.layout
        size = self.mark_size(text_width(mark), lay.text_width_pt, lay.issuer_mark_max_size_pt)
        line = pt_to_twips(size * lay.issuer_mark_line_factor)
        before = max(offset - pt_to_twips(size * lay.issuer_mark_glyph_drop), 0)
        self.add(_Paragraph(ISSUER_MARK, [_text_run(mark, _run_properties(size_pt=size))], [_exact_spacing(line, before=before)]))

    def joint_mark(self, marks: list[str], offset: int) -> None:
        """7.2.4 联合行文: the organs' names one a line, each spread to the same width, the host
        first, and "文件" centred against them on the right (a borderless two-column table)."""
        lay = self.layout
        suffix = JOINT_SUFFIX if all(mark.endswith(JOINT_SUFFIX) for mark in marks) else ""
        names = [mark[: -len(suffix)] if suffix else mark for mark in marks]
        widest = max(text_width(name) for name in names) + (text_width(suffix) + lay.joint_mark_gap_chars if suffix else 0)
        size = self.mark_size(widest, lay.text_width_pt, lay.issuer_mark_max_size_pt)
        line = pt_to_twips(size * lay.issuer_mark_line_factor)
        drop = pt_to_twips(size * lay.issuer_mark_glyph_drop)
        # The offset goes on a paragraph of its own: a table has no space before.
        self.add(_Paragraph(ISSUER_MARK, [], [_exact_spacing(max(offset - drop, 20)), OFF_GRID]))
        name_width = round(pt_to_twips(size) * max(text_width(name) for name in names))
        suffix_width = round(pt_to_twips(size) * (text_width(suffix) + lay.joint_mark_gap_chars)) if suffix else 0
        total = name_width + suffix_width
        run = _run_properties(size_pt=size)
        rows = []
        for index, name in enumerate(names):
            cell = _Paragraph(ISSUER_MARK, [_text_run(name, run)], [_exact_spacing(line), _val("w:jc", "distribute")]).xml()
            row = f'<w:tc><w:tcPr><w:tcW w:w="{name_width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{cell}</w:tc>'
            if suffix:
                merge = '<w:vMerge w:val="restart"/>' if index == 0 else "<w:vMerge/>"
                text = [_text_run(suffix, run)] if index == 0 else []
                suffix_cell = _Paragraph(ISSUER_MARK, text, [_exact_spacing(line), _val("w:jc", "right")]).xml()
                row += f'<w:tc><w:tcPr><w:tcW w:w="{suffix_width}" w:type="dxa"/>{merge}<w:vAlign w:val="center"/></w:tcPr>{suffix_cell}</w:tc>'
            rows.append(f"<w:tr>{row}</w:tr>")
        grid = f'<w:gridCol w:w="{name_width}"/>' + (f'<w:gridCol w:w="{suffix_width}"/>' if suffix else "")
        properties = (
            f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{NO_BORDERS}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
        self.add(f"<w:tbl>{properties}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")

    def doc_number_line(self, meta: Metadata, red_line: bool) -> None:
        lay = self.layout
        border = None
        if red_line:
            gap_pt = round(mm_to_pt(lay.red_line_gap_mm))
            border = f'<w:pBdr>{_border("bottom", lay.red_line_eighths, lay.red, gap_pt)}</w:pBdr>'
        names = meta.signer_names
        if not names:
            self.add(_Paragraph(DOC_NUMBER, [_text_run(meta.doc_number)], [border]))
            return
        # 7.2.6 上行文: 发文字号 one character in on the left, 签发人 one in on the right; in joint
        # issue two names a line, wrapped lines under the first name, the 发文字号 on the last.
        # The paragraph has no indents, so that the red line under it spans the 版心 (7.2.7).
        one = lay.chars(lay.edge_indent_chars)
        label = "签发人："
        name_font = _run_properties(self.fonts.heading2, self.fonts.latin)
        per_line = max(lay.signers_per_line, 1)
        rows = [names[start : start + per_line] for start in range(0, len(names), per_line)]
        # Columns of the widest name a character apart, the last one flush with the right edge.
        slot = lay.chars(max(text_width(name) for name in names) + 1)
        right = lay.text_width_twips - one
        columns = min(len(names), per_line)
        first = right - lay.chars(max(text_width(name) for name in names)) - slot * (columns - 1)
        label_at = first - lay.chars(text_width(label))
        # No indents: whether tab stops count from the margin or the indent differs between
        # renderers (LibreOffice counted from the indent here), so the 发文字号 tabs in too.
        stops = [one, label_at, first] + [first + slot * column for column in range(1, columns)]
        for index, row in enumerate(rows):
            last = index == len(rows) - 1
            runs = [_tab_run(), _text_run(meta.doc_number if last else ""), _tab_run()]
            runs += [_text_run(label)] if index == 0 else [_tab_run()]
            for column, name in enumerate(row):
                runs += [_tab_run()] if column else []
                runs.append(_text_run(name, name_font))
            self.add(_Paragraph(DOC_NUMBER, runs, [_left_tabs(stops), border if last else None, _indent(), _val("w:jc", "left")]))

    def category_line(self, meta: Metadata) -> None:
        """The proposal reply's number (left) and category mark (right), above the title."""
        if not (meta.category or meta.proposal_number):
            return
        heading_font = _run_properties(self.fonts.heading1, self.fonts.latin)
        runs = [_text_run(meta.proposal_number)] if meta.proposal_number else []
        runs += [_tab_run(), _text_run(meta.category, heading_font)] if meta.category else []
        self.add(
            _Paragraph(ADDRESSEE, runs, [_right_tab(self.layout.text_width_twips)])
        )
        self.blank_lines(1)

    def title(self, lines: list[str], style_id: str = TITLE) -> None:
        """7.3.1: a line too long for the 版心 is broken between words, as a 梯形 or 菱形."""
        lay = self.layout
        capacity = line_capacity(lay.text_width_pt, lay.title_size_pt)
        lines = [part for line in lines for part in split_title(line, capacity)]
        runs: list[str] = []
        for index, line in enumerate(lines):
            if index:
                runs.append(LINE_BREAK)
            runs.append(_text_run(line))
        self.add(_Paragraph(style_id, runs))

    def addressee(self, text: str) -> None:
        text = text.rstrip(":：") + FULL_WIDTH_COLON  # 7.3.2: ends with a full-width colon
        self.add(_Paragraph(ADDRESSEE, [_text_run(text)]))

    # body blocks
    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.add(_Paragraph(BODY, self.runs(block.runs)))
        elif isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, PageBreak):
            self.add(PAGE_BREAK)
        else:  # pragma: no cover - the model has no other blocks
            raise TypeError(f"unknown block {block!r}")

    def heading(self, heading: Heading) -> None:
        font = self.fonts.for_heading(heading.level)
        number = [Run(heading.number)] if heading.number else []
        if heading.run_in is None:
            self.add(_Paragraph(HEADING_STYLE.format(heading.level), self.runs(number + heading.runs)))
            return
        # A run-in heading is a body paragraph whose opening words take the heading's font.
        runs = self.runs(number + heading.runs, east_asia=font) + self.runs(heading.run_in.runs)
        self.add(_Paragraph(BODY, runs))

    def table(self, table: Table) -> None:
        lay = self.layout
        if not table.landscape:
            self.table_grid(table, lay.text_width_twips)
            return
        # 8: the table on landscape pages of their own, a section between two portrait ones.
        self.add(_section_end(self.portrait_section))
        self.portrait_section = self.package.section_properties
        _, right, _, left = lay.landscape_margins_mm
        self.table_grid(table, mm_to_twips(lay.page_height_mm - left - right))
        self.add(_section_end(self.package.landscape_section_properties))

    def table_grid(self, table: Table, width: int) -> None:
        lay = self.layout
        if table.caption:
            self.add(_Paragraph(TABLE_CAPTION, [_text_run(table.caption)], [KEEP_NEXT]))
        plan = plan_columns(table, width, lay.table_size_pt, 2 * TABLE_CELL_MARGIN + TABLE_CELL_SLACK)
        widths = plan.widths
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        properties = (
            f'<w:tblPr><w:tblStyle w:val="{TABLE_GRID}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        )
        rows = "".join(self.table_row(table, index, widths, plan.breaks) for index in range(len(table.rows)))
        self.add(f"<w:tbl>{properties}<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")

    def table_row(self, table: Table, index: int, widths: list[int], breaks: dict[tuple[int, int], list[int]]) -> str:
        row = table.rows[index]
        below = table.rows[index + 1] if index + 1 < len(table.rows) else None
        is_header = index < table.header_rows
        cells = []
        column = 0
        while column < len(row):
            span = 1
            while column + span < len(row) and row[column + span].merged_left:
                span += 1
            cell = row[column]
            vmerge = ""
            if cell.merged_up:
                vmerge = "<w:vMerge/>"
            elif below is not None and column < len(below) and below[column].merged_up:
                vmerge = '<w:vMerge w:val="restart"/>'
            cells.append(self.table_cell(cell, sum(widths[column : column + span]), span, vmerge, is_header, breaks.get((index, column), [])))
            column += span
        row_properties = "<w:trPr><w:tblHeader/></w:trPr>" if is_header else ""
        return f"<w:tr>{row_properties}{''.join(cells)}</w:tr>"

    def table_cell(self, cell: Cell, width: int, span: int, vmerge: str, is_header: bool, breaks: list[int]) -> str:
        span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        properties = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{vmerge}<w:vAlign w:val="center"/></w:tcPr>'
        font = self.fonts.heading1 if is_header else None
        parts: list[str] = []
        for line, runs in enumerate(_split_runs(cell.runs, breaks)):
            if line:
                parts.append(LINE_BREAK)  # between words, where plan_columns found the line full
            parts += self.runs([Run(run.text, bold=run.bold or is_header) for run in runs], east_asia=font)
        return f"<w:tc>{properties}{_Paragraph(TABLE_TEXT, parts).xml()}</w:tc>"

    # closing matter
    def attachment_note(self, names: list[str]) -> None:
        """7.3.4 附件说明: "附件：1.××" two characters in, further names aligned under the first."""
        if not names:
            return
        lay = self.layout
        self.blank_lines(lay.blank_lines_before_attachment_note)
        indent = lay.chars(lay.paragraph_indent_chars)
        label = lay.chars(text_width(ATTACHMENT_NOTE_LABEL))
        numbered = len(names) > 1
        for index, name in enumerate(names, start=1):
            number = f"{index}." if numbered else ""
            hang = lay.chars(text_width(number))
            left = indent + label + hang
            if index == 1:
                runs = [_text_run(ATTACHMENT_NOTE_LABEL + number + name)]
                ind = _indent(left=left, hanging=label + hang)
            else:
                runs = [_text_run(number + name)]
                ind = _indent(left=left, hanging=hang)
            self.add(_Paragraph(BODY, runs, [ind, _val("w:jc", "left")]))

    def signature_block(self, meta: Metadata) -> None:
        """7.3.5 署名 and 成文日期, with or without a seal; 附注 below (7.3.6)."""
        if meta.layout_format == "命令":
            self.order_signature(meta)
            self.note(meta)
            return
        if not (meta.signatures or meta.date):
            self.note(meta)
            return
        if meta.sealed and len(meta.signatures) > 1:
            self.seal_rows(meta)
            self.note(meta)
            return
        lay = self.layout
        signature_width = max((text_width(s) for s in meta.signatures), default=0.0)
        date_width = text_width(meta.date)
        if meta.sealed:
            self.blank_lines(lay.blank_lines_before_signature_sealed)
            date_right = float(lay.dated_right_chars_sealed)
            signature_rights = [date_right + (date_width - text_width(s)) / 2 for s in meta.signatures]
        else:
            self.blank_lines(lay.blank_lines_before_signature_unsealed)
            shift = lay.date_shift_chars_unsealed
            date_right = max(float(lay.signature_right_chars_unsealed), signature_width - date_width - shift + lay.signature_right_chars_unsealed)
            # The widest 署名 starts ``shift`` characters left of the date (7.3.5.2).
            start = date_right + date_width + shift
            signature_rights = [start - text_width(s) for s in meta.signatures]
        for signature, right in zip(meta.signatures, signature_rights):
            self.add(_Paragraph(SIGNATURE, [_text_run(signature)], [_indent(right=lay.chars(right))]))
        if meta.date:
            self.add(_Paragraph(SIGNATURE, [_text_run(meta.date)], [_indent(right=lay.chars(date_right))]))
        self.note(meta)

    def seal_rows(self, meta: Metadata) -> None:
        """7.3.5.1 联合行文 with seals: the 署名 in rows of at most three, each centred in an equal
        share of the 版心 so that seals of 42 mm neither meet nor leave it; a last row of one or
        two centred; rows a seal's height apart; the date four characters from the right
        under the last row, which its seal presses too."""
        lay = self.layout
        # Fewer a row when a name would not fit its share of the 版心 (a share is never narrower
        # than a seal, whatever the count).
        widest = lay.chars(max(text_width(name) for name in meta.signatures) + 1)
        per_row = max(1, min(lay.seals_per_row, lay.text_width_twips // max(widest, mm_to_twips(lay.seal_diameter_mm))))
        rows = [meta.signatures[start : start + per_row] for start in range(0, len(meta.signatures), per_row)]
        lines_per_seal = math.ceil(lay.seal_diameter_mm / (lay.text_height_mm / lay.lines_per_page))
        self.blank_lines(lay.blank_lines_before_signature_sealed)
        share = lay.text_width_twips // per_row
        for index, row in enumerate(rows):
            if index:
                self.blank_lines(lines_per_seal - 1)
            margin = (lay.text_width_twips - share * len(row)) // 2
            centres = [margin + share * column + share // 2 for column in range(len(row))]
            runs = []
            for name in row:
                runs += [_tab_run(), _text_run(name)]
            tabs = "<w:tabs>" + "".join(f'<w:tab w:val="center" w:pos="{centre}"/>' for centre in centres) + "</w:tabs>"
            self.add(_Paragraph(SIGNATURE, runs, [tabs, _indent(), _val("w:jc", "left")]))
        if meta.date:
            self.add(_Paragraph(SIGNATURE, [_text_run(meta.date)], [_indent(right=lay.chars(lay.dated_right_chars_sealed))]))

    def order_signature(self, meta: Metadata) -> None:
        """7.3.5.3 签发人签名章: two lines below the body, four characters from the right, the
        职务 two characters left of it; the date one line below, four characters from the right.
        The seal is pressed on the signer's name, which marks its place."""
        lay = self.layout
        right = _indent(right=lay.chars(lay.dated_right_chars_sealed))
        self.blank_lines(lay.blank_lines_before_signature_seal)
        if meta.signer_title or meta.signers:
            gap = "\u3000" * lay.signer_title_gap_chars if meta.signer_title and meta.signers else ""
            self.add(_Paragraph(SIGNATURE, [_text_run(f"{meta.signer_title}{gap}{meta.signers}")], [right]))
        if meta.date:
            self.blank_lines(lay.blank_lines_before_order_date)
            self.add(_Paragraph(SIGNATURE, [_text_run(meta.date)], [right]))

    def attendance(self, meta: Metadata) -> None:
        """10.3 纪要: 出席, 请假, 列席 one line below the body, two characters in, the label in 黑体,
        the names after the full-width colon, wrapped lines under the first name."""
        if not meta.attendance:
            return
        lay = self.layout
        self.blank_lines(lay.blank_lines_before_attendance)
        indent = lay.chars(lay.paragraph_indent_chars)
        label_font = _run_properties(self.fonts.attendance_label, self.fonts.latin)
        for label, names in meta.attendance:
            hang = lay.chars(text_width(label + FULL_WIDTH_COLON))
            runs = [_text_run(label, label_font), _text_run(FULL_WIDTH_COLON + names)]
            self.add(_Paragraph(BODY, runs, [_indent(left=indent + hang, hanging=hang), _val("w:jc", "left")]))

    def keep_together(self, first: int, to_end_matter: bool) -> None:
        """Keep the body's last paragraph, the 附件说明 and the 署名 and date on one page.

        7.3.5: 署名 and 成文日期 must not stand on a page without body text. With the 版记 next,
        the chain's last paragraph keeps with it too: LibreOffice 7.4 otherwise moved a date
        (kept with a 附注 after it) to the next page and left the 署名 behind (measured on the
        proposal reply, where the body filled its page).
        """
        chain = [element for element in self.elements[max(first, 0) :] if isinstance(element, _Paragraph)]
        for paragraph in chain if to_end_matter else chain[:-1]:
            if KEEP_NEXT not in paragraph.properties:
                paragraph.properties.append(KEEP_NEXT)

    def note(self, meta: Metadata) -> None:
        if meta.note:
            text = meta.note if meta.note.startswith("（") else f"（{meta.note.strip('()（）')}）"
            self.add(_Paragraph(BODY, [_text_run(text)]))

    def attachment(self, number: str, attachment: Attachment) -> None:
        """7.3.4 附件: on a new page, "附件N" flush left in 黑体, its title on the third line."""
        label = _Paragraph(ATTACHMENT_LABEL, [_text_run(f"附件{number}")], ["<w:pageBreakBefore/>"])
        self.add(label)
        self.blank_lines(self.layout.blank_lines_before_attachment_title)
        self.title([attachment.title])
        self.blank_lines(1)
        for block in attachment.blocks:
            self.block(block)

    def end_matter(self, meta: Metadata, addressee_here: bool = False) -> None:
        """7.4 版记 at the bottom of the last page, between separator lines of the 版心's width.

        A 主送 moved here (7.3.2) stands above the 抄送 with no line between (7.4.2); the 信函格式's
        版记 has neither 印发机关 nor 印发日期 nor separator lines (10.1)."""
        lay = self.layout
        letter = meta.layout_format == "信函"
        lines: list[tuple[str, list[str], list[str]]] = []
        if addressee_here and meta.copy_to:
            lines.append((END_MATTER, *self.addressee_over_copy_to(meta)))
        elif addressee_here:
            lines.append((END_MATTER, *self.end_matter_names(ADDRESSEE_LABEL, meta.addressee)))
        elif meta.copy_to:
            lines.append((END_MATTER, *self.end_matter_names(COPY_TO_LABEL, meta.copy_to)))
        if meta.distribute_to:
            lines.append((END_MATTER, *self.end_matter_names(DISTRIBUTE_TO_LABEL, meta.distribute_to)))
        if (meta.printer or meta.print_date) and not letter:
            one = pt_to_twips(lay.end_matter_size_pt) * lay.edge_indent_chars
            runs = [_text_run(meta.printer)]
            if meta.print_date:
                runs += [_tab_run(), _text_run(meta.print_date + PRINTED_SUFFIX)]
            lines.append((END_MATTER, runs, [_right_tab(lay.text_width_twips - one), _indent(left=one, right=one)]))
        if not lines:
            return
        if letter:
            lines = [(END_MATTER_PLAIN, runs, properties) for _, runs, properties in lines]
        if self.end_matter_lines(meta, addressee_here) > lay.lines_per_page - MIN_BODY_LINES_WITH_END_MATTER:
            # Taller than a page leaves room for: a frame would be cut (LibreOffice clips it,
            # measured with 59 organs in the 主送), so the 版记 flows after the text instead.
            for style_id, runs, properties in lines:
                self.add(_Paragraph(style_id, runs, properties))
            return
        frame = {
            "w:w": lay.text_width_twips,
            "w:wrap": "around",
            "w:vAnchor": "margin",
            "w:hAnchor": "margin",
            "w:xAlign": "center",
            "w:yAlign": "bottom",
        }
        for style_id, runs, properties in lines:
            self.add(_Paragraph(style_id, runs, [_empty("w:framePr", frame), *properties]))

    def end_matter_names(self, label: str, names: str) -> tuple[list[str], list[str]]:
        """"抄送：" (or "主送：") and the names, one character in, wrapped lines under the first name."""
        lay = self.layout
        one = pt_to_twips(lay.end_matter_size_pt) * lay.edge_indent_chars
        label_width = pt_to_twips(lay.end_matter_size_pt) * len(label)
        names = names.rstrip("。.:：")
        return [_text_run(f"{label}{names}。")], [_indent(left=one + label_width, right=one, hanging=label_width)]

    def end_matter_lines(self, meta: Metadata, addressee_here: bool) -> int:
        """How many lines the 版记 takes (4号, about 31 characters a line)."""
        lay = self.layout
        capacity = lay.text_width_pt / (lay.end_matter_size_pt + lay.body_char_spacing_pt) - 2 * lay.edge_indent_chars
        names = [text for text in (meta.addressee if addressee_here else "", meta.copy_to, meta.distribute_to) if text]
        return sum(math.ceil((text_width(text) + 4) / capacity) for text in names) + 1

    def addressee_over_copy_to(self, meta: Metadata) -> tuple[list[str], list[str]]:
        """7.4.2: the 主送 one line above the 抄送 with no separator between them. One paragraph
        broken by hand: LibreOffice 7.4 splits the 版记's frame (and drops its borders) when
        its paragraphs differ in borders (measured), so the two cannot be paragraphs apart."""
        lay = self.layout
        one = pt_to_twips(lay.end_matter_size_pt) * lay.edge_indent_chars
        size = lay.end_matter_size_pt + lay.body_char_spacing_pt
        capacity = int((lay.text_width_pt - 2 * one / TWIPS_PER_PT) / size) - 1  # a character spare
        runs: list[str] = []
        for label, names in ((ADDRESSEE_LABEL, meta.addressee), (COPY_TO_LABEL, meta.copy_to)):
            for line in _wrap_names(label, names.rstrip("。.:：") + "。", capacity):
                runs += [LINE_BREAK] if runs else []
                runs.append(_text_run(line))
        return runs, [_indent(left=one, right=one), _val("w:jc", "left")]

    def addressee_moves(self, meta: Metadata) -> bool:
        """7.3.2: the 主送 goes into the 版记 when asked, or when with it the first page would
        show no body text (counted in grid lines from what the writer itself lays out)."""
        if not meta.addressee:
            return False
        if meta.addressee_in_end_matter:
            return True
        lay = self.layout
        capacity = lay.chars_per_line
        used = sum(1 for element in self.elements if isinstance(element, _Paragraph) or element == PAGE_BREAK)
        used += sum(element.count("<w:tr>") for element in self.elements if isinstance(element, str))
        used += math.ceil(mm_to_twips(lay.issuer_mark_offset_mm) / lay.line_pitch_twips) if meta.issuers else 0
        title_breaks = sum(paragraph.runs.count(LINE_BREAK) for paragraph in self.elements if isinstance(paragraph, _Paragraph))
        addressee_lines = math.ceil((text_width(meta.addressee) + 1) / capacity)
        return used + title_breaks + addressee_lines >= lay.lines_per_page

    def document(self, document: Document) -> list[_Paragraph | str]:
        meta = document.meta
        if meta.layout_format == "信函":
            self.portrait_section = self.package.letter_section_properties
        self.front_matter(meta)
        self.category_line(meta)
        if meta.title_lines:
            self.title(meta.title_lines)
            self.blank_lines(self.layout.blank_lines_after_title)
        addressee_here = self.addressee_moves(meta)
        if meta.addressee and not addressee_here:
            self.addressee(meta.addressee)
        for block in document.blocks:
            self.block(block)
        last_body = len(self.elements) - 1
        self.attachment_note([attachment.title for attachment in document.attachments] or meta.attachment_names)
        self.attendance(meta)
        self.signature_block(meta)
        self.keep_together(last_body, to_end_matter=not document.attachments and bool(meta.copy_to or meta.distribute_to or meta.printer or meta.print_date))
        numbered = len(document.attachments) > 1
        for index, attachment in enumerate(document.attachments, start=1):
            self.attachment(str(index) if numbered else "", attachment)
        self.end_matter(meta, addressee_here)
        return self.elements


def _body_xml(elements: list["_Paragraph | str"]) -> bytes:
    """The body's elements as one run of XML text (the document head declares the namespaces)."""
    xml = "".join(element if isinstance(element, str) else element.xml() for element in elements)
    # A last guard: the parser already drops the characters XML 1.0 forbids, but a model built
    # by other code must not make a .docx that Word refuses to open.
    return XML_FORBIDDEN.sub("", xml).encode("utf-8")


def _core_xml(meta: Metadata) -> bytes:
    """docProps/core.xml: title and author from the document, times now (UTC)."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = meta.signatures[0] if meta.signatures else "briefgen"
    xml = (
        XML_DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(meta.title)}</dc:title><dc:creator>{xml_escape(author)}</dc:creator>"
        "<cp:lastModifiedBy>briefgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return XML_FORBIDDEN.sub("", xml).encode("utf-8")


def _zip(package: _Package, document_xml: bytes, core_xml: bytes) -> bytes:
    """The unchanging parts as they were compressed once, plus this document's two parts."""
    buffer = io.BytesIO(package.static_zip)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(DOCUMENT_PART, document_xml)
        target.writestr(CORE_PART, core_xml)
    return buffer.getvalue()


def write_docx(document: Document, style: Style = DEFAULT_STYLE) -> bytes:
    """The .docx file's bytes for ``document``, laid out by ``style``.

    The unchanging parts come from ``_package(style)``, built once; only the body and the
    core properties are made per document.
    """
    package = _package(style)
    writer = _BodyWriter(style, package)
    body = _body_xml(writer.document(document))
    return _zip(package, package.document_head + body + writer.portrait_section + DOCUMENT_END, _core_xml(document.meta))


def _section_break(section_properties: bytes, restart_page_numbers: bool) -> bytes:
    """The section properties for one document of a combined volume. With page numbers per
    document, each document starts on a right-hand (odd) page numbered 1, as a bound volume
    printed on both sides needs; with continuous numbers, on the next page."""
    if restart_page_numbers:
        section_properties = section_properties.replace(b"<w:pgSz ", b'<w:type w:val="oddPage"/><w:pgSz ', 1)
        section_properties = section_properties.replace(b"<w:cols ", b'<w:pgNumType w:start="1"/><w:cols ', 1)
    return section_properties


# The paragraph that ends a document's section: one twip high, off the grid, so that it never
# adds a line (or a page) of its own.
SECTION_END = b'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>%s</w:pPr></w:p>'


def _section_end(section_properties: bytes) -> str:
    return SECTION_END.replace(b"%s", section_properties).decode("utf-8")


def combine_docx(documents: list[bytes], style: Style = DEFAULT_STYLE, restart_page_numbers: bool = True) -> bytes:
    """One volume from documents this writer made with ``style``: each starts on a new page
    (a section of its own, or several: landscape table pages have theirs), with page numbers
    per document or continuous.

    The documents share styles, footers and page setup, so their bodies are joined as they
    are; each but the last ends with a paragraph carrying its last section's properties, and
    each one's first section starts the document's page numbers.
    """
    package = _package(style)
    segments = []
    for number, content in enumerate(documents):
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            xml = source.read(DOCUMENT_PART)
        # Up to the document's own (last) section properties: a 版记 moved to a page of its own
        # (pagination.py) has a section break of its own before them.
        body = xml[xml.index(b"<w:body>") + len(b"<w:body>") : xml.rindex(b"<w:sectPr")]
        closing = SECTION_END.replace(b"%s", package.section_properties) if number < len(documents) - 1 else package.section_properties
        segments.append(_first_section_starts(body + closing, restart_page_numbers))
    meta = Metadata(title_lines=["汇编"], signatures=[])
    return _zip(package, package.document_head + b"".join(segments) + DOCUMENT_END, _core_xml(meta))


def _first_section_starts(segment: bytes, restart_page_numbers: bool) -> bytes:
    """A document's XML with its first section made the start of a document in a volume."""
    start = segment.index(b"<w:sectPr>")
    end = segment.index(b"</w:sectPr>", start) + len(b"</w:sectPr>")
    return segment[:start] + _section_break(segment[start:end], restart_page_numbers) + segment[end:]
