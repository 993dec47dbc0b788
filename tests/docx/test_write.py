"""The .docx writer: page setup, fonts per role, footers, furniture, tables — read back from the XML."""

import io

import docx
import pytest
from conftest import NS, ROOT, docx_part, paragraph_text, w

from briefgen.document.number import number_headings
from briefgen.document.parse import parse_markup
from briefgen.document.standard import DEFAULT_STYLE, Style, mm_to_twips
from briefgen.docx.write import _package, base_package, write_docx

LAYOUT = DEFAULT_STYLE.layout


def build(markup: str, style: Style = DEFAULT_STYLE) -> bytes:
    return write_docx(number_headings(parse_markup(markup)), style)


def body_paragraphs(content: bytes):
    return docx_part(content).xpath("/w:document/w:body/w:p", namespaces=NS)


def style_of(paragraph) -> str:
    found = paragraph.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS)
    return found[0] if found else ""


def find_paragraph(content: bytes, text: str):
    """The paragraph whose text is ``text``, else the first that starts with it."""
    paragraphs = body_paragraphs(content)
    for paragraph in paragraphs:
        if paragraph_text(paragraph) == text:
            return paragraph
    for paragraph in paragraphs:
        if paragraph_text(paragraph).startswith(text):
            return paragraph
    raise AssertionError(f"no paragraph starts with {text!r}")


def style_element(content: bytes, style_id: str):
    (element,) = docx_part(content, "word/styles.xml").xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=NS)
    return element


def east_asia_font(element) -> str:
    return element.xpath("./w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)[0]


SAMPLE = build(
    "@版头：湖南省工业和信息化厅文件\n@发文字号：湘工信〔2024〕12号\n@标题：关于企业帮扶情况的通报\n"
    "@主送：各市州工信局\n@署名：湖南省工业和信息化厅\n@成文日期：2024-06-05\n@用印：是\n"
    "@抄送：省政府办公厅\n@印发机关：湖南省工业和信息化厅办公室\n@印发日期：2024-06-06\n"
    "现将有关情况通报如下：\n\n# 主要举措\n##> 强化调度\n长沙市帮扶企业120家。\n### 细项\n\n"
    "@表格 列宽=2,1\n| 城市 | 企业数 |\n| 长沙 | 120 |\n\n@附件：统计表\n附件正文。\n"
)


def test_page_setup_is_a4_with_the_standards_margins_and_a_22_line_grid():
    sect = docx_part(SAMPLE).xpath("//w:body/w:sectPr", namespaces=NS)[0]
    size = sect.find(w("pgSz"))
    margins = sect.find(w("pgMar"))
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (11906, 16838)
    assert int(margins.get(w("top"))) == mm_to_twips(37)
    assert int(margins.get(w("left"))) == mm_to_twips(28)
    assert int(margins.get(w("bottom"))) == mm_to_twips(35)
    assert int(margins.get(w("right"))) == mm_to_twips(26)
    grid = sect.find(w("docGrid"))
    assert grid.get(w("type")) == "lines" and grid.get(w("linePitch")) == "579"
    # 22 lines of the pitch fit the 225 mm 版心.
    assert 22 * 579 <= mm_to_twips(225) < 23 * 579


def test_body_style_is_3hao_fangsong_exact_579_with_two_character_indent_and_no_widow_control():
    normal = style_element(SAMPLE, "Normal")
    assert east_asia_font(normal) == "仿宋_GB2312"
    assert normal.xpath("./w:rPr/w:rFonts/@w:ascii", namespaces=NS) == ["Times New Roman"]
    assert normal.xpath("./w:rPr/w:sz/@w:val", namespaces=NS) == ["32"]
    assert normal.xpath("./w:rPr/w:spacing/@w:val", namespaces=NS) == ["-5"]
    spacing = normal.find(w("pPr")).find(w("spacing"))
    assert spacing.get(w("line")) == "579" and spacing.get(w("lineRule")) == "exact"
    assert normal.xpath("./w:pPr/w:ind/@w:firstLineChars", namespaces=NS) == ["200"]
    assert normal.xpath("./w:pPr/w:widowControl/@w:val", namespaces=NS) == ["0"]


def test_fonts_per_role():
    assert east_asia_font(style_element(SAMPLE, "BriefgenTitle")) == "方正小标宋简体"
    assert style_element(SAMPLE, "BriefgenTitle").xpath("./w:rPr/w:sz/@w:val", namespaces=NS) == ["44"]
    for level, font in enumerate(["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"], start=1):
        assert east_asia_font(style_element(SAMPLE, f"Heading{level}")) == font


def test_no_theme_fonts_and_every_rfonts_names_east_asia():
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        root = docx_part(SAMPLE, part)
        for fonts in root.iter(w("rFonts")):
            assert not any(name.endswith("Theme") for name in fonts.attrib), part
            assert fonts.get(w("eastAsia")), part
            assert fonts.get(w("hint")) == "eastAsia"


def test_page_number_footers_odd_right_even_left_with_dashes_and_page_field():
    settings = docx_part(SAMPLE, "word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    footers = {}
    for name in ("word/footer1.xml", "word/footer2.xml"):
        root = docx_part(SAMPLE, name)
        (paragraph,) = root.findall(w("p"))
        assert root.xpath("//w:fldSimple/@w:instr", namespaces=NS) == [" PAGE "]
        assert paragraph_text(paragraph) == "— 1 —"
        footers[paragraph.find(w("pPr")).find(w("jc")).get(w("val"))] = paragraph
    assert set(footers) == {"left", "right"}
    assert footers["right"].xpath("./w:pPr/w:ind/@w:right", namespaces=NS) == ["280"]
    assert footers["left"].xpath("./w:pPr/w:ind/@w:left", namespaces=NS) == ["280"]
    footer_style = style_element(SAMPLE, "Footer")
    assert east_asia_font(footer_style) == "宋体"
    assert footer_style.xpath("./w:rPr/w:sz/@w:val", namespaces=NS) == ["28"]


def test_issuer_mark_is_red_and_the_doc_number_carries_the_red_line():
    mark = find_paragraph(SAMPLE, "湖南省工业和信息化厅文件")
    assert style_of(mark) == "BriefgenIssuerMark"
    assert style_element(SAMPLE, "BriefgenIssuerMark").xpath("./w:rPr/w:color/@w:val", namespaces=NS) == ["FF0000"]
    number = find_paragraph(SAMPLE, "湘工信〔2024〕12号")
    bottom = number.find(w("pPr")).find(w("pBdr")).find(w("bottom"))
    assert bottom.get(w("color")) == "FF0000"


def test_addressee_ends_with_a_full_width_colon_and_is_flush_left():
    paragraph = find_paragraph(SAMPLE, "各市州工信局")
    assert paragraph_text(paragraph) == "各市州工信局："
    assert style_of(paragraph) == "BriefgenAddressee"


def test_headings_are_numbered_and_run_in_headings_switch_fonts():
    standalone = find_paragraph(SAMPLE, "一、主要举措")
    assert style_of(standalone) == "Heading1"
    run_in = find_paragraph(SAMPLE, "（一）强化调度。长沙市")
    fonts = run_in.xpath("./w:r/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)
    assert fonts and set(fonts) == {"楷体_GB2312"}  # heading runs; body runs use the style's 仿宋
    body_runs = [r for r in run_in.findall(w("r")) if "长沙" in "".join(r.itertext())]
    assert body_runs[0].find(w("rPr")) is None
    assert paragraph_text(find_paragraph(SAMPLE, "1.细项")) == "1.细项"


def test_table_has_grid_columns_spanning_the_text_width_and_a_repeating_header():
    (table,) = docx_part(SAMPLE).xpath("//w:body/w:tbl", namespaces=NS)
    widths = [int(v) for v in table.xpath("./w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert len(widths) == 2 and abs(sum(widths) - LAYOUT.text_width_twips) <= 2
    assert widths[0] == pytest.approx(2 * widths[1], abs=2)
    assert table.xpath("./w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)


def test_merged_cells_use_grid_span_and_vmerge():
    content = build("| a | << | b |\n| c | d | e |\n| ^^ | f | g |\n")
    (table,) = docx_part(content).xpath("//w:tbl", namespaces=NS)
    first_row = table.xpath("./w:tr[1]/w:tc", namespaces=NS)
    assert len(first_row) == 2 and first_row[0].xpath("./w:tcPr/w:gridSpan/@w:val", namespaces=NS) == ["2"]
    assert table.xpath("./w:tr[2]/w:tc[1]/w:tcPr/w:vMerge/@w:val", namespaces=NS) == ["restart"]
    continued = table.xpath("./w:tr[3]/w:tc[1]/w:tcPr/w:vMerge", namespaces=NS)
    assert continued and continued[0].get(w("val")) is None


def test_attachment_note_attachment_page_and_end_matter_frame():
    note = find_paragraph(SAMPLE, "附件：统计表")
    assert style_of(note) == "Normal"
    label = find_paragraph(SAMPLE, "附件")
    labels = [p for p in body_paragraphs(SAMPLE) if paragraph_text(p) == "附件"]
    assert labels and labels[0].find(w("pPr")).find(w("pageBreakBefore")) is not None
    assert label is not None
    copy_to = find_paragraph(SAMPLE, "抄送：省政府办公厅。")
    printed = find_paragraph(SAMPLE, "湖南省工业和信息化厅办公室")
    assert paragraph_text(printed).endswith("2024年6月6日印发")
    for paragraph in (copy_to, printed):
        frame = paragraph.find(w("pPr")).find(w("framePr"))
        assert frame.get(w("yAlign")) == "bottom" and frame.get(w("vAnchor")) == "margin"
        assert int(frame.get(w("w"))) == LAYOUT.text_width_twips
        assert style_of(paragraph) == "BriefgenEndMatter"
        assert paragraph.find(w("pPr")).find(w("pBdr")) is None  # direct borders break LibreOffice's frame
    # 7.4.1: 0.35 mm first and last lines, 0.25 mm between (eighths of a point).
    borders = style_element(SAMPLE, "BriefgenEndMatter").find(w("pPr")).find(w("pBdr"))
    assert {child.tag.split("}")[1]: child.get(w("sz")) for child in borders} == {"top": "8", "bottom": "8", "between": "6"}
    # The 版记 is the last thing in the body, after the attachment.
    assert paragraph_text(body_paragraphs(SAMPLE)[-1]).startswith("湖南省工业和信息化厅办公室")


def _right_indent_chars(paragraph) -> float:
    return int(paragraph.xpath("./w:pPr/w:ind/@w:right", namespaces=NS)[0]) / LAYOUT.char_width_twips


def test_sealed_signature_is_centred_over_a_date_four_characters_from_the_right():
    date = find_paragraph(SAMPLE, "2024年6月5日")
    signature = find_paragraph(SAMPLE, "湖南省工业和信息化厅")
    assert _right_indent_chars(date) == pytest.approx(4, abs=0.01)
    # date is 2024年6月5日: 6 digits (half width) + 3 汉字 = 6 characters wide; 署名 is 10 wide.
    assert _right_indent_chars(signature) == pytest.approx(4 + (6 - 10) / 2, abs=0.01)


def test_unsealed_signature_two_characters_in_and_date_two_further_right():
    content = build("@署名：临江县工业和信息化局\n@成文日期：2024-06-05\n正文。\n")
    signature = find_paragraph(content, "临江县工业和信息化局")
    date = find_paragraph(content, "2024年6月5日")
    assert _right_indent_chars(signature) == pytest.approx(2, abs=0.01)
    # The date starts two characters right of the 署名's start: right = 2 + 10 - 2 - 6 = 4.
    assert _right_indent_chars(date) == pytest.approx(4, abs=0.01)


def test_unsealed_date_longer_than_the_signature_stays_two_characters_in():
    content = build("@署名：县局\n@成文日期：2024-12-25\n正文。\n")
    date = find_paragraph(content, "2024年12月25日")
    signature = find_paragraph(content, "县局")
    assert _right_indent_chars(date) == pytest.approx(2, abs=0.01)
    assert _right_indent_chars(signature) == pytest.approx(2 + 7 + 2 - 2, abs=0.01)


def test_note_is_wrapped_in_parentheses():
    content = build("@附注：联系人：王明，电话：0731-1234567\n正文。\n")
    assert paragraph_text(find_paragraph(content, "（联系人")) == "（联系人：王明，电话：0731-1234567）"


def test_font_names_come_from_configuration():
    style = DEFAULT_STYLE.with_overrides(fonts={"body": "仿宋", "heading2": "楷体"})
    content = build("## 标题\n正文。\n", style)
    assert east_asia_font(style_element(content, "Normal")) == "仿宋"
    assert east_asia_font(style_element(content, "Heading2")) == "楷体"


def test_special_characters_in_text_survive_and_the_file_opens_in_python_docx():
    content = build("A&B <c> \"引号\" '单引号'\n")
    assert docx.Document(io.BytesIO(content)).paragraphs[0].text == "A&B <c> \"引号\" '单引号'"


def test_the_unchanging_parts_are_built_once_per_style():
    from briefgen.docx.write import _package

    assert _package(DEFAULT_STYLE) is _package(DEFAULT_STYLE)


def test_a_control_character_in_a_model_built_by_other_code_never_reaches_the_file():
    from briefgen.document.model import Document, Metadata, Paragraph, Run

    model = Document(meta=Metadata(title_lines=["标题\x0b"]), blocks=[Paragraph([Run("正文\x01。")])])
    package = docx.Document(io.BytesIO(write_docx(model)))
    assert [p.text for p in package.paragraphs if p.text] == ["标题", "正文。"]
    assert package.core_properties.title == "标题"


# ECMA-376 CT_PPrBase order (the part of it the writer uses).
SCHEMA_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "pBdr", "tabs",
    "overflowPunct", "autoSpaceDE", "autoSpaceDN", "snapToGrid", "spacing", "ind", "jc", "outlineLvl", "rPr",
]
SCHEMA_RPR_ORDER = ["rFonts", "b", "bCs", "color", "spacing", "kern", "sz", "szCs", "lang"]


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "word/footer1.xml"])
def test_property_elements_follow_the_schema_order(part):
    root = docx_part(SAMPLE, part)
    for tag, order in (("pPr", SCHEMA_PPR_ORDER), ("rPr", SCHEMA_RPR_ORDER)):
        for properties in root.iter(w(tag)):
            names = [child.tag.split("}")[1] for child in properties]
            assert all(name in order for name in names), names
            assert names == sorted(names, key=order.index), names


def _parts(content: bytes) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _canonical(xml: bytes) -> bytes:
    from lxml import etree

    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_fast_assembly_gives_the_same_content_as_python_docx():
    """write_docx splices the body's XML text into parts zipped once; the plain python-docx way --
    open the empty package, append the body's elements, save -- must give the same parts (core
    properties aside: times)."""
    from lxml import etree

    from briefgen.api import build_document
    from briefgen.docx.write import W_NAMESPACE, _body_xml, _BodyWriter

    document = build_document("circular", ROOT / "examples" / "circular.yaml")
    fast = _parts(write_docx(document))
    slow_package = docx.Document(io.BytesIO(base_package(DEFAULT_STYLE)))
    section = slow_package.element.body.find(w("sectPr"))
    body = _body_xml(_BodyWriter(DEFAULT_STYLE, _package(DEFAULT_STYLE)).document(number_headings(document)))
    for element in etree.fromstring(f'<w:body xmlns:w="{W_NAMESPACE}">'.encode() + body + b"</w:body>"):
        section.addprevious(element)
    buffer = io.BytesIO()
    slow_package.save(buffer)
    slow = _parts(buffer.getvalue())
    assert set(fast) == set(slow)
    for name in fast:
        if name == "docProps/core.xml":
            continue
        same = _canonical(fast[name]) == _canonical(slow[name]) if name.endswith(".xml") or name.endswith(".rels") else fast[name] == slow[name]
        assert same, name


def test_every_part_is_declared_and_every_relationship_resolves():
    import posixpath
    import zipfile

    from lxml import etree

    package = zipfile.ZipFile(io.BytesIO(SAMPLE))
    names = set(package.namelist())
    types = etree.fromstring(package.read("[Content_Types].xml"))
    declared = {o.get("PartName").lstrip("/") for o in types if o.tag.endswith("Override")}
    assert declared == {name for name in names if not name.endswith(".rels") and name != "[Content_Types].xml"}
    for rels in (name for name in names if name.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for relationship in etree.fromstring(package.read(rels)):
            assert posixpath.normpath(posixpath.join(folder, relationship.get("Target"))) in names, relationship.get("Target")
