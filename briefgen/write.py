"""Write the document model as a GB/T 9704-2012 .docx. The only module that knows OOXML.

The package parts that do not change between documents (styles, settings, page setup,
page-number footers) are built once per style and reused; each document only adds its
body. Every number comes from ``standard.Style``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from lxml import etree

from .model import Attachment, Block, Cell, Document, Heading, Metadata, PageBreak, Paragraph, Run, Table
from . import __version__
from .cache import read_cached, write_cached
from .standard import DEFAULT_STYLE, Style, mm_to_pt, mm_to_twips, pt_to_twips

# Style ids written into styles.xml (names are what Word shows).
BODY, TITLE, ADDRESSEE, SIGNATURE = "Normal", "BriefgenTitle", "BriefgenAddressee", "BriefgenSignature"
ISSUER_MARK, DOC_NUMBER, ATTACHMENT_LABEL = "BriefgenIssuerMark", "BriefgenDocNumber", "BriefgenAttachmentLabel"
END_MATTER, TABLE_TEXT, TABLE_CAPTION, FOOTER = "BriefgenEndMatter", "BriefgenTableText", "BriefgenTableCaption", "Footer"
HEADING_STYLE = "Heading{}"
TABLE_GRID = "TableGrid"

PAGE_NUMBER_DASH = "—"  # 7.5: 一字线 on each side of the number
ATTACHMENT_NOTE_LABEL = "附件："
COPY_TO_LABEL = "抄送："
PRINTED_SUFFIX = "印发"
FULL_WIDTH_COLON = "："


# -- small XML builders ------------------------------------------------------------


_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@lru_cache(maxsize=None)
def _clark(name: str) -> str:
    """"w:p" → "{http://…/main}p" (plain lxml elements: python-docx's element classes cost 5x)."""
    prefix, local = name.split(":")
    return f"{{{_NAMESPACES[prefix]}}}{local}"


def _el(tag: str, attrs: dict[str, object] | None = None, *children: etree._Element | None) -> etree._Element:
    # No nsmap here: lxml reuses the w: declaration of the element's eventual parent.
    element = etree.Element(_clark(tag))
    for name, value in (attrs or {}).items():
        element.set(_clark(name), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def _val(tag: str, value: object) -> etree._Element:
    return _el(tag, {"w:val": value})


def _fonts(east_asia: str, latin: str) -> etree._Element:
    """rFonts naming both scripts explicitly, no theme fonts (see reference: fonts in OOXML)."""
    return _el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia, "w:cs": latin, "w:hint": "eastAsia"})


def _half_points(pt: float) -> int:
    return round(pt * 2)


def _run_properties(
    east_asia: str | None = None,
    latin: str | None = None,
    size_pt: float | None = None,
    bold: bool = False,
    color: str | None = None,
) -> etree._Element | None:
    children = []
    if east_asia:
        children.append(_fonts(east_asia, latin or east_asia))
    if bold:
        children += [_el("w:b"), _el("w:bCs")]
    if color:
        children.append(_val("w:color", color))
    if size_pt:
        children += [_val("w:sz", _half_points(size_pt)), _val("w:szCs", _half_points(size_pt))]
    return _el("w:rPr", None, *children) if children else None


def _text_run(text: str, properties: etree._Element | None = None) -> etree._Element:
    t = _el("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _el("w:r", None, properties, t)


# The schema's order of pPr children (CT_PPrBase); Word rejects others.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
]
_PPR_RANK = {_clark(f"w:{name}"): rank for rank, name in enumerate(_PPR_ORDER)}


def _paragraph(style: str, runs: Iterable[etree._Element] = (), properties: Iterable[etree._Element | None] = ()) -> etree._Element:
    ppr = _el("w:pPr", None, _val("w:pStyle", style))
    _add_properties(ppr, properties)
    return _el("w:p", None, ppr, *runs)


def _add_properties(ppr: etree._Element, properties: Iterable[etree._Element | None]) -> None:
    """Add paragraph properties keeping the schema's order."""
    for element in properties:
        if element is not None:
            ppr.append(element)
    ppr[:] = sorted(ppr, key=lambda child: _PPR_RANK[child.tag])


def _indent(left: int = 0, right: int = 0, first_line: int = 0, hanging: int = 0) -> etree._Element:
    attrs: dict[str, object] = {"w:left": left, "w:right": right, "w:firstLine": first_line, "w:firstLineChars": 0}
    if hanging:
        attrs = {"w:left": left, "w:right": right, "w:hanging": hanging, "w:hangingChars": 0}
    return _el("w:ind", attrs)


def _exact_spacing(line_twips: int, before: int = 0, after: int = 0) -> etree._Element:
    return _el("w:spacing", {"w:before": before, "w:after": after, "w:line": line_twips, "w:lineRule": "exact"})


def _border(side: str, eighths: int, color: str = "000000", space_pt: int = 0) -> etree._Element:
    return _el(f"w:{side}", {"w:val": "single", "w:sz": eighths, "w:space": space_pt, "w:color": color})


def _right_tab(position: int) -> etree._Element:
    return _el("w:tabs", None, _el("w:tab", {"w:val": "right", "w:pos": position}))


def _tab_run(properties: etree._Element | None = None) -> etree._Element:
    return _el("w:r", None, properties, _el("w:tab"))


def _text_width(text: str) -> float:
    """Width in 汉字 units: digits and Latin letters are half as wide."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


# -- the package parts built once per style --------------------------------------------


def _styles_xml(style: Style) -> str:
    f, lay = style.fonts, style.layout
    pitch = lay.line_pitch_twips
    body_sz = _half_points(lay.body_size_pt)
    spacing = pt_to_twips(lay.body_char_spacing_pt)
    indent = lay.chars(lay.paragraph_indent_chars)
    indent_chars = lay.paragraph_indent_chars * 100
    table_line = pt_to_twips(lay.table_size_pt * lay.table_line_factor)

    def fonts(east_asia: str, latin: str = f.latin) -> str:
        return (
            f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'
        )

    def size(pt: float) -> str:
        return f'<w:sz w:val="{_half_points(pt)}"/><w:szCs w:val="{_half_points(pt)}"/>'

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
        f'<w:styles xmlns:w="{_NAMESPACES["w"]}">'
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts(f.body)}{size(lay.body_size_pt)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
        f'<w:style w:type="paragraph" w:default="1" w:styleId="{BODY}"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>'
        f'<w:ind w:firstLine="{indent}" w:firstLineChars="{indent_chars}"/><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{fonts(f.body)}<w:spacing w:val="{spacing}"/><w:kern w:val="0"/>'
        f'<w:sz w:val="{body_sz}"/><w:szCs w:val="{body_sz}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        f"{headings}"
        + paragraph_style(TITLE, "公文标题", f'{no_indent}<w:jc w:val="center"/>', fonts(f.title) + size(lay.title_size_pt))
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
            size(lay.end_matter_size_pt),
        )
        + paragraph_style(
            TABLE_TEXT,
            "表格文字",
            off_grid
            + f'<w:spacing w:before="0" w:after="0" w:line="{table_line}" w:lineRule="exact"/>'
            + no_indent
            + '<w:jc w:val="center"/>',
            '<w:spacing w:val="0"/>' + size(lay.table_size_pt),
        )
        + paragraph_style(TABLE_CAPTION, "表格标题", no_indent + '<w:jc w:val="center"/>', fonts(f.heading1))
        + f'<w:style w:type="paragraph" w:styleId="{FOOTER}"><w:name w:val="footer"/><w:basedOn w:val="{BODY}"/>'
        f'<w:pPr>{off_grid}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{no_indent}</w:pPr>'
        f'<w:rPr>{fonts(f.page_number, f.page_number)}<w:spacing w:val="0"/>{size(lay.page_number_size_pt)}</w:rPr></w:style>'
        f'<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
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


def _page_number_footer(style: Style, odd: bool) -> list[etree._Element]:
    """"— N —" in 4号宋体; odd pages right, even pages left, one character in (7.5)."""
    lay = style.layout
    one_char = pt_to_twips(lay.page_number_size_pt)
    indent = _indent(right=one_char) if odd else _indent(left=one_char)
    field = _el("w:fldSimple", {"w:instr": " PAGE "}, _text_run("1"))
    return [
        _paragraph(
            FOOTER,
            [_text_run(f"{PAGE_NUMBER_DASH} "), field, _text_run(f" {PAGE_NUMBER_DASH}")],
            [indent, _val("w:jc", "right" if odd else "left")],
        )
    ]


def _set_children(parent: etree._Element, children: list[etree._Element]) -> None:
    for child in list(parent):
        parent.remove(child)
    parent.extend(children)


def _setup_section(document, style: Style) -> None:
    lay = style.layout
    section = document.sections[0]
    sect_pr = section._sectPr
    for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
        for old in sect_pr.findall(_clark(tag)):
            sect_pr.remove(old)
    sect_pr.append(_el("w:pgSz", {"w:w": mm_to_twips(lay.page_width_mm), "w:h": mm_to_twips(lay.page_height_mm)}))
    sect_pr.append(
        _el(
            "w:pgMar",
            {
                "w:top": mm_to_twips(lay.margin_top_mm),
                "w:right": mm_to_twips(lay.margin_right_mm),
                "w:bottom": mm_to_twips(lay.margin_bottom_mm),
                "w:left": mm_to_twips(lay.margin_left_mm),
                "w:header": mm_to_twips(lay.header_distance_mm),
                "w:footer": mm_to_twips(lay.footer_distance_mm),
                "w:gutter": 0,
            },
        )
    )
    sect_pr.append(_el("w:cols", {"w:space": 425}))
    # 5.2.4: a grid of 22 lines; no character grid (LibreOffice clamps negative charSpace).
    sect_pr.append(_el("w:docGrid", {"w:type": "lines", "w:linePitch": lay.line_pitch_twips}))
    document.settings.odd_and_even_pages_header_footer = True
    _set_children(section.footer._element, _page_number_footer(style, odd=True))
    _set_children(section.even_page_footer._element, _page_number_footer(style, odd=False))


def _setup_settings(document) -> None:
    settings = document.settings.element
    for lang in settings.findall(_clark("w:themeFontLang")):
        lang.set(_clark("w:eastAsia"), "zh-CN")
    for rsids in settings.findall(_clark("w:rsids")):
        settings.remove(rsids)


def _drop_unused_parts(document) -> None:
    """Parts of python-docx's default template that carry theme fonts, or nothing of use
    (the thumbnail is a picture of an empty page)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    unused = ("/stylesWithEffects", RT.CUSTOM_XML)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(unused):
            document.part.drop_rel(r_id)
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(r_id)


@lru_cache(maxsize=8)
def base_package(style: Style) -> bytes:
    """The .docx every document of ``style`` starts from: styles, settings, page, footers.

    Built with python-docx once per style and version, then kept in the user's cache folder,
    so that a one-off ``briefgen render`` neither imports python-docx nor rebuilds it.
    """
    name = f"base-{hashlib.sha256(f'{__version__}{style!r}'.encode()).hexdigest()[:24]}.docx"
    cached = read_cached(name)
    if cached is not None and cached.startswith(b"PK"):
        return cached
    content = _build_base_package(style)
    write_cached(name, content)
    return content


def _build_base_package(style: Style) -> bytes:
    import docx  # only when the package is not cached

    document = docx.Document()
    _set_children(document.styles.element, list(etree.fromstring(_styles_xml(style))))
    body = document.element.body
    for child in list(body):
        if child.tag != _clark("w:sectPr"):
            body.remove(child)
    _setup_section(document, style)
    _setup_settings(document)
    _drop_unused_parts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- the body -----------------------------------------------------------------------


class _BodyWriter:
    """Turns one Document into the <w:p>/<w:tbl> elements of its body."""

    def __init__(self, style: Style):
        self.style = style
        self.fonts = style.fonts
        self.layout = style.layout
        self.elements: list[etree._Element] = []

    # runs
    def runs(self, runs: list[Run], east_asia: str | None = None, size_pt: float | None = None) -> list[etree._Element]:
        return [
            _text_run(run.text, _run_properties(east_asia, self.fonts.latin, size_pt, bold=run.bold))
            for run in runs
            if run.text
        ]

    def add(self, element: etree._Element) -> etree._Element:
        self.elements.append(element)
        return element

    def blank_lines(self, count: int) -> None:
        for _ in range(count):
            self.add(_paragraph(BODY))

    # front matter
    def issuer_block(self, meta: Metadata) -> None:
        lay = self.layout
        if meta.issuer_mark:
            # 7.2.4: as large as fits the 版心's width, its top edge 35 mm below the 版心's top.
            size = min(lay.issuer_mark_max_size_pt, int(lay.text_width_pt / max(_text_width(meta.issuer_mark), 1)))
            line = pt_to_twips(size * lay.issuer_mark_line_factor)
            before = mm_to_twips(lay.issuer_mark_offset_mm) - pt_to_twips(size * lay.issuer_mark_glyph_drop)
            self.add(
                _paragraph(
                    ISSUER_MARK,
                    [_text_run(meta.issuer_mark, _run_properties(size_pt=size))],
                    [_exact_spacing(line, before=before)],
                )
            )
            self.blank_lines(lay.blank_lines_after_issuer_mark)
        if meta.doc_number or meta.signers:
            self.doc_number_line(meta, red_line=bool(meta.issuer_mark))
        if meta.issuer_mark:
            self.blank_lines(lay.blank_lines_before_title)

    def doc_number_line(self, meta: Metadata, red_line: bool) -> None:
        lay = self.layout
        border = None
        if red_line:
            gap_pt = round(mm_to_pt(lay.red_line_gap_mm))
            border = _el("w:pBdr", None, _border("bottom", lay.red_line_eighths, lay.red, gap_pt))
        if not meta.signers:
            self.add(_paragraph(DOC_NUMBER, [_text_run(meta.doc_number)], [border]))
            return
        # 7.2.6 上行文: 发文字号 one character in on the left, 签发人 one in on the right.
        one = lay.chars(lay.edge_indent_chars)
        runs = [
            _text_run(meta.doc_number),
            _tab_run(),
            _text_run("签发人："),
            _text_run(meta.signers, _run_properties(self.fonts.heading2, self.fonts.latin)),
        ]
        self.add(
            _paragraph(
                DOC_NUMBER,
                runs,
                [_right_tab(lay.text_width_twips - one), border, _indent(left=one, right=one), _val("w:jc", "left")],
            )
        )

    def category_line(self, meta: Metadata) -> None:
        """The proposal reply's number (left) and category mark (right), above the title."""
        if not (meta.category or meta.proposal_number):
            return
        heading_font = _run_properties(self.fonts.heading1, self.fonts.latin)
        runs = [_text_run(meta.proposal_number)] if meta.proposal_number else []
        runs += [_tab_run(), _text_run(meta.category, heading_font)] if meta.category else []
        self.add(
            _paragraph(ADDRESSEE, runs, [_right_tab(self.layout.text_width_twips)])
        )
        self.blank_lines(1)

    def title(self, lines: list[str], style_id: str = TITLE) -> None:
        runs: list[etree._Element] = []
        for index, line in enumerate(lines):
            if index:
                runs.append(_el("w:r", None, _el("w:br")))
            runs.append(_text_run(line))
        self.add(_paragraph(style_id, runs))

    def addressee(self, text: str) -> None:
        text = text.rstrip(":：") + FULL_WIDTH_COLON  # 7.3.2: ends with a full-width colon
        self.add(_paragraph(ADDRESSEE, [_text_run(text)]))

    # body blocks
    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.add(_paragraph(BODY, self.runs(block.runs)))
        elif isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, PageBreak):
            self.add(_el("w:p", None, _el("w:r", None, _el("w:br", {"w:type": "page"}))))
        else:  # pragma: no cover - the model has no other blocks
            raise TypeError(f"unknown block {block!r}")

    def heading(self, heading: Heading) -> None:
        font = self.fonts.for_heading(heading.level)
        number = [Run(heading.number)] if heading.number else []
        if heading.run_in is None:
            self.add(_paragraph(HEADING_STYLE.format(heading.level), self.runs(number + heading.runs)))
            return
        # A run-in heading is a body paragraph whose opening words take the heading's font.
        runs = self.runs(number + heading.runs, east_asia=font) + self.runs(heading.run_in.runs)
        self.add(_paragraph(BODY, runs))

    def table(self, table: Table) -> None:
        lay = self.layout
        if table.caption:
            self.add(_paragraph(TABLE_CAPTION, [_text_run(table.caption)], [_el("w:keepNext")]))
        columns = table.column_count
        proportions = table.widths or [1.0] * columns
        total = sum(proportions)
        widths = [round(lay.text_width_twips * p / total) for p in proportions]
        grid = _el("w:tblGrid", None, *[_el("w:gridCol", {"w:w": w}) for w in widths])
        properties = _el(
            "w:tblPr",
            None,
            _val("w:tblStyle", TABLE_GRID),
            _el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}),
            _val("w:jc", "center"),
            _el("w:tblLayout", {"w:type": "fixed"}),
        )
        rows = [self.table_row(table, index, widths) for index in range(len(table.rows))]
        self.add(_el("w:tbl", None, properties, grid, *rows))

    def table_row(self, table: Table, index: int, widths: list[int]) -> etree._Element:
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
            vmerge = None
            if cell.merged_up:
                vmerge = _el("w:vMerge")
            elif below is not None and column < len(below) and below[column].merged_up:
                vmerge = _val("w:vMerge", "restart")
            cells.append(self.table_cell(cell, sum(widths[column : column + span]), span, vmerge, is_header))
            column += span
        row_properties = _el("w:trPr", None, _el("w:tblHeader")) if is_header else None
        return _el("w:tr", None, row_properties, *cells)

    def table_cell(
        self, cell: Cell, width: int, span: int, vmerge: etree._Element | None, is_header: bool
    ) -> etree._Element:
        properties = _el(
            "w:tcPr",
            None,
            _el("w:tcW", {"w:w": width, "w:type": "dxa"}),
            _val("w:gridSpan", span) if span > 1 else None,
            vmerge,
            _val("w:vAlign", "center"),
        )
        runs = [Run(run.text, bold=run.bold or is_header) for run in cell.runs]
        font = self.fonts.heading1 if is_header else None
        return _el("w:tc", None, properties, _paragraph(TABLE_TEXT, self.runs(runs, east_asia=font)))

    # closing matter
    def attachment_note(self, attachments: list[Attachment]) -> None:
        """7.3.4 附件说明: "附件：1.××" two characters in, further names aligned under the first."""
        if not attachments:
            return
        lay = self.layout
        self.blank_lines(lay.blank_lines_before_attachment_note)
        indent = lay.chars(lay.paragraph_indent_chars)
        label = lay.chars(_text_width(ATTACHMENT_NOTE_LABEL))
        numbered = len(attachments) > 1
        for index, attachment in enumerate(attachments, start=1):
            number = f"{index}." if numbered else ""
            hang = lay.chars(_text_width(number))
            left = indent + label + hang
            if index == 1:
                runs = [_text_run(ATTACHMENT_NOTE_LABEL + number + attachment.title)]
                ind = _indent(left=left, hanging=label + hang)
            else:
                runs = [_text_run(number + attachment.title)]
                ind = _indent(left=left, hanging=hang)
            self.add(_paragraph(BODY, runs, [ind, _val("w:jc", "left")]))

    def signature_block(self, meta: Metadata) -> None:
        """7.3.5 署名 and 成文日期, with or without a seal; 附注 below (7.3.6)."""
        if not (meta.signatures or meta.date):
            self.note(meta)
            return
        lay = self.layout
        signature_width = max((_text_width(s) for s in meta.signatures), default=0.0)
        date_width = _text_width(meta.date)
        if meta.sealed:
            self.blank_lines(lay.blank_lines_before_signature_sealed)
            date_right = float(lay.dated_right_chars_sealed)
            signature_rights = [date_right + (date_width - _text_width(s)) / 2 for s in meta.signatures]
        else:
            self.blank_lines(lay.blank_lines_before_signature_unsealed)
            shift = lay.date_shift_chars_unsealed
            date_right = max(float(lay.signature_right_chars_unsealed), signature_width - date_width - shift + lay.signature_right_chars_unsealed)
            # The widest 署名 starts ``shift`` characters left of the date (7.3.5.2).
            start = date_right + date_width + shift
            signature_rights = [start - _text_width(s) for s in meta.signatures]
        for signature, right in zip(meta.signatures, signature_rights):
            self.add(_paragraph(SIGNATURE, [_text_run(signature)], [_indent(right=lay.chars(right))]))
        if meta.date:
            self.add(_paragraph(SIGNATURE, [_text_run(meta.date)], [_indent(right=lay.chars(date_right))]))
        self.note(meta)

    def keep_together(self, first: int) -> None:
        """Keep the body's last paragraph, the 附件说明 and the 署名 and date on one page.

        7.3.5: 署名 and 成文日期 must not stand on a page without body text.
        """
        chain = [element for element in self.elements[max(first, 0) :] if element.tag == _clark("w:p")]
        for paragraph in chain[:-1]:
            properties = paragraph.find(_clark("w:pPr"))
            if properties.find(_clark("w:keepNext")) is None:
                _add_properties(properties, [_el("w:keepNext")])

    def note(self, meta: Metadata) -> None:
        if meta.note:
            text = meta.note if meta.note.startswith("（") else f"（{meta.note.strip('()（）')}）"
            self.add(_paragraph(BODY, [_text_run(text)]))

    def attachment(self, number: str, attachment: Attachment) -> None:
        """7.3.4 附件: on a new page, "附件N" flush left in 黑体, its title on the third line."""
        label = _paragraph(ATTACHMENT_LABEL, [_text_run(f"附件{number}")], [_el("w:pageBreakBefore")])
        self.add(label)
        self.blank_lines(self.layout.blank_lines_before_attachment_title)
        self.title([attachment.title])
        self.blank_lines(1)
        for block in attachment.blocks:
            self.block(block)

    def end_matter(self, meta: Metadata) -> None:
        """7.4 版记 at the bottom of the last page, between separator lines of the 版心's width."""
        lay = self.layout
        one = pt_to_twips(lay.end_matter_size_pt) * lay.edge_indent_chars
        lines: list[tuple[list[etree._Element], list[etree._Element]]] = []
        if meta.copy_to:
            names = meta.copy_to.rstrip("。.")
            label_width = pt_to_twips(lay.end_matter_size_pt) * len(COPY_TO_LABEL)
            lines.append(
                ([_text_run(f"{COPY_TO_LABEL}{names}。")], [_indent(left=one + label_width, right=one, hanging=label_width)])
            )
        if meta.printer or meta.print_date:
            runs = [_text_run(meta.printer)]
            if meta.print_date:
                runs += [_tab_run(), _text_run(meta.print_date + PRINTED_SUFFIX)]
            lines.append((runs, [_right_tab(lay.text_width_twips - one), _indent(left=one, right=one)]))
        if not lines:
            return
        frame = {
            "w:w": lay.text_width_twips,
            "w:wrap": "around",
            "w:vAnchor": "margin",
            "w:hAnchor": "margin",
            "w:xAlign": "center",
            "w:yAlign": "bottom",
        }
        for runs, properties in lines:
            self.add(_paragraph(END_MATTER, runs, [_el("w:framePr", frame), *properties]))

    def document(self, document: Document) -> list[etree._Element]:
        meta = document.meta
        self.issuer_block(meta)
        self.category_line(meta)
        if meta.title_lines:
            self.title(meta.title_lines)
            self.blank_lines(self.layout.blank_lines_after_title)
        if meta.addressee:
            self.addressee(meta.addressee)
        for block in document.blocks:
            self.block(block)
        last_body = len(self.elements) - 1
        self.attachment_note(document.attachments)
        self.signature_block(meta)
        self.keep_together(last_body)
        numbered = len(document.attachments) > 1
        for index, attachment in enumerate(document.attachments, start=1):
            self.attachment(str(index) if numbered else "", attachment)
        self.end_matter(meta)
        return self.elements


@dataclass(frozen=True)
class _Package:
    """The base package split for fast assembly: a zip of every part but the main document and
    the core properties (compressed once), and the main document's XML around the body."""

    static_zip: bytes  # every part but word/document.xml and docProps/core.xml
    document_head: bytes  # up to and including <w:body>
    document_tail: bytes  # the final <w:sectPr> and the closing tags
    section_properties: bytes  # the final <w:sectPr>, for section breaks in combined volumes


DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"


@lru_cache(maxsize=8)
def _package(style: Style) -> _Package:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base_package(style))) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in (DOCUMENT_PART, CORE_PART):
                target.writestr(name, source.read(name))
        document = source.read(DOCUMENT_PART)
    start = document.index(b"<w:body>") + len(b"<w:body>")
    section = document.index(b"<w:sectPr")
    end = document.index(b"</w:body>")
    return _Package(buffer.getvalue(), document[:start], document[section:], document[section:end])


def _body_xml(elements: list[etree._Element]) -> bytes:
    """The elements serialised as one run of XML, without repeating namespace declarations."""
    holder = etree.Element(_clark("w:body"), nsmap=_NAMESPACES)
    holder.extend(elements)
    xml = etree.tostring(holder, encoding="utf-8")
    return xml[xml.index(b">") + 1 : xml.rindex(b"</w:body>")]


def xml_escape(text: str) -> str:
    # Not xml.sax.saxutils: importing it pulls in urllib, http and email (~16 ms a process).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _core_xml(meta: Metadata) -> bytes:
    """docProps/core.xml: title and author from the document, times now (UTC)."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = meta.signatures[0] if meta.signatures else "briefgen"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(meta.title)}</dc:title><dc:creator>{xml_escape(author)}</dc:creator>"
        "<cp:lastModifiedBy>briefgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


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
    body = _body_xml(_BodyWriter(style).document(document))
    return _zip(package, package.document_head + body + package.document_tail, _core_xml(document.meta))


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
_SECTION_END = b'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>%s</w:pPr></w:p>'


def combine_docx(documents: list[bytes], style: Style = DEFAULT_STYLE, restart_page_numbers: bool = True) -> bytes:
    """One volume from documents this writer made with ``style``: each starts on a new page
    (a section of its own), with page numbers per document or continuous.

    The documents share styles, footers and page setup, so their bodies are joined as they
    are; each but the last ends with a paragraph carrying its section's properties.
    """
    package = _package(style)
    section = _section_break(package.section_properties, restart_page_numbers)
    bodies = []
    for number, content in enumerate(documents):
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            xml = source.read(DOCUMENT_PART)
        body = xml[xml.index(b"<w:body>") + len(b"<w:body>") : xml.index(b"<w:sectPr", xml.rindex(b"<w:body>"))]
        bodies.append(body)
        if number < len(documents) - 1:
            bodies.append(_SECTION_END.replace(b"%s", section))
    tail = section + package.document_tail[len(package.section_properties) :]
    meta = Metadata(title_lines=["汇编"], signatures=[])
    return _zip(package, package.document_head + b"".join(bodies) + tail, _core_xml(meta))
