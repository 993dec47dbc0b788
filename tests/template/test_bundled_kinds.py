"""The bundled kinds 工作汇报 (work_report), 通知 (notice), 请示 (request) and 报告 (report) (函 and
纪要, in the special formats, are in test_special_kinds.py; they are listed and checked here too): each
rendered document read back for its structure — 版头 and 签发人, one 主送 for a 请示, the ending
lines 妥否，请批示。/ 特此报告。/ 特此通知。, figures worded by their sign — and data left out
never printed as 0, 持平 or a placeholder."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import NS, ROOT, docx_part, paragraph_text
from kinddata import PLACEHOLDER, ZERO_FIGURE, example, write

from briefgen.api import build_document, render_bytes, validate_data
from briefgen.document.model import Heading, Paragraph, Table
from briefgen.errors import DataError

KINDS = ["work_report", "notice", "request", "report"]




def schema(name: str) -> dict:
    return json.loads((ROOT / "data_schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def lines(document) -> list[str]:
    """The body as read: a heading with its number and its run-in text, a paragraph, a table's cells."""
    found = []
    for block in document.blocks:
        if isinstance(block, Heading):
            found.append(block.number + block.text + (block.run_in.text if block.run_in else ""))
        elif isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, Table):
            found.append(" ".join(cell.text for row in block.rows for cell in row))
    return found


def paragraphs(content: bytes) -> list[tuple[str, str]]:
    """(style, text) of each non-empty paragraph of the .docx body, in order."""
    found = []
    for paragraph in docx_part(content).xpath("/w:document/w:body/w:p", namespaces=NS):
        text = paragraph_text(paragraph)
        if text:
            found.append(((paragraph.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS) or [""])[0], text))
    return found


def closing_line(content: bytes) -> str:
    """The last paragraph of the 正文: the one before the 附件说明 or the 署名."""
    found = paragraphs(content)
    end = next(i for i, (style, text) in enumerate(found) if style == "BriefgenSignature" or text.startswith("附件："))
    return found[end - 1][1]


def strip_optional(data, node: dict, numbers_only: bool = False):
    """``data`` with every optional field (or only every optional number) taken out, as the schema says."""
    if isinstance(data, list):
        return [strip_optional(item, node.get("items", {}), numbers_only) for item in data]
    if not isinstance(data, dict):
        return data
    properties, required = node.get("properties", {}), set(node.get("required", []))
    kept = {}
    for key, value in data.items():
        child = properties.get(key, {})
        number = child.get("type") in ("number", "integer")
        if key not in required and (number or not numbers_only):
            continue
        kept[key] = strip_optional(value, child, numbers_only)
    return kept


def assert_nothing_made_up(document) -> None:
    text = "\n".join(lines(document))
    assert not ZERO_FIGURE.search(text), ZERO_FIGURE.search(text)
    assert not re.search(r"(?<!保)持平", text), re.search(r"(?<!保)持平", text)  # 与上年同期持平, 增速持平 …; not 保持平稳
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    assert not re.search(r"[，、；]。|。。|，，|：。", text), re.search(r"[，、；]。|。。|，，|：。", text)
    assert document.warnings == []  # no run-in heading was left without its text


# -- all four kinds ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
@pytest.mark.parametrize("numbers_only", [True, False], ids=["optional_numbers_removed", "all_optional_fields_removed"])
def test_data_left_out_is_never_written_as_0_or_flat(tmp_path, name, numbers_only):
    stripped = strip_optional(example(name), schema(name), numbers_only)
    document = build_document(name, write(tmp_path, stripped))
    assert_nothing_made_up(document)
    assert len(lines(document)) >= 2 and document.meta.title and document.meta.date
    assert not re.search(r"同比(增长|下降)\d", "\n".join(lines(document)))
    if name != "notice":  # the other examples have the rates that were taken out
        assert re.search(r"同比(增长|下降)\d", "\n".join(lines(build_document(name, ROOT / "examples" / f"{name}.yaml"))))


@pytest.mark.parametrize("name", [*KINDS, "letter", "minutes"])
def test_each_kind_is_listed_and_starts_a_data_file(tmp_path, name):
    listed = subprocess.run([sys.executable, "-m", "briefgen", "templates"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert re.search(rf"^{name}\s+\S", listed.stdout, re.M), listed.stdout
    for suffix in (".yaml", ".xlsx"):
        result = subprocess.run([sys.executable, "-m", "briefgen", "init", name, "-o", str(tmp_path / f"d{suffix}")],
                                capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["notice", "request", "report", "letter", "minutes"])
def test_rendered_examples_keep_the_rules_of_their_kind(tmp_path, name):
    pytest.importorskip("briefgen.check.kinds")
    path = tmp_path / f"{name}.docx"
    path.write_bytes(render_bytes(name, ROOT / "examples" / f"{name}.yaml"))
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", str(path), "--kind", name],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KIND-" not in result.stdout, result.stdout


# -- 工作汇报 -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def work_report():
    return build_document("work_report", ROOT / "examples" / "work_report.yaml")


def test_work_report_words_each_indicator_by_its_sign_with_points_and_periods(work_report):
    text = "\n".join(lines(work_report))
    assert "1—9月，全市完成规模以上工业产值1268亿元，同比增长7.6%；" in text
    assert "完成工业增加值386亿元，同比增长6.9%，较上半年增速提高0.7个百分点，低于全省平均水平0.4个百分点；" in text
    # 工业投资 fell: 下降, and 78.4% of the year's target against 9/12 = 75% of the year gone.
    assert "完成工业投资214.5亿元，同比下降3.8%，完成年度目标任务的78.4%，超序时进度3.4个百分点；" in text
    assert "钢铁行业增加值同比下降4.2%，较上半年降幅收窄3.3个百分点" in text
    assert "占全市规模以上工业总产值的32.5%" in text and "前三季度产值同比下降的96家，占比30.8%" in text
    assert "增长-" not in text and "下降-" not in text
    assert work_report.meta.issuer_mark == "" and work_report.meta.doc_number == ""  # no 版头: a report to a meeting
    assert work_report.meta.title == "关于全市工业经济运行情况和下阶段工作重点的汇报"


def test_work_report_structure_follows_the_seed(work_report):
    headings = [(b.level, b.number + b.text) for b in work_report.blocks if isinstance(b, Heading)]
    assert [text for level, text in headings if level == 1] == ["一、工业经济发展基本情况", "二、当前存在的主要问题", "三、下阶段工作重点"]
    assert ("（二）主导产业和龙头企业贡献突出。") in [text for _, text in headings]
    assert [text for level, text in headings if level == 3][0] == "1.实施存量企业提升工程。"  # the last part numbers 1. 2. 3.
    body = "\n".join(lines(work_report))
    assert re.search(r"一是摸清底数，精准对接。.+。二是走访包联，压实责任。.+累计走访企业426家次，收集办理企业问题238个。三是", body)
    assert work_report.meta.signatures == ["临江市工业和信息化局"] and work_report.meta.date == "2024年10月18日"
    assert lines(work_report)[0].startswith("根据市政府第三季度经济运行分析会安排，现将2024年1—9月全市工业经济运行情况")


def test_work_report_figures_follow_the_data(tmp_path):
    data = example("work_report")
    indicators = data["基本情况"]["指标"]
    indicators[0]["增速"] = -2.5
    indicators[1].pop("数值")  # only a rate: the indicator is named with it
    indicators[2]["目标完成率"] = 70.1  # behind the 75% of the year gone
    indicators[3].update(增速=0)  # a real 0 is 持平, unlike a missing rate
    del indicators[3]["数值"], indicators[3]["目标完成率"]
    text = "\n".join(lines(build_document("work_report", write(tmp_path, data))))
    assert "完成规模以上工业产值1268亿元，同比下降2.5%" in text
    assert "；工业增加值同比增长6.9%，较上半年增速提高0.7个百分点" in text
    assert "完成年度目标任务的70.1%，低于序时进度4.9个百分点" in text
    assert "技术改造投资与上年同期持平" in text


def test_work_report_indicator_without_any_figure_is_left_out(tmp_path):
    data = example("work_report")
    for key in ("数值", "增速", "目标完成率"):
        data["基本情况"]["指标"][3].pop(key)
    text = "\n".join(lines(build_document("work_report", write(tmp_path, data))))
    assert "完成技术改造投资" not in text and "超序时进度3.4个百分点。" in text


# -- 通知 ---------------------------------------------------------------------------------------


def test_notice_has_the_file_header_addressee_attachments_and_end_matter():
    content = render_bytes("notice", ROOT / "examples" / "notice.yaml")
    found = paragraphs(content)
    styles = [style for style, _ in found]
    assert found[0] == ("BriefgenIssuerMark", "湖南省工业和信息化厅文件")
    number = docx_part(content).xpath("//w:p[w:pPr/w:pStyle/@w:val='BriefgenDocNumber']", namespaces=NS)[0]
    assert paragraph_text(number) == "湘工信〔2024〕86号" and "签发人" not in paragraph_text(number)  # 下行文: no 签发人
    assert number.xpath("./w:pPr/w:pBdr/w:bottom/@w:color", namespaces=NS) == ["FF0000"]
    title = [text for style, text in found if style == "BriefgenTitle"][0]
    assert title == "关于开展2024年全省重点工业企业精准帮扶活动的通知"
    assert [text for style, text in found if style == "BriefgenAddressee"] == ["各市州工业和信息化局，省直有关单位："]
    texts = [text for _, text in found]
    assert "附件：1.2024年重点帮扶企业名单报送表" in texts and "2.精准帮扶活动工作联络员回执" in texts
    assert styles.count("BriefgenAttachmentLabel") == 2
    assert texts[-2:] == ["抄送：省人民政府办公厅，省发展和改革委员会，省财政厅。", "湖南省工业和信息化厅办公室2024年6月6日印发"]
    document = build_document("notice", ROOT / "examples" / "notice.yaml")
    form = document.attachments[0].blocks[-1]
    assert [row[0].text for row in form.rows] == ["序号", *map(str, range(1, 9))]  # the 序号 column numbered, the rest blank
    assert all(cell.text == "" for row in form.rows[1:] for cell in row[1:])


def test_notice_ends_with_te_ci_tong_zhi_only_when_its_body_is_not_a_list_of_items(tmp_path):
    listed = render_bytes("notice", ROOT / "examples" / "notice.yaml")
    assert "特此通知。" not in [text for _, text in paragraphs(listed)]
    assert closing_line(listed).startswith("联系人：王明")  # the items end the body, then the contact line

    short = example("notice")
    del short["正文"]
    short["段落"] = ["请各市州工业和信息化局结合本地实际，认真组织开展帮扶活动，并于6月30日前报送重点帮扶企业名单。"]
    short.pop("联系人")
    content = render_bytes("notice", write(tmp_path, short))
    assert closing_line(content) == "特此通知。"
    texts = [text for _, text in paragraphs(content)]
    assert texts.index(short["段落"][0]) < texts.index("特此通知。") < texts.index("附件：1.2024年重点帮扶企业名单报送表")
    assert "现将有关事项通知如下：" not in "".join(texts)  # no items follow, so no lead-in to them


@pytest.mark.parametrize("with_items, choice, expected", [(True, True, True), (False, False, False)])
def test_the_data_can_ask_for_or_refuse_te_ci_tong_zhi(tmp_path, with_items, choice, expected):
    data = example("notice")
    if not with_items:
        del data["正文"]
    data["特此通知"] = choice
    content = render_bytes("notice", write(tmp_path, data))
    assert ("特此通知。" in [text for _, text in paragraphs(content)]) is expected


# -- 请示 ---------------------------------------------------------------------------------------


def test_request_carries_its_signer_one_addressee_contact_and_ending():
    content = render_bytes("request", ROOT / "examples" / "request.yaml")
    root = docx_part(content)
    number = root.xpath("//w:p[w:pPr/w:pStyle/@w:val='BriefgenDocNumber']", namespaces=NS)[0]
    runs = number.xpath("./w:r", namespaces=NS)
    shown = ["".join(r.xpath("./w:t/text()", namespaces=NS)) or ("\t" if r.xpath("./w:tab", namespaces=NS) else "") for r in runs]
    # 7.2.6: one line, the number after a tab of one character, the name after a tab to the right
    assert [text for text in shown if text != "\t"] == ["湘工信〔2024〕112号", "签发人：", "张建华"]
    assert runs[-1].xpath("./w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["楷体_GB2312"]
    found = paragraphs(content)
    assert [text for style, text in found if style == "BriefgenAddressee"] == ["湖南省人民政府："]
    assert closing_line(content) == "妥否，请批示。"
    texts = [text for _, text in found]
    assert texts.count("妥否，请批示。") == 1 and texts[texts.index("2024年10月21日") + 1] == "（联系人：李华，电话：0731-88954321）"
    assert [text for style, text in found if style == "BriefgenTitle"] == ["关于增加2024年省级制造业技术改造专项资金规模的请示"]
    assert texts[-2].startswith("抄送：") and texts[-1].endswith("印发")


def test_request_may_choose_another_standard_ending_but_not_any_words(tmp_path):
    data = example("request")
    data["结束语"] = "以上请示当否，请批示。"
    assert closing_line(render_bytes("request", write(tmp_path, data))) == "以上请示当否，请批示。"
    data["结束语"] = "请领导看看。"
    with pytest.raises(DataError, match="「结束语」只能是 妥否，请批示。"):
        validate_data("request", write(tmp_path, data))


@pytest.mark.parametrize("addressee", [["湖南省人民政府", "湖南省财政厅"], "湖南省人民政府、湖南省财政厅", "省人民政府，省财政厅"])
def test_a_request_to_several_organs_is_refused(tmp_path, addressee):
    data = example("request")
    data["主送"] = addressee
    with pytest.raises(DataError) as caught:
        validate_data("request", write(tmp_path, data))
    message = str(caught.value)
    assert "「主送」" in message and "只能写一个负责答复的上级机关" in message and "抄送" in message


def test_the_template_itself_refuses_several_addressees_without_the_schema(tmp_path):
    """A copy of the template folder (which leaves data_schemas/ behind) still refuses them."""
    folder = tmp_path / "my_request"
    shutil.copytree(ROOT / "templates" / "request", folder)
    data = example("request")
    assert render_bytes(folder, write(tmp_path, data))[:2] == b"PK"
    data["主送"] = "湖南省人民政府、湖南省财政厅"
    with pytest.raises(DataError, match="请示只能主送一个上级机关"):
        build_document(folder, write(tmp_path, data))


def test_a_request_without_a_contact_is_refused(tmp_path):
    data = example("request")
    del data["联系电话"]
    with pytest.raises(DataError, match="「联系电话」必须填写"):
        validate_data("request", write(tmp_path, data))


# -- 报告 ---------------------------------------------------------------------------------------


def test_report_carries_its_signer_and_ends_with_te_ci_bao_gao():
    content = render_bytes("report", ROOT / "examples" / "report.yaml")
    number = docx_part(content).xpath("//w:p[w:pPr/w:pStyle/@w:val='BriefgenDocNumber']", namespaces=NS)[0]
    assert paragraph_text(number) == "湘工信〔2024〕168号签发人：张建华"
    assert closing_line(content) == "特此报告。"
    text = "".join(t for _, t in paragraphs(content))
    for asking in ("请批示", "妥否", "当否", "请审批", "请示"):
        assert asking not in text
    assert "累计收集企业困难和问题3512个，已协调解决3178个，解决率90.5%。" in text
    assert "帮助企业获得融资286.5亿元，同比增长16.2%。" in text


def test_report_offers_no_request_ending(tmp_path):
    assert "结束语" not in schema("report")["properties"]
    data = example("report")
    data["结束语"] = "妥否，请批示。"  # not a field of a 报告: dropped with a warning
    document = build_document("report", write(tmp_path, data))
    assert lines(document)[-1] == "特此报告。" and "妥否" not in "".join(lines(document))
    assert any("「结束语」不是该模板的字段" in warning for warning in document.warnings)


def test_a_report_carrying_a_request_is_refused(tmp_path):
    data = example("report")
    data["正文"][-1]["分项"][-1]["内容"] += "。以上意见妥否，请批示"
    with pytest.raises(DataError, match="报告中不得夹带请示事项：「.*以上意见妥否」中有“妥否”"):
        build_document("report", write(tmp_path, data))


def test_upward_kinds_need_a_signer(tmp_path):
    for name in ("request", "report"):
        data = copy.deepcopy(example(name))
        del data["签发人"]
        with pytest.raises(DataError, match="「签发人」必须填写"):
            validate_data(name, write(tmp_path, data, f"{name}.yaml"))
