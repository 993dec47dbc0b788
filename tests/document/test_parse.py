"""The markup parser: metadata, headings, paragraphs, tables, attachments, escaping."""

import pytest

from briefgen.document.model import Heading, PageBreak, Paragraph, Table
from briefgen.document.parse import literal, parse_markup
from briefgen.errors import TemplateError


def test_metadata_lines_fill_the_furniture_not_the_body():
    doc = parse_markup(
        "@版头：湖南省工业和信息化厅文件\n"
        "@发文字号：湘工信〔2024〕12号\n"
        "@标题：关于全省企业帮扶情况的\n"
        "@标题：通报\n"
        "@主送：各市州工信局\n"
        "@署名：湖南省工业和信息化厅\n"
        "@成文日期：2024-06-05\n"
        "@用印：是\n"
        "@抄送: 省政府办公厅\n"
        "@印发机关：湖南省工业和信息化厅办公室\n"
        "@印发日期：2024年06月06日\n"
        "正文。\n"
    )
    meta = doc.meta
    assert meta.issuer_mark == "湖南省工业和信息化厅文件"
    assert meta.doc_number == "湘工信〔2024〕12号"
    assert meta.title_lines == ["关于全省企业帮扶情况的", "通报"]
    assert meta.addressee == "各市州工信局"
    assert meta.signatures == ["湖南省工业和信息化厅"]
    assert meta.date == "2024年6月5日"
    assert meta.print_date == "2024年6月6日"
    assert meta.sealed is True
    assert meta.copy_to == "省政府办公厅"
    assert [b.text for b in doc.blocks] == ["正文。"]


def test_empty_metadata_value_leaves_the_field_unset():
    doc = parse_markup("@签发人：\n@附注：\n")
    assert doc.meta.signers == "" and doc.meta.note == ""


def test_consecutive_lines_join_into_one_paragraph_and_blank_lines_separate():
    doc = parse_markup("长沙市帮扶企业120家，\n株洲市帮扶企业96家。\n\n第二段。\n")
    assert [b.text for b in doc.blocks] == ["长沙市帮扶企业120家，株洲市帮扶企业96家。", "第二段。"]


def test_heading_levels_and_flags():
    doc = parse_markup("# 基本情况\n## 总体规模\n###- 说明\n#### 细项\n")
    levels = [(b.level, b.numbered, b.text) for b in doc.blocks]
    assert levels == [(1, True, "基本情况"), (2, True, "总体规模"), (3, False, "说明"), (4, True, "细项")]


def test_run_in_heading_takes_the_next_paragraph_and_gets_a_full_stop():
    doc = parse_markup("##> 加强组织领导\n市委、市政府成立领导小组。\n")
    (heading,) = doc.blocks
    assert isinstance(heading, Heading)
    assert heading.text == "加强组织领导。"
    assert heading.run_in.text == "市委、市政府成立领导小组。"


def test_run_in_heading_keeps_its_own_end_punctuation():
    doc = parse_markup("#> 调研背景：\n正文。\n")
    assert doc.blocks[0].text == "调研背景："


def test_run_in_heading_without_a_paragraph_becomes_standalone_with_a_warning():
    doc = parse_markup("##> 孤立标题\n# 下一节\n")
    assert doc.blocks[0].run_in is None and doc.blocks[0].text == "孤立标题"
    assert doc.warnings and "孤立标题" in doc.warnings[0]


def test_bold_runs_and_an_unmatched_marker_stays_literal():
    doc = parse_markup("一是**强化调度**。二是**未闭合\n")
    runs = doc.blocks[0].runs
    assert [(r.text, r.bold) for r in runs] == [("一是", False), ("强化调度", True), ("。二是**未闭合", False)]


def test_data_text_is_never_markup():
    hostile = "# 不是标题 **不是粗体** | 不是表格 @标题：篡改 <w:t> & \"引号\""
    doc = parse_markup(literal(hostile) + "\n" + "@主送：" + literal("各市州") + "\n")
    assert len(doc.blocks) == 1 and isinstance(doc.blocks[0], Paragraph)
    assert doc.blocks[0].text == hostile
    assert doc.meta.addressee == "各市州" and doc.meta.title_lines == []


def test_newlines_inside_data_are_removed():
    doc = parse_markup("开头" + literal("第一行\n  第二行") + "结尾\n")
    assert doc.blocks[0].text == "开头第一行第二行结尾"


def test_backslash_escapes_markup_characters_in_template_text():
    doc = parse_markup("\\# 井号开头 \\*\\* 星号 \\@ \\| \\\\\n")
    assert doc.blocks[0].text == "# 井号开头 ** 星号 @ | \\"


def test_control_characters_are_stripped_with_a_warning():
    doc = parse_markup("甲" + literal("乙\x01丙\x0b") + "丁\n")
    assert doc.blocks[0].text == "甲乙丙丁"
    assert any("控制字符" in w for w in doc.warnings)


def test_table_with_options_merges_and_padding():
    doc = parse_markup(
        "@表格 列宽=4,3,3 表头=1 标题=表1 主要指标\n"
        "| 城市 | 产值 | 增速 |\n"
        "| 长沙 | 100 | << |\n"
        "| ^^ | 90 |\n"
        "后文。\n"
    )
    table, after = doc.blocks
    assert isinstance(table, Table)
    assert table.widths == [4.0, 3.0, 3.0] and table.caption == "表1 主要指标" and table.header_rows == 1
    assert [c.text for c in table.rows[0]] == ["城市", "产值", "增速"]
    assert table.rows[1][2].merged_left and table.rows[2][0].merged_up
    assert len(table.rows[2]) == 3  # padded
    assert after.text == "后文。"


def test_table_cells_from_data_may_contain_pipes():
    doc = parse_markup("| " + literal("A|B") + " | c |\n")
    assert [c.text for c in doc.blocks[0].rows[0]] == ["A|B", "c"]


def test_attachments_collect_following_blocks_and_page_break():
    doc = parse_markup("正文。\n@分页\n@附件：统计表\n# 说明\n附件正文。\n@附件：名单\n名单正文。\n")
    assert isinstance(doc.blocks[1], PageBreak)
    assert [a.title for a in doc.attachments] == ["统计表", "名单"]
    assert [b.text for b in doc.attachments[0].blocks] == ["说明", "附件正文。"]
    assert [b.text for b in doc.attachments[1].blocks] == ["名单正文。"]


@pytest.mark.parametrize(
    "markup, fragment",
    [
        ("##### 五级\n", "四级"),
        ("#\n", "没有文字"),
        ("@标体：错字\n", "@标体"),
        ("@标题：甲\n@主送：甲\n@主送：乙\n", "不止一次"),
        ("@成文日期：下周一\n", "日期"),
        ("@用印：也许\n", "是"),
        ("@表格 列宽=1,2\n| a | b | c |\n", "列宽"),
        ("@表格 列宽=a,b\n| a | b |\n", "列宽"),
        ("@表格 宽度=1\n| a |\n", "宽度"),
        ("@表格\n\n正文\n", "表格行"),
        ("| << | a |\n", "第一列"),
        ("| ^^ | a |\n", "第一行"),
        ("@附件：\n", "附件"),
    ],
)
def test_markup_errors_say_what_and_where(markup, fragment):
    with pytest.raises(TemplateError) as caught:
        parse_markup(markup, source="t/document.j2")
    assert fragment in str(caught.value)
    assert "t/document.j2" in str(caught.value)


@pytest.mark.parametrize("written", ["湘工信[2024]12号", "湘工信（2024）12号", "湘工信【2024】12号", "湘工信(2024)12号"])
def test_doc_number_year_brackets_become_six_corner_brackets(written):
    doc = parse_markup(f"@发文字号：{written}\n")
    assert doc.meta.doc_number == "湘工信〔2024〕12号"
    assert any("六角括号" in warning for warning in doc.warnings)


def test_a_correct_doc_number_is_left_alone():
    doc = parse_markup("@发文字号：湘工信〔2024〕12号\n")
    assert doc.meta.doc_number == "湘工信〔2024〕12号" and not doc.warnings


@pytest.mark.parametrize("written", ["一、", "（一）", "(一)", "1.", "1、", "（1）", "第一，", "第三、"])
def test_a_number_written_in_a_heading_is_dropped_with_a_warning(written):
    from briefgen.document.number import number_headings

    document = number_headings(parse_markup(f"## {written}加强组织领导\n正文。\n"))
    heading = document.blocks[0]
    assert heading.number == "（一）" and heading.text == "加强组织领导"
    assert any(f"自带序号「{written}」" in warning for warning in document.warnings)


def test_a_heading_opening_with_a_figure_keeps_it():
    document = parse_markup("### 1.5亿元技改资金落实情况\n")
    assert document.blocks[0].text == "1.5亿元技改资金落实情况" and not document.warnings
