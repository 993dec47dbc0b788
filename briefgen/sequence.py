"""Bounded comparison of two sequences: difflib's opcodes with the common ends taken off first
and the rest compared only within a work budget.

difflib is quadratic in the length of what differs: one 64,000-character paragraph took 101 s.
Real edits are local, so the common beginning and end (found in linear time) hold almost all of
a long paragraph; what is left is compared only if len(a) x len(b) stays within the budget, and
is otherwise reported as replaced whole.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Sequence

MAX_WORK = 4_000_000  # items of one side x items of the other, after the common ends
Opcode = tuple[str, int, int, int, int]


def common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """(length of the common beginning, length of the common end), never overlapping."""
    limit = min(len(a), len(b))
    prefix = 0
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    return prefix, suffix


def opcodes(a: Sequence, b: Sequence, max_work: int = MAX_WORK, autojunk: bool = False) -> list[Opcode]:
    """What SequenceMatcher(None, a, b, autojunk).get_opcodes() says, within the budget."""
    prefix, suffix = common_ends(a, b)
    a_end, b_end = len(a) - suffix, len(b) - suffix
    ops: list[Opcode] = [("equal", 0, prefix, 0, prefix)] if prefix else []
    middle_a, middle_b = a[prefix:a_end], b[prefix:b_end]
    if not middle_a and middle_b:
        ops.append(("insert", prefix, prefix, prefix, b_end))
    elif middle_a and not middle_b:
        ops.append(("delete", prefix, a_end, prefix, prefix))
    elif middle_a and middle_b:
        if len(middle_a) * len(middle_b) > max_work:
            ops.append(("replace", prefix, a_end, prefix, b_end))
        else:
            matcher = SequenceMatcher(None, middle_a, middle_b, autojunk=autojunk)
            ops += [(tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    if suffix:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    return ops


def ratio(a: Sequence, b: Sequence, at_least: float = 0.0, max_work: int = MAX_WORK) -> float:
    """SequenceMatcher's similarity (2 x matches / total), within the budget; 0.0 when the cheap
    upper bounds already show it is under ``at_least``."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    if 2 * min(len(a), len(b)) / total < at_least:
        return 0.0
    matches = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(a, b, max_work) if tag == "equal")
    return 2 * matches / total
