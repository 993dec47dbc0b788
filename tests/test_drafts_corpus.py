"""The corpus of foreign drafts (tests/drafts.py) and the independent judge (tests/revisions.py), on their own."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import docx
import drafts
import pytest
from drafts import (
    PAIRS,
    Draft,
    P,
    Table,
    TextBox,
    build,
    expected_stories,
    pair_bytes,
    pair_files,
    word_docx,
)
from lxml import etree
from revisions import (
    accepted,
    rejected,
    resolve,
    revision_count,
    stories,
    unchanged_marked,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
ALL_FEATURES = {
    "split_runs",
    "bookmarks",
    "page_markers",
    "hyperlinks",
    "fields",
    "auto_numbering",
    "auto_numbering_wrong",
    "title_soft_break",
    "footnote",
    "textbox",
    "toc",
    "tracked",
    "comments",
    "wps",
    "libreoffice",
}
HAS_SOFFICE = shutil.which("soffice") is not None


def word_features(features: dict) -> dict:
    """A pair's features without the "who saved it last" choice."""
    return {key: value for key, value in features.items() if key != "saved_by"}


def word_bytes(name: str) -> tuple:
    """The two drafts of a pair as Word writes them (no LibreOffice trip)."""
    old, new, features = PAIRS[name]
    return word_docx(old, **word_features(features)), word_docx(new, **word_features(features))


def part(content: bytes, name: str):
    """One XML part of a package, parsed."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return etree.fromstring(package.read(name))


def names(content: bytes) -> list:
    """The members of a package."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.namelist()


def xpath(element, path: str) -> list:
    """XPath with the WordprocessingML prefixes (python-docx elements included)."""
    return etree.XPath(path, namespaces=NS)(element)


def style_id(content: bytes, name: str) -> str:
    """The w:styleId of the style called ``name`` (ids are localised; names are not)."""
    found = xpath(part(content, "word/styles.xml"), f"//w:style[w:name/@w:val='{name}']/@w:styleId")
    return found[0] if found else ""


def detect(content: bytes) -> set:
    """Which constructs a Word-written package really holds, read from its XML."""
    doc = part(content, "word/document.xml")
    members = names(content)
    found = set()
    runs_with_rsid = xpath(doc, "//w:r[@w:rsidR and @w:rsidRPr]")
    if len(runs_with_rsid) > 20 and xpath(doc, "//w:proofErr[@w:type='spellStart']"):
        found.add("split_runs")
    if xpath(doc, "//w:bookmarkStart[@w:name='_GoBack']"):
        found.add("bookmarks")
    if xpath(doc, "//w:lastRenderedPageBreak"):
        found.add("page_markers")
    rels = part(content, "word/_rels/document.xml.rels")
    external = set(xpath(rels, "//rel:Relationship[@TargetMode='External']/@Id"))
    if external & set(xpath(doc, "//w:hyperlink/@r:id")):
        found.add("hyperlinks")
    footer_simple = any(xpath(part(content, n), "//w:fldSimple[contains(@w:instr,'PAGE')]") for n in members if "footer" in n)
    if footer_simple and xpath(doc, "//w:instrText[starts-with(normalize-space(.),'REF ')]"):
        found.add("fields")
    if "word/numbering.xml" in members and xpath(doc, "//w:pPr/w:numPr"):
        found.add("auto_numbering")
        if xpath(part(content, "word/numbering.xml"), "//w:lvl[@w:ilvl='2']/w:lvlText[@w:val='%3、']"):
            found.add("auto_numbering_wrong")
    title = style_id(content, "Title")
    if xpath(doc, f"//w:p[w:pPr/w:pStyle/@w:val='{title}'][w:r/w:br[not(@w:type)]]"):
        found.add("title_soft_break")
    if xpath(doc, "//w:footnoteReference") and "word/footnotes.xml" in members:
        found.add("footnote")
    if xpath(doc, "//mc:AlternateContent[mc:Choice//w:txbxContent][mc:Fallback//v:textbox/w:txbxContent]"):
        found.add("textbox")
    if xpath(doc, "//w:sdt[w:sdtPr/w:docPartObj/w:docPartGallery/@w:val='Table of Contents']"):
        found.add("toc")
    if xpath(doc, "//w:ins[w:r] | //w:del[w:r]"):
        found.add("tracked")
    if "word/comments.xml" in members and xpath(doc, "//w:commentRangeStart") and xpath(doc, "//w:commentReference"):
        found.add("comments")
    if "docProps/custom.xml" in members:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            if b"KSOProductBuildVer" in package.read("docProps/custom.xml"):
                found.add("wps")
    return found


# ---------------------------------------------------------------------------------------------
# The pairs
# ---------------------------------------------------------------------------------------------


def test_there_are_at_least_fourteen_pairs():
    assert len(PAIRS) >= 14
    for name, (old, new, features) in PAIRS.items():
        assert isinstance(old, Draft) and isinstance(new, Draft) and isinstance(features, dict), name


def test_the_pairs_cover_every_feature():
    covered = set()
    for name, (old, new, features) in PAIRS.items():
        old_bytes, new_bytes = word_bytes(name)
        covered |= detect(old_bytes) | detect(new_bytes)
        if features.get("saved_by") in ("libreoffice", "odt"):
            covered.add("libreoffice")
    assert covered >= ALL_FEATURES, f"not covered: {sorted(ALL_FEATURES - covered)}"


def test_every_pair_but_the_identical_one_differs():
    for name, (old, new, _) in PAIRS.items():
        assert (old == new) == (name == "identical"), name


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_every_draft_opens_in_python_docx(name):
    old, new, features = PAIRS[name]
    for draft, content in zip((old, new), word_bytes(name)):
        document = docx.Document(io.BytesIO(content))
        first_line = "\n".join(draft.title) if features.get("title_soft_break") else draft.title[0]
        assert document.paragraphs[0].text == first_line
        assert len(document.tables) == sum(isinstance(block, Table) for block in draft.blocks)
        assert document.core_properties.author == draft.author
        section = document.sections[0]
        assert (section.page_width, section.page_height) == (11906 * 635, 16838 * 635)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_stories_read_the_drafts_own_text(name):
    old, new, features = PAIRS[name]
    for draft, content in zip((old, new), word_bytes(name)):
        got = stories(content)
        got.pop("endnotes", None)
        assert got == expected_stories(draft, **word_features(features))


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_python_docx_reads_the_same_plain_paragraphs_and_cells(name):
    """python-docx (an independent reader) sees the same text wherever it can: no fields, insertions or boxes."""
    for content in word_bytes(name):
        body = stories(content)["body"]
        document = docx.Document(io.BytesIO(content))
        plain = [
            p.text
            for p in document.paragraphs
            if not xpath(p._p, ".//w:fldSimple | .//w:ins | .//w:txbxContent | .//w:fldChar")
        ]
        position = 0
        for text in plain:
            assert text in body[position:], text
            position = body.index(text, position) + 1
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert all(cell in body for cell in cells)


# What a reader must see, written out by hand (not computed by the builder).
LITERAL_TEXTS = [
    ("figures", "old", "body", "汽车零部件行业完成产值24.3亿元"),
    ("figures", "new", "body", "汽车零部件行业完成产值25.1亿元"),
    ("figures", "new", "body", "比年初净增38户"),
    ("renumbered_literal", "old", "body", "（一）装备制造业较快增长"),
    ("renumbered_literal", "new", "body", "（一）工业经济总体回稳向好"),
    ("renumbered_literal", "new", "body", "（二）装备制造业较快增长"),
    ("renumbered_literal", "new", "body", "（四）消费品工业平稳运行"),
    ("renumbered_auto", "new", "body", "装备制造业较快增长"),
    ("auto_numbering_wrong", "new", "body", "强化经济运行监测"),
    ("title_changed", "new", "body", "关于2024年前三季度全市工业经济\n运行情况和四季度工作安排的报告"),
    ("table_edits", "new", "body", "产品销售率"),
    ("table_edits", "new", "body", "620.1"),
    ("footnote_changed", "old", "footnotes", " 规上工业企业指年主营业务收入2000万元及以上的工业法人单位。"),
    ("textbox_changed", "new", "textbox", "截至9月底，全市累计培育省级“专精特新”中小企业152家、国家级专精特新“小巨人”企业12家。"),
    ("caption_paragraph", "new", "body", "表1 2024年前三季度全市规上工业主要经济指标"),
    ("toc_heading_changed", "new", "body", "二、重点行业运行特点\t2"),
    ("toc_heading_changed", "new", "body", "目录"),
    ("field_paragraph", "new", "body", "主要指标见表1（第2页）。"),
]


@pytest.mark.parametrize("name, side, story, text", LITERAL_TEXTS)
def test_stories_hold_the_texts_written_by_hand(name, side, story, text):
    content = word_bytes(name)[0 if side == "old" else 1]
    assert any(text in paragraph for paragraph in stories(content)[story]), text


def test_renumbered_auto_headings_carry_numbering_and_no_number():
    new_bytes = word_bytes("renumbered_auto")[1]
    doc = part(new_bytes, "word/document.xml")
    heading = style_id(new_bytes, "heading 2")
    paragraphs = xpath(doc, f"//w:p[w:pPr/w:pStyle/@w:val='{heading}']")
    assert paragraphs and all(xpath(p, "w:pPr/w:numPr/w:ilvl/@w:val") == ["1"] for p in paragraphs)
    assert not any(re.match(r"（[一二三四五六七八九十]+）", "".join(xpath(p, ".//w:t/text()"))) for p in paragraphs)


def test_numbering_levels_as_gbt_9704_writes_them():
    content = word_bytes("renumbered_auto")[0]
    numbering = part(content, "word/numbering.xml")
    levels = {
        int(lvl.get(f"{{{W}}}ilvl")): (
            xpath(lvl, "w:numFmt/@w:val")[0],
            xpath(lvl, "w:lvlText/@w:val")[0],
            xpath(lvl, "w:rPr/w:rFonts/@w:eastAsia")[0],
        )
        for lvl in xpath(numbering, "//w:abstractNum/w:lvl")
    }
    assert levels[0] == ("chineseCounting", "%1、", "黑体")
    assert levels[1] == ("chineseCounting", "（%2）", "楷体_GB2312")
    assert levels[2] == ("decimal", "%3.", "仿宋_GB2312")
    assert levels[3] == ("decimal", "（%4）", "仿宋_GB2312")
    assert all(xpath(numbering, f"//w:lvl[@w:ilvl='{i}']/w:pPr/w:ind") for i in range(4))
    wrong = part(word_bytes("auto_numbering_wrong")[0], "word/numbering.xml")
    assert xpath(wrong, "//w:lvl[@w:ilvl='2']/w:lvlText/@w:val") == ["%3、"]


def test_a_correct_draft_is_formatted_to_gbt_9704():
    content = word_docx(drafts.report())
    doc = part(content, "word/document.xml")
    margins = xpath(doc, "//w:sectPr/w:pgMar")[0].attrib
    assert {k.split("}")[1]: margins[k] for k in margins if k.split("}")[1] in ("top", "left", "right", "bottom")} == {
        "top": "2098",
        "right": "1474",
        "bottom": "1984",
        "left": "1587",
    }
    assert round(2098 / 1440 * 25.4) == 37 and round(1587 / 1440 * 25.4) == 28
    assert xpath(doc, "//w:sectPr/w:docGrid/@w:linePitch") == ["579"]
    styles = part(content, "word/styles.xml")
    normal = xpath(styles, "//w:style[w:name/@w:val='Normal']")[0]
    assert xpath(normal, "w:rPr/w:sz/@w:val") == ["32"]
    assert xpath(normal, "w:rPr/w:rFonts/@w:eastAsia") == ["仿宋_GB2312"]
    assert xpath(normal, "w:pPr/w:spacing/@w:line") == ["579"] and xpath(normal, "w:pPr/w:spacing/@w:lineRule") == ["exact"]
    assert xpath(normal, "w:pPr/w:ind/@w:firstLineChars") == ["200"]
    assert xpath(styles, "//w:docDefaults//w:rFonts/@w:asciiTheme") == ["minorHAnsi"]
    assert xpath(styles, "//w:docDefaults//w:rFonts/@w:eastAsiaTheme") == ["minorEastAsia"]
    style_names = set(xpath(styles, "//w:style/w:name/@w:val"))
    assert {"Normal", "heading 1", "heading 2", "heading 3", "heading 4", "Title", "toc 1", "Hyperlink", "footnote text", "caption"} <= style_names
    title = style_id(content, "Title")
    title_runs = xpath(doc, f"//w:p[w:pPr/w:pStyle/@w:val='{title}']/w:r")
    assert title_runs and all(xpath(r, "w:rPr/w:rFonts/@w:eastAsia") == ["方正小标宋简体"] for r in title_runs)
    assert all(xpath(r, "w:rPr/w:sz/@w:val") == ["44"] for r in title_runs)
    assert xpath(styles, f"//w:style[@w:styleId='{title}']/w:pPr/w:jc/@w:val") == ["center"]
    h1 = style_id(content, "heading 1")
    assert xpath(styles, f"//w:style[@w:styleId='{h1}']/w:rPr/w:rFonts/@w:eastAsia") == ["黑体"]


def test_the_package_is_complete():
    content = word_docx(drafts.rich(drafts.report()), auto_numbering=True)
    members = names(content)
    for needed in (
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/theme/theme1.xml",
        "word/fontTable.xml",
        "word/numbering.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "word/comments.xml",
        "word/footer1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ):
        assert needed in members, needed
    types = part(content, "[Content_Types].xml")
    overrides = set(xpath(types, "//ct:Override/@PartName"))
    assert {"/" + name for name in members if name.endswith(".xml") and name != "[Content_Types].xml"} <= overrides
    rels = part(content, "word/_rels/document.xml.rels")
    for rel in xpath(rels, "//rel:Relationship[not(@TargetMode)]"):
        assert "word/" + rel.get("Target") in members
    for name in members:
        part(content, name) if name.endswith((".xml", ".rels")) else None
    settings = part(content, "word/settings.xml")
    assert len(xpath(settings, "//w:rsids/w:rsid")) > 5 and xpath(settings, "//w:rsids/w:rsidRoot")
    assert xpath(part(content, "word/footer1.xml"), "//w:fldSimple/@w:instr")[0].split()[0] == "PAGE"
    notes = part(content, "word/footnotes.xml")
    assert xpath(notes, "//w:footnote[@w:type='separator']/@w:id") == ["-1"]
    assert xpath(notes, "//w:footnote[@w:type='continuationSeparator']/@w:id") == ["0"]
    assert xpath(part(content, "word/endnotes.xml"), "//w:endnote[@w:type='separator']")
    doc = part(content, "word/document.xml")
    assert doc.get(f"{{{NS['mc']}}}Ignorable") == "w14 w15 wp14"
    assert xpath(doc, "//w:hyperlink[@r:id]") and xpath(rels, "//rel:Relationship[@TargetMode='External']")
    assert xpath(doc, "//w:sdt//w:hyperlink[starts-with(@w:anchor,'_Toc')]")
    toc_targets = set(xpath(doc, "//w:sdt//w:hyperlink/@w:anchor"))
    assert toc_targets <= set(xpath(doc, "//w:bookmarkStart/@w:name"))
    refs = xpath(doc, "//w:instrText[contains(.,'REF _Ref')]/text()")
    assert refs and all(r.split()[1] in xpath(doc, "//w:bookmarkStart/@w:name") for r in refs)
    assert xpath(doc, "//w:fldSimple[starts-with(normalize-space(@w:instr),'SEQ Table')]")


def test_go_back_ends_the_last_edited_paragraph():
    old_bytes, new_bytes = word_bytes("figures")
    for content, text in ((old_bytes, drafts.CLOSING), (new_bytes, "比年初净增38户")):
        doc = part(content, "word/document.xml")
        para = xpath(doc, "//w:bookmarkStart[@w:name='_GoBack']/..")[0]
        assert text in "".join(xpath(para, ".//w:t/text()"))
        assert etree.QName(para[-1]).localname == "bookmarkEnd"


def test_word_splits_runs_and_marks_them_with_rsids():
    content = word_docx(drafts.report())
    doc = part(content, "word/document.xml")
    runs = xpath(doc, "//w:body/w:p/w:r[w:t]")
    assert all(r.get(f"{{{W}}}rsidR") and r.get(f"{{{W}}}rsidRPr") for r in runs)
    figure = next(p for p in xpath(doc, "//w:body/w:p") if "24.3亿元" in "".join(xpath(p, ".//w:t/text()")))
    assert len(xpath(figure, "w:r[w:t]")) > 5
    assert xpath(doc, "//w:proofErr[@w:type='spellStart']") and xpath(doc, "//w:proofErr[@w:type='spellEnd']")
    assert xpath(doc, "//w:bookmarkStart[@w:name='_GoBack']")


def test_builds_are_deterministic():
    assert word_docx(drafts.rich(drafts.report())) == word_docx(drafts.rich(drafts.report()))
    old, new = word_bytes("identical")
    assert old == new


def test_unknown_features_are_refused():
    with pytest.raises(TypeError):
        word_docx(drafts.report(), splitruns=True)


def test_edits_of_text_that_is_not_there_are_refused():
    with pytest.raises(ValueError):
        drafts.edit(drafts.report(), "不存在的句子", "x")


def test_the_long_pair_has_at_least_forty_page_markers():
    for content in word_bytes("long"):
        doc = part(content, "word/document.xml")
        assert len(xpath(doc, "//w:lastRenderedPageBreak")) >= 40
        document = docx.Document(io.BytesIO(content))
        assert sum(len(p.rendered_page_breaks) for p in document.paragraphs) >= 40
        assert len(stories(content)["body"]) > 150
    old, new, _ = PAIRS["long"]
    old_body, new_body = expected_stories(old)["body"], expected_stories(new)["body"]
    assert len(set(old_body) ^ set(new_body)) <= 8


def test_the_page_marker_pair_edits_a_paragraph_that_starts_a_page():
    old_bytes, new_bytes = word_bytes("page_marker_paragraph")
    old_body = stories(old_bytes)["body"]
    new_body = set(stories(new_bytes)["body"])
    changed = [text for text in old_body if text not in new_body]
    assert len(changed) == 1
    doc = part(old_bytes, "word/document.xml")
    para = next(p for p in xpath(doc, "//w:body/w:p") if "".join(xpath(p, ".//w:t/text()")) == changed[0])
    first_run = xpath(para, "w:r")[0]
    assert next(etree.QName(c).localname for c in first_run if etree.QName(c).localname != "rPr") == "lastRenderedPageBreak"


def test_the_pending_draft_reads_accepted_and_rejected():
    old, _, features = PAIRS["pending_tracked"]
    content = word_docx(old, **features)
    assert accepted(content) == expected_stories(old, **features)
    body = rejected(content)["body"]
    assert any("比年初净增36户。主要指标" in text for text in body)
    assert any("完成产值731.5亿元，占全市规上工业的29.8%，同比增长3.2%" in text for text in body)
    assert revision_count(content) == 2
    doc = part(content, "word/document.xml")
    assert xpath(doc, "//w:ins/@w:author") == ["李华"] and xpath(doc, "//w:del/@w:date")
    for accept in (True, False):
        assert docx.Document(io.BytesIO(resolve(content, accept))).paragraphs


def test_the_wps_pair_is_written_as_wps_writes():
    content = word_bytes("wps")[0]
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert b"KSOProductBuildVer" in package.read("docProps/custom.xml")
        assert b"<Application>WPS Office" in package.read("docProps/app.xml")
    doc = part(content, "word/document.xml")
    assert not xpath(doc, "//w:r[@w:rsidR]") and not xpath(doc, "//w:p/@w14:paraId")
    runs = xpath(doc, "//w:body/w:p/w:r[w:t]")
    assert all(xpath(r, "w:rPr/w:rFonts/@w:eastAsia") and xpath(r, "w:rPr/w:rFonts/@w:hint") for r in runs)
    assert style_id(content, "heading 1") == "2" and style_id(content, "Normal") == "1"


def test_the_english_word_pair_uses_english_style_ids():
    content = word_bytes("rewording")[0]
    assert style_id(content, "heading 1") == "Heading1" and style_id(content, "Title") == "Title"
    assert style_id(word_bytes("figures")[0], "heading 1") == "1"


def test_pair_files_writes_both_drafts(tmp_path):
    old_path, new_path = pair_files("figures", tmp_path / "pairs")
    assert old_path.read_bytes() == word_bytes("figures")[0] and new_path.read_bytes() == word_bytes("figures")[1]
    assert docx.Document(str(new_path)).paragraphs


# ---------------------------------------------------------------------------------------------
# Text boxes: the Fallback copy is never read
# ---------------------------------------------------------------------------------------------


def test_a_text_box_is_its_own_story_and_counted_once():
    content = word_bytes("textbox_changed")[0]
    found = stories(content)
    lines = drafts.BOX_TEXT.split("\n")
    assert found["textbox"] == lines
    assert not any(line in text for text in found["body"] for line in lines)
    doc = part(content, "word/document.xml")
    for branch in ("mc:Choice", "mc:Fallback"):  # the same paragraphs in both
        boxed = ["".join(xpath(q, ".//w:t/text()")) for q in xpath(doc, f"//{branch}//w:txbxContent/w:p")]
        assert boxed == lines, branch


def test_the_fallback_is_never_read_even_when_it_differs():
    box = (
        "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
        "<w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>只在后备</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    found = stories(package(box))
    assert found["body"] == ["正文"] and found["textbox"] == ["框内"]


def test_a_vml_only_text_box_is_read():
    box = (
        "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>旧式文本框</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    assert stories(package(box))["textbox"] == ["旧式文本框"]


# ---------------------------------------------------------------------------------------------
# Handmade redlines: every construct, accepted and rejected
# ---------------------------------------------------------------------------------------------

DECL = (
    f'xmlns:w="{W}" xmlns:mc="{NS["mc"]}" xmlns:v="{NS["v"]}" xmlns:r="{NS["r"]}" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
WHO = 'w:author="审核人" w:date="2024-10-14T08:00:00Z"'


def package(body: str, footnotes: str = "", footer: str = "") -> bytes:
    """A minimal .docx around a handmade body (and footnotes / footer content)."""
    rels = [("rId1", "styles", "styles.xml")]
    parts = {"word/styles.xml": f"<w:styles {DECL}/>"}
    if footnotes:
        parts["word/footnotes.xml"] = (
            f'<w:footnotes {DECL}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1">{footnotes}</w:footnote></w:footnotes>'
        )
        rels.append(("rId2", "footnotes", "footnotes.xml"))
    if footer:
        parts["word/footer1.xml"] = f"<w:ftr {DECL}>{footer}</w:ftr>"
        rels.append(("rId3", "footer", "footer1.xml"))
    parts["word/document.xml"] = f"<w:document {DECL}><w:body>{body}<w:sectPr/></w:body></w:document>"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    parts["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="{NS["rel"]}">'
        + "".join(f'<Relationship Id="{i}" Type="{kind}{t}" Target="{target}"/>' for i, t, target in rels)
        + "</Relationships>"
    )
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{NS["rel"]}"><Relationship Id="rId1" Type="{kind}officeDocument" Target="word/document.xml"/></Relationships>'
    )
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    parts["[Content_Types].xml"] = (
        f'<Types xmlns="{NS["ct"]}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{main}document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def r(text: str) -> str:
    """A run of text."""
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str, rid: int = 1) -> str:
    """An inserted run."""
    return f'<w:ins w:id="{rid}" {WHO}>{r(text)}</w:ins>'


def dele(text: str, rid: int = 2) -> str:
    """A deleted run."""
    return f'<w:del w:id="{rid}" {WHO}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def p(content: str, mark: str = "", ppr: str = "") -> str:
    """A paragraph; ``mark`` is "ins" or "del" for a tracked paragraph mark."""
    mark_xml = f'<w:rPr><w:{mark} w:id="9" {WHO}/></w:rPr>' if mark else ""
    return f"<w:p><w:pPr>{ppr}{mark_xml}</w:pPr>{content}</w:p>"


def row(cells: list, mark: str = "", cell_marks: tuple = ()) -> str:
    """A table row of one-paragraph cells; ``mark`` ins/del on the row, ``cell_marks`` per cell."""
    tr_pr = f'<w:trPr><w:{mark} w:id="7" {WHO}/></w:trPr>' if mark else ""
    out = []
    for i, cell in enumerate(cells):
        cell_mark = cell_marks[i] if i < len(cell_marks) else ""
        tc_pr = f'<w:tcPr><w:tcW w:w="2000" w:type="dxa"/><w:{cell_mark} w:id="8" {WHO}/></w:tcPr>' if cell_mark else "<w:tcPr/>"
        out.append(f"<w:tc>{tc_pr}<w:p>{cell}</w:p></w:tc>")
    return f"<w:tr>{tr_pr}{''.join(out)}</w:tr>"


def table(*rows: str) -> str:
    """A table of the given rows."""
    return f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{"".join(rows)}</w:tbl>'


FIELD_DELETED = (
    f'<w:del w:id="5" {WHO}><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:delInstrText xml:space="preserve"> PAGE </w:delInstrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:delText>3</w:delText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:del>'
)
MOVE_FROM = (
    f'<w:moveFromRangeStart w:id="20" w:name="move1" {WHO}/><w:moveFrom w:id="21" {WHO}><w:r><w:t>乙</w:t></w:r></w:moveFrom>'
    '<w:moveFromRangeEnd w:id="20"/>'
)
MOVE_TO = (
    f'<w:moveToRangeStart w:id="22" w:name="move1" {WHO}/><w:moveTo w:id="23" {WHO}><w:r><w:t>乙</w:t></w:r></w:moveTo>'
    '<w:moveToRangeEnd w:id="22"/>'
)
BOX_CHANGED = (
    "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
    f"<w:p>{r('专精特新企业')}{dele('146')}{ins('152')}{r('家')}</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>{r('专精特新企业')}{dele('146')}{ins('152')}{r('家')}</w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)

# name -> (body XML, accepted body texts, rejected body texts)
CASES = {
    "run insertion and deletion": (p(r("产值") + dele("24.3") + ins("25.1") + r("亿元")), ["产值25.1亿元"], ["产值24.3亿元"]),
    "deleted text inside a hyperlink": (
        p(f'<w:hyperlink r:id="rId9">{r("详见")}{dele("国家")}{r("统计局")}</w:hyperlink>'),
        ["详见统计局"],
        ["详见国家统计局"],
    ),
    "moves with their range markers": (p(r("甲") + MOVE_FROM) + p(r("丙") + MOVE_TO), ["甲", "丙乙"], ["甲乙", "丙"]),
    "moved text written with delText": (
        p(r("甲") + f'<w:moveFrom w:id="21" {WHO}><w:r><w:delText>乙</w:delText></w:r></w:moveFrom>') + p(r("丙")),
        ["甲", "丙"],
        ["甲乙", "丙"],
    ),
    "deleted paragraph mark merges on accept": (p(r("第一段"), "del") + p(r("第二段")), ["第一段第二段"], ["第一段", "第二段"]),
    "wholly deleted paragraph": (p(dele("整段删除"), "del") + p(r("第二段")), ["第二段"], ["整段删除", "第二段"]),
    "inserted paragraph mark merges on reject": (p(r("甲"), "ins") + p(r("乙")), ["甲", "乙"], ["甲乙"]),
    "wholly inserted paragraph": (p(r("甲")) + p(ins("新增段落"), "ins") + p(r("乙")), ["甲", "新增段落", "乙"], ["甲", "乙"]),
    "chain of deleted marks": (
        p(dele("一"), "del") + p(dele("二"), "del") + p(r("三")),
        ["三"],
        ["一", "二", "三"],
    ),
    "deleted empty paragraph before a table": (
        p(dele("表前"), "del") + table(row([r("甲"), r("乙")])),
        ["甲", "乙"],
        ["表前", "甲", "乙"],
    ),
    "table rows inserted and deleted": (
        table(row([r("指标"), r("数值")]), row([ins("新行"), ins("1")], "ins"), row([dele("旧行"), dele("2")], "del")),
        ["指标", "数值", "新行", "1"],
        ["指标", "数值", "旧行", "2"],
    ),
    "cells inserted and deleted": (
        table(row([r("甲"), ins("乙"), dele("丙")], cell_marks=("", "cellIns", "cellDel"))),
        ["甲", "乙"],
        ["甲", "丙"],
    ),
    "a deleted field with delInstrText": (p(r("第") + FIELD_DELETED + r("页")), ["第页"], ["第3页"]),
    "insertion inside a deletion of another author": (
        p(r("甲") + f'<w:del w:id="30" {WHO}><w:ins w:id="31" {WHO}><w:r><w:delText>乙</w:delText></w:r></w:ins></w:del>' + r("丙")),
        ["甲丙"],
        ["甲丙"],
    ),
    "text box in Choice and Fallback": (BOX_CHANGED, [""], [""]),
    "deleted mark inside a table cell merges within the cell": (
        table(f"<w:tr><w:tc><w:tcPr/>{p(r('上'), 'del')}{p(r('下'))}</w:tc><w:tc><w:tcPr/>{p(r('右'))}</w:tc></w:tr>"),
        ["上下", "右"],
        ["上", "下", "右"],
    ),
    "deleted mark of a cell's last paragraph stays": (
        table(f"<w:tr><w:tc><w:tcPr/>{p(r('格'), 'del')}</w:tc><w:tc><w:tcPr/>{p(r('邻'))}</w:tc></w:tr>"),
        ["格", "邻"],
        ["格", "邻"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_resolve_handmade_redlines(name):
    body, accept_texts, reject_texts = CASES[name]
    content = package(body)
    assert revision_count(content) > 0
    for accept, expected in ((True, accept_texts), (False, reject_texts)):
        result = resolve(content, accept)
        assert stories(result)["body"] == expected, ("accept" if accept else "reject", name)
        assert revision_count(result) == 0
        doc = part(result, "word/document.xml")
        assert not xpath(doc, "//w:delText | //w:delInstrText | //w:moveFromRangeStart | //w:moveToRangeEnd")


def test_resolve_reads_the_text_box_both_ways_and_clears_the_fallback():
    content = package(BOX_CHANGED)
    assert revision_count(content) == 2  # the Fallback copy is not counted
    assert stories(resolve(content, True))["textbox"] == ["专精特新企业152家"]
    assert stories(resolve(content, False))["textbox"] == ["专精特新企业146家"]
    for accept in (True, False):
        doc = part(resolve(content, accept), "word/document.xml")
        assert xpath(doc, "//mc:Fallback//w:t/text()") == xpath(doc, "//mc:Choice//w:t/text()")


def test_a_merged_paragraph_keeps_the_properties_of_the_surviving_mark():
    content = package(p(r("第一段"), "del", '<w:jc w:val="left"/>') + p(r("第二段"), ppr='<w:jc w:val="center"/>'))
    doc = part(resolve(content, True), "word/document.xml")
    assert xpath(doc, "//w:body/w:p/w:pPr/w:jc/@w:val") == ["center"]


def test_property_changes_are_dropped_or_restored():
    run = (
        f'<w:r><w:rPr><w:b/><w:rPrChange w:id="3" {WHO}><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>格式</w:t></w:r>'
    )
    ppr = f'<w:jc w:val="center"/><w:pPrChange w:id="4" {WHO}><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrChange>'
    content = package(f'<w:p><w:pPr>{ppr}<w:rPr><w:sz w:val="32"/></w:rPr></w:pPr>{run}</w:p>')
    assert revision_count(content) == 2
    kept = part(resolve(content, True), "word/document.xml")
    assert [etree.QName(e).localname for e in xpath(kept, "//w:r/w:rPr/*")] == ["b"]
    assert xpath(kept, "//w:pPr/w:jc/@w:val") == ["center"]
    old = part(resolve(content, False), "word/document.xml")
    assert [etree.QName(e).localname for e in xpath(old, "//w:r/w:rPr/*")] == ["i"]
    assert xpath(old, "//w:pPr/w:jc/@w:val") == ["both"]
    assert xpath(old, "//w:pPr/w:rPr/w:sz/@w:val") == ["32"]  # the mark's run properties stay
    assert stories(resolve(content, False))["body"] == ["格式"]


def test_table_and_section_property_changes():
    body = (
        f'<w:tbl><w:tblPr><w:jc w:val="center"/><w:tblPrChange w:id="40" {WHO}><w:tblPr><w:jc w:val="left"/></w:tblPr></w:tblPrChange></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid>'
        f'<w:tr><w:trPr><w:jc w:val="center"/><w:trPrChange w:id="41" {WHO}><w:trPr/></w:trPrChange></w:trPr>'
        f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/><w:tcPrChange w:id="42" {WHO}><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr></w:tcPrChange></w:tcPr>'
        "<w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    content = package(body)
    assert revision_count(content) == 3
    old = part(resolve(content, False), "word/document.xml")
    assert xpath(old, "//w:tblPr/w:jc/@w:val") == ["left"] and xpath(old, "//w:tcW/@w:w") == ["2000"]
    assert not xpath(old, "//w:trPr/*")
    new = part(resolve(content, True), "word/document.xml")
    assert xpath(new, "//w:tblPr/w:jc/@w:val") == ["center"] and xpath(new, "//w:tcW/@w:w") == ["3000"]


def test_numbering_added_with_tracking():
    numbered = f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/><w:ins w:id="50" {WHO}/></w:numPr></w:pPr>{r("标题")}</w:p>'
    content = package(numbered)
    assert xpath(part(resolve(content, True), "word/document.xml"), "//w:numPr/w:numId/@w:val") == ["1"]
    assert not xpath(part(resolve(content, False), "word/document.xml"), "//w:numPr")


def test_changes_in_footnotes_and_footers_are_resolved():
    note = f'<w:p><w:r><w:footnoteRef/></w:r>{r(" 注：")}{dele("旧口径")}{ins("新口径")}</w:p>'
    footer = f'<w:p>{r("— ")}{ins("1")}{r(" —")}</w:p>'
    content = package(p(r("正文")), footnotes=note, footer=footer)
    assert stories(content)["footnotes"] == [" 注：新口径"]
    assert stories(resolve(content, False))["footnotes"] == [" 注：旧口径"]
    assert stories(resolve(content, True))["footnotes"] == [" 注：新口径"]
    assert xpath(part(resolve(content, False), "word/footer1.xml"), "//w:t/text()") == ["— ", " —"]
    assert revision_count(resolve(content, True)) == 0


def test_paragraph_text_follows_the_reading_rules():
    fields = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>表1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = (
        p(r("甲") + "<w:r><w:tab/></w:r>" + r("乙") + "<w:r><w:br/></w:r>" + r("丙") + '<w:r><w:br w:type="page"/></w:r>')
        + p('<w:r><w:sym w:font="Wingdings" w:char="2713"/></w:r>' + fields + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>5</w:t></w:r></w:fldSimple>')
        + f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{r("标题")}</w:p>'
        + p(r("前") + dele("删") + ins("增"))
    )
    assert stories(package(body))["body"] == ["甲\t乙\n丙", "\u2713表15", "标题", "前增"]


def test_fields_spanning_paragraphs_are_followed():
    body = (
        p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("一、总体\t1"))
        + p(r("二、行业\t2"))
        + p('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    )
    assert stories(package(body))["body"] == ["一、总体\t1", "二、行业\t2", ""]


# ---------------------------------------------------------------------------------------------
# unchanged_marked
# ---------------------------------------------------------------------------------------------


def plain(*texts: str) -> bytes:
    """A package of plain paragraphs."""
    return package("".join(p(r(text)) for text in texts))


def test_a_clean_redline_marks_no_unchanged_paragraph():
    old, new = plain("甲", "乙", "丙"), plain("甲", "乙改", "丙")
    redline = package(p(r("甲")) + p(r("乙") + ins("改")) + p(r("丙")))
    assert unchanged_marked(old, new, redline) == []


def test_an_unchanged_paragraph_rewritten_in_the_redline_is_reported():
    old, new = plain("甲", "乙", "丙"), plain("甲", "乙改", "丙")
    redline = package(p(r("甲")) + p(r("乙") + ins("改")) + p(dele("丙") + ins("丙")))
    assert unchanged_marked(old, new, redline) == ["丙"]


def test_a_formatting_mark_on_an_unchanged_paragraph_is_reported():
    old, new = plain("甲", "丙"), plain("甲", "乙", "丙")
    changed = f'<w:r><w:rPr><w:b/><w:rPrChange w:id="3" {WHO}><w:rPr/></w:rPrChange></w:rPr><w:t>丙</w:t></w:r>'
    clean = package(p(r("甲")) + p(ins("乙"), "ins") + p(r("丙")))
    assert unchanged_marked(old, new, clean) == []
    marked = package(p(r("甲")) + p(ins("乙"), "ins") + f"<w:p>{changed}</w:p>")
    assert unchanged_marked(old, new, marked) == ["丙"]


def test_an_unchanged_paragraph_deleted_and_inserted_whole_is_reported():
    old, new = plain("甲", "乙"), plain("甲", "乙")
    redline = package(p(dele("甲"), "del") + p(ins("甲"), "ins") + p(r("乙")))
    assert unchanged_marked(old, new, redline) == ["甲"]


def test_rows_are_aligned_through_the_redline():
    old = package(table(row([r("指标"), r("数值")]), row([r("产值"), r("24.3")])))
    new = package(table(row([r("指标"), r("数值")]), row([r("新行"), r("1")]), row([r("产值"), r("24.3")])))
    redline = package(table(row([r("指标"), r("数值")]), row([ins("新行"), ins("1")], "ins"), row([r("产值"), r("24.3")])))
    assert unchanged_marked(old, new, redline) == []
    bad = package(
        table(
            row([dele("指标"), dele("数值")], "del"),
            row([ins("指标"), ins("数值")], "ins"),
            row([ins("新行"), ins("1")], "ins"),
            row([r("产值"), r("24.3")]),
        )
    )
    assert unchanged_marked(old, new, bad) == ["指标", "数值"]


def test_a_repeated_paragraph_is_aligned_as_the_redline_aligns_it():
    old, new = plain("甲", "乙", "乙"), plain("甲", "乙")
    redline = package(p(r("甲")) + p(dele("乙"), "del") + p(r("乙")))
    assert unchanged_marked(old, new, redline) == []


# ---------------------------------------------------------------------------------------------
# LibreOffice (slow: two conversions)
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("name", ["libreoffice", "via_odt"])
def test_drafts_convert_with_libreoffice_and_keep_their_text(name):
    old, _, features = PAIRS[name]
    content = build(old, {**features})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")
    assert docx.Document(io.BytesIO(content)).paragraphs
    got = stories(content)
    got.pop("endnotes", None)
    assert got == expected_stories(old, **word_features(features))
    doc = part(content, "word/document.xml")
    assert not xpath(doc, "//w:r[@w:rsidR]")  # LibreOffice drops Word's rsids


def test_a_missing_soffice_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(drafts.shutil, "which", lambda name: None)
    with pytest.raises(drafts.LibreOfficeMissing, match="soffice"):
        drafts.libreoffice_docx(b"")
    with pytest.raises(drafts.LibreOfficeMissing):
        pair_bytes("libreoffice")


def test_the_description_blocks_build():
    draft = Draft(("标题",), "主送：", (P("正文。"), TextBox("框", host="宿主"), drafts.PageBreak(), P("二", "heading1")), "署名", "日期")
    found = stories(word_docx(draft))
    assert found["body"] == ["标题", "", "主送：", "正文。", "宿主", "", "一、二", "", "署名", "日期"]
    assert found["textbox"] == ["框"]
