"""Write the differences between two .docx drafts as a real Word redline (tracked changes).

The redline is the new draft with ``w:ins``/``w:del`` marks (unique ``w:id``, author, date):
accepting every change gives the new draft's text, rejecting every change the old draft's,
paragraph by paragraph, in every story — the body with its tables and content controls (a
table of contents), each text box (its VML fallback copy kept in step), the footnotes and
endnotes. A changed paragraph is the new draft's own element marked where it changed
(``marking``), so its bookmarks, comment ranges, fields and hyperlinks survive; deleted
content comes from the old draft, made fit for the new package (``transplant``). Text is read
as a reader sees it (``story``); the comparison itself is ``review.diff``'s.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..review.diff import CHANGED, DELETED, INSERTED, MOVED_FROM, MOVED_TO, UNCHANGED, Summary, align, figure_changes, word_diff
from .marking import Marks, Transplant, mark_changes
from .read import DocxError, DocxPackage
from .story import ParagraphText, fallback_boxes, read_paragraph, read_story, story_paragraphs, text_boxes, w
from .transplant import Additions, Transplanter, rels_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BLOCKS = (w("p"), w("tbl"), w("sdt"))
NOTES = (("footnotes", "footnote"), ("endnotes", "endnote"))


# -- marking whole paragraphs and rows -----------------------------------------------------------


def _mark_paragraph_mark(paragraph: etree._Element, mark: etree._Element) -> None:
    """Track the paragraph mark itself (w:pPr/w:rPr/w:ins|w:del)."""
    properties = paragraph.find(w("pPr"))
    if properties is None:
        properties = etree.Element(w("pPr"))
        paragraph.insert(0, properties)
    run_properties = properties.find(w("rPr"))
    if run_properties is None:
        run_properties = etree.Element(w("rPr"))
        section = properties.find(w("sectPr"))
        change = properties.find(w("pPrChange"))
        if section is not None:
            section.addprevious(run_properties)
        elif change is not None:
            change.addprevious(run_properties)
        else:
            properties.append(run_properties)
    run_properties.insert(0, mark)


def whole(element: etree._Element, kind: str, marks: Marks) -> etree._Element:
    """``element`` (a paragraph, table or content control: the new draft's own, or a copy of
    the old draft's) with every run and paragraph mark (and table row) tracked as inserted
    (``kind`` "ins") or deleted ("del")."""
    for run in list(element.iter(w("r"))):
        if any(a.tag in (w("ins"), w("del"), w("moveFrom"), w("moveTo")) for a in run.iterancestors()):
            continue
        if kind == "del":
            for text in run.iter(w("t")):
                text.tag = w("delText")
            for instruction in run.iter(w("instrText")):
                instruction.tag = w("delInstrText")
        wrapper = marks.mark(kind)
        run.addprevious(wrapper)
        wrapper.append(run)
    for paragraph in [element] if element.tag == w("p") else list(element.iter(w("p"))):
        _mark_paragraph_mark(paragraph, marks.mark(kind))
    for row in element.iter(w("tr")):
        properties = row.find(w("trPr"))
        if properties is None:
            properties = etree.Element(w("trPr"))
            position = 1 if row.find(w("tblPrEx")) is not None else 0
            row.insert(position, properties)
        properties.append(marks.mark(kind))
    return element


class Differ:
    """Redlines one story: the old draft's blocks against the new draft's, marking the new ones
    in place. Text boxes inside a paragraph are stories of their own, diffed by a Differ of
    their own with the same marks and summary."""

    def __init__(self, old: dict[etree._Element, ParagraphText], new: dict[etree._Element, ParagraphText], marks: Marks, summary: Summary, transplant: Transplant):
        self.old, self.new = old, new
        self.marks, self.summary, self.transplant = marks, summary, transplant
        self.summary.pending_paragraphs += sum(text.pending for text in old.values())

    @classmethod
    def of(cls, old_blocks: list[etree._Element], new_blocks: list[etree._Element], marks: Marks, summary: Summary, transplant: Transplant) -> "Differ":
        return cls(read_story(old_blocks), read_story(new_blocks), marks, summary, transplant)

    # -- texts for aligning

    def _text(self, side: dict[etree._Element, ParagraphText], element: etree._Element) -> str:
        if element.tag == w("p"):
            return side[element].text if element in side else read_paragraph(element).text
        return "\u2029".join(side[p].text if p in side else read_paragraph(p).text for p in story_paragraphs([element]))

    # -- sequences of blocks

    def children(self, old: list[etree._Element], new: list[etree._Element]) -> list[etree._Element]:
        """The redlined sequence of block-level elements (a story, a cell, a content control)."""
        pairs = align([self._text(self.old, e) for e in old], [self._text(self.new, e) for e in new],
                      [etree.QName(e).localname for e in old], [etree.QName(e).localname for e in new])
        result: list[etree._Element] = []
        for pair in pairs:
            self.summary.add({MOVED_FROM: "moved"}.get(pair.kind, pair.kind))
            if pair.kind in (INSERTED, MOVED_TO):
                result.append(whole(new[pair.new], "ins", self.marks))
            elif pair.kind in (DELETED, MOVED_FROM):
                result.append(self._deleted(old[pair.old]))
            else:
                result.append(self._kept(old[pair.old], new[pair.new], pair.kind == UNCHANGED))
        return result

    def _deleted(self, element: etree._Element) -> etree._Element:
        copied = self.transplant(element)
        if copied is None:  # never: a paragraph is always kept, whatever it loses
            copied = etree.Element(w("p"))
        return whole(copied, "del", self.marks)

    def _kept(self, old: etree._Element, new: etree._Element, same_text: bool) -> etree._Element:
        if new.tag == w("p"):
            if not same_text:
                self.changed_paragraph(old, new)
            self._boxes(old, new)
        elif new.tag == w("tbl"):
            if not same_text:
                self._table(old, new)
            else:
                self._boxes_in(old, new)
        elif not same_text:
            self._content_control(old, new)
        return new

    # -- a paragraph

    def changed_paragraph(self, old: etree._Element, new: etree._Element, place: str = "") -> None:
        old_text, new_text = self._paragraph(self.old, old), self._paragraph(self.new, new)
        pieces = word_diff(old_text.text, new_text.text)
        inserted, deleted = mark_changes(new_text, old_text, pieces, self.marks, self.transplant)
        self.summary.inserted_chars += inserted
        self.summary.deleted_chars += deleted
        changes = figure_changes(old_text.text, new_text.text)
        for change in changes:
            change.context = place or change.context
        self.summary.figures += changes

    @staticmethod
    def _paragraph(side: dict[etree._Element, ParagraphText], paragraph: etree._Element) -> ParagraphText:
        return side[paragraph] if paragraph in side else read_paragraph(paragraph)

    def _boxes(self, old: etree._Element, new: etree._Element) -> None:
        """Each text box of the pair, as a story of its own; the VML copies follow."""
        old_boxes, new_boxes = text_boxes(old), text_boxes(new)
        if not new_boxes:
            return
        for old_box, new_box in zip(old_boxes, new_boxes):
            old_blocks = [c for c in old_box if c.tag in BLOCKS]
            new_blocks = [c for c in new_box if c.tag in BLOCKS]
            differ = Differ.of(old_blocks, new_blocks, self.marks, self.summary, self.transplant)
            if [differ._text(differ.old, b) for b in old_blocks] == [differ._text(differ.new, b) for b in new_blocks]:
                continue
            _replace_blocks(new_box, differ.children(old_blocks, new_blocks))
        for box, copy_of in zip(fallback_boxes(new), new_boxes):
            copied = [copy.deepcopy(c) for c in copy_of if c.tag in BLOCKS]
            for block in copied:
                self.marks.renumber(block)
            _replace_blocks(box, copied)

    def _boxes_in(self, old: etree._Element, new: etree._Element) -> None:
        for old_p, new_p in zip(story_paragraphs([old]), story_paragraphs([new])):
            self._boxes(old_p, new_p)

    # -- tables and content controls

    def _table(self, old: etree._Element, new: etree._Element) -> None:
        """Rows aligned by their text; a kept row compared cell by cell; rows added or removed
        tracked as rows."""
        old_rows, new_rows = old.findall(w("tr")), new.findall(w("tr"))
        columns = [self._text(self.new, cell) for cell in new_rows[0].findall(w("tc"))] if new_rows else []
        pairs = align([self._text(self.old, r) for r in old_rows], [self._text(self.new, r) for r in new_rows])
        rows: list[etree._Element] = []
        for pair in pairs:
            if pair.kind in (INSERTED, MOVED_TO):
                rows.append(whole(new_rows[pair.new], "ins", self.marks))
            elif pair.kind in (DELETED, MOVED_FROM):
                rows.append(self._deleted(old_rows[pair.old]))
            elif pair.kind == UNCHANGED:
                rows.append(new_rows[pair.new])
            else:
                rows += self._row(old_rows[pair.old], new_rows[pair.new], columns)
        for row in new.findall(w("tr")):
            new.remove(row)
        new.extend(rows)

    def _row(self, old: etree._Element, new: etree._Element, columns: list[str]) -> list[etree._Element]:
        old_cells, new_cells = old.findall(w("tc")), new.findall(w("tc"))
        if len(old_cells) != len(new_cells):
            return [self._deleted(old), whole(new, "ins", self.marks)]
        row_name = self._text(self.new, new_cells[0]) if new_cells else ""
        for column, (old_cell, new_cell) in enumerate(zip(old_cells, new_cells)):
            place = _cell_place(row_name, columns[column] if column < len(columns) else "", column)
            self._cell(old_cell, new_cell, place)
        return [new]

    def _cell(self, old: etree._Element, new: etree._Element, place: str) -> None:
        """A cell's content; a cell of one paragraph whose text was replaced stays one paragraph
        holding the deleted and the inserted text, as Word writes it (an inserted paragraph beside
        a deleted last one would leave an empty line in the cell after Accept All)."""
        old_blocks = [c for c in old if c.tag in BLOCKS]
        new_blocks = [c for c in new if c.tag in BLOCKS]
        if [self._text(self.old, b) for b in old_blocks] == [self._text(self.new, b) for b in new_blocks]:
            for old_block, new_block in zip(old_blocks, new_blocks):
                self._kept(old_block, new_block, True)
            return
        if len(old_blocks) == len(new_blocks) == 1 and old_blocks[0].tag == new_blocks[0].tag == w("p"):
            self.summary.add(CHANGED)
            self.changed_paragraph(old_blocks[0], new_blocks[0], place)
            return
        _replace_blocks(new, self.children(old_blocks, new_blocks))

    def _content_control(self, old: etree._Element, new: etree._Element) -> None:
        """A content control (a table of contents): its content redlined, its properties kept."""
        old_content, new_content = old.find(w("sdtContent")), new.find(w("sdtContent"))
        if old_content is None or new_content is None:
            return
        old_blocks = [c for c in old_content if c.tag in BLOCKS]
        new_blocks = [c for c in new_content if c.tag in BLOCKS]
        _replace_blocks(new_content, self.children(old_blocks, new_blocks))


def _cell_place(row: str, column: str, index: int) -> str:
    """Where a table cell is, as a reviewer names it: 「长沙市」行「产值」列."""
    row, column = row.strip()[:20], column.strip()[:20]
    if row and column:
        return f"表格「{row}」行「{column}」列"
    return f"表格「{row}」行第 {index + 1} 列" if row else f"表格第 {index + 1} 列"


def _replace_blocks(container: etree._Element, blocks: list[etree._Element]) -> None:
    """Put ``blocks`` where the container's block-level children were (before a sectPr)."""
    old = [c for c in container if c.tag in BLOCKS]
    anchor = old[0].getprevious() if old else None
    first_index = container.index(old[0]) if old else len(container)
    for child in old:
        container.remove(child)
    section = container.find(w("sectPr"))
    for offset, block in enumerate(blocks):
        if section is not None and block is not section:
            section.addprevious(block)
        elif anchor is not None or first_index:
            container.insert(first_index + offset, block)
        else:
            container.append(block)


# -- notes ------------------------------------------------------------------------------------------


def _notes(package: DocxPackage, part_kind: str) -> tuple[str | None, etree._Element | None]:
    name = package.part_by_type(package.main, f"/{part_kind}")
    return name, (package.xml(name) if name else None)


def _real_notes(root: etree._Element | None, tag: str) -> list[etree._Element]:
    """Footnotes (or endnotes) that are notes, not separators: by w:type, not by id (Word numbers
    its separators -1 and 0, LibreOffice 0 and 1)."""
    return [note for note in (root if root is not None else []) if note.tag == w(tag) and note.get(w("type"), "normal") == "normal"]


def _redline_notes(old_package: DocxPackage, new_package: DocxPackage, marks: Marks, summary: Summary, transplanter: Transplanter) -> tuple[dict[str, bytes], list[Transplanter]]:
    """Each footnotes and endnotes part redlined: notes aligned by their text; a note deleted
    from the old draft is copied beside the new ones (with its old id mapped, for the deleted
    reference in the body)."""
    parts: dict[str, bytes] = {}
    used: list[Transplanter] = []
    for part_kind, tag in NOTES:
        old_name, old_root = _notes(old_package, part_kind)
        new_name, new_root = _notes(new_package, part_kind)
        old_notes = _real_notes(old_root, tag)
        if new_root is None or not (old_notes or _real_notes(new_root, tag)):
            continue  # no notes in the new draft: a deleted note's reference is dropped
        new_notes = _real_notes(new_root, tag)
        local = transplanter.for_part(old_name, new_name) if old_name else transplanter
        used.append(local)
        differ = Differ({}, {}, marks, summary, local)
        pairs = align(["\u2029".join(differ._text({}, p) for p in note.iter(w("p"))) for note in old_notes],
                      ["\u2029".join(differ._text({}, p) for p in note.iter(w("p"))) for note in new_notes])
        next_id = max([int(n.get(w("id"), "0")) for n in new_root if n.get(w("id"), "").lstrip("-").isdigit()] or [0]) + 1
        for pair in pairs:
            summary.note_counts[pair.kind] = summary.note_counts.get(pair.kind, 0) + 1
            if pair.kind in (DELETED, MOVED_FROM):
                note = old_notes[pair.old]
                copied = local(note)
                old_id, copied_id = note.get(w("id"), ""), str(next_id)
                next_id += 1
                copied.set(w("id"), copied_id)
                for paragraph in list(copied.iter(w("p"))):
                    whole(paragraph, "del", marks)
                new_root.append(copied)
                transplanter.note_ids[(tag, old_id)] = copied_id
            elif pair.kind in (INSERTED, MOVED_TO):
                for paragraph in list(new_notes[pair.new].iter(w("p"))):
                    whole(paragraph, "ins", marks)
            elif pair.kind == CHANGED:
                old_note, new_note = old_notes[pair.old], new_notes[pair.new]
                note_differ = Differ.of(list(old_note), list(new_note), marks, summary, local)
                _replace_blocks(new_note, note_differ.children([c for c in old_note if c.tag in BLOCKS], [c for c in new_note if c.tag in BLOCKS]))
            if pair.kind in (CHANGED, UNCHANGED) and pair.old is not None:
                transplanter.note_ids[(tag, old_notes[pair.old].get(w("id"), ""))] = new_notes[pair.new].get(w("id"), "")
        parts[new_name] = etree.tostring(new_root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)
    return parts, used


# -- the package ---------------------------------------------------------------------------------------


def _body(package: DocxPackage) -> etree._Element:
    document = package.xml(package.main)
    body = document.find(w("body")) if document is not None else None
    if body is None:
        raise DocxError("不是 Word 文档（.docx）：没有正文。", where=package.path)
    return body


def _blocks(body: etree._Element) -> list[etree._Element]:
    return [child for child in body if child.tag in BLOCKS]


def _first_free_id(*roots: etree._Element | None) -> int:
    ids = [int(value) for root in roots if root is not None for value in root.xpath("//@w:id", namespaces={"w": W}) if re.fullmatch(r"-?[0-9]{1,9}", value)]
    return max(ids, default=0) + 1


MAX_AUTHOR = 255  # Word's limit (ST_String of w:author in the Open XML SDK's schema)
_AUTHOR_FORBIDDEN = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_author(author: str) -> tuple[str, str]:
    """The reviser's name as Word accepts it (no control characters, at most 255 characters),
    and a warning saying what was changed ("" when nothing was)."""
    cleaned = _AUTHOR_FORBIDDEN.sub("", author).strip()[:MAX_AUTHOR] or "briefgen"
    if cleaned == author:
        return author, ""
    shown = f"{author[:20]}{'…' if len(author) > 20 else ''}"
    return cleaned, f"修订人「{_AUTHOR_FORBIDDEN.sub('', shown)}」含有控制字符或超过 {MAX_AUTHOR} 个字，已改为 {len(cleaned)} 个字的「{cleaned[:20]}{'…' if len(cleaned) > 20 else ''}」。"


def revision_date(now: dt.datetime | None = None) -> str:
    """The time of the revisions as Word writes it: local time, without a zone ("Z" would make
    Word show UTC as local time, eight hours early in China)."""
    return (now or dt.datetime.now()).astimezone().strftime("%Y-%m-%dT%H:%M:%S")


def redline(old_path: str | Path, new_path: str | Path, author: str = "briefgen") -> tuple[bytes, Summary]:
    """The redline .docx (the new draft with tracked changes) and a summary of the changes."""
    old_package, new_package = DocxPackage(old_path), DocxPackage(new_path)
    old_body, new_body = _body(old_package), _body(new_package)
    author, _ = clean_author(author)
    note_roots = [_notes(new_package, kind)[1] for kind, _ in NOTES]
    marks = Marks(author=author, date=revision_date(), next_id=_first_free_id(new_body.getroottree().getroot(), *note_roots) + 1000)
    summary = Summary()
    transplanter = Transplanter(old_package, new_package, old_package.main, new_package.main)
    note_parts, note_transplanters = _redline_notes(old_package, new_package, marks, summary, transplanter)
    summary.counts = {}  # the paragraph counts are the body's; the notes are counted as notes
    differ = Differ.of(_blocks(old_body), _blocks(new_body), marks, summary, transplanter)
    _replace_blocks(new_body, differ.children(_blocks(old_body), _blocks(new_body)))
    document_xml = etree.tostring(new_body.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)
    return _repack(new_package, {new_package.main: document_xml, **note_parts}, [transplanter, *note_transplanters]), summary


def _repack(package: DocxPackage, replaced: dict[str, bytes], transplanters: list[Transplanter]) -> bytes:
    """The new draft's package with ``replaced`` parts, and what the transplanters added
    (pictures of the old draft, their relationships and content types)."""
    added_parts: dict[str, bytes] = {}
    rels: dict[str, list] = {}
    defaults: dict[str, str] = {}
    for transplanter in transplanters:
        added_parts.update(transplanter.additions.parts)
        defaults.update(transplanter.additions.defaults)
        if transplanter.additions.relationships:
            rels.setdefault(rels_part(transplanter.target_part), []).append(transplanter.additions)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        written = set()
        for item in package.zip.infolist():
            name = item.filename
            data = replaced.get(name) or package.read(name)
            for additions in rels.get(name, []):
                data = additions.apply_relationships(data)
            if name == "[Content_Types].xml" and defaults:
                data = Additions(defaults=defaults).apply_content_types(data)
            target.writestr(item, data)
            written.add(name)
        for name, additions_list in rels.items():
            if name not in written:
                data = None
                for additions in additions_list:
                    data = additions.apply_relationships(data)
                target.writestr(name, data)
        for name, data in added_parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def paragraph_texts(path: str | Path) -> list[str]:
    """Every paragraph's text in reading order (table cells included), for reports."""
    texts = read_story(_blocks(_body(DocxPackage(path))))
    return [text.text for text in texts.values()]
