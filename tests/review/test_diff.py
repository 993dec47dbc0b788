"""Comparing drafts as text: figures stay whole, words change as words, paragraphs align."""

from __future__ import annotations

import json

from briefgen.review.diff import CHANGED, DELETED, INSERTED, MOVED_FROM, MOVED_TO, UNCHANGED, align, figure_changes, tokens, word_diff
from briefgen.review.report import html_report, summary_json, summary_lines


def test_a_figure_with_its_unit_is_one_token():
    assert "24.3亿元" in tokens("融资24.3亿元，")
    assert "1.2个百分点" in tokens("提高1.2个百分点")
    assert "12.3%" in tokens("增长12.3%")


def test_a_changed_figure_is_one_deletion_and_one_insertion():
    pieces = word_diff("融资24.3亿元。", "融资25.1亿元。")
    assert [(p.kind, p.text) for p in pieces] == [("equal", "融资"), ("delete", "24.3亿元"), ("insert", "25.1亿元"), ("equal", "。")]


def test_a_one_character_replacement_takes_its_neighbour():
    pieces = word_diff("要加强领导。", "要加大领导。")
    changed = [(p.kind, p.text) for p in pieces if p.kind != "equal"]
    assert changed == [("delete", "加强"), ("insert", "加大")]


def test_pieces_rebuild_both_texts():
    old, new = "一是加强组织领导，二是完善工作机制。", "一是加大组织力度，二是完善工作机制，三是强化督查。"
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.kind != "insert") == old
    assert "".join(p.text for p in pieces if p.kind != "delete") == new


def test_figure_changes_pair_old_and_new_figures_with_their_sentence():
    changes = figure_changes("共帮扶企业120家。融资24.3亿元。", "共帮扶企业126家。融资24.3亿元。")
    assert [(c.old, c.new) for c in changes] == [("120家", "126家")]
    assert changes[0].context == "共帮扶企业126家。"


def test_paragraphs_align_as_unchanged_changed_inserted_and_deleted():
    old = ["标题", "第一段很长的文字内容", "要删除的段落内容", "结尾"]
    new = ["标题", "第一段很长的文字内容有修改", "新增的一段话", "结尾"]
    kinds = {(pair.old, pair.new): pair.kind for pair in align(old, new)}
    assert kinds == {(0, 0): UNCHANGED, (1, 1): CHANGED, (2, None): DELETED, (None, 2): INSERTED, (3, 3): UNCHANGED}


def test_a_paragraph_that_reappears_elsewhere_is_moved():
    old = ["甲段的文字内容", "乙段的文字内容", "丙段的文字内容"]
    new = ["乙段的文字内容", "丙段的文字内容", "甲段的文字内容"]
    kinds = {(pair.old, pair.new): pair.kind for pair in align(old, new)}
    assert kinds[(0, None)] == MOVED_FROM and kinds[(None, 2)] == MOVED_TO


def test_the_reports_tell_counts_and_figures(tmp_path):
    from briefgen.review.diff import Summary

    summary = Summary(counts={UNCHANGED: 3, CHANGED: 1}, figures=figure_changes("增长6.8%。", "增长7.1%。"), inserted_chars=4, deleted_chars=4)
    lines = summary_lines(summary)
    assert lines[0].startswith("段落：未改动 3，有修改 1")
    assert any("6.8%" in line and "7.1%" in line for line in lines)
    assert json.loads(summary_json(summary))["figures"][0] == {"old": "增长6.8%", "new": "增长7.1%", "context": "增长7.1%。"}
    page = html_report(["增长6.8%。"], ["增长7.1%。"], summary, "旧.docx", "新.docx")
    assert "<del>6.8%</del>" in page and "<ins>7.1%</ins>" in page and "http" not in page


def test_a_figure_keeps_its_direction_word():
    changes = figure_changes("产值同比增长6.8%，利润提高1.2个百分点。", "产值同比下降2.1%，利润回落0.5个百分点。")
    assert [(c.old, c.new) for c in changes] == [("增长6.8%", "下降2.1%"), ("提高1.2个百分点", "回落0.5个百分点")]


def test_a_range_and_a_figure_with_a_space_before_its_unit_are_whole():
    assert "1-9月" in tokens("1-9月全省") and "289 亿元" in tokens("完成289 亿元")
    changes = figure_changes("1-9月完成289 亿元。", "1—9月完成301 亿元。")
    assert [(c.old, c.new) for c in changes] == [("1-9月", "1—9月"), ("289 亿元", "301 亿元")]


def test_no_placeholder_reaches_the_text_shown():
    changes = figure_changes("见图\ufffc，增长6.8%\ue001。", "见图\ufffc，增长7.1%\ue001。")
    assert changes and all("\ufffc" not in c.context and "\ue001" not in c.context for c in changes)
