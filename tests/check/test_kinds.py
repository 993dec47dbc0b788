"""check --kind: the rules of one kind of document (请示, 报告, 通知, 函, 纪要). For every rule a
document that breaks it (the finding, with its rule id and place) and one that keeps it (no
finding); the command line takes English and Chinese names, refuses an unknown kind with exit
code 2, and without --kind runs no kind rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import ROOT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from briefgen.check.kinds import KIND_RULES, KINDS, KindError, find_kind
from briefgen.check.rules import ERROR, RULES, WARNING, check_docx
from briefgen.document.number import number_headings
from briefgen.document.parse import parse_markup
from briefgen.docx.write import write_docx

# -- documents from markup, written by briefgen's own writer --------------------------------------

REQUEST = """@版头：湖南省工业和信息化厅文件
@发文字号：湘工信〔2024〕12号
@签发人：张明
@标题：关于设立工业企业技术改造专项资金的请示
@主送：湖南省人民政府
@署名：湖南省工业和信息化厅
@成文日期：2024年6月5日
@用印：否
@附注：联系人：王明，电话：0731-84567890

为支持全省重点工业企业加快技术改造，我厅拟设立专项资金，用于支持企业设备更新和数字化改造。

# 资金用途

专项资金主要用于支持企业设备更新、数字化改造和绿色化改造等方面。

妥否，请批示。
"""
# Paragraphs of REQUEST as the reader numbers them: 4 发文字号, 7 标题, 9 主送, 13 the ending.
REQUEST_NUMBER, REQUEST_TITLE, REQUEST_ADDRESSEE, REQUEST_ENDING = 4, 7, 9, 13

REPORT = """@版头：湖南省工业和信息化厅文件
@发文字号：湘工信〔2024〕13号
@签发人：张明
@标题：关于2024年上半年全省工业运行情况的报告
@主送：湖南省人民政府
@署名：湖南省工业和信息化厅
@成文日期：2024年7月10日
@用印：否

2024年上半年，全省规模以上工业增加值同比增长7.1%，增速比一季度提高0.3个百分点。经省政府批准，我厅设立了工业企业技术改造专项资金，相关实施细则已报请省政府审批。

# 主要做法

各市州认真落实省委、省政府决策部署，扎实开展重点工业企业精准帮扶活动。

特此报告。
"""
REPORT_NUMBER, REPORT_TITLE, REPORT_FIRST, REPORT_ENDING = 4, 7, 10, 13

NOTICE = """@标题：关于开展2024年重点工业企业帮扶活动的通知
@主送：各市州工信局
@署名：湖南省工业和信息化厅
@成文日期：2024年3月1日
@用印：否

为深入推进重点工业企业精准帮扶，经研究，决定在全省开展帮扶活动。现将有关事项通知如下。

# 活动时间

2024年3月至12月，各市州按照本通知要求组织实施。
"""


def from_markup(tmp_path: Path, name: str, markup: str) -> Path:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(write_docx(number_headings(parse_markup(markup))))
    return path


def kind_findings(path: Path, kind: str) -> list:
    return [f for f in check_docx(path, find_kind(kind)) if f.rule.startswith("KIND-")]


def only(findings: list, rule_id: str):
    """The one finding of ``rule_id`` (and it is the only kind finding)."""
    assert [f.rule for f in findings] == [rule_id], [(f.rule, f.where, f.actual) for f in findings]
    (found,) = findings
    rule = KIND_RULES[rule_id]
    assert (found.clause, found.severity) == (rule.clause, rule.severity)
    assert found.expected and found.actual
    return found


def edited(markup: str, old: str, new: str) -> str:
    assert old in markup, old
    return markup.replace(old, new, 1)


# -- the model documents keep every rule of their kind, and every general rule --------------------


@pytest.mark.parametrize("kind, markup", [("request", REQUEST), ("report", REPORT), ("notice", NOTICE)])
def test_a_good_document_of_each_kind_has_no_findings(tmp_path, kind, markup):
    path = from_markup(tmp_path, kind, markup)
    assert check_docx(path, find_kind(kind)) == []


# -- 请示 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["关于设立工业企业技术改造专项资金的请示报告", "关于设立工业企业技术改造专项资金的报告"])
def test_request_title_ends_with_qingshi(tmp_path, title):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@标题：关于设立工业企业技术改造专项资金的请示", f"@标题：{title}"))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-TITLE")
    assert found.where == f"第 {REQUEST_TITLE} 段"


@pytest.mark.parametrize("ending", ["以上情况，请知悉。", "特此请示。", "我厅将认真做好资金管理工作。"])
def test_request_ending_that_asks_for_nothing_is_reported(tmp_path, ending):
    path = from_markup(tmp_path, "r", edited(REQUEST, "妥否，请批示。", ending))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-ENDING")
    assert found.where == f"第 {REQUEST_ENDING} 段" and found.severity == ERROR
    assert ending[:4] in found.actual and "妥否，请批示。" in found.expected


@pytest.mark.parametrize("ending", ["当否，请批复。", "以上请示当否，请批示。", "妥否，请批复。", "请予审批。", "请批准。",
                                    "恳请省政府予以批准。", "特此请示，请予批准。", "以上请示如无不妥，请批准。",
                                    "以上请示，请予批准。\n\n特此请示。"])
def test_request_endings_that_ask_for_a_decision_are_kept(tmp_path, ending):
    path = from_markup(tmp_path, "r", edited(REQUEST, "妥否，请批示。", ending))
    assert kind_findings(path, "request") == []


def test_request_with_two_matters_is_warned(tmp_path):
    second = "同时，请批准我厅增设产业链服务处。\n\n妥否，请批示。"
    path = from_markup(tmp_path, "r", edited(REQUEST, "妥否，请批示。", second))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-ONE-MATTER")
    assert found.where == f"第 {REQUEST_ENDING + 1} 段" and found.severity == WARNING
    assert "2 处" in found.actual and f"第 {REQUEST_ENDING} 段" in found.actual


def test_request_to_two_organs_is_reported(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@主送：湖南省人民政府", "@主送：湖南省人民政府、湖南省财政厅"))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-ADDRESSEE")
    assert found.where == f"第 {REQUEST_ADDRESSEE} 段" and "2 个机关" in found.actual and "湖南省人民政府" in found.expected


def test_request_without_addressee_is_reported(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@主送：湖南省人民政府\n", ""))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-ADDRESSEE")
    assert found.actual == "没有主送机关"


def test_request_without_signer_is_reported(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@签发人：张明\n", ""))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-SIGNER")
    assert found.where == f"第 {REQUEST_NUMBER} 段" and "湘工信〔2024〕12号" in found.excerpt


def test_request_without_a_doc_number_needs_no_signer(tmp_path):
    markup = edited(edited(edited(REQUEST, "@签发人：张明\n", ""), "@发文字号：湘工信〔2024〕12号\n", ""), "@版头：湖南省工业和信息化厅文件\n", "")
    assert kind_findings(from_markup(tmp_path, "r", markup), "request") == []


def test_request_without_contact_is_warned(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@附注：联系人：王明，电话：0731-84567890\n", ""))
    found = only(kind_findings(path, "request"), "KIND-REQUEST-CONTACT")
    assert found.severity == WARNING and found.where.startswith("第 ")  # the date's paragraph


def test_request_contact_above_the_signature_is_kept_and_is_not_the_ending(tmp_path):
    markup = edited(edited(REQUEST, "@附注：联系人：王明，电话：0731-84567890\n", ""), "妥否，请批示。", "妥否，请批示。\n\n联系人：王明，联系电话：0731-84567890")
    assert kind_findings(from_markup(tmp_path, "r", markup), "request") == []


def test_request_contact_without_telephone_is_warned(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@附注：联系人：王明，电话：0731-84567890", "@附注：联系人：王明"))
    only(kind_findings(path, "request"), "KIND-REQUEST-CONTACT")


# -- 报告 --------------------------------------------------------------------------------------


def test_report_title_is_reported_when_it_is_a_request_report(tmp_path):
    path = from_markup(tmp_path, "p", edited(REPORT, "工业运行情况的报告", "工业运行情况的请示报告"))
    found = only(kind_findings(path, "report"), "KIND-REPORT-TITLE")
    assert found.where == f"第 {REPORT_TITLE} 段" and "请示报告" in found.actual


@pytest.mark.parametrize("request_sentence", ["妥否，请批示。", "建议请省政府批准设立产业发展基金。", "以上事项，特此请示。", "请予审批。"])
def test_report_carrying_a_request_is_an_error(tmp_path, request_sentence):
    markup = edited(REPORT, "特此报告。", f"下一步，我厅将继续做好帮扶工作。{request_sentence}\n\n特此报告。")
    found = only(kind_findings(from_markup(tmp_path, "p", markup), "report"), "KIND-REPORT-NO-REQUEST")
    assert found.where == f"第 {REPORT_ENDING} 段" and found.severity == ERROR
    assert request_sentence[:4] in found.actual


def test_report_telling_of_approvals_carries_no_request(tmp_path):
    # REPORT says "经省政府批准" and "已报请省政府审批": what was done, not a request.
    assert "经省政府批准" in REPORT and "报请省政府审批" in REPORT
    assert kind_findings(from_markup(tmp_path, "p", REPORT), "report") == []


def test_report_without_conventional_ending_is_warned(tmp_path):
    path = from_markup(tmp_path, "p", edited(REPORT, "\n\n特此报告。\n", "\n"))
    found = only(kind_findings(path, "report"), "KIND-REPORT-ENDING")
    assert found.where == f"第 {REPORT_ENDING - 1} 段" and found.severity == WARNING


@pytest.mark.parametrize("ending", ["专此报告。", "以上报告，请审阅。", "特此报告"])
def test_report_conventional_endings_are_kept(tmp_path, ending):
    path = from_markup(tmp_path, "p", edited(REPORT, "特此报告。", ending))
    assert kind_findings(path, "report") == []


def test_report_without_signer_is_reported(tmp_path):
    path = from_markup(tmp_path, "p", edited(REPORT, "@签发人：张明\n", ""))
    found = only(kind_findings(path, "report"), "KIND-REPORT-SIGNER")
    assert found.where == f"第 {REPORT_NUMBER} 段"


# -- 通知 --------------------------------------------------------------------------------------


def test_notice_title_not_ending_with_tongzhi_is_reported(tmp_path):
    path = from_markup(tmp_path, "n", edited(NOTICE, "帮扶活动的通知", "帮扶活动的安排"))
    found = only(kind_findings(path, "notice"), "KIND-NOTICE-TITLE")
    assert found.where == "第 1 段" and found.actual == "标题以“安排”结尾"


def test_notice_without_addressee_is_warned(tmp_path):
    path = from_markup(tmp_path, "n", edited(NOTICE, "@主送：各市州工信局\n", ""))
    found = only(kind_findings(path, "notice"), "KIND-NOTICE-ADDRESSEE")
    assert found.severity == WARNING and "第 1 段" in found.where


# -- documents as Word writes them (python-docx): 信函格式 and 纪要 ------------------------------------


def _fonts(run, east_asia: str) -> None:
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), east_asia if attribute == "w:eastAsia" else "Times New Roman")


def add(document, text: str, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size: float = 16, font: str = "仿宋_GB2312", red: bool = False,
        indent: bool = True, label: tuple[str, str] | None = None, right_twips: int = 0):
    """A paragraph of one run (or, with ``label`` (text, font), a label run before it)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    if right_twips:
        paragraph.paragraph_format.right_indent = Twips(right_twips)
    for piece, face in ([label] if label else []) + [(text, font)]:
        run = paragraph.add_run(piece)
        run.font.size = Pt(size)
        _fonts(run, face)
        if red:
            run.font.color.rgb = RGBColor(0xFF, 0, 0)
    return paragraph


def page_number(footer_paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer_paragraph.text = "— "
    footer_paragraph._p.append(field)
    footer_paragraph.add_run(" —")


LETTER_TITLE = "关于商请支持重点工业企业帮扶工作的函"


def letter(tmp_path: Path, name: str = "letter", title: str = LETTER_TITLE, title_page: bool = True, first_footer: str = "",
           number_align=WD_ALIGN_PARAGRAPH.RIGHT, number_right: int = 0, number_tab: float = 0) -> Path:
    """A 信函格式 letter: the mark, the 发文字号 flush right, the title, 主送, body, 署名, date.
    ``first_footer``: "" none, "blank" a first-page footer without number, "number" one with.
    ``number_tab``: the 发文字号 after a tab, left-aligned, to a right tab stop at that fraction
    of the text width (1: flush right, as briefgen's writer and many secretaries set it)."""
    document = docx.Document()
    section = document.sections[0]
    add(document, "湖南省工业和信息化厅", align=WD_ALIGN_PARAGRAPH.CENTER, size=36, font="方正小标宋简体", red=True)
    if number_tab:
        number = add(document, "\t湘工信函〔2024〕5号", align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
        width = section.page_width - section.left_margin - section.right_margin
        number.paragraph_format.tab_stops.add_tab_stop(int(width * number_tab), WD_TAB_ALIGNMENT.RIGHT)
    else:
        add(document, "湘工信函〔2024〕5号", align=number_align, right_twips=number_right, indent=False)
    add(document, title, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
    add(document, "湖南省财政厅：", align=WD_ALIGN_PARAGRAPH.LEFT)
    add(document, "为深入推进全省重点工业企业精准帮扶，我厅拟联合贵厅开展专项行动，现商请贵厅给予支持。")
    add(document, "特此函告。")
    add(document, "湖南省工业和信息化厅", align=WD_ALIGN_PARAGRAPH.RIGHT)
    add(document, "2024年6月5日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.footer.paragraphs[0])
    section.different_first_page_header_footer = title_page
    if first_footer:
        paragraph = section.first_page_footer.paragraphs[0]
        if first_footer == "number":
            page_number(paragraph)
        else:
            paragraph.text = " "
    path = tmp_path / f"{name}.docx"
    document.save(path)
    return path


def test_a_letter_in_letter_format_keeps_the_letter_rules(tmp_path):
    assert kind_findings(letter(tmp_path), "letter") == []
    assert kind_findings(letter(tmp_path, "blank", first_footer="blank"), "函") == []
    assert kind_findings(letter(tmp_path, "reply", title="关于重点工业企业帮扶工作有关问题的复函"), "letter") == []
    assert kind_findings(letter(tmp_path, "tab", number_tab=1), "letter") == []


def test_letter_title_not_ending_with_han_is_reported(tmp_path):
    found = only(kind_findings(letter(tmp_path, title="关于商请支持重点工业企业帮扶工作的通知"), "letter"), "KIND-LETTER-TITLE")
    assert found.where == "第 3 段"


@pytest.mark.parametrize("title_page, first_footer, actual", [(False, "", "同一页脚"), (True, "number", "首页页脚有页码")])
def test_letter_first_page_showing_a_page_number_is_reported(tmp_path, title_page, first_footer, actual):
    found = only(kind_findings(letter(tmp_path, title_page=title_page, first_footer=first_footer), "letter"), "KIND-LETTER-PAGE-NUMBER")
    assert found.where == "页脚（首页）" and actual in found.actual


@pytest.mark.parametrize("align, right, tab, actual", [(WD_ALIGN_PARAGRAPH.CENTER, 0, 0, "居中"), (WD_ALIGN_PARAGRAPH.LEFT, 0, 0, "居左"),
                                                     (WD_ALIGN_PARAGRAPH.RIGHT, 320, 0, "居右，右缩进 1.0 字"),
                                                     (WD_ALIGN_PARAGRAPH.LEFT, 0, 0.5, "用制表位右移，但没有到版心右边缘")])
def test_letter_doc_number_not_flush_right_is_reported(tmp_path, align, right, tab, actual):
    found = only(kind_findings(letter(tmp_path, number_align=align, number_right=right, number_tab=tab), "letter"), "KIND-LETTER-DOC-NUMBER")
    assert found.where == "第 2 段" and found.actual == actual


MINUTES_MARK = "湖南省工业和信息化厅厅务会议纪要"


def minutes(tmp_path: Path, name: str = "minutes", mark: str = MINUTES_MARK, labels: tuple = ("出席：", "请假：", "列席："),
            label_font: str = "黑体") -> Path:
    """A 纪要: the red mark, the body, then 出席/请假/列席 lines (the label in ``label_font``, the
    names after it in 仿宋, wrapped lines under the first name); no 署名, no seal, no date."""
    document = docx.Document()
    add(document, mark, align=WD_ALIGN_PARAGRAPH.CENTER, size=36, font="方正小标宋简体", red=True)
    add(document, "2024年6月5日，厅长张明主持召开厅务会议，研究部署重点工业企业帮扶工作。现将会议议定事项纪要如下。")
    add(document, "会议要求，各处室要按照职责分工，抓好帮扶任务落实，确保各项工作取得实效。")
    names = ["张明、李华、王强、赵六、孙七、周八、吴九、郑十、钱一、陈二", "刘三", "省财政厅产业处王明"]
    for label, people in zip(labels, names):
        paragraph = add(document, people, label=(label[:2], label_font), indent=False)
        paragraph.runs[0].text = label[:2]
        paragraph.runs[1].text = label[2:] + people
        paragraph.paragraph_format.left_indent = Pt(80)  # names aligned after "出席：", the label two characters in
        paragraph.paragraph_format.first_line_indent = Pt(-48)
    path = tmp_path / f"{name}.docx"
    document.save(path)
    return path


def test_minutes_without_signature_or_seal_keep_the_minutes_rules(tmp_path):
    """A 纪要 is not signed or sealed (10.3): nothing asks for a 署名."""
    path = minutes(tmp_path)
    assert kind_findings(path, "minutes") == []
    assert not any("署名" in f.expected or "印章" in f.expected for f in check_docx(path, find_kind("纪要")))


def test_minutes_mark_without_jiyao_is_reported(tmp_path):
    found = only(kind_findings(minutes(tmp_path, mark="湖南省工业和信息化厅厅务会议记录"), "minutes"), "KIND-MINUTES-MARK")
    assert "会议记录" in found.actual


@pytest.mark.parametrize("labels, at, actual", [(("出席人员：",), 4, "以“出席人员：”开头"), (("出席:",), 4, "以“出席:”开头"),
                                               (("出席：", "请假：", "参会："), 6, "以“参会：”开头")])
def test_minutes_attendance_label_written_otherwise_is_warned(tmp_path, labels, at, actual):
    found = only(kind_findings(minutes(tmp_path, labels=labels), "minutes"), "KIND-MINUTES-ATTENDANCE")
    assert found.where == f"第 {at} 段" and found.actual == actual and found.severity == WARNING


def test_minutes_without_attendance_list_is_warned(tmp_path):
    found = only(kind_findings(minutes(tmp_path, labels=()), "minutes"), "KIND-MINUTES-ATTENDANCE")
    assert found.actual == "没有出席人员名单"


def test_minutes_label_not_in_heiti_is_warned(tmp_path):
    found = only(kind_findings(minutes(tmp_path, labels=("出席：",), label_font="仿宋_GB2312"), "minutes"), "KIND-MINUTES-LABEL-FONT")
    assert found.where == "第 4 段" and found.actual == "仿宋_GB2312"


def test_minutes_roles_change_only_with_the_kind(tmp_path):
    """The 黑体 label and the names aligned after it are not body text (no BODY-FONT or
    BODY-INDENT), nor the red 纪要标志 a 主送 without a colon — with --kind 纪要 or without."""
    path = minutes(tmp_path)
    general = {f.rule for f in check_docx(path)}
    with_kind = {f.rule for f in check_docx(path, find_kind("minutes"))}
    changed = {"BODY-FONT", "BODY-INDENT", "ADDRESSEE-COLON"}
    # The general rules know the attendance lines (出席：…) and a red 标志 too, since 纪要格式
    # became a format of the writer: the kind changes nothing more for them.
    assert not changed & general
    assert not changed & with_kind
    assert with_kind - changed == general - changed


# -- names, the registry and the documentation ----------------------------------------------------


@pytest.mark.parametrize("name, english", [("请示", "request"), ("报告", "report"), ("通知", "notice"), ("函", "letter"), ("纪要", "minutes"),
                                           ("Request", "request"), (" letter ", "letter")])
def test_kinds_are_found_by_english_and_chinese_names(name, english):
    assert find_kind(name) is KINDS[english]


def test_an_unknown_kind_is_refused_with_the_kinds_listed():
    with pytest.raises(KindError) as raised:
        find_kind("公告")
    assert raised.value.exit_code == 2
    assert "公告" in raised.value.message and all(f"{kind.name}（{kind.label}）" in raised.value.message for kind in KINDS.values())


def test_every_kind_has_rules_and_every_rule_a_kind():
    owned = [rule_id for kind in KINDS.values() for rule_id in kind.rule_ids]
    assert sorted(owned) == sorted(KIND_RULES) and all(kind.rule_ids for kind in KINDS.values())
    assert not set(KIND_RULES) & set(RULES)


def test_every_kind_rule_is_documented():
    documented = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    for rule in KIND_RULES.values():
        row = next((line for line in documented.splitlines() if line.startswith(f"| `{rule.id}`")), "")
        assert row, rule.id
        assert rule.clause in row and ("错误" if rule.severity == ERROR else "警告") in row, rule.id


# -- the command line --------------------------------------------------------------------------


def briefgen(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, timeout=120)


def test_cli_kind_by_chinese_and_english_name(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "妥否，请批示。", "以上情况，请知悉。"))
    chinese, english = briefgen("check", path, "--kind", "请示", "--json"), briefgen("check", path, "--kind", "request", "--json")
    assert chinese.returncode == english.returncode == 1, chinese.stderr
    reports = [json.loads(result.stdout)[0] for result in (chinese, english)]
    assert reports[0]["findings"] == reports[1]["findings"]
    assert [f["rule"] for f in reports[0]["findings"]] == ["KIND-REQUEST-ENDING"] and reports[0]["kind"] == "请示"
    table = briefgen("check", path, "--kind", "请示")
    assert table.returncode == 1 and "KIND-REQUEST-ENDING" in table.stdout and f"第 {REQUEST_ENDING} 段" in table.stdout
    assert "含“请示”的文种规则" in table.stdout


def test_cli_kind_warning_alone_exits_0_like_other_warnings(tmp_path):
    path = from_markup(tmp_path, "r", edited(REQUEST, "@附注：联系人：王明，电话：0731-84567890\n", ""))
    result = briefgen("check", path, "--kind", "request")
    assert result.returncode == 0 and "KIND-REQUEST-CONTACT" in result.stdout and "警告 1 项" in result.stdout


def test_cli_unknown_kind_exits_2_in_chinese(tmp_path):
    path = from_markup(tmp_path, "r", REQUEST)
    result = briefgen("check", path, "--kind", "公告")
    assert result.returncode == 2 and result.stdout == ""
    assert "不认识的文种「公告」" in result.stderr and "request（请示）" in result.stderr and "minutes（纪要）" in result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_cli_without_kind_runs_no_kind_rule(tmp_path):
    path = from_markup(tmp_path, "r", edited(edited(REQUEST, "妥否，请批示。", "以上情况，请知悉。"), "@签发人：张明\n", ""))
    result = briefgen("check", path, "--json")
    (report,) = json.loads(result.stdout)
    assert result.returncode == 0 and report["findings"] == [] and report["kind"] is None
    assert check_docx(path) == []
