"""Recognition of every part a draft can have — 份号 to 印发 — from plain text (no look at all), from
Markdown "#" levels and from Word's heading styles without numbers; and what a person can say
where it gets one wrong."""

from __future__ import annotations

import pytest
from conftest import require_renderer

from briefgen.check.report import check_files
from briefgen.document.draft import Draft, DraftParagraph, Look
from briefgen.format.recognize import Overrides, RoleError, recognize
from briefgen.format.run import FormatOptions, format_file
from briefgen.format.text import read_markdown, read_text

SENTENCE = "各地要结合实际，细化工作措施，明确责任分工，确保各项任务按期完成，推动园区发展质量和效益稳步提升。"
EVERY_PART = f"""000123
机密★1年
特急
湖南省工业和信息化厅文件
湘工信〔2024〕12号　　签发人：张三
关于加快推进全省工业园区
高质量发展的意见
各市州人民政府：
为推动园区高质量发展，现提出如下意见。{SENTENCE}
一、总体要求
（一）指导思想。{SENTENCE}
（二）主要目标。到2025年，园区规上工业增加值占比达到70%以上。{SENTENCE}
三、重点任务
1、优化空间布局。
{SENTENCE}
2、培育主导产业。
（1）延伸产业链条。{SENTENCE}
附件：1.园区名单
2.指标表
湖南省工业和信息化厅
二〇二四年六月五日
（此件公开发布）
附件1
全省工业园区名单
长沙经开区、株洲高新区、湘潭经开区等{SENTENCE}
附件2
主要指标表
{SENTENCE}
抄送：省委办公厅，省政府办公厅。
湖南省工业和信息化厅办公室 2024年6月5日印发
"""
ROLES = [
    "copy_number", "secrecy", "urgency", "issuer_mark", "doc_number", "title", "title", "main_recipient", "body",
    "heading1", "heading2", "heading2", "heading1", "heading3", "body", "heading3", "heading4",
    "attachment_note", "attachment_note", "signature", "date", "note",
    "attachment_label", "attachment_title", "body", "attachment_label", "attachment_title", "body", "cc", "printer",
]


def roles(draft: Draft, overrides: Overrides | None = None) -> list[str]:
    return [part.role for part in recognize(draft, overrides)]


def test_every_part_of_a_plain_text_draft_is_recognised():
    parts = recognize(read_text(EVERY_PART, "稿.txt"))
    assert [part.role for part in parts] == ROLES
    run_in = {part.text: part.run_in for part in parts if part.run_in}
    assert run_in["指导思想。"] == SENTENCE and "延伸产业链条。" in run_in


def test_a_formatted_draft_with_every_part_passes_the_measured_check(tmp_path):
    require_renderer()
    draft, output = tmp_path / "稿.txt", tmp_path / "意见.docx"
    draft.write_text(EVERY_PART, encoding="utf-8")
    result = format_file(draft, output, FormatOptions())
    assert ("三、", "二、") in {(fix.before, fix.after) for fix in result.fixes}  # a broken sequence renumbered
    assert ("二〇二四年六月五日", "2024年6月5日") in {(fix.before, fix.after) for fix in result.fixes}
    (report,) = check_files([output], render=True)
    assert report.rendered == "是"
    assert [finding.rule for finding in report.findings if finding.severity == "error"] == []


def test_markdown_hashes_give_levels_to_headings_written_without_numbers():
    draft = read_markdown(f"# 关于加强安全生产的通知\n\n各县市区应急管理局：\n\n{SENTENCE}\n\n## 总体要求\n\n{SENTENCE}\n\n### 工作目标\n\n{SENTENCE}\n\n## 重点任务\n", "稿.md")
    assert roles(draft) == ["title", "main_recipient", "body", "heading1", "body", "heading2", "body", "heading1"]


def test_word_heading_styles_without_numbers_are_headings():
    blocks = [DraftParagraph("关于加强安全生产的通知", 1, Look(alignment="center", size_pt=22)), DraftParagraph(SENTENCE, 2)]
    blocks += [DraftParagraph("总体要求", 3, Look(heading_level=1)), DraftParagraph(SENTENCE, 4), DraftParagraph("工作目标", 5, Look(heading_level=2))]
    assert roles(Draft("稿.docx", blocks)) == ["title", "body", "heading1", "body", "heading2"]


def test_a_centred_title_of_two_lines_is_taken_from_the_look():
    blocks = [DraftParagraph("关于印发《全省工业园区高质量发展三年行动方案》的通知", 1, Look(alignment="center")),
              DraftParagraph("（2024—2026年）", 2, Look(alignment="center")), DraftParagraph(SENTENCE, 3)]
    assert roles(Draft("稿.docx", blocks)) == ["title", "title", "body"]


def test_overrides_name_title_lines_and_roles_and_refuse_what_does_not_exist():
    text = read_text(f"关于加快推进\n全市工业园区\n建设的意见\n{SENTENCE}\n市工信局\n2024年6月5日\n", "稿.txt")
    assert roles(text, Overrides(title_lines=3)) == ["title", "title", "title", "body", "signature", "date"]
    assert roles(text, Overrides(roles={5: "body"}))[4] == "body"
    with pytest.raises(RoleError, match="第 9 段"):
        recognize(text, Overrides(roles={9: "body"}))
    with pytest.raises(RoleError, match="可用的角色"):
        recognize(text, Overrides(roles={1: "标语"}))


@pytest.mark.parametrize("line", ["现将有关情况报告如下：", "根据省委部署：", "一、总体要求："])
def test_a_sentence_ending_in_a_colon_is_not_the_main_recipient(line):
    draft = read_text(f"关于开展专项检查的通知\n{line}\n{SENTENCE}\n", "稿.txt")
    assert roles(draft)[1] != "main_recipient"


def test_a_standalone_heading_is_never_joined_to_the_paragraph_below():
    from briefgen.format.fixes import Fixer

    draft = read_text(f"关于开展专项检查的通知\n（一）强化政策对接，畅通企业帮扶主渠道以及更多的内容\n{SENTENCE}\n", "稿.txt")
    assert len(Fixer().join_broken(draft.blocks)) == 3
