"""Heading marks 一、/（一）/1./（1） (GB/T 9704-2012, 7.3.3): numbering the model, reading marks in text.

Each level counts within its parent and restarts under a new one; a skipped level
(一、 followed directly by 1.) is fine. The body and each attachment are numbered
independently. Unnumbered headings take no number and do not reset the counts. The same
module reads a mark written in text, right or wrong ("1、" for "1."): the checker judges foreign
documents by it, and the parser strips a mark a template wrote itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..figures import cn_numeral
from .model import Document, Heading
from .standard import HEADING_LEVELS


def heading_mark(level: int, count: int) -> str:
    """The sequence mark of ``count`` at ``level`` (1-based): 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_numeral(count)}、"
    if level == 2:
        return f"（{cn_numeral(count)}）"
    if level == 3:
        return f"{count}."
    if level == 4:
        return f"（{count}）"
    raise ValueError(f"heading level {level} is outside 1..{HEADING_LEVELS}")


def number_headings(document: Document) -> Document:
    """Fill in ``Heading.number`` throughout the document; returns the same document."""
    for blocks in document.all_block_lists():
        counts = [0] * (HEADING_LEVELS + 1)
        for block in blocks:
            if isinstance(block, Heading) and block.numbered:
                counts[block.level] += 1
                for deeper in range(block.level + 1, HEADING_LEVELS + 1):
                    counts[deeper] = 0
                block.number = heading_mark(block.level, counts[block.level])
    return document


# -- reading marks written in text -------------------------------------------------------

CN_NUMERALS = "一二三四五六七八九十"  # the 汉字 of heading numbers and dates
# Heading marks, right and wrong: (level, pattern). Groups: number, and the surrounding marks.
_MARKS = [
    (1, re.compile(rf"^([{CN_NUMERALS}]+)([、.．,，])")),
    (2, re.compile(rf"^([（(])([{CN_NUMERALS}]+)([）)])(、?)")),
    (3, re.compile(r"^(\d{1,2})([.．、,，])(?!\d)")),
    (4, re.compile(r"^([（(])(\d{1,2})([）)])(、?)")),
]
# "第一、" and the like: not a mark of the standard, but a number a heading may be written with.
ORDINAL = re.compile(rf"^第[{CN_NUMERALS}]+[、，,.．]\s*")


def cn_to_int(text: str) -> int:
    """一 … 九十九 (and Arabic digits) as an int."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(text, 0)


@dataclass
class HeadingMark:
    """A heading mark found in text: its level, its number, as written, and whether it is the
    standard's form."""

    level: int
    number: int
    mark: str  # the mark as written, e.g. "1、"
    correct: bool


def read_mark(text: str) -> HeadingMark | None:
    """The heading mark ``text`` opens with (一、 （一） 1. （1）, or a wrong form of one), or None."""
    for level, pattern in _MARKS:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groups()
        if level in (1, 3):
            number, separator = groups
            correct = separator == ("、" if level == 1 else ".")
        else:
            opening, number, closing, extra = groups
            correct = opening == "（" and closing == "）" and not extra
        return HeadingMark(level, cn_to_int(number), match.group(0), correct)
    return None


def expected_mark(mark: HeadingMark) -> str:
    """The right form of a mark of its level: "1、" → "1.", "(一)" → "（一）"."""
    return heading_mark(mark.level, mark.number)
