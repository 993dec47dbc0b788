"""The corpus of drafts for ``briefgen format`` (tests/format_corpus.py): its writers, its answer key and
the quirks each draft must keep from the reference document it is modelled on."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import docx
import pytest
from docx.shared import Twips
from format_corpus import (
    ENCODINGS,
    HEADING_ROLES,
    INDENT,
    ROLES,
    SEEDS,
    Line,
    expected_roles,
    paragraphs,
    to_markdown,
    to_plain_docx,
    to_txt,
    typed_indent,
)
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BY_NAME = {draft.name: draft for draft in SEEDS}
IDS = [draft.name for draft in SEEDS]
CN = {ch: i for i, ch in enumerate("一二三四五六七八九十", start=1)}


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def texts(draft) -> list[str]:
    return [line.text for line in draft.lines]


def all_text(draft) -> str:
    return "".join(texts(draft))


def roles(draft, role: str) -> list[Line]:
    return [line for line in draft.lines if line.role == role]


def decoded_lines(data: bytes, encoding: str, newline: str) -> list[str]:
    text = data.decode(encoding)
    assert text.endswith(newline)
    return text[: -len(newline)].split(newline)


# ---------------------------------------------------------------------------------------------
# The drafts themselves
# ---------------------------------------------------------------------------------------------


def test_five_drafts_of_the_five_kinds():
    assert IDS == ["000", "001", "002", "003", "004"]
    assert [d.kind for d in SEEDS] == ["survey_report", "work_report", "survey_report", "proposal_reply", "circular"]


def test_roles_come_from_the_vocabulary():
    for draft in SEEDS:
        assert {line.role for line in draft.lines} <= set(ROLES)
    with pytest.raises(ValueError):
        Line("一、总体情况", "runin2")
    with pytest.raises(ValueError):
        Line("正文", "body", runin=True)


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_each_draft_has_a_title_and_its_heading_levels(draft):
    titles = roles(draft, "title")
    assert len(titles) == 1 and titles[0].text.startswith("关于")
    # The title comes first, after the 版头 only.
    assert draft.lines[0].role == "title" or [line.role for line in draft.lines[:2]] == ["issuer_mark", "title"]
    levels = {line.role for line in draft.lines if line.role in HEADING_ROLES}
    if draft.name == "003":
        assert levels == {"heading3"}  # its reference has "1、"/"2." items only
    else:
        assert len(levels) >= 2


HEADING_FORM = {
    "heading1": re.compile(r"^([一二三四五六七八九十]+)、"),
    "heading2": re.compile(r"^（([一二三四五六七八九十]+)）"),
    "heading3": re.compile(r"^(\d+)[.、]"),
    "heading4": re.compile(r"^（(\d+)）"),
}


def heading_number(line: Line) -> int:
    match = HEADING_FORM[line.role].match(line.text)
    assert match, line.text
    value = match.group(1)
    return int(value) if value.isdigit() else (10 + CN.get(value[1:], 0) if value.startswith("十") else CN[value])


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_headings_are_numbered_in_sequence_under_their_parent(draft):
    counters: dict[str, int] = {}
    for line in draft.lines:
        if line.role not in HEADING_ROLES:
            continue
        level = HEADING_ROLES.index(line.role)
        for deeper in HEADING_ROLES[level + 1 :]:
            counters.pop(deeper, None)
        counters[line.role] = counters.get(line.role, 0) + 1
        assert heading_number(line) == counters[line.role], line.text


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_runin_and_standalone_headings(draft):
    for line in draft.lines:
        if line.role not in HEADING_ROLES:
            assert not line.runin
            continue
        head, sep, rest = line.text.partition("。")
        if line.runin:
            assert sep and len(head) <= 30, line.text  # a short heading closed by 。 ...
            assert len(rest.strip("*")) >= 2, line.text  # ... and body text after it
        else:
            assert not line.text.endswith(("。", "：", ":")), line.text
            assert len(line.text) <= 30


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_every_character_but_the_no_break_space_is_in_gbk(draft):
    for line in draft.lines:
        line.text.replace("\u00a0", "").encode("gbk")


def test_000_survey_report_with_runin_sections():
    draft = BY_NAME["000"]
    text = all_text(draft)
    heading1 = roles(draft, "heading1")
    assert len(heading1) == 5 and all(line.runin for line in heading1)
    assert all(line.runin for line in roles(draft, "heading2"))
    assert heading1[3].text.startswith("四、问题及原因。") and heading1[4].text.startswith("五、建议意见。")
    assert re.search(r"x家规上企业", text) and "产值x元" in text and "x%" in text and "占比" in text
    assert "x、x、x" in text
    assert "XX" not in text and "*" not in text  # lower-case x only
    assert "《》" not in text and "》《" in text and "》、《" in text  # book titles joined both ways
    assert "”、“" in text and "截止目前" in text
    # problems (四、) and suggestions (五、) each list three run-in items
    names = [line.role for line in draft.lines]
    fourth, fifth = draft.lines.index(heading1[3]), draft.lines.index(heading1[4])
    assert names[fourth + 1 : fifth] == ["heading2"] * 3
    assert names[fifth + 1 :] == ["heading2"] * 3


def test_001_work_report_with_figures_and_inline_enumerations():
    draft = BY_NAME["001"]
    text = all_text(draft)
    assert re.search(r"(?<![\d—])1-9月", text) and "1—9月" not in text  # ASCII hyphen, as typed
    assert "同比增长XX%" in text and "同比下降XX%" in text and "百分点" in text and "序时" in text
    assert "前5" in text and "增速 XX" in text and "XXX" in text
    assert "”,引导" in text  # the one ASCII comma
    assert not any(line.runin for line in roles(draft, "heading1"))
    assert all(line.runin for line in roles(draft, "heading2") + roles(draft, "heading3"))
    enumerations = [line for line in draft.lines if all(f"{n}是" in line.text for n in "一二三")]
    assert len(enumerations) >= 3
    items = roles(draft, "heading3")
    assert [line.text[:2] for line in items] == ["1.", "2.", "3.", "4.", "5."]
    # the "1." items sit right under "三、" (no （一） level between)
    index = draft.lines.index(items[0])
    assert draft.lines[index - 1].role == "heading1" and draft.lines[index - 1].text.startswith("三、")


def test_002_survey_report_with_standalone_headings():
    draft = BY_NAME["002"]
    text = all_text(draft)
    headings = [line for line in draft.lines if line.role in HEADING_ROLES]
    assert headings and not any(line.runin for line in headings)
    sections = [0]
    for line in headings[1:]:
        sections = sections + [0] if line.role == "heading1" else sections[:-1] + [sections[-1] + 1]
    assert sections == [3, 5, 5, 4]  # （一）… under each of the four 一、 headings
    for line in roles(draft, "heading2"):  # each standalone heading has its body below
        assert draft.lines[draft.lines.index(line) + 1].role == "body"
    assert "20*年" in text and "*年代" in text and "*%" in text and "*亿元" in text
    assert "XX" not in text and not re.search(r"[^A-Za-z]x[家元%]", text)
    assert draft.lines[1].text.startswith("\u00a0\u00a0")  # indented with no-break spaces
    assert any(line.text.endswith("三是因企施策开展帮扶。") for line in draft.lines)  # runs on into the next paragraph
    assert sum(line.text.startswith("一是") for line in draft.lines) >= 5


def test_003_reply_to_a_proposal_with_ascii_punctuation():
    draft = BY_NAME["003"]
    text = all_text(draft)
    assert draft.lines[1].text.startswith("您提出的") and "建议收悉" in draft.lines[1].text
    assert draft.lines[1].text.endswith("现答复如下:")
    for unit in ("家", "万平方米", "万户", "亿元", "%"):
        assert re.search(r"\d" + re.escape(unit), text), unit
    assert any(line.text.startswith("下一步,") for line in draft.lines)
    assert draft.lines[-1].text.startswith("再次感谢")
    assert text.count(",") >= 60 and ":" in text and ";" in text and "(" in text and ")" in text
    assert "，" not in text  # ASCII commas throughout
    assert [line.text[:2] for line in roles(draft, "heading3")] == ["1、", "2.", "3、", "4."]
    assert not re.search(r"XX|[^A-Za-z]x[家元%个]|\*|×|□", text)  # real figures, no placeholder
    assert roles(draft, "main_recipient") == []


def test_004_circular_with_its_header_and_pdf_breaks():
    draft = BY_NAME["004"]
    text = all_text(draft)
    assert [line.role for line in draft.lines[:3]] == ["issuer_mark", "title", "main_recipient"]
    assert draft.lines[0].text == "湖南省工业和信息化厅文件"
    assert draft.lines[2].text == "各市州工信局："
    title = draft.lines[1].text
    assert title.startswith("关于") and title.endswith("的 通报")  # a stray space where the title was cut
    cities = ("长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底", "湘西")
    assert sum(city in text for city in cities) >= 12
    assert any(line.text.startswith("二、下一步") for line in roles(draft, "heading1"))
    items = roles(draft, "heading3")
    assert [line.text[:2] for line in items] == ["1、", "2、", "3、", "4、", "5、", "1、", "2、", "3、"]
    assert sum("**" in line.text for line in items) == 4
    assert re.search(r"\d 个", text) and "1-5 月" in text and " 万元" in text
    assert sum(line.continues for line in draft.lines) == 6


# ---------------------------------------------------------------------------------------------
# The answer key
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_expected_roles_one_per_paragraph(draft):
    key = expected_roles(draft)
    starts = [line for line in draft.lines if not line.continues]
    assert [role for _, role in key] == [line.role for line in starts]
    assert "".join(text for text, _ in key) == "".join(line.text.strip(" \u3000\u00a0") for line in draft.lines)
    assert all(text == text.strip() and text for text, _ in key)


def test_expected_roles_join_the_lines_a_page_break_cut():
    key = dict(expected_roles(BY_NAME["004"]))
    joined = [text for text in key if "“营商环境优化年”实施实体经济降成本" in text]
    assert len(joined) == 1 and key[joined[0]] == "heading3" and "娄底市" in joined[0]
    assert any("各区县市以“2号公章”方式" in text for text in key)
    assert len(paragraphs(BY_NAME["004"])) == len(BY_NAME["004"].lines) - 6


# ---------------------------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_txt_decodes_back_to_the_lines(draft, encoding, newline):
    data = to_txt(draft, encoding=encoding, newline=newline)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    expected = texts(draft)
    if encoding == "gbk":
        expected = [text.replace("\u00a0", " ") for text in expected]
    assert decoded_lines(data, encoding, newline) == expected
    if newline == "\n":
        assert b"\r" not in data
    else:
        assert data.count(b"\n") == data.count(b"\r\n") == len(expected)


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_gbk_bytes_are_not_utf8(draft):
    gbk = to_txt(draft, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        to_txt(draft, encoding="gb18030").decode("utf-8")
    assert gbk != to_txt(draft)
    assert to_txt(draft, encoding="gb18030").decode("gb18030") == to_txt(draft).decode("utf-8")


def test_txt_refuses_other_encodings_and_newlines():
    with pytest.raises(ValueError):
        to_txt(SEEDS[0], encoding="big5")
    with pytest.raises(ValueError):
        to_txt(SEEDS[0], newline="\n\r")


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_txt_as_typed_with_indents_and_blank_lines(draft):
    data = to_txt(draft, indent=True, blank_lines=True, newline="\r\n").decode("utf-8")
    rows = data[:-2].split("\r\n")
    assert len(rows) == 2 * len(draft.lines) - 1
    assert all(row == "" for row in rows[1::2])
    typed = rows[::2]
    assert any(row.endswith(" ") for row in typed)
    for row, line in zip(typed, draft.lines):
        assert row.startswith(INDENT) == typed_indent(line), row
        assert row.removeprefix(INDENT).rstrip(" ") == line.text.rstrip(" ")
    # headings on their own line and the title are not indented; running text is
    assert not any(row.startswith(INDENT) for row, line in zip(typed, draft.lines) if line.role == "title")
    assert any(row.startswith(INDENT) for row in typed)


# ---------------------------------------------------------------------------------------------
# The unformatted Word document
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_plain_docx_paragraphs_are_the_lines_in_normal(draft):
    data = to_plain_docx(draft)
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == texts(draft)
    assert {p.style.name for p in document.paragraphs} == {"Normal"}
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    assert (section.top_margin, section.bottom_margin) == (Twips(1440), Twips(1440))  # 2.54 cm
    assert (section.left_margin, section.right_margin) == (Twips(1800), Twips(1800))  # 3.18 cm
    body = part(data, "word/document.xml")
    assert body.xpath("//w:pPr|//w:rPr|//w:pStyle|//w:rStyle", namespaces=NS) == []  # no direct formatting


def test_plain_docx_has_words_default_styles_and_parts():
    data = to_plain_docx(SEEDS[0])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
    for name in ("word/document.xml", "word/styles.xml", "word/settings.xml", "docProps/core.xml", "docProps/app.xml", "_rels/.rels", "word/_rels/document.xml.rels"):
        assert name in names
        if name.endswith(".xml") and name != "[Content_Types].xml":
            assert f'PartName="/{name}"' in types
    styles = part(data, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:sz", NS).get(f"{{{W}}}val") == "21"
    assert defaults.find("w:rFonts", NS).get(f"{{{W}}}eastAsiaTheme") == "minorEastAsia"
    names_of = {s.find("w:name", NS).get(f"{{{W}}}val"): s for s in styles.findall("w:style", NS)}
    assert {"Normal", "heading 1", "heading 2", "heading 3"} <= set(names_of)
    assert names_of["Normal"].get(f"{{{W}}}default") == "1"
    theme = part(data, "word/theme/theme1.xml")
    minor = theme.xpath("//a:minorFont", namespaces={"a": "http://schemas.openxmlformats.org/drawingml/2006/main"})[0]
    assert minor[0].get("typeface") == "Calibri" and any(f.get("typeface") == "等线" for f in minor)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.author and document.settings.element is not None
    assert to_plain_docx(SEEDS[0]) == data  # deterministic bytes


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("draft", SEEDS, ids=IDS)
def test_markdown_marks_title_and_headings(draft):
    markdown = to_markdown(draft)
    blocks = markdown.rstrip("\n").split("\n\n")
    assert len(blocks) == len(paragraphs(draft))
    marked = Counter(block.split(" ", 1)[0] for block in blocks if block.startswith("#"))
    standalone = Counter(line.role for line in draft.lines if not line.runin)
    assert marked["#"] == standalone["title"]
    assert marked["##"] == standalone["heading1"] and marked["###"] == standalone["heading2"]
    for block, para in zip(blocks, paragraphs(draft)):
        if para.role == "title":
            assert block == "# " + para.text
        elif para.role in ("heading1", "heading2") and not para.runin:
            assert block == ("## " if para.role == "heading1" else "### ") + para.text  # number kept
        elif para.runin:
            assert block.startswith(para.text[:4])  # a run-in heading stays in its paragraph
