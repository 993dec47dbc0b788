"""An independent judge of .docx text and tracked changes: stories, accept/reject all, revision counts.

Written from the ECMA-376 (WordprocessingML) semantics of revisions, sharing no code with briefgen:
- run content: w:ins/w:moveTo are kept on accept and dropped on reject; w:del/w:moveFrom the reverse
  (w:delText becomes w:t and w:delInstrText becomes w:instrText when a deletion is restored);
- a paragraph mark (w:pPr/w:rPr/w:ins|w:del|w:moveTo|w:moveFrom) that goes away merges its paragraph
  into the next one, whose properties the merged paragraph keeps;
- table rows (w:trPr/w:ins|w:del) and cells (w:tcPr/w:cellIns|w:cellDel) go away or stay likewise;
- property changes (w:rPrChange, w:pPrChange, ...) are dropped on accept and restored on reject.
"""

from __future__ import annotations

import difflib
import io
import itertools
import posixpath
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


RUN_INSERTS = {w("ins"), w("moveTo")}
RUN_DELETES = {w("del"), w("moveFrom")}
MARK_PARENTS = {w("rPr"), w("trPr"), w("numPr"), f"{{{M}}}ctrlPr"}
RANGE_MARKERS = {
    w(name)
    for name in (
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
}
# Elements that may sit between two paragraphs without stopping a merge.
BETWEEN_PARAGRAPHS = RANGE_MARKERS | {
    w(name) for name in ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "proofErr", "permStart", "permEnd")
}
PROPERTY_CHANGES = {
    w(name)
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
    )
}
# Children of a property element that its *Change does not record, kept when the old properties return.
KEPT_ON_RESTORE = {
    w("pPr"): ({w("rPr"), w("sectPr")}, "after"),
    w("rPr"): ({w("ins"), w("del"), w("moveFrom"), w("moveTo")}, "before"),
    w("trPr"): ({w("ins"), w("del")}, "after"),
    w("tcPr"): ({w("cellIns"), w("cellDel"), w("cellMerge")}, "after"),
    w("sectPr"): ({w("headerReference"), w("footerReference")}, "before"),
}
REVISION_TAGS = RUN_INSERTS | RUN_DELETES | PROPERTY_CHANGES | {w("cellIns"), w("cellDel"), w("cellMerge")}


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------


def read_package(docx_bytes: bytes) -> dict:
    """Every member of the zip, by name."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        return {name: package.read(name) for name in package.namelist()}


def rel_targets(parts: dict, source: str) -> list:
    """(type, part name) of every internal relationship of the part ``source``."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in parts:
        return []
    found = []
    for rel in etree.fromstring(parts[rels_name]):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Type"), path))
    return found


def main_part(parts: dict) -> str:
    """The name of the main document part (word/document.xml as Word names it)."""
    for kind, path in rel_targets(parts, ""):
        if kind == OFFICE_DOCUMENT:
            return path
    return "word/document.xml"


def related_part(parts: dict, main: str, kind: str):
    """The part related to the main document with relationship type ``kind``, if any."""
    for rel_kind, path in rel_targets(parts, main):
        if rel_kind == kind and path in parts:
            return path
    return None


def parse(data: bytes) -> etree._Element:
    """An XML part as an element tree (huge text nodes allowed)."""
    return etree.fromstring(data, etree.XMLParser(huge_tree=True))


# ---------------------------------------------------------------------------------------------
# Stories and paragraph text
# ---------------------------------------------------------------------------------------------


def has_ancestor(element, tags: set, stop=None) -> bool:
    """Whether an ancestor of ``element`` (below ``stop``) has one of ``tags``."""
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


FALLBACK = f"{{{MC}}}Fallback"
TXBX = w("txbxContent")


def story_paragraphs(root) -> dict:
    """"body" and "textbox" paragraphs of a document root, in order; nothing under mc:Fallback."""
    body, boxes = [], []
    for para in root.iter(w("p")):
        if has_ancestor(para, {FALLBACK}):
            continue
        (boxes if has_ancestor(para, {TXBX}) else body).append(para)
    return {"body": body, "textbox": boxes}


def note_paragraphs(root, tag: str) -> list:
    """Paragraphs of the real footnotes (or endnotes), without separators and continuation notices."""
    paras = []
    for note in root.iter(w(tag)):
        if note.get(w("type")) in (None, "normal"):
            paras += [p for p in note.iter(w("p")) if not has_ancestor(p, {FALLBACK})]
    return paras


class FieldState:
    """The complex fields open at a point of a story: each is in its instructions or its result."""

    def __init__(self):
        self.stack = []

    def visible(self) -> bool:
        """Whether text here is shown (not inside any field's instructions)."""
        return all(phase == "result" for phase in self.stack)

    def char(self, kind: str) -> None:
        """Follow one w:fldChar."""
        if kind == "begin":
            self.stack.append("instr")
        elif kind == "separate" and self.stack:
            self.stack[-1] = "result"
        elif kind == "end" and self.stack:
            self.stack.pop()


SKIPPED = {
    w("pPr"),
    w("rPr"),
    w("del"),
    w("moveFrom"),
    w("delText"),
    w("delInstrText"),
    w("instrText"),
    TXBX,
    FALLBACK,
    w("sdtPr"),
    w("sdtEndPr"),
    w("fldData"),
}


def element_text(element, state: FieldState, out: list) -> None:
    """Append the visible text under ``element`` to ``out`` (fields followed through ``state``)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Choice")
            if choice is not None:
                element_text(choice, state, out)
            continue
        if tag == w("fldChar"):
            state.char(child.get(w("fldCharType")))
            continue
        if state.visible():
            piece = leaf_text(child)
            if piece is not None:
                out.append(piece)
                continue
        element_text(child, state, out)


def leaf_text(element):
    """The text a leaf element stands for (w:t, w:tab, w:br, w:sym ...), or None for a container."""
    tag = element.tag
    if tag in (w("t"), f"{{{M}}}t"):
        return element.text or ""
    if tag in (w("tab"), w("ptab")):
        return "\t"
    if tag == w("br"):
        return "" if element.get(w("type")) in ("page", "column") else "\n"
    if tag == w("cr"):
        return "\n"
    if tag == w("sym"):
        return chr(int(element.get(w("char"), "0"), 16))
    if tag == w("noBreakHyphen"):
        return "\u2011"
    if tag == w("softHyphen"):
        return ""
    return None


def paragraph_texts(paras: list) -> list:
    """The reader's text of each paragraph, fields followed across the story."""
    state = FieldState()
    texts = []
    for para in paras:
        out = []
        element_text(para, state, out)
        texts.append("".join(out))
    return texts


def story_elements(docx_bytes: bytes) -> dict:
    """Story name -> its paragraph elements: "body", "textbox", "footnotes" (and "endnotes" if any)."""
    parts = read_package(docx_bytes)
    main = main_part(parts)
    found = story_paragraphs(parse(parts[main]))
    for name, kind, tag in (("footnotes", FOOTNOTES, "footnote"), ("endnotes", ENDNOTES, "endnote")):
        path = related_part(parts, main, kind)
        found[name] = note_paragraphs(parse(parts[path]), tag) if path else []
    if not found["endnotes"]:
        del found["endnotes"]
    return found


def stories(docx_bytes: bytes) -> dict:
    """The text of every paragraph, per story, as a reader sees it (deleted text and numbering left out)."""
    return {name: paragraph_texts(paras) for name, paras in story_elements(docx_bytes).items()}


# ---------------------------------------------------------------------------------------------
# Accept or reject every tracked change
# ---------------------------------------------------------------------------------------------


def attached(element, root) -> bool:
    """Whether ``element`` is still in the tree of ``root``."""
    while element is not None:
        if element is root:
            return True
        element = element.getparent()
    return False


def remove(element) -> None:
    """Take an element out of its parent, keeping the parent's text flow (tails) intact."""
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def unwrap(element) -> None:
    """Replace an element by its children."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def is_mark(element) -> bool:
    """Whether a w:ins/w:del/w:moveFrom/w:moveTo marks a paragraph mark, row or numbering (not run content)."""
    parent = element.getparent()
    return parent is not None and parent.tag in MARK_PARENTS


def restore_properties(change) -> None:
    """Reject a property change: the parent's properties become the recorded old ones."""
    parent = change.getparent()
    old = change[0] if len(change) and isinstance(change[0].tag, str) else None
    kept_tags, where = KEPT_ON_RESTORE.get(parent.tag, (set(), "after"))
    kept = [child for child in parent if child.tag in kept_tags]
    restored = list(old) if old is not None else []
    for child in list(parent):
        parent.remove(child)
    for child in (kept + restored) if where == "before" else (restored + kept):
        parent.append(child)


def resolve_properties(root, accept: bool) -> None:
    """Drop (accept) or restore (reject) every recorded property change."""
    for change in [e for e in root.iter() if e.tag in PROPERTY_CHANGES]:
        if not attached(change, root):
            continue
        if accept or change.tag == w("numberingChange"):
            remove(change)
        else:
            restore_properties(change)


def resolve_rows_and_cells(root, accept: bool) -> None:
    """Remove inserted (reject) or deleted (accept) rows and cells; drop their marks otherwise."""
    gone_row = w("del") if accept else w("ins")
    gone_cell = w("cellDel") if accept else w("cellIns")
    for tr_pr in list(root.iter(w("trPr"))):
        marks = [child for child in tr_pr if child.tag in (w("ins"), w("del"))]
        if any(mark.tag == gone_row for mark in marks):
            remove(tr_pr.getparent())
        else:
            for mark in marks:
                remove(mark)
    for tc_pr in list(root.iter(w("tcPr"))):
        if not attached(tc_pr, root):
            continue
        marks = [child for child in tc_pr if child.tag in (w("cellIns"), w("cellDel"), w("cellMerge"))]
        if any(mark.tag == gone_cell for mark in marks):
            remove(tc_pr.getparent())
        else:
            for mark in marks:
                remove(mark)


def resolve_numbering_marks(root, accept: bool) -> None:
    """A w:numPr/w:ins records numbering added: kept on accept, the numbering dropped on reject."""
    for num_pr in list(root.iter(w("numPr"))):
        marks = [child for child in num_pr if child.tag == w("ins")]
        if marks and not accept:
            remove(num_pr)
        else:
            for mark in marks:
                remove(mark)


def resolve_runs(root, accept: bool) -> None:
    """Keep or drop the content of run-level insertions, deletions and moves."""
    gone, kept = (RUN_DELETES, RUN_INSERTS) if accept else (RUN_INSERTS, RUN_DELETES)
    candidates = [e for e in root.iter() if e.tag in gone | kept and not is_mark(e)]
    for element in candidates:
        if element.tag in gone and attached(element, root):
            remove(element)
    for element in candidates:
        if element.tag in kept and attached(element, root):
            if not accept:
                undelete(element)
            unwrap(element)
    for marker in [e for e in root.iter() if e.tag in RANGE_MARKERS]:
        remove(marker)


def undelete(element) -> None:
    """Turn deleted text back into text: w:delText -> w:t, w:delInstrText -> w:instrText."""
    for node in element.iter(w("delText"), w("delInstrText")):
        node.tag = w("t") if node.tag == w("delText") else w("instrText")


def mark_state(para) -> set:
    """The revision marks on a paragraph's mark: a subset of {"ins", "del", "moveFrom", "moveTo"}."""
    r_pr = para.find(f"{w('pPr')}/{w('rPr')}")
    if r_pr is None:
        return set()
    return {etree.QName(child).localname for child in r_pr if child.tag in RUN_INSERTS | RUN_DELETES}


def mark_goes(para, accept: bool) -> bool:
    """Whether the paragraph mark disappears on accept (deleted, moved away) or reject (inserted, moved in)."""
    state = mark_state(para)
    return bool(state & ({"del", "moveFrom"} if accept else {"ins", "moveTo"}))


def merge_target(para):
    """The paragraph that follows ``para`` in the same container (range markers skipped), or None."""
    sibling = para.getnext()
    while sibling is not None and (not isinstance(sibling.tag, str) or sibling.tag in BETWEEN_PARAGRAPHS):
        sibling = sibling.getnext()
    return sibling if sibling is not None and sibling.tag == w("p") else None


def has_content(para, accept=None) -> bool:
    """Whether a paragraph holds anything besides its properties and range markers (in a view, if given)."""
    gone = set() if accept is None else (RUN_DELETES if accept else RUN_INSERTS)
    return any(
        isinstance(c.tag, str) and c.tag != w("pPr") and c.tag not in BETWEEN_PARAGRAPHS and c.tag not in gone
        for c in para
    )


def removable(para) -> bool:
    """Whether an empty paragraph whose mark went away can vanish (something else follows it)."""
    sibling = para.getnext()
    holds_section = para.find(f"{w('pPr')}/{w('sectPr')}") is not None
    return not holds_section and sibling is not None and sibling.tag in (w("tbl"), w("sdt"), w("p"))


def resolve_marks(root, accept: bool) -> None:
    """Merge every paragraph whose mark goes away into the next one; drop the remaining marks."""
    for para in list(root.iter(w("p"))):
        if not attached(para, root):
            continue
        goes = mark_goes(para, accept)
        r_pr = para.find(f"{w('pPr')}/{w('rPr')}")
        if r_pr is not None:
            for mark in [c for c in r_pr if c.tag in RUN_INSERTS | RUN_DELETES]:
                remove(mark)
        if not goes:
            continue
        target = merge_target(para)
        if target is not None:
            anchor = target.find(w("pPr"))
            index = 0 if anchor is None else target.index(anchor) + 1
            for offset, child in enumerate([c for c in para if c.tag != w("pPr")]):
                target.insert(index + offset, child)
            remove(para)
        elif not has_content(para) and removable(para):
            remove(para)


def prune_tables(root) -> None:
    """Remove rows left without cells and tables left without rows."""
    for tr in list(root.iter(w("tr"))):
        if tr.find(w("tc")) is None:
            remove(tr)
    for tbl in list(root.iter(w("tbl"))):
        if attached(tbl, root) and tbl.find(w("tr")) is None:
            remove(tbl)


def resolve_tree(root, accept: bool) -> None:
    """Accept or reject every tracked change in one XML part."""
    resolve_properties(root, accept)
    resolve_rows_and_cells(root, accept)
    resolve_numbering_marks(root, accept)
    resolve_runs(root, accept)
    resolve_marks(root, accept)
    for mark in [e for e in root.iter() if e.tag in RUN_INSERTS | RUN_DELETES]:
        remove(mark)  # marks left where nothing else records them (math control characters)
    prune_tables(root)


def is_wordprocessing(data: bytes) -> bool:
    """Whether a part is WordprocessingML XML that may hold revisions."""
    return data.lstrip().startswith(b"<") and W.encode() in data[:4000]


def resolve(docx_bytes: bytes, accept: bool) -> bytes:
    """The package with every tracked change accepted (or rejected), in every part that can hold one."""
    parts = read_package(docx_bytes)
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = parts[info.filename]
            if info.filename.endswith(".xml") and "settings" not in info.filename and is_wordprocessing(data):
                root = parse(data)
                resolve_tree(root, accept)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return buffer.getvalue()


def accepted(docx_bytes: bytes) -> dict:
    """The stories after accepting every change (Word's "No Markup" view)."""
    return stories(resolve(docx_bytes, accept=True))


def rejected(docx_bytes: bytes) -> dict:
    """The stories after rejecting every change (Word's "Original" view)."""
    return stories(resolve(docx_bytes, accept=False))


# ---------------------------------------------------------------------------------------------
# Counting and locating revision marks
# ---------------------------------------------------------------------------------------------


def revision_elements(root) -> list:
    """Every revision element of a part, not counting the copies under mc:Fallback."""
    return [e for e in root.iter() if e.tag in REVISION_TAGS and not has_ancestor(e, {FALLBACK})]


def revision_count(docx_bytes: bytes) -> int:
    """How many revision elements (insertions, deletions, moves, property and cell changes) the package holds."""
    count = 0
    for name, data in read_package(docx_bytes).items():
        if name.endswith(".xml") and is_wordprocessing(data):
            count += len(revision_elements(parse(data)))
    return count


def carries_mark(para) -> bool:
    """Whether a paragraph (its own content, its row or its cell) carries a revision mark."""
    for element in para.iter():
        if element.tag in REVISION_TAGS and not has_ancestor(element, {TXBX, FALLBACK}, stop=para):
            return True
    row = next(para.iterancestors(w("tr")), None)
    if row is not None and any(row.find(f"{w('trPr')}/{w(tag)}") is not None for tag in ("ins", "del")):
        return True
    cell = next(para.iterancestors(w("tc")), None)
    return cell is not None and any(cell.find(f"{w('tcPr')}/{w(tag)}") is not None for tag in ("cellIns", "cellDel"))


def present(para, accept: bool) -> bool:
    """Whether a paragraph survives in the accepted (or rejected) view: not in a removed row or cell."""
    row_gone = w("del") if accept else w("ins")
    cell_gone = "cellDel" if accept else "cellIns"
    for row in para.iterancestors(w("tr")):
        if row.find(f"{w('trPr')}/{row_gone}") is not None:
            return False
    for cell in para.iterancestors(w("tc")):
        if cell.find(f"{w('tcPr')}/{w(cell_gone)}") is not None:
            return False
    return True


def view_indices(paras: list, accept: bool) -> list:
    """For each paragraph of a redline story, its index in the accepted (or rejected) view, or None."""
    indices, current = [], 0
    for para in paras:
        if not present(para, accept):
            indices.append(None)
            continue
        indices.append(current)
        vanishes = not has_content(para, accept) and removable(para)
        merges = mark_goes(para, accept) and (merge_target(para) is not None or vanishes)
        if not merges:
            current += 1
    return indices


def clean_anchors(paras: list, old_texts: list, new_texts: list) -> list:
    """(old index, new index) of the unmarked redline paragraphs that read the same in both, in order."""
    anchors = []
    for para, j, i in zip(paras, view_indices(paras, True), view_indices(paras, False)):
        if i is None or j is None or i >= len(old_texts) or j >= len(new_texts) or carries_mark(para):
            continue
        if old_texts[i] == new_texts[j] and (not anchors or (i > anchors[-1][0] and j > anchors[-1][1])):
            anchors.append((i, j))
    return anchors


def unchanged_marked(old: bytes, new: bytes, redline: bytes) -> list:
    """Texts of paragraphs that read the same in OLD and NEW but that the redline marks as revised.

    OLD and NEW are aligned by their positions: the paragraphs the redline leaves unmarked fix the
    alignment (their index in the rejected view is their place in OLD, in the accepted view in NEW);
    between two such anchors, equal paragraphs of OLD and NEW (longest common subsequence) are
    unchanged ones that the redline failed to leave alone.
    """
    old_stories, new_stories = accepted(old), accepted(new)
    found = []
    for story, paras in story_elements(redline).items():
        old_texts, new_texts = old_stories.get(story, []), new_stories.get(story, [])
        anchors = clean_anchors(paras, old_texts, new_texts)
        bounds = [(-1, -1)] + anchors + [(len(old_texts), len(new_texts))]
        for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
            old_gap, new_gap = old_texts[i0 + 1 : i1], new_texts[j0 + 1 : j1]
            matcher = difflib.SequenceMatcher(None, old_gap, new_gap, autojunk=False)
            for block in matcher.get_matching_blocks():
                found += new_gap[block.b : block.b + block.size]
    return found
