"""check on documents briefgen did not make: Word's automatic numbering read as Word shows it;
tables of contents, text boxes and notes not judged as body text; a combined volume checked
document by document; each finding once; the new text rules, each firing where it should and
silent on the bundled examples."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT
from drafts import pair_bytes
from hostile import with_parts

from briefgen.api import render_bytes
from briefgen.check.report import FileReport, _row, print_report
from briefgen.check.rules import ERROR, RULES, check_docx
from briefgen.document.number import read_mark
from briefgen.template.catalog import bundled_names

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def numbering_xml(third_level: str) -> str:
    """Word's multilevel list for 公文 headings: 一、（一）``third_level``（1）, no tab after."""
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", third_level), ("decimal", "（%4）")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    restart = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in range(4))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/>{restart}</w:num></w:numbering>'
    )


def auto_numbered(content: bytes, third_level: str = "%3.") -> bytes:
    """Our document with its typed heading numbers replaced by Word's automatic numbering (a
    second list, restarting, after the attachment label), as a secretary's template has it."""
    def document(xml: str) -> str:
        out, list_id = [], "1"
        for piece in re.split(r"(<w:p>.*?</w:p>)", xml, flags=re.S):
            texts = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", piece)
            if piece.startswith("<w:p>") and re.sub(r"\s", "", "".join(texts)).startswith("附件") and len("".join(texts)) <= 4:
                list_id = "2"
            mark = read_mark("".join(texts)) if texts and piece.startswith("<w:p>") else None
            if mark is not None and texts[0] == mark.mark:
                first_run = re.search(r"<w:r>(?:(?!</w:r>).)*?<w:t[^>]*>" + re.escape(mark.mark) + r"</w:t></w:r>", piece, re.S)
                piece = piece[: first_run.start()] + piece[first_run.end() :]
                numbering = f'<w:numPr><w:ilvl w:val="{mark.level - 1}"/><w:numId w:val="{list_id}"/></w:numPr>'
                piece = re.sub(r"(<w:pPr>(?:<w:pStyle [^>]*/>)?)", r"\1" + numbering, piece, count=1)
            out.append(piece)
        return "".join(out)

    return with_parts(content, {
        "word/document.xml": document,
        "word/_rels/document.xml.rels": lambda rels: rels.replace("</Relationships>", f'<Relationship Id="rIdNum" Type="{NUMBERING_TYPE}" Target="numbering.xml"/></Relationships>'),
        "[Content_Types].xml": lambda types: types.replace("</Types>", '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'),
    }, {"word/numbering.xml": numbering_xml(third_level).encode("utf-8")})


def errors(path) -> list:
    return [f for f in check_docx(path) if f.severity == ERROR]


@pytest.fixture(scope="module")
def circular() -> bytes:
    return render_bytes("circular", ROOT / "examples" / "circular.yaml")


@pytest.fixture(scope="module")
def survey() -> bytes:
    """The survey report: headings of three levels."""
    return render_bytes("survey_report", ROOT / "examples" / "survey_report.yaml")


def test_automatic_numbering_is_read_as_word_shows_it(survey, tmp_path):
    path = tmp_path / "auto.docx"
    path.write_bytes(auto_numbered(survey))
    assert "一、</w:t>" not in zipfile.ZipFile(path).read("word/document.xml").decode()  # typed numbers are gone
    from briefgen.docx.read import read_docx

    numbers = [p.number_text for p in read_docx(path).paragraphs if p.number_text]
    assert numbers[0] == "一、" and {"二、", "（一）", "（二）", "1.", "2."} <= set(numbers)
    assert errors(path) == []


def test_automatic_numbers_written_1_dun_are_reported(survey, tmp_path):
    path = tmp_path / "wrong.docx"
    path.write_bytes(auto_numbered(survey, third_level="%3、"))
    marks = [f for f in errors(path) if f.rule == "HEADING-MARK"]
    assert marks and all(f.actual.endswith("、") and f.expected.endswith(".") for f in marks)


@pytest.mark.parametrize("pair", ["toc_heading_changed", "textbox_changed", "libreoffice", "renumbered_auto", "wps", "long"])
def test_word_wps_and_libreoffice_drafts_are_judged_as_read(pair, tmp_path):
    """Tables of contents, text boxes and footnotes are not body text: these drafts, formatted
    by the standard, give no error (before: the TOC lines judged as headings, box text as body)."""
    _, new = pair_bytes(pair)
    path = tmp_path / f"{pair}.docx"
    path.write_bytes(new)
    assert [(f.rule, f.place, f.excerpt) for f in errors(path)] == []


def test_the_combined_volume_of_the_readme_passes(tmp_path):
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(ROOT / "examples" / "circular_batch.xlsx"), "-o", str(tmp_path / "通报"),
               "--each", "城市", "--name", "{名称}通报.docx", "--number", "序号=158", "--combined", str(tmp_path / "通报汇编.docx")]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    assert errors(tmp_path / "通报汇编.docx") == []


def test_a_note_indented_by_its_left_edge_is_accepted(circular, tmp_path):
    """附注 (7.3.6) two characters in by a left indent rather than a first-line one."""
    note = '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:ind w:left="640" w:firstLine="0"/></w:pPr><w:r><w:t>（联系人：王明，电话：0731-88812345）</w:t></w:r></w:p>'
    content = with_parts(circular, {"word/document.xml": lambda xml: re.sub(r"(<w:p>(?:(?!<w:p>).)*?2024年10月\d+日</w:t></w:r></w:p>)", r"\1" + note, xml, count=1, flags=re.S)})
    path = tmp_path / "note.docx"
    path.write_bytes(content)
    assert "联系人" in "".join(p for p in re.findall(r"<w:t>([^<]*)", zipfile.ZipFile(path).read("word/document.xml").decode()))
    assert errors(path) == []


# -- the new text rules -------------------------------------------------------------------------

NEW_RULES = {
    "TEXT-ELLIPSIS": "帮扶企业、协调项目...取得积极成效。",
    "TEXT-FULLWIDTH-DIGIT": "２０２４年全省共帮扶重点企业一千余家。",
    "TEXT-DATE-HAO": "省厅于6月5号召开专题会议进行部署。",
    "TEXT-RANGE-UNIT": "多数市州产值增速在15～30%之间。",
    "TEXT-DENG-AFTER-DUN": "钢铁、有色、建材、等行业产值回升。",
    "TEXT-UNPAIRED": "各地要落实“一企一策”帮扶机制，形成“比学赶超的氛围。",
    "TEXT-QITA": "其它市州要对照先进查找差距。",
}


def with_sentence(content: bytes, sentence: str) -> bytes:
    """The circular with ``sentence`` as a body paragraph after the opening one."""
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>{sentence}</w:t></w:r></w:p>'
    return with_parts(content, {"word/document.xml": lambda xml: xml.replace('<w:p><w:pPr><w:pStyle w:val="Heading1"/>', paragraph + '<w:p><w:pPr><w:pStyle w:val="Heading1"/>', 1)})


@pytest.mark.parametrize("rule", list(NEW_RULES))
def test_each_new_text_rule_fires(circular, tmp_path, rule):
    path = tmp_path / "text.docx"
    path.write_bytes(with_sentence(circular, NEW_RULES[rule]))
    assert [f.rule for f in check_docx(path) if f.rule in NEW_RULES or f.rule == "ATTACHMENT-NAME-PUNCTUATION"] == [rule]


def test_punctuation_after_an_attachment_name_is_reported(tmp_path):
    content = render_bytes("circular", ROOT / "examples" / "circular.yaml")
    names = re.findall(r"<w:t[^>]*>(附件：[^<]*)</w:t>", zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode())
    assert names
    broken = with_parts(content, {"word/document.xml": lambda xml: xml.replace(names[0] + "</w:t>", names[0] + "。</w:t>", 1)})
    path = tmp_path / "attachment.docx"
    path.write_bytes(broken)
    assert [f.rule for f in check_docx(path) if f.rule == "ATTACHMENT-NAME-PUNCTUATION"] == ["ATTACHMENT-NAME-PUNCTUATION"]


@pytest.mark.parametrize("name", bundled_names())
def test_the_new_rules_are_silent_on_the_bundled_examples(name, tmp_path):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(render_bytes(name, ROOT / "examples" / f"{name}.yaml"))
    assert [f.rule for f in check_docx(path) if f.rule in NEW_RULES or f.rule == "ATTACHMENT-NAME-PUNCTUATION"] == []


def test_every_new_rule_is_known_with_its_clause():
    for rule in [*NEW_RULES, "ATTACHMENT-NAME-PUNCTUATION"]:
        assert RULES[rule].clause.startswith(("GB/T 15834", "GB/T 15835", "GB/T 9704", "规范用词"))


def test_the_22_lines_rule_cites_5_2_3():
    assert RULES["BODY-LINES"].clause == "GB/T 9704 5.2.3" and RULES["RENDER-LINES"].clause == "GB/T 9704 5.2.3"


# -- the report -----------------------------------------------------------------------------------

def test_long_values_are_wrapped_not_cut():
    lines = _row(["错误", "BODY-LINES", "GB/T 9704 5.2.3", "第 12 段等 40 处", "每页 22 行（行距约 28.95 磅，版心 225 毫米）", "每页 31 行（行距 20.00 磅）", "前三季度全市规上工业"])
    joined = "".join(line.replace(" ", "") for line in lines)
    assert len(lines) > 1 and "版心225毫米）" in joined and "…" not in joined


def test_repeated_findings_are_one_line_with_a_count(circular, tmp_path, capsys):
    content = with_parts(circular, {"word/document.xml": lambda xml: xml.replace('<w:pStyle w:val="Normal"/>', '<w:pStyle w:val="Normal"/><w:ind w:firstLine="0" w:firstLineChars="0"/>')})
    path = tmp_path / "indent.docx"
    path.write_bytes(content)
    indents = [f for f in check_docx(path) if f.rule == "BODY-INDENT"]
    assert len(indents) == 1 and indents[0].count > 1
    print_report(FileReport(path, indents))
    assert f"等 {indents[0].count} 处" in capsys.readouterr().out


def test_a_strict_open_xml_file_is_named_with_what_to_do(circular, tmp_path):
    strict = with_parts(circular, {"word/document.xml": lambda xml: xml.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main")})
    path = tmp_path / "strict.docx"
    path.write_bytes(strict)
    for command in (["check", str(path)], ["diff", str(path), str(path), "-o", str(tmp_path / "r.docx")]):
        result = subprocess.run([sys.executable, "-m", "briefgen", *command], capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and "Strict Open XML" in result.stderr and "Word 文档 (*.docx)" in result.stderr, result.stderr


def test_an_unformatted_drafts_title_is_not_taken_for_a_main_recipient_without_its_colon(tmp_path):
    """A draft typed in Word's Normal style has no centred title: its first line is the title,
    not a 主送 that lost its colon (a false ADDRESSEE-COLON before); a real 主送 with its colon
    is still found, and one without it in a titled document still reported (test_rules)."""
    from format_corpus import SEEDS, to_plain_docx

    for seed in SEEDS:
        path = tmp_path / f"{seed.name}.docx"
        path.write_bytes(to_plain_docx(seed))
        assert "ADDRESSEE-COLON" not in {finding.rule for finding in check_docx(path)}, seed.name
