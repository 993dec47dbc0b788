"""Compare two drafts as text: tokens that fit Chinese, aligned paragraphs, changed figures.

Nothing here knows OOXML: ``redline.py`` turns these comparisons into tracked changes.
- A number with its decimal point, sign, percent sign, range and unit is one token
  (12.3%, 24.3亿元, 1—9月, 提高1.2个百分点 → "1.2个百分点"), so "24.3亿元" → "25.1亿元" is one
  deleted and one inserted figure, never digits.
- 汉字 are compared one by one, then a lone unchanged character between two changes is folded
  into the change, so that a changed word shows as a word and not as confetti.
- Paragraphs are aligned first (unchanged, changed, moved, inserted, deleted); a paragraph that
  changed beyond ``REWRITE_BELOW`` similarity is shown as deleted and inserted whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sequence import opcodes, ratio

UNITS = "个百分点|百分点|平方公里|平方米|万亿元|亿元|万元|千元|元|万户|户|万家|家|万人|人|个|项|次|场|件|吨|亩|年|月|日|天|小时|倍|名|所|台|套|条|份|篇|亿|万"
_TOKEN = re.compile(
    rf"""
    (?P<number>[+\-−]?\d+(?:[.,]\d+)*(?:\s*[%％‰])?(?:\s*[—～~\-–－]\s*[+\-−]?\d+(?:\.\d+)?(?:\s*[%％])?)?(?:[ \u00a0]?(?:{UNITS}))?)
    |(?P<latin>[A-Za-z]+)
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.X | re.S,
)
NUMBER = re.compile(r"\d")
REWRITE_BELOW = 0.4  # similarity under which a changed paragraph is shown as deleted + inserted
# Paragraphs are whole items, hashed: difflib aligns 100,000 of them in seconds, provided that
# the popular ones (empty paragraphs, repeated captions: more than 1% of a long document) cannot
# start a match — with them allowed, 20,000 paragraphs of which 6,000 empty took 64 s, not 0.4.
ALIGN_WORK = 10**10
PAIRING_WINDOW = 60  # old paragraphs a new one may be paired with, from the last pairing on
SENTENCE_END = "。；！？\n"


def tokens(text: str) -> list[str]:
    return [match.group(0) for match in _TOKEN.finditer(text)]


def is_figure(token: str) -> bool:
    return bool(NUMBER.search(token))


@dataclass
class Piece:
    """A stretch of a changed paragraph: kept, inserted (in the new text) or deleted (old)."""

    kind: str  # "equal", "insert", "delete"
    text: str


@dataclass
class FigureChange:
    old: str
    new: str
    context: str  # the new sentence around it


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``: deletions come before insertions at a place."""
    a, b = tokens(old), tokens(new)
    ops = _fold_short_equalities(opcodes(a, b), a)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            _append(pieces, "equal", "".join(b[j1:j2]))
        else:
            _append(pieces, "delete", "".join(a[i1:i2]))
            _append(pieces, "insert", "".join(b[j1:j2]))
    return _widen_single_characters(pieces)


def _is_hanzi(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _widen_single_characters(pieces: list[Piece]) -> list[Piece]:
    """Most Chinese words have two characters: a one-character replacement (加强 → 加大) takes
    its neighbour along, so the reviewer sees 加强 → 加大 rather than 强 → 大."""
    for index in range(len(pieces) - 1):
        delete, insert = pieces[index], pieces[index + 1]
        if not (delete.kind == "delete" and insert.kind == "insert" and len(delete.text) == len(insert.text) == 1):
            continue
        if not (_is_hanzi(delete.text) and _is_hanzi(insert.text)):
            continue
        before = pieces[index - 1] if index > 0 and pieces[index - 1].kind == "equal" else None
        after = pieces[index + 2] if index + 2 < len(pieces) and pieces[index + 2].kind == "equal" else None
        if before and before.text and _is_hanzi(before.text[-1]):
            char, before.text = before.text[-1], before.text[:-1]
            delete.text, insert.text = char + delete.text, char + insert.text
        elif after and after.text and _is_hanzi(after.text[0]):
            char, after.text = after.text[0], after.text[1:]
            delete.text, insert.text = delete.text + char, insert.text + char
    return [piece for piece in pieces if piece.text]


def _fold_short_equalities(ops, a: list[str]):
    """Adjacent changes are one change, and a single unchanged 汉字 between two changes joins
    them: 加强组织领导 → 加大组织力度 shows changed words, not one kept character inside each."""
    merged: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if op[0] != "equal" and merged and merged[-1][0] != "equal":
            previous = merged.pop()
            op = ("replace", previous[1], op[2], previous[3], op[4])
        elif (
            op[0] != "equal"
            and len(merged) >= 2
            and merged[-1][0] == "equal"
            and merged[-1][2] - merged[-1][1] == 1
            and len(a[merged[-1][1]]) == 1
            and merged[-2][0] != "equal"
        ):
            merged.pop()
            previous = merged.pop()
            op = ("replace", previous[1], op[2], previous[3], op[4])
        merged.append(op)
    return merged


def _append(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1].text += text
    else:
        pieces.append(Piece(kind, text))


# Words that give a figure its direction: "增长6.8%" → "下降2.1%" is a change of both.
DIRECTIONS = ("增长", "下降", "提高", "降低", "上升", "回落", "减少", "增加", "下滑", "回升", "扩大", "缩小", "增幅", "降幅", "减幅", "增速")
_NOT_SHOWN = re.compile("[\ufffc\ue000-\uf8ff\x00-\x08\x0b-\x1f\u200b]")


def figure_changes(old: str, new: str) -> list[FigureChange]:
    """Figures replaced in a changed paragraph, paired in order, each with the direction word
    before it (增长/下降 ...) and the new sentence around."""
    a, b = tokens(old), tokens(new)
    changes = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag != "replace":
            continue
        old_figures = [_with_direction(a, k) for k in range(i1, i2) if is_figure(a[k])]
        new_figures = [_with_direction(b, k) for k in range(j1, j2) if is_figure(b[k])]
        offset = len("".join(b[:j1]))
        for old_figure, new_figure in zip(old_figures, new_figures):
            if old_figure != new_figure:
                changes.append(FigureChange(old_figure, new_figure, sentence_around(new, offset)))
    return changes


def _with_direction(tokens_: list[str], index: int) -> str:
    before = "".join(tokens_[max(index - 2, 0) : index])
    return (before if before in DIRECTIONS else "") + tokens_[index].replace("\u00a0", " ")


def readable(text: str) -> str:
    """Text as shown to the reviewer: no object placeholder, private-use or control character."""
    return _NOT_SHOWN.sub("", text)


def sentence_around(text: str, position: int, limit: int = 60) -> str:
    start = max((text.rfind(mark, 0, position) for mark in SENTENCE_END), default=-1) + 1
    ends = [text.find(mark, position) for mark in SENTENCE_END]
    end = min((e for e in ends if e != -1), default=len(text) - 1) + 1
    sentence = readable(text[start:end]).strip()
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def similarity(old: str, new: str, at_least: float = 0.0) -> float:
    return ratio(old, new, at_least)


# -- aligning blocks ----------------------------------------------------------------------------

UNCHANGED, CHANGED, INSERTED, DELETED, MOVED_FROM, MOVED_TO = "unchanged", "changed", "inserted", "deleted", "moved-from", "moved-to"


@dataclass
class Pair:
    kind: str
    old: int | None
    new: int | None


def align(old: list[str], new: list[str], kinds_old: list[str] | None = None, kinds_new: list[str] | None = None) -> list[Pair]:
    """Pairs in new-document order, with deleted old items placed where they stood.

    ``kinds_*`` (e.g. "p", "tbl") keep a paragraph from being paired with a table.
    """
    kinds_old = kinds_old or ["p"] * len(old)
    kinds_new = kinds_new or ["p"] * len(new)
    keyed_old = [f"{k}\x00{t}" for k, t in zip(kinds_old, old)]
    keyed_new = [f"{k}\x00{t}" for k, t in zip(kinds_new, new)]
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in opcodes(keyed_old, keyed_new, max_work=ALIGN_WORK, autojunk=True):
        if tag == "equal":
            pairs += [Pair(UNCHANGED, i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            pairs += _pair_changed(old, new, kinds_old, kinds_new, range(i1, i2), range(j1, j2))
    _mark_moves(pairs, old, new)
    return pairs


def _pair_changed(old, new, kinds_old, kinds_new, olds: range, news: range) -> list[Pair]:
    """Within a replaced block, pair paragraphs that are still alike, keeping order."""
    pairs: list[Pair] = []
    start = olds.start
    for j in news:
        best, best_score = None, REWRITE_BELOW
        # The next PAIRING_WINDOW old paragraphs only: a rewritten chapter of 2,000 paragraphs
        # against 2,000 would otherwise be 4 million comparisons.
        for i in range(start, min(olds.stop, start + PAIRING_WINDOW)):
            if kinds_old[i] != kinds_new[j]:
                continue
            score = similarity(old[i], new[j], best_score)
            if score >= best_score:
                best, best_score = i, score
        if best is None:
            pairs.append(Pair(INSERTED, None, j))
            continue
        pairs += [Pair(DELETED, i, None) for i in range(start, best)]
        pairs.append(Pair(UNCHANGED if old[best] == new[j] else CHANGED, best, j))
        start = best + 1
    pairs += [Pair(DELETED, i, None) for i in range(start, olds.stop)]
    return pairs


def _mark_moves(pairs: list[Pair], old: list[str], new: list[str]) -> None:
    """A deleted paragraph whose text reappears as an inserted one was moved."""
    inserted = {}
    for pair in pairs:
        if pair.kind == INSERTED and new[pair.new].strip():
            inserted.setdefault(new[pair.new], []).append(pair)
    for pair in pairs:
        if pair.kind == DELETED and old[pair.old].strip() and inserted.get(old[pair.old]):
            pair.kind = MOVED_FROM
            inserted[old[pair.old]].pop(0).kind = MOVED_TO


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    figures: list[FigureChange] = field(default_factory=list)
    inserted_chars: int = 0
    deleted_chars: int = 0
    pending_paragraphs: int = 0  # of the old draft, with revisions not yet accepted: compared as shown
    note_counts: dict[str, int] = field(default_factory=dict)  # footnotes and endnotes, by kind

    def add(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
