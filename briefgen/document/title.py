"""Break a long title into lines as GB/T 9704 7.3.1 asks: between words, as a 梯形 or 菱形, no more lines than needed.

"标题……回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形。"
Each line fits the 版心 at the title's size; a line breaks only between words (``document.words``)
and preferably at a natural joint — before 和/与/及, around a 《书名》, after a place or an
organ, before 的 of a closing "的通报"; no line is shorter than a third of the longest (no
orphan "通报"); three lines or more are a 梯形 (growing or shrinking) or a 菱形 (widest in the
middle), never an hourglass.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from typing import Iterator

from .words import CONJUNCTIONS, boundaries, inner_boundaries, known, words

MAX_LINES = 5
INSIDE_COMPOUND = -1.5  # 数字化|转型: both halves are words, but the whole is better kept
OPENING, CLOSING = "（《“‘〔【", "）》”’〕】，、。；：！？"
PLACE_OR_ORGAN = "省市县区州厅局委办部"
KINDS = ("通报", "通知", "意见", "报告", "请示", "决定", "方案", "办法", "规定", "细则", "纪要", "函", "批复", "答复", "调研报告", "汇报", "总结", "计划", "要点", "公告", "通告", "决议")


# Advance widths of Times New Roman in ems, for the characters official documents mix with 汉字.
_LATIN_WIDTHS = {**dict.fromkeys("0123456789", 0.5), "%": 0.833, ".": 0.25, ",": 0.25, ":": 0.278, "-": 0.333, " ": 0.25, "/": 0.278}


def text_width(text: str) -> float:
    """Width in 汉字 of the same size: a 汉字 or full-width mark is one; digits (Times New Roman)
    half; other Latin characters by their Times New Roman widths (an upper-case letter ~0.7)."""
    return sum(1.0 if ord(char) >= 0x2E80 else _LATIN_WIDTHS.get(char, 0.72 if char.isupper() else 0.5) for char in text)


def line_capacity(text_width_pt: float, size_pt: float) -> float:
    """How many 汉字 of ``size_pt`` fit the 版心's width (2号 in 156 mm: 20)."""
    return math.floor(text_width_pt / size_pt * 100) / 100


@dataclass(frozen=True)
class _Joint:
    position: int
    score: float


def _joints(text: str) -> list[_Joint]:
    """Every place a line may break, with how natural a break there is."""
    found = []
    inside_book = [False] * (len(text) + 1)
    depth = 0
    for index, char in enumerate(text):
        depth += char == "《"
        depth -= char == "》"
        inside_book[index + 1] = depth > 0
    pieces = words(text)
    starts = list(itertools.accumulate(len(piece) for piece in pieces))
    for position in boundaries(text):
        before, after = text[:position], text[position:]
        if before[-1] in OPENING or after[0] in CLOSING:
            continue
        index = starts.index(position)
        left, right = pieces[index], pieces[index + 1]
        score = 0.0
        if after[0] in CONJUNCTIONS:
            score += 3
        elif before[-1] in CONJUNCTIONS:
            score += 1
        if before[-1] == "》" or after[0] == "《":
            score += 2
        if after.startswith("的") and after[1:] in KINDS:
            score += 2
        if before.endswith("关于") and len(before) == 2:
            score += 0.5
        if after[0] == "第":
            score += 1  # 第128号…: an ordinal opens a new phrase
        if left[-1] in PLACE_OR_ORGAN and len(left) > 1:
            score += 1.5
        if not (known(left) and known(right)):
            score -= 3  # beside a character no word covers: perhaps inside an unknown word
        if inside_book[position]:
            score -= 1.5
        found.append(_Joint(position, score))
    found += [_Joint(position, INSIDE_COMPOUND) for position in inner_boundaries(text)]
    return sorted(found, key=lambda joint: joint.position)


def _shape_ok(widths: list[float]) -> bool:
    """No line under a third of the longest; three or more lines a 梯形 or a 菱形."""
    if min(widths) < max(widths) / 3:
        return False
    if len(widths) < 3:
        return True
    peak = widths.index(max(widths))
    rising = all(a <= b for a, b in zip(widths[: peak + 1], widths[1 : peak + 1]))
    falling = all(a >= b for a, b in zip(widths[peak:], widths[peak + 1 :]))
    return rising and falling


def _score(text: str, breaks: tuple[_Joint, ...], capacity: float) -> float | None:
    cuts = [0, *(joint.position for joint in breaks), len(text)]
    lines = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    widths = [text_width(line) for line in lines]
    if max(widths) > capacity or not _shape_ok(widths):
        return None
    evenness = (max(widths) - min(widths)) / capacity  # a 梯形, not a staircase
    first_longer = 0.2 if widths[0] >= widths[-1] else 0.0  # 上长下短 reads best, slightly
    return sum(joint.score for joint in breaks) - 4 * evenness + first_longer


def split_title(title: str, capacity: float) -> list[str]:
    """``title`` as lines that each fit ``capacity`` 汉字 (see the module's docstring)."""
    title = title.strip()
    if text_width(title) <= capacity:
        return [title]
    fewest = math.ceil(text_width(title) / capacity)
    if fewest > MAX_LINES:  # not a title a reader takes in: full lines, at once whatever its length
        return _by_width(title, capacity)
    joints = _joints(title)
    for count in range(fewest, MAX_LINES + 1):
        best = None
        for breaks in _fitting_breaks(title, joints, count, capacity):
            score = _score(title, breaks, capacity)
            if score is not None and (best is None or score > best[0]):
                best = (score, breaks)
        if best is not None:
            cuts = [0, *(joint.position for joint in best[1]), len(title)]
            return [title[a:b] for a, b in zip(cuts, cuts[1:])]
    return _by_width(title, capacity)  # no break between words fits: full lines, as Word would


def _fitting_breaks(title: str, joints: list[_Joint], count: int, capacity: float) -> Iterator[tuple[_Joint, ...]]:
    """Every choice of ``count - 1`` joints whose lines each fit ``capacity``: the lines are laid
    from the left, and a joint is taken only if the rest can still fit the lines left (all
    combinations of 60 joints taken 4 at a time were half a million layouts to score)."""
    widths = list(itertools.accumulate((text_width(char) for char in title), initial=0.0))
    positions = [joint.position for joint in joints]
    end = len(title)

    def lay(start: int, chosen: list[_Joint], lines_left: int) -> Iterator[tuple[_Joint, ...]]:
        if lines_left == 1:
            if widths[end] - widths[start] <= capacity:
                yield tuple(chosen)
            return
        for joint in joints[bisect.bisect_right(positions, start) :]:
            if widths[joint.position] - widths[start] > capacity:
                break
            if widths[end] - widths[joint.position] <= capacity * (lines_left - 1):
                chosen.append(joint)
                yield from lay(joint.position, chosen, lines_left - 1)
                chosen.pop()

    yield from lay(0, [], count)


def _by_width(title: str, capacity: float) -> list[str]:
    lines, line, width = [], "", 0.0
    for char in title:
        char_width = text_width(char)
        if width + char_width > capacity:
            lines.append(line)
            line, width = "", 0.0
        line += char
        width += char_width
    return lines + [line]
