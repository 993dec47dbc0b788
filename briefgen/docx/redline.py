"""Write the differences between two .docx drafts as a real Word redline (tracked changes).

The redline is the new draft with ``w:ins``/``w:del`` marks (unique ``w:id``, author, date):
accepting every change gives the new draft's text, rejecting every change the old draft's,
paragraph by paragraph — including whole paragraphs (paragraph marks tracked), table rows
(``w:trPr``), and the document's furniture, which are paragraphs like any other. Text
comparison is ``diff.py``'s; this module only knows the XML.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..review.diff import CHANGED, DELETED, INSERTED, MOVED_FROM, MOVED_TO, UNCHANGED, Summary, align, figure_changes, word_diff
from .read import DocxError, DocxPackage

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
OBJECT = "\ufffc"  # stands for a run's non-text content (a picture, a field) in the compared text


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Marks:
    """Makes ``w:ins``/``w:del`` elements with unique ids, one author and one date."""

    author: str
    date: str
    next_id: int = 1
    summary: Summary = field(default_factory=Summary)

    def mark(self, kind: str) -> etree._Element:
        element = etree.Element(w(kind))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        self.next_id += 1
        return element


# -- reading paragraphs as atoms -------------------------------------------------------------


@dataclass
class Atom:
    char: str
    properties: etree._Element | None  # the run's rPr
    element: etree._Element | None = None  # the original run, for objects


def _current_runs(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's runs as the draft reads now (earlier deletions left out)."""
    return [run for run in paragraph.iter(w("r")) if not any(a.tag in (w("del"), w("moveFrom")) for a in run.iterancestors())]


def atoms(paragraph: etree._Element) -> list[Atom]:
    found: list[Atom] = []
    for run in _current_runs(paragraph):
        properties = run.find(w("rPr"))
        for child in run:
            if child.tag == w("t"):
                found += [Atom(char, properties) for char in child.text or ""]
            elif child.tag == w("tab"):
                found.append(Atom("\t", properties))
            elif child.tag in (w("br"), w("cr")):
                found.append(Atom("\n", properties))
            elif child.tag != w("rPr"):
                found.append(Atom(OBJECT, properties, run))
                break  # a run holding an object travels as one piece
    return found


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(atom.char for atom in atoms(paragraph))


def _runs_from(atoms_: list[Atom], deleted: bool) -> list[etree._Element]:
    """Runs for a stretch of atoms: a new run wherever the formatting changes."""
    runs: list[etree._Element] = []
    text_tag = w("delText") if deleted else w("t")
    current, current_key, buffer = None, None, []

    def flush() -> None:
        if buffer:
            text = etree.SubElement(current, text_tag)
            text.text = "".join(buffer)
            text.set(XML_SPACE, "preserve")
            buffer.clear()

    for atom in atoms_:
        if atom.element is not None:  # an object: its original run, as it is
            flush()
            current, current_key = None, None
            obj = copy.deepcopy(atom.element)
            if deleted:
                for instruction in obj.iter(w("instrText")):
                    instruction.tag = w("delInstrText")
            runs.append(obj)
            continue
        key = etree.tostring(atom.properties) if atom.properties is not None else b""
        if current is None or key != current_key:
            flush()
            current, current_key = etree.Element(w("r")), key
            if atom.properties is not None:
                current.append(copy.deepcopy(atom.properties))
            runs.append(current)
        if atom.char in "\t\n":
            flush()
            etree.SubElement(current, w("tab") if atom.char == "\t" else w("br"))
        else:
            buffer.append(atom.char)
    flush()
    return runs


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
        if section is not None:
            section.addprevious(run_properties)
        else:
            properties.append(run_properties)
    run_properties.insert(0, mark)


def whole(element: etree._Element, kind: str, marks: Marks) -> etree._Element:
    """A copy of a paragraph or table, every run and paragraph mark (and table row) tracked as
    inserted (``kind`` "ins") or deleted ("del")."""
    element = copy.deepcopy(element)
    for run in list(element.iter(w("r"))):
        if any(a.tag in (w("ins"), w("del")) for a in run.iterancestors()):
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


def changed_paragraph(old: etree._Element, new: etree._Element, marks: Marks) -> etree._Element:
    """The new paragraph with its changed words tracked; formatting of kept and inserted text is
    the new draft's, of deleted text the old draft's."""
    old_atoms, new_atoms = atoms(old), atoms(new)
    old_text = "".join(a.char for a in old_atoms)
    new_text = "".join(a.char for a in new_atoms)
    result = copy.deepcopy(new)
    for run in _current_runs(result):
        run.getparent().remove(run)
    for stale in result.findall(w("del")) + result.findall(w("ins")):
        result.remove(stale)
    insert_at = len(result)
    i = j = 0
    content: list[etree._Element] = []
    for piece in word_diff(old_text, new_text):
        size = len(piece.text)
        if piece.kind == "equal":
            content += _runs_from(new_atoms[j : j + size], deleted=False)
            i, j = i + size, j + size
        elif piece.kind == "delete":
            wrapper = marks.mark("del")
            wrapper.extend(_runs_from(old_atoms[i : i + size], deleted=True))
            content.append(wrapper)
            marks.summary.deleted_chars += size
            i += size
        else:
            wrapper = marks.mark("ins")
            wrapper.extend(_runs_from(new_atoms[j : j + size], deleted=False))
            content.append(wrapper)
            marks.summary.inserted_chars += size
            j += size
    for offset, element in enumerate(content):
        result.insert(insert_at + offset, element)
    marks.summary.figures += figure_changes(old_text, new_text)
    return result


# -- blocks: paragraphs, tables, rows ----------------------------------------------------------------


def block_text(element: etree._Element) -> str:
    if element.tag == w("p"):
        return paragraph_text(element)
    return "\u2029".join(paragraph_text(p) for p in element.iter(w("p")))


def _kind(element: etree._Element) -> str:
    return etree.QName(element).localname


def _redline_pairs(pairs, old: list[etree._Element], new: list[etree._Element], marks: Marks, changed) -> list[etree._Element]:
    """Elements for aligned pairs: kept as the new draft has them, inserted or deleted whole,
    or ``changed(old, new)`` for a pair that differs."""
    result: list[etree._Element] = []
    for pair in pairs:
        if pair.kind == UNCHANGED:
            result.append(copy.deepcopy(new[pair.new]))
        elif pair.kind in (INSERTED, MOVED_TO):
            result.append(whole(new[pair.new], "ins", marks))
        elif pair.kind in (DELETED, MOVED_FROM):
            result.append(whole(old[pair.old], "del", marks))
        else:
            result.extend(changed(old[pair.old], new[pair.new]))
    return result


def redline_children(old: list[etree._Element], new: list[etree._Element], marks: Marks) -> list[etree._Element]:
    """The redlined sequence of block-level elements (body, a table cell)."""
    pairs = align([block_text(e) for e in old], [block_text(e) for e in new], [_kind(e) for e in old], [_kind(e) for e in new])
    for pair in pairs:
        marks.summary.add({MOVED_FROM: "moved"}.get(pair.kind, pair.kind))
    return _redline_pairs(pairs, old, new, marks, lambda a, b: [_changed_block(a, b, marks)])


def _changed_block(old: etree._Element, new: etree._Element, marks: Marks) -> etree._Element:
    if new.tag == w("p"):
        return changed_paragraph(old, new, marks)
    if new.tag == w("tbl"):
        return _changed_table(old, new, marks)
    # Other blocks (content controls): shown as replaced whole.
    return whole(new, "ins", marks)


def _changed_table(old: etree._Element, new: etree._Element, marks: Marks) -> etree._Element:
    """Rows aligned by their text; a kept row compared cell by cell; rows added or removed
    tracked as rows."""
    result = copy.deepcopy(new)
    for row in result.findall(w("tr")):
        result.remove(row)
    old_rows, new_rows = old.findall(w("tr")), new.findall(w("tr"))
    pairs = align([block_text(r) for r in old_rows], [block_text(r) for r in new_rows])
    result.extend(_redline_pairs(pairs, old_rows, new_rows, marks, lambda a, b: _changed_row(a, b, marks)))
    return result


def _changed_row(old: etree._Element, new: etree._Element, marks: Marks) -> list[etree._Element]:
    old_cells, new_cells = old.findall(w("tc")), new.findall(w("tc"))
    if len(old_cells) != len(new_cells):
        return [whole(old, "del", marks), whole(new, "ins", marks)]
    row = copy.deepcopy(new)
    for cell, old_cell, new_cell in zip(row.findall(w("tc")), old_cells, new_cells):
        blocks_old = [c for c in old_cell if c.tag in (w("p"), w("tbl"))]
        blocks_new = [c for c in new_cell if c.tag in (w("p"), w("tbl"))]
        for child in list(cell):
            if child.tag in (w("p"), w("tbl")):
                cell.remove(child)
        cell.extend(_redline_cell(blocks_old, blocks_new, marks))
    return [row]


def _redline_cell(old: list[etree._Element], new: list[etree._Element], marks: Marks) -> list[etree._Element]:
    """A cell's content; a cell of one paragraph whose text was replaced is one paragraph holding
    the deleted and the inserted runs, as Word writes it (an inserted paragraph beside a deleted
    last one would leave an empty line in the cell after Accept All)."""
    if len(old) == len(new) == 1 and old[0].tag == new[0].tag == w("p"):
        same = paragraph_text(old[0]) == paragraph_text(new[0])
        marks.summary.add(UNCHANGED if same else CHANGED)
        return [copy.deepcopy(new[0]) if same else changed_paragraph(old[0], new[0], marks)]
    return redline_children(old, new, marks)


# -- the package ---------------------------------------------------------------------------------------


def _body(package: DocxPackage) -> etree._Element:
    document = package.xml(package.main)
    body = document.find(w("body")) if document is not None else None
    if body is None:
        raise DocxError("不是 Word 文档（.docx）：没有正文。", where=package.path)
    return body


def _blocks(body: etree._Element) -> list[etree._Element]:
    return [child for child in body if child.tag in (w("p"), w("tbl"), w("sdt"))]


def _first_free_id(root: etree._Element) -> int:
    ids = [int(value) for value in root.xpath("//@w:id", namespaces={"w": W}) if re.fullmatch(r"-?[0-9]{1,9}", value)]
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
    date = revision_date()
    marks = Marks(author=author, date=date, next_id=_first_free_id(new_body.getroottree().getroot()) + 1000)
    blocks = redline_children(_blocks(old_body), _blocks(new_body), marks)
    for child in _blocks(new_body):
        new_body.remove(child)
    section = new_body.find(w("sectPr"))
    for block in blocks:
        if section is not None:
            section.addprevious(block)
        else:
            new_body.append(block)
    document_xml = etree.tostring(new_body.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)
    return _repack(new_package, document_xml), marks.summary


def _repack(package: DocxPackage, document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in package.zip.infolist():
            data = document_xml if item.filename == package.main else package.read(item.filename)
            target.writestr(item.filename, data)
    return buffer.getvalue()


def paragraph_texts(path: str | Path) -> list[str]:
    """Every paragraph's text, in order (table cells included), for reports."""
    return [paragraph_text(p) for p in _body(DocxPackage(path)).iter(w("p"))]
