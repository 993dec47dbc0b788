"""A story's paragraphs as a reader sees them: each character tied to the run and the element
that shows it, fields followed from paragraph to paragraph.

What is text (ECMA-376 17.3.3, 17.16): w:t, w:tab/w:ptab (a tab), w:br and w:cr (a line break;
a page or column break shows nothing), w:noBreakHyphen, w:sym; inside a complex field only its
result (between ``separate`` and ``end``), never its instructions. Text deleted by a pending
revision (w:del, w:moveFrom) is not shown; text of a pending insertion is. A picture, a text
box, a footnote reference or an embedded object is one object character (U+FFFC), so that its
insertion or deletion is seen; the text inside a text box is a story of its own.
Not text, and never turned into text: w:lastRenderedPageBreak (Word's note of where a page
began when it last laid the document out: present in the first run of every page of a
multi-page Word file, it says nothing about content), w:proofErr, bookmarks, comment ranges,
w:footnoteRef, field characters and instructions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OBJECT = "\ufffc"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


ALTERNATE = f"{{{MC}}}AlternateContent"
CHOICE, FALLBACK = f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
HIDDEN = {w("del"), w("moveFrom")}  # pending deletions: not shown
NOT_CONTENT = {w("pPr"), w("rPr"), w("sdtPr"), w("sdtEndPr"), w("fldData"), w("customXmlPr"), w("smartTagPr")}
OBJECTS = {w("drawing"), w("pict"), w("object"), ALTERNATE, w("footnoteReference"), w("endnoteReference"), w("embeddedObject")}


@dataclass
class Slot:
    """One character the reader sees: the run showing it and the element inside that run (a
    w:t with the character at ``offset``, a w:tab, a drawing ...)."""

    char: str
    run: etree._Element
    element: etree._Element
    offset: int = 0


@dataclass
class Shown:
    """What one element of a run shows: a w:t's text, or one character (a tab, an object)."""

    run: etree._Element
    element: etree._Element
    text: str


@dataclass
class ParagraphText:
    paragraph: etree._Element
    pieces: list[Shown] = field(default_factory=list)
    pending: bool = False  # carries revisions not yet accepted or rejected

    @cached_property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @cached_property
    def slots(self) -> list[Slot]:
        """One slot per character; made only for the paragraphs that changed (a 130-page draft
        has 60,000 characters, almost all of them in unchanged paragraphs)."""
        return [Slot(char, piece.run, piece.element, offset) for piece in self.pieces for offset, char in enumerate(piece.text)]


class _Fields:
    """The complex fields open at a point: each in its instructions or in its result."""

    def __init__(self) -> None:
        self.stack: list[str] = []

    def follow(self, kind: str | None) -> None:
        if kind == "begin":
            self.stack.append("instr")
        elif kind == "separate" and self.stack:
            self.stack[-1] = "result"
        elif kind == "end" and self.stack:
            self.stack.pop()

    @property
    def shown(self) -> bool:
        return all(phase == "result" for phase in self.stack)


def _leaf(element: etree._Element) -> str | None:
    """The text a run's child shows, or None when it shows none."""
    tag = element.tag
    if tag == w("t"):
        return element.text or ""
    if tag in (w("tab"), w("ptab")):
        return "\t"
    if tag == w("br"):
        return "" if element.get(w("type")) in ("page", "column") else "\n"
    if tag == w("cr"):
        return "\n"
    if tag == w("noBreakHyphen"):
        return "\u2011"
    if tag == w("sym"):
        try:
            return chr(int(element.get(w("char"), "0"), 16))
        except (ValueError, OverflowError):
            return OBJECT
    if tag in OBJECTS:
        return OBJECT
    return None


def _read_run(run: etree._Element, fields: _Fields, out: ParagraphText) -> None:
    for child in run:
        if not isinstance(child.tag, str) or child.tag in NOT_CONTENT:
            continue
        if child.tag == w("fldChar"):
            fields.follow(child.get(w("fldCharType")))
            continue
        if not fields.shown:
            continue
        text = _leaf(child)
        if text is None:
            continue
        if text:
            out.pieces.append(Shown(run, child, text))


def _read_inline(element: etree._Element, fields: _Fields, out: ParagraphText) -> None:
    """Runs under ``element`` (a paragraph, hyperlink, field, content control, revision ...)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in NOT_CONTENT:
            continue
        if tag in HIDDEN:
            out.pending = True
            continue
        if tag in (w("ins"), w("moveTo")):
            out.pending = True
        if tag == w("r"):
            _read_run(child, fields, out)
        elif tag != w("p"):  # a paragraph never holds a paragraph but inside a text box: not ours
            _read_inline(child, fields, out)


def read_paragraph(paragraph: etree._Element, fields: _Fields | None = None) -> ParagraphText:
    out = ParagraphText(paragraph)
    _read_inline(paragraph, fields or _Fields(), out)
    mark = paragraph.find(f"{w('pPr')}/{w('rPr')}")
    if mark is not None and any(child.tag in (w("ins"), w("del")) for child in mark):
        out.pending = True
    return out


def story_paragraphs(blocks: list[etree._Element]) -> list[etree._Element]:
    """Every paragraph of a story in reading order: in tables and content controls too, not in
    text boxes (a story of their own) nor in an mc:Fallback copy."""
    found: list[etree._Element] = []

    def walk(element: etree._Element) -> None:
        if element.tag == w("p"):
            found.append(element)
            return
        for child in element:
            if isinstance(child.tag, str) and child.tag not in (w("txbxContent"), FALLBACK) and child.tag not in NOT_CONTENT:
                walk(child)

    for block in blocks:
        walk(block)
    return found


def read_story(blocks: list[etree._Element]) -> dict[etree._Element, ParagraphText]:
    """Each paragraph of the story, read with the fields that run across paragraphs (a table of
    contents is one field from its first entry to its last)."""
    fields = _Fields()
    return {paragraph: read_paragraph(paragraph, fields) for paragraph in story_paragraphs(blocks)}


def text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """The text boxes a paragraph holds, once each: the mc:Choice's (Word 2010+) or a lone VML one."""
    return [box for box in paragraph.iter(w("txbxContent")) if not any(a.tag == FALLBACK for a in box.iterancestors())]


def fallback_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """The VML copies of the text boxes (mc:Fallback), which must say what the boxes say."""
    return [box for box in paragraph.iter(w("txbxContent")) if any(a.tag == FALLBACK for a in box.iterancestors())]
