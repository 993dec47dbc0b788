"""The checker: clean examples pass; each deliberately wrong document gives exactly its finding."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from docmutate import edit_part, regex, replace_all, replace_once, write

from briefgen.api import render_bytes
from briefgen.check.rules import ERROR, RULES, check_docx
from briefgen.document.number import read_mark as heading_mark
from briefgen.docx.read import DocxError

DOCUMENT, STYLES, FOOTER, SETTINGS = "word/document.xml", "word/styles.xml", "word/footer1.xml", "word/settings.xml"


@pytest.fixture(scope="module")
def examples():
    return {name: render_bytes(name, ROOT / "examples" / f"{name}.yaml") for name in ("survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes")}


@pytest.mark.parametrize("name", ["survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"])
def test_bundled_examples_have_no_findings(examples, tmp_path, name):
    assert check_docx(write(tmp_path, name, examples[name])) == []


# name, base example, part, edit, the rules expected (and nothing else)
WRONG_DOCUMENTS = [
    ("word_default_margins", "circular", DOCUMENT,
     regex(r'<w:pgMar [^>]*/>', '<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>'),
     {"PAGE-MARGIN-TOP", "PAGE-MARGIN-LEFT", "PAGE-TEXT-AREA"}),
    ("letter_paper", "circular", DOCUMENT, regex(r'<w:pgSz [^>]*/>', '<w:pgSz w:w="12240" w:h="15840"/>'), {"PAGE-SIZE", "PAGE-TEXT-AREA"}),
    ("level3_with_dunhao", "survey_report", DOCUMENT, replace_once(">2.", ">2、"), {"HEADING-MARK"}),
    ("level2_ascii_parentheses", "survey_report", DOCUMENT, replace_once(">（二）", ">(二)"), {"HEADING-MARK"}),
    ("numbering_gap", "survey_report", DOCUMENT, replace_once(">四、", ">五、"), {"HEADING-SEQUENCE"}),
    ("numbering_repeat", "circular", DOCUMENT, replace_once(">（三）", ">（二）"), {"HEADING-SEQUENCE"}),
    ("title_orphan", "circular", DOCUMENT,
     replace_once(">关于全省重点工业企业</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">精准帮扶活动情况的通报<",
                  ">关于全省重点工业企业精准帮扶活动情况的</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">通报<"),
     {"TITLE-ORPHAN"}),
    ("title_wraps_by_itself", "circular", DOCUMENT,
     replace_once("企业</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">精准", "企业精准"), {"TITLE-WRAP"}),
    ("title_ends_with_a_full_stop", "circular", DOCUMENT, replace_once(">精准帮扶活动情况的通报<", ">精准帮扶活动情况的通报。<"), {"TITLE-PUNCTUATION"}),
    ("doubled_number", "circular", DOCUMENT, replace_once(">一、<", ">一、一、<"), {"HEADING-DOUBLED"}),
    ("doubled_across_levels", "circular", DOCUMENT, replace_once(">（二）<", ">（二）1.<"), {"HEADING-DOUBLED"}),
    ("square_brackets", "circular", DOCUMENT, regex(r"〔(\d{4})〕", r"[\1]", count=1), {"DOC-NUMBER"}),
    ("zero_padded_date", "circular", DOCUMENT, regex(r">2024年10月15日<", ">2024年10月05日<"), {"DATE-FORMAT"}),
    ("chinese_numeral_date", "survey_report", DOCUMENT, regex(r">2024年6月5日<", ">二〇二四年六月五日<"), {"DATE-FORMAT"}),
    ("leftover_xx", "circular", DOCUMENT, replace_once("帮扶重点工业企业1399家", "帮扶重点工业企业XX家"), {"TEXT-PLACEHOLDER"}),
    ("leftover_x_and_star", "survey_report", DOCUMENT, replace_once("268家", "x家，占比*%"), {"TEXT-PLACEHOLDER"}),
    ("ascii_commas", "circular", DOCUMENT, replace_once("今年以来，各市州", "今年以来,各市州"), {"TEXT-ASCII-PUNCTUATION"}),
    ("body_in_songti", "circular", STYLES,
     replace_once('w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:spacing w:val="-5"/>',
                  'w:eastAsia="宋体" w:cs="Times New Roman" w:hint="eastAsia"/><w:spacing w:val="-5"/>'),
     {"BODY-FONT"}),
    ("body_in_4hao", "circular", STYLES, replace_once('<w:kern w:val="0"/><w:sz w:val="32"/>', '<w:kern w:val="0"/><w:sz w:val="28"/>'), {"BODY-SIZE"}),
    ("one_and_a_half_spacing", "circular", STYLES,
     replace_once('w:line="579" w:lineRule="exact"/><w:ind w:firstLine', 'w:line="360" w:lineRule="auto"/><w:ind w:firstLine'),
     {"BODY-LINES"}),
    ("no_indent", "circular", STYLES, replace_once('w:firstLine="630" w:firstLineChars="200"', 'w:firstLine="0" w:firstLineChars="0"'), {"BODY-INDENT"}),
    ("title_in_heiti", "circular", STYLES, regex(r'(w:styleId="BriefgenTitle">.*?w:eastAsia=")方正小标宋简体', r"\1黑体", count=1), {"TITLE-FONT"}),
    ("heading1_in_songti", "circular", STYLES, regex(r'(w:styleId="Heading1">.*?w:eastAsia=")黑体', r"\1宋体", count=1), {"HEADING-FONT"}),
    ("addressee_without_colon", "circular", DOCUMENT, replace_once(">各市州工信局：<", ">各市州工信局<"), {"ADDRESSEE-COLON"}),
    ("signed_change", "circular", DOCUMENT, replace_once("同比增长7.1%", "同比增长-7.1%"), {"TEXT-SIGNED-CHANGE"}),
    ("hyphen_range", "circular", DOCUMENT, replace_once("2024年1—9月", "2024年1-9月"), {"TEXT-RANGE-DASH"}),
    ("percent_for_points", "survey_report", DOCUMENT, replace_once("增速提高1.6个百分点", "增速提高1.6%"), {"TEXT-PERCENTAGE-POINT"}),
    ("footer_hyphens", "circular", FOOTER, replace_all("—", "-"), {"FOOTER-DASHES"}),
    ("same_footer_both_sides", "circular", SETTINGS, replace_once("<w:evenAndOddHeaders/>", ""), {"FOOTER-SIDES"}),
    ("no_page_number", "circular", FOOTER, regex(r"<w:fldSimple [^>]*>.*?</w:fldSimple>", ""), {"FOOTER-PAGE-NUMBER"}),
    ("theme_fonts", "circular", STYLES, replace_once('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:spacing',
                                                     '<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:eastAsiaTheme="minorEastAsia" w:cs="Times New Roman" w:hint="eastAsia"/><w:spacing'),
     {"THEME-FONT", "BODY-FONT"}),
]


@pytest.mark.parametrize("name, base, part, edit, expected", WRONG_DOCUMENTS, ids=[w[0] for w in WRONG_DOCUMENTS])
def test_each_wrong_document_gives_its_finding_and_nothing_else(examples, tmp_path, name, base, part, edit, expected):
    path = write(tmp_path, name, edit_part(examples[base], part, edit))
    findings = check_docx(path)
    assert {f.rule for f in findings} == expected, [(f.rule, f.where, f.expected, f.actual) for f in findings]
    for item in findings:
        assert item.clause == RULES[item.rule].clause and item.where and item.actual


def test_a_finding_says_where_and_what(examples, tmp_path):
    path = write(tmp_path, "d", edit_part(examples["circular"], DOCUMENT, regex(r">2024年10月15日<", ">2024年10月05日<")))
    (item,) = check_docx(path)
    assert item.severity == ERROR and item.where.startswith("第 ") and item.expected == "2024年10月5日"
    assert item.actual == "2024年10月05日"


@pytest.mark.parametrize(
    "text, level, number, correct",
    [("一、总体情况", 1, 1, True), ("十二、其他", 1, 12, True), ("一.错误", 1, 1, False), ("（三）做法", 2, 3, True),
     ("(三)做法", 2, 3, False), ("（三）、做法", 2, 3, False), ("3.措施", 3, 3, True), ("3、措施", 3, 3, False),
     ("（2）细项", 4, 2, True), ("(2)细项", 4, 2, False)],
)
def test_heading_marks(text, level, number, correct):
    mark = heading_mark(text)
    assert (mark.level, mark.number, mark.correct) == (level, number, correct)


@pytest.mark.parametrize("text", ["2023年，全县规上企业", "1.5亿元的投资", "附件：1.名单", "各市州工信局："])
def test_text_that_is_not_a_heading(text):
    assert heading_mark(text) is None


def test_python_docx_default_document_is_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好年度工作的通知")
    document.add_paragraph("为做好相关工作,现通知如下。" * 3)
    path = tmp_path / "plain.docx"
    document.save(path)
    rules = {f.rule for f in check_docx(path)}
    assert {"PAGE-SIZE", "TEXT-ASCII-PUNCTUATION", "FOOTER-PAGE-NUMBER", "THEME-FONT"} <= rules


def briefgen(*args):
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_cli_exit_codes_table_and_json(examples, tmp_path):
    good = write(tmp_path, "good", examples["circular"])
    bad = write(tmp_path, "bad", edit_part(examples["circular"], DOCUMENT, regex(r"〔(\d{4})〕", r"[\1]", count=1)))
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")

    clean = briefgen("check", good)
    assert clean.returncode == 0 and "符合" in clean.stdout

    wrong = briefgen("check", bad)
    assert wrong.returncode == 1
    assert "DOC-NUMBER" in wrong.stdout and "GB/T 9704 7.2.5" in wrong.stdout and "错误" in wrong.stdout

    as_json = briefgen("check", "--json", good, bad)
    reports = json.loads(as_json.stdout)
    assert as_json.returncode == 1
    assert [r["errors"] for r in reports] == [0, 1]
    assert set(reports[1]["findings"][0]) == {"rule", "clause", "severity", "where", "excerpt", "expected", "actual", "count"}

    unreadable = briefgen("check", junk)
    assert unreadable.returncode == 2 and "不是 Word 文档" in unreadable.stderr + unreadable.stdout


def test_render_without_libreoffice_says_not_rendered(examples, tmp_path):
    good = write(tmp_path, "good", examples["circular"])
    environment = {"PATH": str(tmp_path / "empty-bin"), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", "--render", "--json", str(good)],
                            capture_output=True, text=True, env=environment, timeout=120)
    (report,) = json.loads(result.stdout)
    assert result.returncode == 2
    assert report["rendered"] is False and "未渲染" in report["render_problem"]
    text = subprocess.run([sys.executable, "-m", "briefgen", "check", "--render", str(good)],
                          capture_output=True, text=True, env=environment, timeout=120)
    assert "未渲染" in text.stderr and "不能视为通过" in text.stderr and text.returncode == 2


def test_every_rule_is_documented():
    documented = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"`{rule.id}`" in documented, rule.id
        assert rule.clause in documented


def test_unreadable_files_raise_docx_error(tmp_path):
    with pytest.raises(DocxError):
        check_docx(tmp_path / "missing.docx")
