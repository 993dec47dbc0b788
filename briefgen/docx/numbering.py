"""Word's automatic numbering: numbering.xml read, and each paragraph's number text computed as
Word shows it ("一、", "（二）", "3.", "（1）").

A paragraph is numbered by its w:numPr (or its style's): a list (w:num, numId) that points to
an abstract definition (w:abstractNum) with one w:lvl per level: its format (w:numFmt:
chineseCounting, decimal ...), its text (w:lvlText "%1、", "（%2）"), its start, and when it
restarts (a lower level restarts when a higher one advances, unless w:lvlRestart says
otherwise). w:lvlOverride/w:startOverride in a w:num restarts a list. ECMA-376 17.9.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .story import w

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_counting(number: int) -> str:
    """一, 二 … 十, 十一 … 二十, 二十一 … 九十九, 一百 … (Word's chineseCounting)."""
    if number <= 0:
        return str(number)
    if number < 10:
        return _DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else ("一" + chinese_counting(rest) if rest < 20 else chinese_counting(rest)))
        return _DIGITS[hundreds] + "百" + tail
    return str(number)


def _letters(number: int) -> str:
    """a … z, aa … zz (Word repeats the letter)."""
    if number <= 0:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def format_number(number: int, kind: str) -> str:
    """One level's number in the format ``kind`` (ST_NumberFormat)."""
    if kind in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting", "taiwaneseCounting", "ideographDigital"):
        return chinese_counting(number)
    if kind == "chineseLegalSimplified":
        return "".join(_LEGAL[int(d)] for d in str(number))
    if kind == "decimalFullWidth" or kind == "decimalFullWidth2":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if kind == "decimalEnclosedCircle" or kind == "decimalEnclosedCircleChinese":
        return _CIRCLED[number - 1] if 0 < number <= len(_CIRCLED) else str(number)
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind == "lowerLetter":
        return _letters(number)
    if kind == "upperLetter":
        return _letters(number).upper()
    if kind == "lowerRoman":
        return _roman(number)
    if kind == "upperRoman":
        return _roman(number).upper()
    if kind in ("none", "bullet"):
        return ""
    return str(number)


@dataclass
class Level:
    start: int = 1
    kind: str = "decimal"
    text: str = "%1."
    restart_after: int | None = None  # w:lvlRestart: restart after this level (1-based); None: after any higher one
    legal: bool = False  # w:isLgl: every level shown in Arabic digits


@dataclass
class Numbering:
    """numbering.xml: lists and their levels, and the counters as the document advances."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    lists: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → level → start
    counters: dict[str, list[int | None]] = field(default_factory=dict)  # abstractNumId → per level
    started: set[tuple[str, int]] = field(default_factory=set)  # (numId, level) with a start override, once used

    def level(self, num_id: str, ilvl: int) -> Level | None:
        abstract = self.lists.get(num_id)
        return self.abstract.get(abstract, {}).get(ilvl) if abstract is not None else None

    def advance(self, num_id: str, ilvl: int) -> str:
        """The number text of the next paragraph of list ``num_id`` at level ``ilvl`` ("" when
        the paragraph is not numbered)."""
        abstract = self.lists.get(num_id)
        levels = self.abstract.get(abstract or "", {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [None] * 9)
        level = levels[ilvl]
        start = self.overrides.get(num_id, {}).get(ilvl, level.start)
        if ilvl in self.overrides.get(num_id, {}) and (num_id, ilvl) not in self.started:
            counters[ilvl] = None  # a w:num with a start override begins its own count
            self.started.add((num_id, ilvl))
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart_after if deeper in levels else None
            # w:lvlRestart n: restart after level n (1-based) advances; 0: never restart.
            if restart is None or (restart != 0 and restart > ilvl):
                counters[deeper] = None
        return _expand(level, levels, counters)


def _expand(level: Level, levels: dict[int, Level], counters: list[int | None]) -> str:
    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        known = levels.get(index, Level())
        current = counters[index] if 0 <= index < len(counters) and counters[index] is not None else known.start
        return str(current) if level.legal and known.kind != "none" else format_number(current, known.kind)

    return re.sub(r"%([1-9])", value, level.text)


def read_numbering(root: etree._Element | None) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(w("abstractNum")):
        levels = {}
        for lvl in abstract.iter(w("lvl")):
            levels[_int(lvl.get(w("ilvl")), 0)] = Level(
                start=_int(_val(lvl, "start"), 1),
                kind=_val(lvl, "numFmt") or "decimal",
                text=_val(lvl, "lvlText") if lvl.find(w("lvlText")) is not None else "",
                restart_after=_int(_val(lvl, "lvlRestart"), None),
                legal=lvl.find(w("isLgl")) is not None,
            )
        numbering.abstract[abstract.get(w("abstractNumId"), "")] = levels
    for num in root.iter(w("num")):
        num_id = num.get(w("numId"), "")
        target = num.find(w("abstractNumId"))
        if target is not None:
            numbering.lists[num_id] = target.get(w("val"), "")
        for override in num.iter(w("lvlOverride")):
            start = override.find(w("startOverride"))
            if start is not None:
                numbering.overrides.setdefault(num_id, {})[_int(override.get(w("ilvl")), 0)] = _int(start.get(w("val")), 1)
    return numbering


def _val(element: etree._Element, name: str) -> str:
    child = element.find(w(name))
    return child.get(w("val"), "") if child is not None else ""


def _int(value: str | None, default):
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default
