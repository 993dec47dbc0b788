"""Heading numbering: 一、（一）1.（1）, restarts, skipped levels, unnumbered, attachments."""

import pytest

from briefgen.document.number import heading_mark, number_headings
from briefgen.document.parse import parse_markup


def numbers(markup):
    doc = number_headings(parse_markup(markup))
    return [b.number for b in doc.blocks if hasattr(b, "number")]


@pytest.mark.parametrize(
    "level, count, mark",
    [(1, 1, "一、"), (1, 10, "十、"), (1, 12, "十二、"), (2, 3, "（三）"), (2, 11, "（十一）"), (3, 1, "1."), (3, 12, "12."), (4, 2, "（2）")],
)
def test_marks(level, count, mark):
    assert heading_mark(level, count) == mark


def test_levels_restart_under_a_new_parent():
    markup = "# a\n## b\n## c\n### d\n### e\n#### f\n# g\n## h\n### i\n"
    assert numbers(markup) == ["一、", "（一）", "（二）", "1.", "2.", "（1）", "二、", "（一）", "1."]


def test_a_skipped_level_is_numbered_from_one():
    assert numbers("# a\n### b\n### c\n# d\n### e\n") == ["一、", "1.", "2.", "二、", "1."]


def test_unnumbered_headings_take_no_number_and_do_not_reset():
    assert numbers("# a\n## b\n#- 说明\n## c\n") == ["一、", "（一）", "", "（二）"]


def test_attachments_are_numbered_on_their_own():
    doc = number_headings(parse_markup("# a\n# b\n@附件：表\n# c\n"))
    assert [b.number for b in doc.blocks] == ["一、", "二、"]
    assert [b.number for b in doc.attachments[0].blocks] == ["一、"]


def test_run_in_headings_are_numbered_like_standalone_ones():
    assert numbers("#> a\n甲。\n#> b\n乙。\n") == ["一、", "二、"]
