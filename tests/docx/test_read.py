"""Reading foreign .docx files safely: limits, no entities, effective properties through styles."""

import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from briefgen.docx.read import DocxError, read_docx


def zip_with(tmp_path, members: dict[str, bytes], name="f.docx"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def test_not_a_zip(tmp_path):
    path = tmp_path / "a.docx"
    path.write_text("这其实是文本文件", encoding="utf-8")
    with pytest.raises(DocxError, match="不是 Word 文档"):
        read_docx(path)


def test_zip_without_a_document(tmp_path):
    with pytest.raises(DocxError, match="正文"):
        read_docx(zip_with(tmp_path, {"hello.txt": b"hi"}))


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = zip_with(tmp_path, {"word/document.xml": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(DocxError, match="压缩"):
        read_docx(path)


def test_entities_are_refused(tmp_path):
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(DocxError, match="实体"):
        read_docx(zip_with(tmp_path, {"word/document.xml": billion_laughs}))


def test_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    with pytest.raises(DocxError):
        read_docx(zip_with(tmp_path, {"word/document.xml": xxe}))


def test_broken_xml(tmp_path):
    with pytest.raises(DocxError, match="XML"):
        read_docx(zip_with(tmp_path, {"word/document.xml": b"<w:document><w:body>"}))


def test_effective_fonts_follow_the_style_chain_and_direct_formatting(tmp_path):
    document = docx.Document()
    base = document.styles.add_style("甲", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    base.font.size = docx.shared.Pt(16)
    base.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    derived = document.styles.add_style("乙", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = base
    first = document.add_paragraph("继承样式的段落", style=derived)
    second = document.add_paragraph("", style=derived)
    run = second.add_run("直接设置字体")
    run.font.size = docx.shared.Pt(14)
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "楷体")
    path = tmp_path / "s.docx"
    document.save(path)
    paragraphs = {p.text: p for p in read_docx(path).paragraphs}
    assert (paragraphs["继承样式的段落"].east_asia, paragraphs["继承样式的段落"].size_pt) == ("仿宋", 16)
    assert (paragraphs["直接设置字体"].east_asia, paragraphs["直接设置字体"].size_pt) == ("楷体", 14)
    assert first.style.name == "乙"


def test_theme_fonts_are_resolved_and_flagged(tmp_path):
    document = docx.Document()  # python-docx's default template uses theme fonts
    document.add_paragraph("主题字体")
    path = tmp_path / "t.docx"
    document.save(path)
    (paragraph,) = read_docx(path).paragraphs
    assert paragraph.runs[0].theme_font


def test_page_setup_and_footers_of_a_briefgen_document(tmp_path):
    from briefgen.document.parse import parse_markup
    from briefgen.docx.write import write_docx

    path = tmp_path / "b.docx"
    path.write_bytes(write_docx(parse_markup("正文段落。\n")))
    facts = read_docx(path)
    assert (facts.page.width, facts.page.height, facts.page.grid_pitch) == (11906, 16838, 579)
    assert facts.even_and_odd and {f.kind for f in facts.footers} == {"default", "even"}
    assert all(f.has_page_field and f.text == "— 1 —" for f in facts.footers)
