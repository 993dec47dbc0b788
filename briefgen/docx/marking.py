"""Tracked changes written into the new draft's paragraph where they happen.

The paragraph is the new draft's own element, changed only where the texts differ: an inserted
stretch is cut out of its runs and wrapped in w:ins where it stands (inside its hyperlink, field
or content control), and a deleted stretch — runs rebuilt from the old draft's characters, with
their formatting — is put in a w:del beside the character it preceded. Everything else in the
paragraph (bookmarks, comment ranges, fields, hyperlinks, proofing marks, page-start markers)
stays exactly where it was.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..review.diff import Piece
from .story import OBJECT, ParagraphText, Slot, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REVISIONS = (w("ins"), w("moveTo"))  # a run already inside one of these cannot take another


@dataclass
class Marks:
    """Makes ``w:ins``/``w:del`` elements with unique ids, one author and one date."""

    author: str
    date: str
    next_id: int = 1
    counting: bool = True  # False while copying marks into a text box's VML fallback

    def mark(self, kind: str) -> etree._Element:
        element = etree.Element(w(kind))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        self.next_id += 1
        return element

    def renumber(self, element: etree._Element) -> None:
        """Fresh ids for the marks of a copy (the VML fallback of a text box)."""
        for mark in element.iter(w("ins"), w("del")):
            mark.set(w("id"), str(self.next_id))
            self.next_id += 1


# Copies a run (or a run's child) of the old draft into the redline, or says None when it
# names what the redline cannot hold (a picture of the old package, a comment of the old draft).
Transplant = Callable[[etree._Element], "etree._Element | None"]


@dataclass
class _Cut:
    """A run of the new paragraph cut into pieces: each piece's slots inserted or kept."""

    run: etree._Element
    pieces: list[tuple[bool, list[Slot]]] = field(default_factory=list)


def mark_changes(new: ParagraphText, old: ParagraphText, pieces: list[Piece], marks: Marks, transplant: Transplant) -> tuple[int, int]:
    """Write ``pieces`` (old → new) into ``new.paragraph``; returns (inserted, deleted) characters."""
    inserted_at: set[int] = set()
    deletions: list[tuple[int, list[Slot]]] = []  # (the new slot they stand before, old slots)
    i = j = 0
    for piece in pieces:
        size = len(piece.text)
        if piece.kind == "equal":
            i, j = i + size, j + size
        elif piece.kind == "insert":
            inserted_at.update(range(j, j + size))
            j += size
        else:
            deletions.append((j, old.slots[i : i + size]))
            i += size
    anchors = _cut_runs(new.slots, inserted_at, {position for position, _ in deletions}, marks)
    for position, slots in deletions:
        _place_deletion(new, anchors, position, slots, marks, transplant)
    return len(inserted_at), sum(len(slots) for _, slots in deletions)


def _cut_runs(slots: list[Slot], inserted: set[int], cuts: set[int], marks: Marks) -> list[etree._Element]:
    """Split the runs so that each inserted stretch is its own run, wrapped in w:ins, and a run
    begins wherever a deletion goes; returns, per slot, the run that now holds it."""
    stretch, number, previous = [], 0, None
    for index in range(len(slots)):
        flag = index in inserted
        if index and (flag != previous or index in cuts):
            number += 1
        stretch.append((flag, number))
        previous = flag
    holder: list[etree._Element] = [slot.run for slot in slots]
    by_run: dict[etree._Element, list[int]] = {}
    for index, slot in enumerate(slots):
        by_run.setdefault(slot.run, []).append(index)
    for run, indices in by_run.items():
        kinds = {stretch[index] for index in indices}
        if len(kinds) == 1:
            if indices[0] in inserted:
                _wrap(run, marks)
            continue
        for new_run, chosen in _split(run, [(index, slots[index]) for index in indices], stretch):
            for index in chosen:
                holder[index] = new_run
            if chosen and chosen[0] in inserted:
                _wrap(new_run, marks)
    return holder


def _wrap(run: etree._Element, marks: Marks) -> None:
    """Put ``run`` inside a new w:ins, unless it is inside an insertion already."""
    parent = run.getparent()
    if parent is None or parent.tag in REVISIONS:
        return
    wrapper = marks.mark("ins")
    run.addprevious(wrapper)
    wrapper.append(run)


def _split(run: etree._Element, indexed: list[tuple[int, Slot]], stretch: list[tuple[bool, int]]) -> list[tuple[etree._Element, list[int]]]:
    """Replace ``run`` by consecutive runs, one per stretch of slots, each with the run's
    properties; children that show nothing go with the stretch they precede."""
    properties = run.find(w("rPr"))
    groups: list[tuple[etree._Element, list[int]]] = []
    slot_of = {}
    for index, slot in indexed:
        slot_of.setdefault(id(slot.element), []).append((index, slot))
    current: etree._Element | None = None
    current_flag: tuple[bool, int] | None = None
    pending: list[etree._Element] = []  # children that show nothing, waiting for a stretch

    def start(flag: tuple[bool, int]) -> etree._Element:
        nonlocal current, current_flag
        current = etree.Element(w("r"), run.attrib)
        if properties is not None:
            current.append(copy.deepcopy(properties))
        for child in pending:
            current.append(child)
        pending.clear()
        current_flag = flag
        groups.append((current, []))
        return current

    for child in list(run):
        if child.tag == w("rPr"):
            continue
        entries = slot_of.get(id(child))
        if not entries:
            pending.append(child)
            continue
        if child.tag != w("t"):
            index, _ = entries[0]
            flag = stretch[index]
            target = current if current is not None and current_flag == flag else start(flag)
            target.append(child)
            groups[-1][1].append(index)
            continue
        text = child.text or ""
        # Consecutive characters of one stretch become one w:t: cut the text at stretch changes.
        for flag, stretch_entries in itertools.groupby(entries, key=lambda entry: stretch[entry[0]]):
            stretch_entries = list(stretch_entries)
            if current is None or current_flag != flag:
                start(flag)
            piece = etree.SubElement(current, w("t"))
            piece.set(XML_SPACE, "preserve")
            piece.text = "".join(text[slot.offset] for _, slot in stretch_entries)
            groups[-1][1].extend(index for index, _ in stretch_entries)
    if pending:
        (current if current is not None else start((False, -1))).extend(pending)
        pending.clear()
    for new_run, _ in groups:
        run.addprevious(new_run)
    run.getparent().remove(run)
    return groups


def _place_deletion(new: ParagraphText, holders: list[etree._Element], position: int, slots: list[Slot], marks: Marks, transplant: Transplant) -> None:
    wrapper = marks.mark("del")
    wrapper.extend(deleted_runs(slots, transplant))
    if not len(wrapper):
        return
    if position < len(holders):
        _outside_revisions(holders[position]).addprevious(wrapper)
    elif holders:
        _outside_revisions(holders[-1]).addnext(wrapper)
    else:
        new.paragraph.append(wrapper)


def _outside_revisions(run: etree._Element) -> etree._Element:
    """Where a sibling may go: a w:del cannot sit inside a w:ins, so beside it instead."""
    element = run
    while element.getparent() is not None and element.getparent().tag in REVISIONS:
        element = element.getparent()
    return element


def deleted_runs(slots: list[Slot], transplant: Transplant) -> list[etree._Element]:
    """Runs that show the old draft's ``slots`` as deleted text, a new run wherever the old
    formatting changes; an object (picture, footnote reference) copied as the old draft had it."""
    runs: list[etree._Element] = []
    current, current_key, buffer = None, None, []

    def flush() -> None:
        if buffer and current is not None:
            text = etree.SubElement(current, w("delText"))
            text.text = "".join(buffer)
            text.set(XML_SPACE, "preserve")
            buffer.clear()

    for slot in slots:
        properties = slot.run.find(w("rPr"))
        if slot.char == OBJECT or slot.element.tag not in (w("t"), w("tab"), w("ptab"), w("br"), w("cr"), w("noBreakHyphen"), w("sym")):
            flush()
            current, current_key = None, None
            obj = transplant(slot.element)
            if obj is not None:
                run = etree.Element(w("r"))
                if properties is not None:
                    run.append(copy.deepcopy(properties))
                run.append(obj)
                for instruction in run.iter(w("instrText")):
                    instruction.tag = w("delInstrText")
                runs.append(run)
            continue
        key = etree.tostring(properties) if properties is not None else b""
        if current is None or key != current_key:
            flush()
            current, current_key = etree.Element(w("r")), key
            if properties is not None:
                current.append(copy.deepcopy(properties))
            runs.append(current)
        if slot.element.tag == w("t"):
            buffer.append(slot.char)
        else:
            flush()
            current.append(copy.deepcopy(slot.element))
    flush()
    return runs
