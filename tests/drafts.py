"""Builders of "foreign" .docx drafts as Word, WPS and LibreOffice save them, made by code (no stored binaries).

A draft is described declaratively (``Draft`` with ``P``, ``Table``, ``TextBox``, ``Toc`` and ``PageBreak``
blocks) and written by ``word_docx`` the way Word 2016+ writes it: split runs with rsids, proofing marks,
_GoBack/_Toc/_Ref bookmarks, lastRenderedPageBreak, hyperlinks, simple and complex fields, automatic
numbering, footnotes, text boxes with their VML fallback, a table of contents, tracked changes and comments.
``PAIRS`` holds edited pairs (old, new, features) as a reviewer makes them. Nothing here imports briefgen.
"""

from __future__ import annotations

import io
import itertools
import math
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The description of a draft
# ---------------------------------------------------------------------------------------------

HEADING_ROLES = ("heading1", "heading2", "heading3", "heading4")


@dataclass(frozen=True)
class P:
    """A paragraph: body text or a heading written without its number."""

    text: str
    role: str = "body"


@dataclass(frozen=True)
class Table:
    """A table given as rows of cell texts, with an optional caption ("表N" is added)."""

    rows: tuple
    header_rows: int = 1
    caption: str = ""


@dataclass(frozen=True)
class TextBox:
    """A paragraph (with its own text ``host``) that carries a floating text box; lines split on newlines."""

    text: str
    host: str = ""


@dataclass(frozen=True)
class Toc:
    """A table-of-contents content control; entries default to the level-1 headings."""

    entries: tuple = ()


@dataclass(frozen=True)
class PageBreak:
    """A paragraph holding a hard page break."""


@dataclass(frozen=True)
class Draft:
    """A whole draft; anchors are phrases whose first occurrence in the body gets the construct."""

    title: tuple
    addressee: str = ""
    blocks: tuple = ()
    signature: str = ""
    date: str = ""
    footnotes: dict = field(default_factory=dict)  # anchor phrase -> footnote text (reference after it)
    links: dict = field(default_factory=dict)  # anchor phrase -> external URL
    comments: dict = field(default_factory=dict)  # anchor phrase -> comment text (range over it)
    insertions: tuple = ()  # phrases of the text that are pending tracked insertions
    deletions: dict = field(default_factory=dict)  # anchor phrase -> pending deleted text after it
    cursor: str = ""  # a phrase of the last edited paragraph: _GoBack ends it (default: the last body paragraph)
    author: str = "王明"
    reviewer: str = "李华"


# Every keyword of word_docx, with Word's default. Content features act only where the draft has content.
FEATURES = {
    "split_runs": True,
    "bookmarks": True,
    "page_markers": True,
    "hyperlinks": True,
    "fields": True,
    "auto_numbering": False,
    "auto_numbering_wrong": False,
    "title_soft_break": False,
    "footnote": True,
    "textbox": True,
    "toc": True,
    "tracked": True,
    "comments": True,
    "wps": False,
    "style_ids": "zh",  # "zh" as Chinese Word writes them (a, 1, a3 ...), "en" (Normal, Heading1 ...)
    "seq_field": "simple",  # the caption's SEQ field: "simple" (fldSimple, as Insert Caption) or "complex"
}

# Layout assumptions of GB/T 9704: 22 lines a page, 28 characters a line.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TITLE_CHARS_PER_LINE = 20
TEXT_WIDTH = 11906 - 1587 - 1474  # twips between the margins

# ---------------------------------------------------------------------------------------------
# Namespaces and small XML helpers
# ---------------------------------------------------------------------------------------------

NS_DECL = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'mc:Ignorable="w14 w15 wp14"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def esc(text: str) -> str:
    """Escape text for an XML text node."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """Escape text for a double-quoted XML attribute."""
    return esc(text).replace('"', "&quot;")


def crc(text: str) -> int:
    """A stable hash of a string (Python's hash() is salted per process)."""
    return zlib.crc32(text.encode("utf-8"))


def has_cjk(text: str) -> bool:
    """Whether the text holds a CJK character or full-width punctuation."""
    return any(ord(ch) >= 0x2E80 for ch in text)


def cn_number(n: int) -> str:
    """1..99 in Chinese counting numerals (一, 十一, 二十三)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def heading_number(level: int, n: int, wrong: bool = False) -> str:
    """The literal number of a heading at level 1..4 (一、 （一） 1. （1））."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}、" if wrong else f"{n}."
    return f"（{n}）"


# ---------------------------------------------------------------------------------------------
# Layout: the draft as a list of paragraphs and tables, with estimated pages
# ---------------------------------------------------------------------------------------------


@dataclass
class Para:
    """One paragraph to write: its kind, reader text, story and decorations (spans)."""

    kind: str
    text: str
    story: str = "body"
    spans: list = field(default_factory=list)
    lines: int = 1
    start_line: int = 0
    box: list | None = None
    level: int = 0
    number: str = ""
    header: bool = False
    align: str = ""
    bookmark: str = ""


@dataclass
class Grid:
    """A table to write: rows of cell paragraphs."""

    rows: list
    header_rows: int
    widths: list
    start_line: int = 0


@dataclass
class TocBlock:
    """A table of contents to write: its heading, entry paragraphs and closing paragraph."""

    paras: list


def options(features: dict) -> dict:
    """The full feature set: defaults overridden by ``features``; unknown names are an error."""
    unknown = set(features) - set(FEATURES)
    if unknown:
        raise TypeError(f"unknown draft features: {sorted(unknown)}")
    return {**FEATURES, **features}


def heading_numbers(blocks: tuple, wrong: bool = False) -> list:
    """The literal number of every block (\"\" for non-headings), counting levels as Word does."""
    counters = [0, 0, 0, 0]
    numbers = []
    for block in blocks:
        if isinstance(block, P) and block.role in HEADING_ROLES:
            level = HEADING_ROLES.index(block.role) + 1
            counters[level - 1] += 1
            counters[level:] = [0] * (4 - level)
            numbers.append(heading_number(level, counters[level - 1], wrong))
        else:
            numbers.append("")
    return numbers


def line_count(text: str, indent: int = 2, per_line: int = CHARS_PER_LINE) -> int:
    """Estimated lines of a paragraph of ``text`` with a first-line indent of ``indent`` characters."""
    if not text:
        return 1
    return sum(max(1, math.ceil((len(part) + indent) / per_line)) for part in text.split("\n"))


def column_widths(rows: list) -> list:
    """Column widths in twips, in proportion to the longest text of each column."""
    count = max(len(row) for row in rows)
    longest = [max(len(row[i]) if i < len(row) else 0 for row in rows) + 2 for i in range(count)]
    total = sum(longest)
    widths = [TEXT_WIDTH * size // total for size in longest]
    widths[0] += TEXT_WIDTH - sum(widths)
    return widths


def table_layout(block: Table) -> Grid:
    """The grid of cell paragraphs of a table; numbers are centred, header cells bold-faced."""
    rows = [list(row) for row in block.rows]
    widths = column_widths(rows)
    grid_rows = []
    for r, row in enumerate(rows):
        cells = []
        for text in row:
            align = "center" if r < block.header_rows or re.fullmatch(r"[-+—\d.%]+", text) else "left"
            cells.append(Para("cell", text, header=r < block.header_rows, align=align))
        grid_rows.append(cells)
    return Grid(grid_rows, block.header_rows, widths)


def toc_layout(entries: list) -> TocBlock:
    """The paragraphs of a table of contents (page numbers filled in after pagination)."""
    paras = [Para("tocheading", "目录")]
    paras += [Para("tocentry", text, bookmark=anchor) for text, anchor in entries]
    paras.append(Para("tocend", ""))
    return TocBlock(paras)


def toc_bookmark(index: int, text: str) -> str:
    """The _Toc bookmark name of the index-th heading, as Word names them (_Toc + 9 digits)."""
    return f"_Toc{178000000 + (crc(text) % 900000) * 100 + index:09d}"[:13]


def ref_bookmark(number: int) -> str:
    """The _Ref bookmark name of table ``number``'s caption."""
    return f"_Ref{178500000 + number * 7919:09d}"


def layout(draft: Draft, f: dict) -> list:
    """The draft as written items (Para, Grid, TocBlock), paginated, without decorations."""
    numbers = heading_numbers(draft.blocks, f["auto_numbering"] and f["auto_numbering_wrong"])
    headings = []
    for i, (block, number) in enumerate(zip(draft.blocks, numbers)):
        if isinstance(block, P) and block.role == "heading1":
            headings.append((number + block.text, toc_bookmark(i, block.text)))
    items = title_items(draft, f)
    table_number = 0
    for i, (block, number) in enumerate(zip(draft.blocks, numbers)):
        if isinstance(block, P) and block.role in HEADING_ROLES:
            level = HEADING_ROLES.index(block.role) + 1
            shown = block.text if f["auto_numbering"] else number + block.text
            items.append(Para(block.role, shown, level=level, number=number, bookmark=toc_bookmark(i, block.text)))
        elif isinstance(block, P):
            items.append(Para(block.role, block.text))
        elif isinstance(block, Table):
            if block.caption:
                table_number += 1
                items.append(Para("caption", f"表{table_number} {block.caption}", level=table_number))
            items.append(table_layout(block))
        elif isinstance(block, TextBox):
            items += textbox_items(block, f)
        elif isinstance(block, Toc):
            entries = [(text, "") for text in block.entries] if block.entries else headings
            items += [toc_layout(entries)] if f["toc"] else [Para("body", "目录")] + [
                Para("body", text) for text, _ in entries
            ]
        elif isinstance(block, PageBreak):
            items.append(Para("pagebreak", ""))
    items += closing_items(draft)
    paginate(items)
    fill_toc_pages(items)
    return items


def title_items(draft: Draft, f: dict) -> list:
    """The title paragraph(s), the blank line under it and the addressee."""
    if f["title_soft_break"]:
        items = [Para("title", "\n".join(draft.title))]
    else:
        items = [Para("title", line) for line in draft.title]
    items.append(Para("blank", ""))
    if draft.addressee:
        items.append(Para("addressee", draft.addressee))
    return items


def textbox_items(block: TextBox, f: dict) -> list:
    """The host paragraph with its box paragraphs (or, without text boxes, the lines inline)."""
    lines = [Para("boxline", line, story="textbox") for line in block.text.split("\n")]
    if f["textbox"]:
        return [Para("host", block.host, box=lines)]
    return [Para("host", block.host)] + [Para("body", line.text) for line in lines]


def closing_items(draft: Draft) -> list:
    """The blank line before the signature, the signature and the date."""
    items = [Para("blank", "")]
    if draft.signature:
        items.append(Para("signature", draft.signature))
    if draft.date:
        items.append(Para("date", draft.date))
    return items


def para_lines(para: Para) -> int:
    """Estimated lines of one paragraph."""
    if para.kind == "title":
        return line_count(para.text, 0, TITLE_CHARS_PER_LINE)
    indent = 2 if para.kind in ("body",) + HEADING_ROLES else 0
    return line_count(para.text, indent)


def paginate(items: list) -> None:
    """Set start_line and lines on every item, 22 lines a page, page breaks moving to the next page."""
    line = 0
    for item in items:
        if isinstance(item, Grid):
            item.start_line = line
            for row in item.rows:
                per_cell = [
                    line_count(cell.text, 0, max(4, CHARS_PER_LINE * width // TEXT_WIDTH))
                    for cell, width in zip(row, item.widths)
                ]
                for cell in row:
                    cell.start_line, cell.lines = line, max(per_cell)
                line += max(per_cell)
        elif isinstance(item, TocBlock):
            for para in item.paras:
                para.start_line, para.lines = line, 1
                line += 1
        else:
            item.start_line, item.lines = line, para_lines(item)
            line += item.lines
            if item.kind == "pagebreak":
                line = (line // LINES_PER_PAGE + 1) * LINES_PER_PAGE if line % LINES_PER_PAGE else line


def page_of(para: Para) -> int:
    """The estimated page (1-based) on which a paragraph starts."""
    return para.start_line // LINES_PER_PAGE + 1


def fill_toc_pages(items: list) -> None:
    """Append "\\t<page>" to every TOC entry, the page of the heading it points to."""
    pages = {item.bookmark: page_of(item) for item in items if isinstance(item, Para) and item.bookmark}
    for item in items:
        if isinstance(item, TocBlock):
            for para in item.paras:
                if para.kind == "tocentry":
                    para.text += f"\t{pages.get(para.bookmark, 1)}"


def page_count(items: list) -> int:
    """Estimated pages of the laid-out draft."""
    last = 0
    for para in all_paras(items):
        last = max(last, para.start_line + para.lines - 1)
    return last // LINES_PER_PAGE + 1


def all_paras(items: list, boxes: bool = False):
    """Every paragraph in document order (cells in place; box paragraphs after their host if asked)."""
    for item in items:
        if isinstance(item, Grid):
            for row in item.rows:
                yield from row
        elif isinstance(item, TocBlock):
            yield from item.paras
        else:
            yield item
            if boxes and item.box:
                yield from item.box


def expected_stories(draft: Draft, **features) -> dict:
    """The text of every paragraph per story, as the draft says it should read (the judge's answer key)."""
    f = options(features)
    items = layout(draft, f)
    result = {"body": [], "textbox": [], "footnotes": []}
    for para in all_paras(items, boxes=True):
        result[para.story].append(para.text)
    if f["footnote"]:
        result["footnotes"] = [" " + note for note in footnote_order(items, draft)]
    return result


def footnote_order(items: list, draft: Draft) -> list:
    """The footnote texts in the order their references appear in the body."""
    placed = first_occurrences(items, draft.footnotes)
    return [draft.footnotes[anchor] for anchor, _ in sorted(placed.items(), key=lambda kv: kv[1])]


# ---------------------------------------------------------------------------------------------
# Decorations: what goes where inside the paragraphs
# ---------------------------------------------------------------------------------------------

ANCHOR_KINDS = ("body", "addressee", "cell", "host") + HEADING_ROLES
CONTAINERS = ("link", "anchorlink", "field", "simple", "ins")


@dataclass
class Ctx:
    """Everything shared while one package is written: features, ids, relationships, notes."""

    f: dict
    draft: Draft
    styles: dict
    rsids: list
    used_rsids: set = field(default_factory=set)
    rels: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    comment_texts: list = field(default_factory=list)
    next_bookmark: int = 0
    next_revision: int = 100
    next_shape: int = 1
    para_ids: set = field(default_factory=set)


def searchable(items: list):
    """The paragraphs in which anchor phrases are looked for, with their document-order index."""
    for index, para in enumerate(all_paras(items)):
        if para.kind in ANCHOR_KINDS:
            yield index, para


def first_occurrences(items: list, anchors) -> dict:
    """Anchor phrase -> (paragraph index, offset) of its first occurrence in the searchable paragraphs."""
    found = {}
    for anchor in anchors:
        for index, para in searchable(items):
            at = para.text.find(anchor)
            if at >= 0:
                found[anchor] = (index, at)
                break
    return found


def add_span(para: Para, kind: str, start: int, end: int, data=None) -> None:
    """Add one decoration, refusing a container that would cross another one."""
    if kind in CONTAINERS:
        for other in para.spans:
            if other[0] in CONTAINERS and other[1] < end and start < other[2]:
                inside = other[1] <= start and end <= other[2]
                outside = start <= other[1] and other[2] <= end
                if not (inside or outside) or (start, end) == (other[1], other[2]):
                    return
    para.spans.append((kind, start, end, data))


def decorate(items: list, ctx: Ctx) -> None:
    """Put every enabled construct on the paragraphs."""
    f, draft = ctx.f, ctx.draft
    paras = list(all_paras(items))
    if f["tracked"]:
        place_tracked(paras, items, ctx)
    if f["hyperlinks"]:
        for anchor, (i, at) in first_occurrences(items, draft.links).items():
            add_span(paras[i], "link", at, at + len(anchor), add_rel(ctx, draft.links[anchor]))
    if f["fields"]:
        place_fields(items, paras, ctx)
    if f["toc"] and any(isinstance(item, TocBlock) for item in items):
        place_toc(items, ctx)
    if f["footnote"]:
        place_footnotes(items, paras, ctx)
    if f["comments"]:
        for anchor, (i, at) in sorted(first_occurrences(items, draft.comments).items(), key=lambda kv: kv[1]):
            cid = len(ctx.comment_texts)
            ctx.comment_texts.append(draft.comments[anchor])
            add_span(paras[i], "comment", at, at + len(anchor), cid)
    if f["bookmarks"]:
        place_goback(items, paras, ctx)
    if f["split_runs"] and not f["wps"]:
        for para in paras:
            place_proofing(para)
    if f["page_markers"]:
        for para in paras:
            place_page_markers(para)
        for item in items:
            if isinstance(item, Grid):
                place_row_markers(item)


def place_tracked(paras: list, items: list, ctx: Ctx) -> None:
    """Pending tracked changes by the reviewer: insertions over phrases, deletions after anchors."""
    for phrase, (i, at) in first_occurrences(items, ctx.draft.insertions).items():
        add_span(paras[i], "ins", at, at + len(phrase), next_revision(ctx))
    for anchor, (i, at) in first_occurrences(items, ctx.draft.deletions).items():
        end = at + len(anchor)
        add_span(paras[i], "del", end, end, (ctx.draft.deletions[anchor], next_revision(ctx)))


def next_revision(ctx: Ctx) -> int:
    """A fresh w:id for a tracked change."""
    ctx.next_revision += 1
    return ctx.next_revision


def next_bookmark(ctx: Ctx) -> int:
    """A fresh w:id for a bookmark."""
    ctx.next_bookmark += 1
    return ctx.next_bookmark


def add_rel(ctx: Ctx, url: str) -> str:
    """Register an external hyperlink relationship and return its r:id."""
    rid = f"rId{100 + len(ctx.rels)}"
    ctx.rels.append((rid, url))
    return rid


def place_fields(items: list, paras: list, ctx: Ctx) -> None:
    """SEQ in captions (with a _Ref bookmark), REF and PAGEREF to them in the first paragraph citing 表N."""
    captions = [para for para in paras if para.kind == "caption"]
    seq = "simple" if ctx.f["seq_field"] == "simple" else "field"
    for para in captions:
        number = str(para.level)
        name = ref_bookmark(para.level)
        add_span(para, seq, 1, 1 + len(number), " SEQ Table \\* ARABIC ")
        if ctx.f["bookmarks"]:
            add_span(para, "bookmark", 0, 1 + len(number), (name, next_bookmark(ctx)))
        label = f"表{number}"
        for index, target in searchable(items):
            at = target.text.find(label)
            if at < 0 or target.kind == "cell":
                continue
            add_span(target, "field", at, at + len(label), f" REF {name} \\h ")
            page = re.search(r"第(\d+)页", target.text[at:])
            if page:
                start = at + page.start(1)
                add_span(target, "field", start, start + len(page.group(1)), f" PAGEREF {name} \\h ")
            break


def place_toc(items: list, ctx: Ctx) -> None:
    """Hyperlinks and PAGEREF fields in the TOC entries, _Toc bookmarks around the headings."""
    for item in items:
        if isinstance(item, TocBlock):
            entries = [para for para in item.paras if para.kind == "tocentry"]
            for para in entries:
                page_at = para.text.rindex("\t") + 1
                if para.bookmark:
                    add_span(para, "anchorlink", 0, len(para.text), para.bookmark)
                    add_span(para, "field", page_at, len(para.text), f" PAGEREF {para.bookmark} \\h ")
            if entries:
                begin = fld_run(ctx, "begin") + instr_run(ctx, ' TOC \\o "1-3" \\h \\z \\u ') + fld_run(ctx, "separate")
                add_span(entries[0], "raw", 0, 0, begin)
                add_span(item.paras[-1], "raw", 0, 0, fld_run(ctx, "end"))
        elif isinstance(item, Para) and item.kind == "heading1" and ctx.f["bookmarks"]:
            add_span(item, "bookmark", 0, len(item.text), (item.bookmark, next_bookmark(ctx)))


def place_footnotes(items: list, paras: list, ctx: Ctx) -> None:
    """A footnote reference right after each anchor phrase."""
    placed = first_occurrences(items, ctx.draft.footnotes)
    for anchor, (i, at) in sorted(placed.items(), key=lambda kv: kv[1]):
        ctx.notes.append(ctx.draft.footnotes[anchor])
        end = at + len(anchor)
        add_span(paras[i], "footnote", end, end, len(ctx.notes))


def place_goback(items: list, paras: list, ctx: Ctx) -> None:
    """The _GoBack bookmark at the end of the last edited paragraph (the cursor's), or of the last body one."""
    if ctx.draft.cursor:
        found = first_occurrences(items, [ctx.draft.cursor])
        if found:
            para = paras[found[ctx.draft.cursor][0]]
            add_span(para, "goback", len(para.text), len(para.text), next_bookmark(ctx))
            return
    bodies = [para for para in paras if para.kind == "body" and para.text]
    if bodies:
        add_span(bodies[-1], "goback", len(bodies[-1].text), len(bodies[-1].text), next_bookmark(ctx))


def place_proofing(para: Para) -> None:
    """spellStart/spellEnd around a Latin word, or (every third paragraph) around two characters."""
    word = re.search(r"[A-Za-z]{2,}", para.text)
    if word:
        para.spans.append(("proof", word.start(), word.end(), None))
    elif para.kind == "body" and len(para.text) > 12 and crc(para.text) % 3 == 0:
        at = 4 + crc(para.text) % (len(para.text) - 8)
        para.spans.append(("proof", at, at + 2, None))


def place_page_markers(para: Para) -> None:
    """lastRenderedPageBreak where a page starts: in the first run, or in the run where the page turns."""
    if not para.text or para.kind in ("cell", "tocentry", "tocheading", "tocend", "boxline"):
        return
    per_line = TITLE_CHARS_PER_LINE if para.kind == "title" else CHARS_PER_LINE
    indent = 2 if para.kind in ("body",) + HEADING_ROLES else 0
    for line in range(para.start_line, para.start_line + para.lines):
        if line and line % LINES_PER_PAGE == 0:
            within = line - para.start_line
            at = 0 if within == 0 else min(len(para.text) - 1, per_line - indent + (within - 1) * per_line)
            para.spans.append(("page", at, at, None))


def place_row_markers(grid: Grid) -> None:
    """lastRenderedPageBreak in the first cell of a row that starts a page."""
    for row in grid.rows:
        cell = row[0]
        first = cell.start_line
        if first and cell.text and any(line % LINES_PER_PAGE == 0 for line in range(first, first + cell.lines)):
            cell.spans.append(("page", 0, 0, None))


# ---------------------------------------------------------------------------------------------
# Styles: Word's default set (names) with localised ids, formatted to GB/T 9704
# ---------------------------------------------------------------------------------------------

# key: (type, w:name in Chinese Word, English name, zh id, basedOn key, next key, link key)
STYLE_TABLE = {
    "Normal": ("paragraph", "Normal", "Normal", "a", None, None, None),
    "heading1": ("paragraph", "heading 1", "heading 1", "1", "Normal", "Normal", "Heading1Char"),
    "heading2": ("paragraph", "heading 2", "heading 2", "2", "Normal", "Normal", "Heading2Char"),
    "heading3": ("paragraph", "heading 3", "heading 3", "3", "Normal", "Normal", "Heading3Char"),
    "heading4": ("paragraph", "heading 4", "heading 4", "4", "Normal", "Normal", "Heading4Char"),
    "DefaultParagraphFont": ("character", "Default Paragraph Font", "Default Paragraph Font", "a0", None, None, None),
    "TableNormal": ("table", "Normal Table", "Normal Table", "a1", None, None, None),
    "NoList": ("numbering", "No List", "No List", "a2", None, None, None),
    "Title": ("paragraph", "Title", "Title", "a3", "Normal", "Normal", "TitleChar"),
    "TitleChar": ("character", "标题 字符", "Title Char", "a4", "DefaultParagraphFont", None, "Title"),
    "Heading1Char": ("character", "标题 1 字符", "Heading 1 Char", "10", "DefaultParagraphFont", None, "heading1"),
    "Heading2Char": ("character", "标题 2 字符", "Heading 2 Char", "20", "DefaultParagraphFont", None, "heading2"),
    "Heading3Char": ("character", "标题 3 字符", "Heading 3 Char", "30", "DefaultParagraphFont", None, "heading3"),
    "Heading4Char": ("character", "标题 4 字符", "Heading 4 Char", "40", "DefaultParagraphFont", None, "heading4"),
    "TOCHeading": ("paragraph", "TOC Heading", "TOC Heading", "TOC", "heading1", "Normal", None),
    "TOC1": ("paragraph", "toc 1", "toc 1", "TOC1", "Normal", "Normal", None),
    "Hyperlink": ("character", "Hyperlink", "Hyperlink", "a5", "DefaultParagraphFont", None, None),
    "FootnoteText": ("paragraph", "footnote text", "footnote text", "a6", "Normal", None, "FootnoteTextChar"),
    "FootnoteTextChar": ("character", "脚注文本 字符", "Footnote Text Char", "a7", "DefaultParagraphFont", None, "FootnoteText"),
    "FootnoteReference": ("character", "footnote reference", "footnote reference", "a8", "DefaultParagraphFont", None, None),
    "Caption": ("paragraph", "caption", "caption", "a9", "Normal", "Normal", None),
    "TableGrid": ("table", "Table Grid", "Table Grid", "aa", "TableNormal", None, None),
    "Footer": ("paragraph", "footer", "footer", "ab", "Normal", None, "FooterChar"),
    "FooterChar": ("character", "页脚 字符", "Footer Char", "ac", "DefaultParagraphFont", None, "Footer"),
    "CommentReference": ("character", "annotation reference", "annotation reference", "ad", "DefaultParagraphFont", None, None),
    "CommentText": ("paragraph", "annotation text", "annotation text", "ae", "Normal", None, "CommentTextChar"),
    "CommentTextChar": ("character", "批注文字 字符", "Comment Text Char", "af", "DefaultParagraphFont", None, "CommentText"),
}

THEME_MAJOR = '<w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/>'
THEME_MINOR = '<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'


def fonts(east_asia: str, latin: str = "Times New Roman") -> str:
    """An explicit w:rFonts with an East Asian font and a Latin one."""
    return f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asia}" w:hAnsi="{latin}" w:cs="{latin}"/>'


def size(half_points: int) -> str:
    """w:sz and w:szCs in half-points (3号 = 32, 2号 = 44)."""
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
EXACT = '<w:spacing w:line="579" w:lineRule="exact"/>'

# key: (pPr inner, rPr inner, extra style children)
STYLE_PROPS = {
    "Normal": (
        f'<w:widowControl w:val="0"/>{EXACT}<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>',
        fonts("仿宋_GB2312") + size(32),
    ),
    "heading1": ('<w:keepNext/><w:keepLines/><w:outlineLvl w:val="0"/>', fonts("黑体", "黑体") + '<w:kern w:val="44"/>' + size(32)),
    "heading2": ('<w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/>', THEME_MAJOR + size(32)),
    "heading3": ('<w:keepNext/><w:keepLines/><w:outlineLvl w:val="2"/>', "<w:b/><w:bCs/>" + size(32)),
    "heading4": ('<w:keepNext/><w:keepLines/><w:outlineLvl w:val="3"/>', size(32)),
    "Title": (f'{NO_INDENT}<w:jc w:val="center"/><w:outlineLvl w:val="0"/>', THEME_MAJOR + size(44)),
    "TitleChar": ("", THEME_MAJOR + size(44)),
    "Heading1Char": ("", fonts("黑体", "黑体") + '<w:kern w:val="44"/>' + size(32)),
    "Heading2Char": ("", THEME_MAJOR + size(32)),
    "Heading3Char": ("", "<w:b/><w:bCs/>" + size(32)),
    "Heading4Char": ("", size(32)),
    "TOCHeading": ('<w:jc w:val="center"/><w:outlineLvl w:val="9"/>', '<w:kern w:val="0"/>'),
    "TOC1": (NO_INDENT, ""),
    "Hyperlink": ("", '<w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/>'),
    "FootnoteText": (
        f'<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>{NO_INDENT}<w:jc w:val="left"/>',
        size(28),
    ),
    "FootnoteTextChar": ("", fonts("仿宋_GB2312") + size(28)),
    "FootnoteReference": ("", '<w:vertAlign w:val="superscript"/>'),
    "Caption": (f'{NO_INDENT}<w:jc w:val="center"/>', fonts("黑体") + size(28)),
    "Footer": (
        (
            '<w:tabs><w:tab w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs>'
            f'<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>{NO_INDENT}<w:jc w:val="left"/>'
        ),
        size(18),
    ),
    "FooterChar": ("", size(18)),
    "CommentReference": ("", size(21)),
    "CommentText": ('<w:jc w:val="left"/>', ""),
    "CommentTextChar": ("", fonts("仿宋_GB2312") + size(32)),
}


def style_ids(scheme: str) -> dict:
    """Style key -> w:styleId under a naming scheme: Chinese Word, English Word or WPS (numbers)."""
    if scheme == "zh":
        return {key: row[3] for key, row in STYLE_TABLE.items()}
    if scheme == "wps":
        return {key: str(i + 1) for i, key in enumerate(STYLE_TABLE)}
    english = {"heading1": "Heading1", "heading2": "Heading2", "heading3": "Heading3", "heading4": "Heading4"}
    return {key: english.get(key, key) for key in STYLE_TABLE}


def style_xml(key: str, ids: dict, english: bool) -> str:
    """One w:style element."""
    kind, zh_name, en_name, _, based, nxt, link = STYLE_TABLE[key]
    name = en_name if english else zh_name
    default = ' w:default="1"' if key in ("Normal", "DefaultParagraphFont", "TableNormal", "NoList") else ""
    parts = [f'<w:style w:type="{kind}"{default} w:styleId="{ids[key]}"><w:name w:val="{attr(name)}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{ids[based]}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{ids[nxt]}"/>')
    if link:
        parts.append(f'<w:link w:val="{ids[link]}"/>')
    priority = {"Normal": 0, "Title": 10, "Hyperlink": 99, "TOC1": 39, "TOCHeading": 39, "Caption": 35}.get(key, 9)
    parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if key in ("TableNormal", "NoList", "DefaultParagraphFont"):
        parts.append("<w:semiHidden/>")
    if key in ("TOC1", "TOCHeading", "Hyperlink", "Caption", "FootnoteText", "FootnoteReference", "Footer", "TableNormal", "NoList", "DefaultParagraphFont"):
        parts.append("<w:unhideWhenUsed/>")
    if key in ("Normal", "Title", "Caption", "TOCHeading") or key.startswith("heading"):
        parts.append("<w:qFormat/>")
    parts.append(f'<w:rsid w:val="00{crc(key) % 0xFFFFFF:06X}"/>')
    ppr, rpr = STYLE_PROPS.get(key, ("", ""))
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    if kind == "table":
        parts.append(table_style_props(key))
    parts.append("</w:style>")
    return "".join(parts)


def table_style_props(key: str) -> str:
    """The tblPr of the two table styles (Normal Table margins, Table Grid borders)."""
    if key == "TableNormal":
        return (
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr>'


def styles_xml(ctx: Ctx) -> str:
    """styles.xml: docDefaults with theme fonts, latent styles, and the style set."""
    english = ctx.f["style_ids"] == "en"
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{THEME_MINOR}"
        '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
    )
    latent = (
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" w:defUnhideWhenUsed="0" '
        'w:defQFormat="0" w:count="376"><w:lsdException w:name="Normal" w:uiPriority="0" w:qFormat="1"/>'
        + "".join(
            f'<w:lsdException w:name="heading {n}" w:uiPriority="9" w:qFormat="1"/>' for n in range(1, 10)
        )
        + '<w:lsdException w:name="caption" w:semiHidden="1" w:uiPriority="35" w:unhideWhenUsed="1" w:qFormat="1"/>'
        '<w:lsdException w:name="Title" w:uiPriority="10" w:qFormat="1"/></w:latentStyles>'
    )
    body = "".join(style_xml(key, ctx.styles, english) for key in STYLE_TABLE)
    return f"{XML_HEAD}<w:styles {NS_DECL}>{defaults}{latent}{body}</w:styles>"


# ---------------------------------------------------------------------------------------------
# Runs and paragraphs
# ---------------------------------------------------------------------------------------------

KIND_FONTS = {"heading1": "黑体", "heading2": "楷体_GB2312", "title": "方正小标宋简体", "caption": "黑体"}


def rsid(ctx: Ctx, key: str) -> str:
    """A revision-session id for a piece of text, stable across the drafts of a pair."""
    value = ctx.rsids[crc(key) % len(ctx.rsids)]
    ctx.used_rsids.add(value)
    return value


def run_rpr(ctx: Ctx, para: Para, text: str, stack: tuple) -> str:
    """The direct run properties Word (or WPS) writes for a run of ``text`` in ``para``."""
    parts = []
    if "link" in stack or ("anchorlink" in stack and "field" not in stack):
        parts.append(f'<w:rStyle w:val="{ctx.styles["Hyperlink"]}"/>')
    face = KIND_FONTS.get(para.kind) or ("黑体" if para.header else "")
    if ctx.f["wps"]:
        face = face or ("楷体_GB2312" if para.kind == "boxline" else "仿宋_GB2312")
        parts.append(f'<w:rFonts w:hint="eastAsia" w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}" w:cs="{face}"/>')
    elif face:
        hint = ' w:hint="eastAsia"' if has_cjk(text) else ""
        parts.append(f'<w:rFonts w:ascii="{face}" w:eastAsia="{face}" w:hAnsi="{face}"{hint}/>')
    elif has_cjk(text):
        parts.append('<w:rFonts w:hint="eastAsia"/>')
    if para.kind == "heading3":
        parts.append("<w:b/><w:bCs/>")
    if para.kind in ("tocentry",) or "anchorlink" in stack:
        parts.append("<w:noProof/>")
    if "anchorlink" in stack and (text.startswith("\t") or "field" in stack):
        parts.append("<w:webHidden/>")
    half = {"title": 44, "cell": 28, "boxline": 28, "caption": 28}.get(para.kind, 32)
    if ctx.f["wps"] or half != 32:
        parts.append(size(half))
    if ctx.f["wps"]:
        parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def text_xml(text: str, tag: str = "w:t") -> str:
    """The run content of ``text``: w:t pieces, w:tab for tabs and w:br for line breaks."""
    out = []
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece == "\n":
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            out.append(f"<{tag}{space}>{esc(piece)}</{tag}>")
    return "".join(out)


def run_attrs(ctx: Ctx, key: str, deleted: bool = False) -> str:
    """w:rsidR/w:rsidRPr (or w:rsidDel) on a run, as Word writes them; none for WPS or whole runs."""
    if ctx.f["wps"] or not ctx.f["split_runs"]:
        return ""
    value = rsid(ctx, key)
    if deleted:
        return f' w:rsidDel="{value}"'
    return f' w:rsidR="{value}" w:rsidRPr="{rsid(ctx, key + "/rpr")}"'


def run_xml(ctx: Ctx, para: Para, text: str, stack: tuple, page: bool = False) -> str:
    """One w:r holding ``text`` (with a lastRenderedPageBreak first when a page starts there)."""
    marker = "<w:lastRenderedPageBreak/>" if page else ""
    return f"<w:r{run_attrs(ctx, text)}>{run_rpr(ctx, para, text, stack)}{marker}{text_xml(text)}</w:r>"


def fld_run(ctx: Ctx, kind: str) -> str:
    """A run holding one w:fldChar (begin, separate, end)."""
    return f'<w:r{run_attrs(ctx, "fld" + kind)}><w:fldChar w:fldCharType="{kind}"/></w:r>'


def instr_run(ctx: Ctx, instr: str) -> str:
    """A run holding a field instruction."""
    return f'<w:r{run_attrs(ctx, instr)}><w:instrText xml:space="preserve">{esc(instr)}</w:instrText></w:r>'


def container_open(ctx: Ctx, span: tuple) -> str:
    """The XML that opens a container decoration."""
    kind, _, _, data = span
    if kind == "link":
        return f'<w:hyperlink r:id="{data}" w:history="1">'
    if kind == "anchorlink":
        return f'<w:hyperlink w:anchor="{data}" w:history="1">'
    if kind == "simple":
        return f'<w:fldSimple w:instr="{attr(data)}">'
    if kind == "field":
        return fld_run(ctx, "begin") + instr_run(ctx, data) + fld_run(ctx, "separate")
    return f'<w:ins w:id="{data}" w:author="{attr(ctx.draft.reviewer)}" w:date="2024-10-12T09:30:00Z">'


def container_close(ctx: Ctx, span: tuple) -> str:
    """The XML that closes a container decoration."""
    kind = span[0]
    if kind in ("link", "anchorlink"):
        return "</w:hyperlink>"
    if kind == "simple":
        return "</w:fldSimple>"
    if kind == "field":
        return fld_run(ctx, "end")
    return "</w:ins>"


MARKER_ORDER = {"end": 0, "raw": 1, "del": 2, "footnote": 3, "goback": 4, "start": 5}


def markers(ctx: Ctx, para: Para) -> list:
    """(position, order, xml) of every point-like decoration of a paragraph."""
    out = []
    for kind, start, end, data in para.spans:
        if kind == "bookmark":
            name, bid = data
            out.append((start, MARKER_ORDER["start"], f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'))
            out.append((end, MARKER_ORDER["end"], f'<w:bookmarkEnd w:id="{bid}"/>'))
        elif kind == "goback":
            xml = f'<w:bookmarkStart w:id="{data}" w:name="_GoBack"/><w:bookmarkEnd w:id="{data}"/>'
            out.append((start, MARKER_ORDER["goback"], xml))
        elif kind == "comment":
            ref = f'<w:r{run_attrs(ctx, "comment")}><w:rPr><w:rStyle w:val="{ctx.styles["CommentReference"]}"/></w:rPr><w:commentReference w:id="{data}"/></w:r>'
            out.append((start, MARKER_ORDER["start"], f'<w:commentRangeStart w:id="{data}"/>'))
            out.append((end, MARKER_ORDER["end"], f'<w:commentRangeEnd w:id="{data}"/>{ref}'))
        elif kind == "proof":
            out.append((start, MARKER_ORDER["start"], '<w:proofErr w:type="spellStart"/>'))
            out.append((end, MARKER_ORDER["end"], '<w:proofErr w:type="spellEnd"/>'))
        elif kind == "footnote":
            ref = f'<w:r{run_attrs(ctx, "note")}><w:rPr><w:rStyle w:val="{ctx.styles["FootnoteReference"]}"/></w:rPr><w:footnoteReference w:id="{data}"/></w:r>'
            out.append((start, MARKER_ORDER["footnote"], ref))
        elif kind == "del":
            text, rid = data
            run = f'<w:r{run_attrs(ctx, text, deleted=True)}>{run_rpr(ctx, para, text, ())}{text_xml(text, "w:delText")}</w:r>'
            xml = f'<w:del w:id="{rid}" w:author="{attr(ctx.draft.reviewer)}" w:date="2024-10-12T09:31:00Z">{run}</w:del>'
            out.append((start, MARKER_ORDER["del"], xml))
        elif kind == "raw":
            out.append((start, MARKER_ORDER["raw"], data))
    return out


def split_points(para: Para, on: bool) -> set:
    """Where Word split the text into runs (mid-word), deterministic per text."""
    if para.kind == "tocentry":
        return {para.text.rindex("\t")}
    if not on or len(para.text) < 4:
        return set()
    rng = random.Random(crc(para.text))
    points, at = set(), 0
    while True:
        at += rng.randint(3, 14)
        if at >= len(para.text):
            return points
        points.add(at)


def content_xml(ctx: Ctx, para: Para) -> str:
    """The runs, containers and markers of a paragraph, properly nested."""
    text = para.text
    containers = sorted((s for s in para.spans if s[0] in CONTAINERS), key=lambda s: (s[1], -s[2]))
    parent = [container_parent(containers, i) for i in range(len(containers))]
    owned: dict = {}
    for pos, order, xml in markers(ctx, para):
        owner = point_owner(containers, pos)
        owned.setdefault((owner, pos), []).append((order, xml))
    pages = {s[1] for s in para.spans if s[0] == "page"}
    cuts = {0, len(text)} | split_points(para, ctx.f["split_runs"]) | pages
    for s in para.spans:
        cuts |= {s[1], s[2]}
    cuts = sorted(c for c in cuts if 0 <= c <= len(text))

    def marks_at(owner, pos) -> str:
        """The markers owned by container ``owner`` at ``pos``, ends before starts."""
        return "".join(xml for _, xml in sorted(owned.get((owner, pos), []), key=lambda m: m[0]))

    def plain(lo: int, hi: int, owner, stack: tuple) -> str:
        """The runs (and markers before them) of [lo, hi) inside one container."""
        out = []
        for a, b in itertools.pairwise(cuts):
            if lo <= a < hi:
                out.append(marks_at(owner, a))
                out.append(run_xml(ctx, para, text[a:b], stack, page=a in pages))
                pages.discard(a)
        return "".join(out)

    def emit(lo: int, hi: int, owner, stack: tuple) -> str:
        """[lo, hi) inside container ``owner``: its child containers opened and closed in turn."""
        out, pos = [], lo
        for k, span in enumerate(containers):
            if parent[k] != owner:
                continue
            out.append(plain(pos, span[1], owner, stack) + marks_at(owner, span[1]))
            inner = emit(span[1], span[2], k, stack + (span[0],))
            out.append(container_open(ctx, span) + inner + container_close(ctx, span))
            pos = span[2]
        out.append(plain(pos, hi, owner, stack))
        return "".join(out)

    return emit(0, len(text), None, ()) + marks_at(None, len(text))


def container_parent(containers: list, index: int):
    """Index of the smallest container enclosing container ``index`` (an equal range: the earlier one), or None."""
    _, start, end, _ = containers[index]
    best = None
    for i, (_, s, e, _) in enumerate(containers):
        if i == index or not (s <= start and end <= e) or ((s, e) == (start, end) and i > index):
            continue
        if best is None or e - s < containers[best][2] - containers[best][1]:
            best = i
    return best


def point_owner(containers: list, pos: int):
    """Index of the smallest container strictly holding position ``pos``, or None."""
    best = None
    for i, (_, s, e, _) in enumerate(containers):
        if s < pos < e and (best is None or e - s < containers[best][2] - containers[best][1]):
            best = i
    return best


def ppr_xml(ctx: Ctx, para: Para) -> str:
    """The paragraph properties Word (or WPS) writes for a paragraph of this kind."""
    ids, kind, parts = ctx.styles, para.kind, []
    style = {
        "title": "Title",
        "caption": "Caption",
        "tocheading": "TOCHeading",
        "tocentry": "TOC1",
        "heading1": "heading1",
        "heading2": "heading2",
        "heading3": "heading3",
        "heading4": "heading4",
    }.get(kind)
    if style:
        parts.append(f'<w:pStyle w:val="{ids[style]}"/>')
    if kind == "caption":
        parts.append("<w:keepNext/>")
    if kind in HEADING_ROLES and ctx.f["auto_numbering"]:
        parts.append(f'<w:numPr><w:ilvl w:val="{para.level - 1}"/><w:numId w:val="1"/></w:numPr>')
    if kind == "tocentry":
        parts.append(f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>')
    if kind in ("signature", "date"):
        parts.append('<w:wordWrap w:val="0"/>')
    if ctx.f["wps"] and kind in ("body", "addressee") + HEADING_ROLES:
        parts.append(EXACT)
    if kind in ("cell", "boxline"):
        parts.append('<w:spacing w:line="400" w:lineRule="exact"/>')
    if kind in ("addressee", "cell", "boxline", "host", "signature", "date", "blank", "pagebreak"):
        right = {"signature": ' w:right="640" w:rightChars="200"', "date": ' w:right="1280" w:rightChars="400"'}
        parts.append(f'<w:ind{right.get(kind, "")} w:firstLineChars="0" w:firstLine="0"/>')
    elif ctx.f["wps"] and kind == "body":
        parts.append('<w:ind w:firstLine="640" w:firstLineChars="200"/>')
    jc = {"signature": "right", "date": "right", "cell": para.align}.get(kind)
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    mark = run_rpr(ctx, para, para.text or "。", ())
    parts.append(mark)
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def para_attrs(ctx: Ctx, para: Para, salt: str = "") -> str:
    """w:rsidR/w:rsidRDefault/w:rsidP and w14:paraId/textId, as Word writes them (none for WPS)."""
    if ctx.f["wps"]:
        return ""
    key = f"{para.kind}|{para.text}|{salt}"
    value = crc(key) & 0x7FFFFFFF
    while f"{value:08X}" in ctx.para_ids:
        value = (value * 31 + 7) & 0x7FFFFFFF
    ctx.para_ids.add(f"{value:08X}")
    para_id = f"{value:08X}"
    return (
        f' w14:paraId="{para_id}" w14:textId="77777777" w:rsidR="{rsid(ctx, para.text)}" '
        f'w:rsidRDefault="{rsid(ctx, para.kind)}" w:rsidP="{rsid(ctx, para.kind + "p")}"'
    )


def paragraph_xml(ctx: Ctx, para: Para, salt: str = "") -> str:
    """One w:p: properties, content, and the text box it carries."""
    if para.kind == "pagebreak":
        body = f'<w:r{run_attrs(ctx, "pagebreak")}><w:br w:type="page"/></w:r>'
    else:
        body = content_xml(ctx, para)
    if para.box is not None:
        body += textbox_run(ctx, para.box)
    return f"<w:p{para_attrs(ctx, para, salt)}>{ppr_xml(ctx, para)}{body}</w:p>"


def textbox_run(ctx: Ctx, box: list) -> str:
    """A run with mc:AlternateContent: a DrawingML text box and its VML fallback, the same paragraphs."""
    shape = ctx.next_shape
    ctx.next_shape += 1
    inner = "".join(paragraph_xml(ctx, para, salt=f"box{shape}") for para in box)
    copy = inner  # Word repeats the very same paragraphs (ids included) in the VML fallback
    height = 360000 * (len(box) + 1)
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" '
        f'simplePos="0" relativeHeight="{251659264 + shape}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1" '
        f'wp14:anchorId="{0x1A2B3C00 + shape:08X}" wp14:editId="{0x4D5E6F00 + shape:08X}"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>72390</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="2360930" cy="{height}"/><wp:effectExtent l="0" t="0" r="22860" b="11430"/>'
        f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{200 + shape}" name="文本框 {shape + 1}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr><wps:spPr bwMode="auto">'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="2360930" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/>'
        '</a:solidFill><a:miter lim="800000"/><a:headEnd/><a:tailEnd/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        '<wp14:sizeRelH relativeFrom="margin"><wp14:pctWidth>40000</wp14:pctWidth></wp14:sizeRelH>'
        '<wp14:sizeRelV relativeFrom="margin"><wp14:pctHeight>20000</wp14:pctHeight></wp14:sizeRelV>'
        "</wp:anchor></w:drawing></mc:Choice>"
    )
    fallback = (
        '<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/>'
        f'</v:shapetype><v:shape id="文本框 {shape + 1}" o:spid="_x0000_s{1025 + shape}" type="#_x0000_t202" '
        'style="position:absolute;left:0;text-align:left;margin-left:134.7pt;margin-top:5.7pt;width:185.9pt;'
        'height:110.6pt;z-index:251659264;visibility:visible;mso-wrap-style:square;mso-width-percent:400;'
        'mso-height-percent:200;mso-wrap-distance-left:9pt;mso-wrap-distance-top:3.6pt;mso-wrap-distance-right:9pt;'
        'mso-wrap-distance-bottom:3.6pt;mso-position-horizontal:right;mso-position-horizontal-relative:margin;'
        'mso-position-vertical:absolute;mso-position-vertical-relative:text;mso-width-percent:400;'
        'mso-height-percent:200;mso-width-relative:margin;mso-height-relative:margin;v-text-anchor:top">'
        f'<v:textbox style="mso-fit-shape-to-text:t"><w:txbxContent>{copy}</w:txbxContent></v:textbox>'
        '<w10:wrap type="square" anchorx="margin"/></v:shape></w:pict></mc:Fallback>'
    )
    return f"<w:r{run_attrs(ctx, 'textbox')}><w:rPr><w:noProof/></w:rPr><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"


def table_xml(ctx: Ctx, grid: Grid) -> str:
    """One w:tbl in Table Grid style, header rows repeated, widths in twips."""
    look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{ctx.styles["TableGrid"]}"/><w:tblW w:w="0" w:type="auto"/>'
        f'<w:jc w:val="center"/>{look}</w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{width}"/>' for width in grid.widths)
        + "</w:tblGrid>"
    ]
    for r, row in enumerate(grid.rows):
        attrs = "" if ctx.f["wps"] else f' w:rsidR="{rsid(ctx, "row" + row[0].text)}" w14:paraId="{crc("tr" + str(r) + row[0].text) & 0x7FFFFFFF:08X}" w14:textId="77777777"'
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        out.append(f'<w:tr{attrs}><w:trPr>{header}<w:jc w:val="center"/></w:trPr>')
        for cell, width in zip(row, grid.widths):
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                f"{paragraph_xml(ctx, cell, salt=f'r{r}')}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def sect_pr(ctx: Ctx) -> str:
    """The section: A4, GB/T 9704 margins (37/26/35/28 mm), odd/even footers, 22 lines x 28 chars grid."""
    rsid_attr = "" if ctx.f["wps"] else f' w:rsidR="{rsid(ctx, "sect")}" w:rsidSect="{rsid(ctx, "sect")}"'
    return (
        f'<w:sectPr{rsid_attr}><w:footerReference w:type="even" r:id="rId91"/>'
        '<w:footerReference w:type="default" r:id="rId90"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1417" w:gutter="0"/>'
        '<w:cols w:space="425"/><w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/></w:sectPr>'
    )


def document_xml(ctx: Ctx, items: list) -> str:
    """word/document.xml."""
    body = []
    for item in items:
        if isinstance(item, Grid):
            body.append(table_xml(ctx, item))
        elif isinstance(item, TocBlock):
            body.append(toc_xml(ctx, item))
        else:
            body.append(paragraph_xml(ctx, item))
    return f"{XML_HEAD}<w:document {NS_DECL}><w:body>{''.join(body)}{sect_pr(ctx)}</w:body></w:document>"


def toc_xml(ctx: Ctx, block: TocBlock) -> str:
    """A w:sdt table-of-contents content control (docPartGallery "Table of Contents")."""
    paras = "".join(paragraph_xml(ctx, para) for para in block.paras)
    return (
        '<w:sdt><w:sdtPr><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/><w:lang w:val="zh-CN"/></w:rPr>'
        '<w:id w:val="-1764685436"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>'
        '</w:docPartObj></w:sdtPr><w:sdtEndPr><w:rPr><w:b/><w:bCs/></w:rPr></w:sdtEndPr>'
        f"<w:sdtContent>{paras}</w:sdtContent></w:sdt>"
    )


# ---------------------------------------------------------------------------------------------
# The other parts of the package
# ---------------------------------------------------------------------------------------------


def footer_xml(ctx: Ctx, even: bool) -> str:
    """A footer with "— PAGE —": fldSimple on odd pages (right), a complex field on even pages (left)."""
    rpr = f'<w:rPr>{fonts("宋体", "宋体")}{size(28)}</w:rPr>'
    if even:
        field_xml = (
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>2</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        )
        ppr = f'<w:pPr><w:pStyle w:val="{ctx.styles["Footer"]}"/><w:ind w:left="280" w:leftChars="100"/><w:rPr><w:sz w:val="28"/></w:rPr></w:pPr>'
    else:
        field_xml = f'<w:fldSimple w:instr=" PAGE   \\* MERGEFORMAT "><w:r>{rpr}<w:t>1</w:t></w:r></w:fldSimple>'
        ppr = f'<w:pPr><w:pStyle w:val="{ctx.styles["Footer"]}"/><w:wordWrap w:val="0"/><w:ind w:right="280" w:rightChars="100"/><w:jc w:val="right"/><w:rPr><w:sz w:val="28"/></w:rPr></w:pPr>'
    dash = "— "
    paragraph = f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{dash}</w:t></w:r>{field_xml}<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    return f"{XML_HEAD}<w:ftr {NS_DECL}>{paragraph}</w:ftr>"


def notes_xml(ctx: Ctx, tag: str, notes: list) -> str:
    """footnotes.xml or endnotes.xml: separator (-1), continuation separator (0), then the notes."""
    ppr = '<w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>'
    parts = [
        f'<w:{tag} w:type="separator" w:id="-1"><w:p>{ppr}<w:r><w:separator/></w:r></w:p></w:{tag}>',
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p>{ppr}<w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>',
    ]
    for number, text in enumerate(notes, start=1):
        ref = f'<w:r><w:rPr><w:rStyle w:val="{ctx.styles["FootnoteReference"]}"/></w:rPr><w:footnoteRef/></w:r>'
        note = Para("footnote", text)
        runs = content_xml(ctx, note) if text else ""
        parts.append(
            f'<w:{tag} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{ctx.styles["FootnoteText"]}"/></w:pPr>'
            f'{ref}<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:{tag}>'
        )
    return f"{XML_HEAD}<w:{tag}s {NS_DECL}>{''.join(parts)}</w:{tag}s>"


def comments_xml(ctx: Ctx) -> str:
    """comments.xml: one w:comment per commented range, by the reviewer."""
    parts = []
    for cid, text in enumerate(ctx.comment_texts):
        para_id = f"{(crc(text) & 0x3FFFFFFF) | 0x10000000:08X}"
        parts.append(
            f'<w:comment w:id="{cid}" w:author="{attr(ctx.draft.reviewer)}" w:date="2024-10-12T10:05:00Z" '
            f'w:initials="{attr(ctx.draft.reviewer[:1])}"><w:p w14:paraId="{para_id}" w14:textId="77777777">'
            f'<w:pPr><w:pStyle w:val="{ctx.styles["CommentText"]}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{ctx.styles["CommentReference"]}"/></w:rPr><w:annotationRef/></w:r>'
            f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{esc(text)}</w:t></w:r></w:p></w:comment>'
        )
    return f"{XML_HEAD}<w:comments {NS_DECL}>{''.join(parts)}</w:comments>"


def comments_extended_xml(ctx: Ctx) -> str:
    """commentsExtended.xml (Word 2013+): the done state of each comment, by paragraph id."""
    entries = "".join(
        f'<w15:commentEx w15:paraId="{(crc(text) & 0x3FFFFFFF) | 0x10000000:08X}" w15:done="0"/>'
        for text in ctx.comment_texts
    )
    return f"{XML_HEAD}<w15:commentsEx {NS_DECL}>{entries}</w15:commentsEx>"


def numbering_xml(wrong: bool) -> str:
    """numbering.xml: 一、 （一） 1. （1） (or the common mistake 1、) with each level's own font."""
    levels = [
        ("chineseCounting", "%1、", "黑体"),
        ("chineseCounting", "（%2）", "楷体_GB2312"),
        ("decimal", "%3、" if wrong else "%3.", "仿宋_GB2312"),
        ("decimal", "（%4）", "仿宋_GB2312"),
    ]
    lvls = []
    for ilvl in range(9):
        fmt, text, face = levels[ilvl] if ilvl < 4 else ("decimal", f"%{ilvl + 1}.", "仿宋_GB2312")
        lvls.append(
            f'<w:lvl w:ilvl="{ilvl}" w:tplc="{0x4A3B2C10 + ilvl:08X}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{face}" w:eastAsia="{face}" w:hAnsi="{face}" w:hint="eastAsia"/>'
            f'{"<w:b/>" if ilvl == 2 else ""}<w:sz w:val="32"/></w:rPr></w:lvl>'
        )
    abstract = (
        '<w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0"><w:nsid w:val="2F6B4E1A"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="8C1A2B3C"/>{"".join(lvls)}</w:abstractNum>'
    )
    return f'{XML_HEAD}<w:numbering {NS_DECL}>{abstract}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'



# Word 2016's settings for East Asian text, as it saves them (the compatibility block, and what
# follows the revision ids); the drafts' builders share them.
WORD_COMPAT = (
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
    '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    "</w:compat>"
)


def word_settings_tail(spidmax: int) -> str:
    return (
        '<m:mathPr><m:mathFont m:val="Cambria Math"/><m:brkBin m:val="before"/><m:brkBinSub m:val="--"/>'
        '<m:smallFrac m:val="0"/><m:dispDef/><m:lMargin m:val="0"/><m:rMargin m:val="0"/><m:defJc m:val="centerGroup"/>'
        '<m:wrapIndent m:val="1440"/><m:intLim m:val="subSup"/><m:naryLim m:val="undOvr"/></m:mathPr>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
        'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" '
        'w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
        f'<w:shapeDefaults><o:shapedefaults v:ext="edit" spidmax="{spidmax}"/><o:shapelayout v:ext="edit">'
        '<o:idmap v:ext="edit" data="1"/></o:shapelayout></w:shapeDefaults>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    )


def settings_xml(ctx: Ctx) -> str:
    """settings.xml: proof state, odd/even footers, footnote separators, compatibility, rsids."""
    f = ctx.f
    parts = ['<w:zoom w:percent="100"/>', '<w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>']
    if not f["wps"]:
        parts.append('<w:proofState w:spelling="clean" w:grammar="dirty"/>')
    if f["tracked"] and (ctx.draft.insertions or ctx.draft.deletions):
        parts.append("<w:trackRevisions/>")
    parts += [
        '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:drawingGridHorizontalSpacing w:val="160"/>',
        '<w:drawingGridVerticalSpacing w:val="579"/><w:displayHorizontalDrawingGridEvery w:val="0"/>',
        '<w:characterSpacingControl w:val="compressPunctuation"/>',
    ]
    if ctx.notes:
        parts.append('<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        parts.append('<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>')
    parts.append(WORD_COMPAT)
    if not f["wps"]:
        used = sorted(ctx.used_rsids | {ctx.rsids[0]})
        parts.append(f'<w:rsids><w:rsidRoot w:val="{ctx.rsids[0]}"/>' + "".join(f'<w:rsid w:val="{v}"/>' for v in used) + "</w:rsids>")
    parts.append(word_settings_tail(spidmax=2049))
    if not f["wps"]:
        parts.append('<w14:docId w14:val="3A5F1C2B"/><w15:chartTrackingRefBased/><w15:docId w15:val="{6E1B7C3A-2F4D-4B8E-9A1C-5D3E2F1A0B9C}"/>')
    return f"{XML_HEAD}<w:settings {NS_DECL}>{''.join(parts)}</w:settings>"


FONT_TABLE = (
    ("Times New Roman", "", "02020603050405020304", "00", "roman", "E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000"),
    ("宋体", "SimSun", "02010600030101010101", "86", "auto", "00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"),
    ("仿宋_GB2312", "FangSong_GB2312", "02010609030101010101", "86", "modern", "00000001", "080E0000", "00000000", "00000000", "00040000", "00000000"),
    ("黑体", "SimHei", "02010609060101010101", "86", "modern", "800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"),
    ("楷体_GB2312", "KaiTi_GB2312", "02010609030101010101", "86", "modern", "00000001", "080E0000", "00000000", "00000000", "00040000", "00000000"),
    ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "02000000000000000000", "86", "script", "00000001", "080E0000", "00000000", "00000000", "00040000", "00000000"),
    ("等线", "DengXian", "02010600030101010101", "86", "auto", "A00002BF", "38CF7CFD", "00000016", "00000000", "0004000F", "00000000"),
    ("等线 Light", "DengXian Light", "02010600030101010101", "86", "auto", "A00002BF", "38CF7CFD", "00000016", "00000000", "0004000F", "00000000"),
)


def font_table_xml() -> str:
    """fontTable.xml with panose, charset (86 = GB2312) and signatures, as Word lists them."""
    parts = []
    for name, alt, panose, charset, family, u0, u1, u2, u3, c0, c1 in FONT_TABLE:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        parts.append(
            f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/>'
            f'<w:sig w:usb0="{u0}" w:usb1="{u1}" w:usb2="{u2}" w:usb3="{u3}" w:csb0="{c0}" w:csb1="{c1}"/></w:font>'
        )
    return f"{XML_HEAD}<w:fonts {NS_DECL}>{''.join(parts)}</w:fonts>"


# The Office theme's colours, as Word writes them.
THEME_COLORS = (
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    '<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>'
    '<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>'
    '<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>'
    '<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>'
    '<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>'
)


def theme_xml() -> str:
    """theme1.xml: the Office theme with 等线 / 等线 Light for Simplified Chinese."""
    colors = THEME_COLORS
    fonts_xml = (
        '<a:majorFont><a:latin typeface="等线 Light" panose="02010600030101010101"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Hans" typeface="等线 Light"/><a:font script="Hant" typeface="新細明體"/></a:majorFont>'
        '<a:minorFont><a:latin typeface="等线" panose="02010600030101010101"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Hans" typeface="等线"/><a:font script="Hant" typeface="新細明體"/></a:minorFont>'
    )
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    fmt = (
        f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>{line * 3}</a:lnStyleLst>'
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst><a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
    )
    return (
        f'{XML_HEAD}<a:theme xmlns:a="{A_NS}" name="Office 主题\u200b\u200b"><a:themeElements><a:clrScheme name="Office">{colors}'
        f'</a:clrScheme><a:fontScheme name="Office">{fonts_xml}</a:fontScheme>{fmt}</a:themeElements>'
        "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def web_settings_xml() -> str:
    """webSettings.xml as Word writes it."""
    return f"{XML_HEAD}<w:webSettings {NS_DECL}><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>"


def core_xml(draft: Draft) -> str:
    """docProps/core.xml: author, last editor, revision and dates."""
    return (
        f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title></dc:title><dc:subject></dc:subject><dc:creator>{esc(draft.author)}</dc:creator><cp:keywords></cp:keywords>"
        f"<dc:description></dc:description><cp:lastModifiedBy>{esc(draft.reviewer)}</cp:lastModifiedBy><cp:revision>7</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-10-08T01:12:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-10-14T08:40:00Z</dcterms:modified></cp:coreProperties>'
    )


def app_xml(ctx: Ctx, pages: int, chars: int) -> str:
    """docProps/app.xml: application (Word or WPS), pages and counts."""
    app = "WPS Office_12.1.0.16929_F1E327BC-269C-435d-A152-05C5408002CA" if ctx.f["wps"] else "Microsoft Office Word"
    version = "" if ctx.f["wps"] else "<AppVersion>16.0000</AppVersion>"
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>Normal.dotm</Template><TotalTime>86</TotalTime><Pages>{pages}</Pages><Words>{chars // 2}</Words>"
        f"<Characters>{chars}</Characters><Application>{app}</Application><DocSecurity>0</DocSecurity>"
        f"<Lines>{pages * LINES_PER_PAGE}</Lines><Paragraphs>{pages * 6}</Paragraphs><ScaleCrop>false</ScaleCrop>"
        f"<LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>{chars}</CharactersWithSpaces>"
        f"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>{version}</Properties>"
    )


def custom_xml() -> str:
    """docProps/custom.xml as WPS writes it (KSOProductBuildVer, ICV)."""
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{fmtid}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16929</vt:lpwstr></property>'
        f'<property fmtid="{fmtid}" pid="3" name="ICV"><vt:lpwstr>8F3A0C1D2E4B4F6A9B7C5D3E1F2A4B6C_13</vt:lpwstr></property>'
        "</Properties>"
    )


CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def content_types(parts: dict) -> str:
    """[Content_Types].xml for the parts present."""
    types = {
        "word/document.xml": CT + "document.main+xml",
        "word/styles.xml": CT + "styles+xml",
        "word/settings.xml": CT + "settings+xml",
        "word/webSettings.xml": CT + "webSettings+xml",
        "word/fontTable.xml": CT + "fontTable+xml",
        "word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "word/numbering.xml": CT + "numbering+xml",
        "word/footnotes.xml": CT + "footnotes+xml",
        "word/endnotes.xml": CT + "endnotes+xml",
        "word/comments.xml": CT + "comments+xml",
        "word/commentsExtended.xml": CT + "commentsExtended+xml",
        "word/footer1.xml": CT + "footer+xml",
        "word/footer2.xml": CT + "footer+xml",
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        "docProps/custom.xml": "application/vnd.openxmlformats-officedocument.custom-properties+xml",
    }
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{types[name]}"/>' for name in parts if name in types
    )
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


def relationships(rels: list) -> str:
    """A .rels part from (id, type, target, external) tuples."""
    external_mode = ' TargetMode="External"'
    body = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{attr(target)}"{external_mode if external else ""}/>'
        for rid, kind, target, external in rels
    )
    return f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}">{body}</Relationships>'


def document_rels(ctx: Ctx, parts: dict) -> str:
    """word/_rels/document.xml.rels: the parts, the footers and the external hyperlinks."""
    rels = []
    named = [
        ("rId1", "numbering", "numbering.xml"),
        ("rId2", "styles", "styles.xml"),
        ("rId3", "settings", "settings.xml"),
        ("rId4", "webSettings", "webSettings.xml"),
        ("rId5", "footnotes", "footnotes.xml"),
        ("rId6", "endnotes", "endnotes.xml"),
        ("rId7", "comments", "comments.xml"),
        ("rId90", "footer", "footer1.xml"),
        ("rId91", "footer", "footer2.xml"),
        ("rId92", "fontTable", "fontTable.xml"),
        ("rId93", "theme", "theme/theme1.xml"),
    ]
    for rid, kind, target in named:
        if f"word/{target}" in parts:
            rels.append((rid, RT + kind, target, False))
    if "word/commentsExtended.xml" in parts:
        rels.append(("rId8", "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", "commentsExtended.xml", False))
    rels += [(rid, RT + "hyperlink", url, True) for rid, url in ctx.rels]
    return relationships(rels)


def root_rels(parts: dict) -> str:
    """_rels/.rels: the main document and the property parts."""
    rels = [
        ("rId3", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "docProps/app.xml", False),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml", False),
        ("rId1", RT + "officeDocument", "word/document.xml", False),
    ]
    if "docProps/custom.xml" in parts:
        rels.append(("rId4", RT + "custom-properties", "docProps/custom.xml", False))
    return relationships(rels)


def rsid_pool(draft: Draft) -> list:
    """Eight-hex-digit revision-session ids, stable for a given author."""
    rng = random.Random(crc(draft.author))
    return [f"00{rng.randrange(0x100000, 0xFFFFFF):06X}" for _ in range(24)]


def zip_parts(parts: dict) -> bytes:
    """A deflated zip with [Content_Types].xml first, fixed timestamps (deterministic bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def word_docx(draft: Draft, **features) -> bytes:
    """The draft as a complete .docx package written the way Word (or, with wps=True, WPS) saves it."""
    f = options(features)
    scheme = "wps" if f["wps"] else f["style_ids"]
    ctx = Ctx(f=f, draft=draft, styles=style_ids(scheme), rsids=rsid_pool(draft))
    items = layout(draft, f)
    decorate(items, ctx)
    document = document_xml(ctx, items)
    parts = {"[Content_Types].xml": "", "_rels/.rels": "", "word/document.xml": document}
    if f["auto_numbering"]:
        parts["word/numbering.xml"] = numbering_xml(f["auto_numbering_wrong"])
    parts["word/styles.xml"] = styles_xml(ctx)
    parts["word/webSettings.xml"] = web_settings_xml()
    if ctx.notes:
        parts["word/footnotes.xml"] = notes_xml(ctx, "footnote", ctx.notes)
        parts["word/endnotes.xml"] = notes_xml(ctx, "endnote", [])
    if ctx.comment_texts:
        parts["word/comments.xml"] = comments_xml(ctx)
        parts["word/commentsExtended.xml"] = comments_extended_xml(ctx)
    parts["word/footer1.xml"] = footer_xml(ctx, even=False)
    parts["word/footer2.xml"] = footer_xml(ctx, even=True)
    parts["word/fontTable.xml"] = font_table_xml()
    parts["word/theme/theme1.xml"] = theme_xml()
    parts["word/settings.xml"] = settings_xml(ctx)
    chars = sum(len(para.text) for para in all_paras(items))
    parts["docProps/core.xml"] = core_xml(draft)
    parts["docProps/app.xml"] = app_xml(ctx, page_count(items), chars)
    if f["wps"]:
        parts["docProps/custom.xml"] = custom_xml()
    parts["word/_rels/document.xml.rels"] = document_rels(ctx, parts)
    parts["_rels/.rels"] = root_rels(parts)
    parts["[Content_Types].xml"] = content_types(parts)
    return zip_parts(parts)


def estimated_pages(draft: Draft, **features) -> int:
    """How many pages the builder thinks the draft takes (22 lines x 28 characters)."""
    return page_count(layout(draft, options(features)))


# ---------------------------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------------------------


class LibreOfficeMissing(RuntimeError):
    """soffice is not installed (or not on PATH)."""


def soffice() -> str:
    """The path of soffice, or a clear error."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise LibreOfficeMissing("LibreOffice is not installed: no 'soffice' on PATH (apt-get install libreoffice-writer)")
    return found


def convert(data: bytes, source_ext: str, target: str, target_ext: str) -> bytes:
    """Convert bytes with soffice --headless in a private profile; return the converted file's bytes."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="drafts-lo-", dir="/tmp") as tmp:
        folder = Path(tmp)
        source = folder / f"draft.{source_ext}"
        source.write_bytes(data)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
        result = out / f"draft.{target_ext}"
        if not result.exists():
            raise RuntimeError(f"soffice did not convert to {target}: {done.stdout} {done.stderr}".strip())
        return result.read_bytes()


def libreoffice_docx(docx_bytes: bytes) -> bytes:
    """The .docx as LibreOffice saves it (opened and saved again as Word 2007-365)."""
    return convert(docx_bytes, "docx", "docx:MS Word 2007 XML", "docx")


def via_odt(docx_bytes: bytes) -> bytes:
    """The .docx after a trip through LibreOffice's own format: docx -> odt -> docx."""
    odt = convert(docx_bytes, "docx", "odt", "odt")
    return convert(odt, "odt", "docx:MS Word 2007 XML", "docx")


def build(draft: Draft, features: dict) -> bytes:
    """The draft written with ``features``; ``saved_by`` ("word", "libreoffice", "odt") picks who saved it last."""
    features = dict(features)
    saved_by = features.pop("saved_by", "word")
    data = word_docx(draft, **features)
    if saved_by == "libreoffice":
        return libreoffice_docx(data)
    if saved_by == "odt":
        return via_odt(data)
    return data


# ---------------------------------------------------------------------------------------------
# The prose: a report on the industrial economy of a (fictional) city
# ---------------------------------------------------------------------------------------------

TITLE = ("关于2024年前三季度全市工业经济", "运行情况的报告")
ADDRESSEE = "市人民政府："
SIGNATURE = "临江市工业和信息化局"
DATE = "2024年10月15日"

OPENING = (
    "按照市政府关于做好经济运行调度的工作要求，市工业和信息化局会同市统计局，对照国家统计局统一口径，"
    "对前三季度全市工业经济运行情况进行了分析研判。现将有关情况报告如下。"
)
OVERALL = (
    "前三季度，全市规上工业企业完成总产值2456.8亿元，同比增长6.2%，增速比上半年加快0.4个百分点，"
    "高于全省平均水平1.1个百分点。全市规上工业企业达到1286户，比年初净增36户，新增户数居全省第三位。"
    "主要指标见表1（第2页）。"
)
MAIN_TABLE = Table(
    (
        ("指标", "单位", "前三季度", "同比增长（%）"),
        ("工业总产值", "亿元", "2456.8", "6.2"),
        ("工业增加值", "亿元", "618.4", "5.9"),
        ("营业收入", "亿元", "2301.7", "4.8"),
        ("利润总额", "亿元", "126.5", "8.3"),
        ("企业户数", "户", "1286", "—"),
    ),
    caption="2024年前三季度全市规上工业主要指标",
)
TREND = (
    "从月度走势看，1—3月、1—6月全市规上工业增加值分别增长5.1%、5.7%，三季度单季增长6.8%，"
    "呈现逐季回升态势。9月当月，全市工业用电量完成18.6亿千瓦时，同比增长7.4%，企业生产保持活跃。"
)
EQUIPMENT = (
    "全市装备制造业实现产值864.2亿元，同比增长9.6%，拉动全市规上工业增长3.3个百分点。其中，"
    "汽车零部件行业完成产值24.3亿元，同比增长12.5%；工程机械行业订单饱满，重点企业产能利用率保持在85%以上。"
)
MATERIALS = (
    "钢铁、建材、化工三大原材料行业合计完成产值731.5亿元，同比增长3.2%，增速比上半年提高1.6个百分点。"
    "受房地产投资持续下行影响，水泥产量同比下降4.7%，但新型建材产品产量增长较快。"
)
CONSUMER = (
    "食品、纺织、医药等消费品行业完成产值412.9亿元，同比增长4.1%。其中，医药制造业受新产品集中上市带动，"
    "产值同比增长15.8%，成为消费品工业中增长最快的行业。"
)
PROBLEMS = (
    "一是企业效益分化明显。前三季度，全市规上工业企业亏损面为18.2%，比上年同期扩大1.3个百分点，"
    "中小企业经营压力较大。二是新增长点支撑不足。新投产项目贡献率偏低，战略性新兴产业产值占比仅为27.6%。"
    "三是要素保障仍有短板。部分园区用地、用能指标偏紧，企业用工结构性矛盾较为突出。"
)
NEXT_STEPS = (
    "四季度是完成全年目标任务的关键时期。我局将紧盯全年增长目标，逐月调度、逐企服务，"
    "全力以赴稳住工业经济基本盘。重点做好以下工作："
)
MONITOR = "对全市产值排名前100位的重点企业实行“一企一策”跟踪服务，按旬调度生产经营情况，发现问题及时协调解决。"
HELP = "协调解决原材料供应、物流运输、资金周转等方面的困难，推动企业满负荷生产，力争四季度产值环比增长5%以上。"
PROJECTS = "围绕年度计划投产的36个重点工业项目，逐项明确投产时间节点，对进度滞后的项目开展专项督导，力争年底前全部建成投产。"
POLICIES = "用足用好各级支持工业发展的政策措施，加快兑现技术改造、稳岗扩产等奖补资金，帮助企业降低融资成本和用能成本。"
CLOSING = "特此报告。"

BOX_TEXT = "专栏1 “专精特新”企业培育情况\n截至9月底，全市累计培育省级“专精特新”中小企业146家、国家级专精特新“小巨人”企业12家。"


def report() -> Draft:
    """The base draft: a three-page report, correctly formatted, with literal heading numbers."""
    blocks = (
        P(OPENING),
        P("总体运行情况", "heading1"),
        P(OVERALL),
        MAIN_TABLE,
        P(TREND),
        P("重点行业运行情况", "heading1"),
        P("装备制造业较快增长", "heading2"),
        P(EQUIPMENT),
        P("原材料工业企稳回升", "heading2"),
        P(MATERIALS),
        P("消费品工业平稳运行", "heading2"),
        P(CONSUMER),
        P("存在的主要问题", "heading1"),
        P(PROBLEMS),
        P("下一步工作打算", "heading1"),
        P(NEXT_STEPS),
        P("抓好重点企业稳产达产", "heading2"),
        P("强化运行监测", "heading3"),
        P(MONITOR),
        P("开展精准帮扶", "heading3"),
        P("聚焦中小企业", "heading4"),
        P(HELP),
        P("加快重大项目建设投产", "heading2"),
        P(PROJECTS),
        P("强化要素保障和政策落实", "heading2"),
        P(POLICIES),
        P(CLOSING),
    )
    return Draft(TITLE, ADDRESSEE, blocks, SIGNATURE, DATE)


DISTRICTS = (
    "东湖区", "西岭区", "南港区", "北塘区", "高新区", "经开区", "临江县", "青山县", "石门县", "白沙县",
    "云溪县", "桃源县", "枫桥镇工业园", "柳河县", "金川县", "龙泉市", "凤岭县", "梅江县", "安平县", "永宁县",
    "清水县", "大宁县", "长乐县", "江口县", "新塘县", "盘石县", "黄陂县", "兴隆县", "宝山县", "红星工业园",
)
INDUSTRIES = ("装备制造", "新材料", "电子信息", "食品加工", "生物医药", "纺织服装", "汽车零部件", "绿色建材")
FOCUSES = ("延链补链强链", "数字化转型", "园区提质扩容", "招大引强", "技术改造", "企业梯度培育")


def growth(rng: random.Random) -> str:
    """A growth phrase, mostly positive: "同比增长6.8%" or "同比下降2.1%"."""
    value = rng.randint(-30, 150) / 10
    return f"同比增长{value:.1f}%" if value >= 0 else f"同比下降{-value:.1f}%"


def district_paragraphs(name: str, rng: random.Random) -> list:
    """Four paragraphs on one county or district, figures drawn from ``rng``."""
    industry, focus = rng.choice(INDUSTRIES), rng.choice(FOCUSES)
    above = rng.random() < 0.6
    return [
        P(
            f"前三季度，{name}实现规上工业总产值{rng.randint(300, 2600) / 10:.1f}亿元，{growth(rng)}，增速"
            f"{'高于' if above else '低于'}全市平均水平{rng.randint(1, 40) / 10:.1f}个百分点。其中，{industry}行业完成产值"
            f"{rng.randint(50, 900) / 10:.1f}亿元，占全县（区）规上工业的{rng.randint(120, 560) / 10:.1f}%，对增长的贡献率达到"
            f"{rng.randint(200, 700) / 10:.1f}%。"
        ),
        P(
            f"{name}规上工业企业达到{rng.randint(28, 160)}户，比年初新增{rng.randint(1, 14)}户。前三季度新开工亿元以上工业项目"
            f"{rng.randint(2, 19)}个，完成工业投资{rng.randint(30, 450) / 10:.1f}亿元，{growth(rng)}；"
            f"技术改造投资占工业投资的比重为{rng.randint(250, 620) / 10:.1f}%。"
        ),
        P(
            f"从企业效益看，{name}规上工业企业实现营业收入{rng.randint(250, 2400) / 10:.1f}亿元，{growth(rng)}；利润总额"
            f"{rng.randint(10, 180) / 10:.1f}亿元，亏损企业{rng.randint(2, 30)}户，亏损面比上半年收窄{rng.randint(1, 30) / 10:.1f}个百分点。"
        ),
        P(
            f"下一步，{name}将围绕{focus}，加强要素保障和运行调度，推动在建项目尽快形成实物工作量，"
            f"一是盯紧重点企业稳产增产，二是加快新建项目入库纳统，三是做好用工用能服务，确保全年目标任务顺利完成。"
        ),
    ]


def long_report(pages: int = 46, seed: int = 9704) -> Draft:
    """The base report followed by a section per county and district, until it is ``pages`` pages long."""
    rng = random.Random(seed)
    base = report()
    blocks = list(base.blocks[:-1]) + [P("各县（市、区）工业运行情况", "heading1")]
    count = 0
    while estimated_pages(replace(base, blocks=tuple(blocks))) < pages:
        name = DISTRICTS[count % len(DISTRICTS)] + ("" if count < len(DISTRICTS) else "（续）")
        blocks.append(P(name, "heading2"))
        blocks += district_paragraphs(name, rng)
        count += 1
    blocks.append(P(CLOSING))
    return replace(base, blocks=tuple(blocks))


# ---------------------------------------------------------------------------------------------
# Editing drafts as a reviewer does
# ---------------------------------------------------------------------------------------------


def edit_block(block, old: str, new: str):
    """The block with ``old`` replaced by ``new`` in its text (cells and text boxes included)."""
    if isinstance(block, P):
        return replace(block, text=block.text.replace(old, new))
    if isinstance(block, Table):
        rows = tuple(tuple(cell.replace(old, new) for cell in row) for row in block.rows)
        return replace(block, rows=rows, caption=block.caption.replace(old, new))
    if isinstance(block, TextBox):
        return replace(block, text=block.text.replace(old, new), host=block.host.replace(old, new))
    return block


def edit(draft: Draft, old: str, new: str) -> Draft:
    """The draft with the first block (or title line, or footnote) holding ``old`` edited to ``new``."""
    for i, block in enumerate(draft.blocks):
        changed = edit_block(block, old, new)
        if changed != block:
            cursor = changed.text if isinstance(changed, P) else new
            return replace(draft, blocks=draft.blocks[:i] + (changed,) + draft.blocks[i + 1 :], cursor=cursor)
    for i, line in enumerate(draft.title):
        if old in line:
            return replace(draft, title=draft.title[:i] + (line.replace(old, new),) + draft.title[i + 1 :])
    for anchor, note in draft.footnotes.items():
        if old in note:
            return replace(draft, footnotes={**draft.footnotes, anchor: note.replace(old, new)})
    raise ValueError(f"{old!r} is not in the draft")


def find_block(draft: Draft, text: str) -> int:
    """Index of the first paragraph block whose text contains ``text``."""
    for i, block in enumerate(draft.blocks):
        if isinstance(block, P) and text in block.text:
            return i
    raise ValueError(f"no paragraph holds {text!r}")


def insert_after(draft: Draft, anchor: str, *blocks) -> Draft:
    """The draft with ``blocks`` inserted after the paragraph holding ``anchor``."""
    i = find_block(draft, anchor) + 1
    return replace(draft, blocks=draft.blocks[:i] + tuple(blocks) + draft.blocks[i:], cursor=last_text(blocks, draft))


def insert_before(draft: Draft, anchor: str, *blocks) -> Draft:
    """The draft with ``blocks`` inserted before the paragraph holding ``anchor``."""
    i = find_block(draft, anchor)
    return replace(draft, blocks=draft.blocks[:i] + tuple(blocks) + draft.blocks[i:], cursor=last_text(blocks, draft))


def last_text(blocks: tuple, draft: Draft) -> str:
    """The text of the last paragraph among ``blocks`` (where the cursor is after typing them)."""
    texts = [block.text for block in blocks if isinstance(block, P)]
    return texts[-1] if texts else draft.cursor


def delete(draft: Draft, text: str) -> Draft:
    """The draft without the paragraph holding ``text``."""
    i = find_block(draft, text)
    return replace(draft, blocks=draft.blocks[:i] + draft.blocks[i + 1 :])


def move_after(draft: Draft, text: str, anchor: str) -> Draft:
    """The draft with the paragraph holding ``text`` moved after the one holding ``anchor``."""
    block = draft.blocks[find_block(draft, text)]
    return insert_after(delete(draft, text), anchor, block)


def edit_table(draft: Draft, change) -> Draft:
    """The draft with its first table's rows replaced by ``change(rows)``."""
    for i, block in enumerate(draft.blocks):
        if isinstance(block, Table):
            table = replace(block, rows=tuple(change(list(block.rows))))
            return replace(draft, blocks=draft.blocks[:i] + (table,) + draft.blocks[i + 1 :])
    raise ValueError("the draft has no table")


def page_top_paragraph(draft: Draft, **features) -> str:
    """The first long body paragraph whose first run starts with lastRenderedPageBreak (a page starts there)."""
    items = layout(draft, options(features))
    for para in all_paras(items):
        if para.kind == "body" and len(para.text) > 40 and para.start_line and para.start_line % LINES_PER_PAGE == 0:
            return para.text
    raise ValueError("no body paragraph starts a page")


# ---------------------------------------------------------------------------------------------
# The pairs
# ---------------------------------------------------------------------------------------------

FOOTNOTE = {"规上工业企业": "规上工业企业指年主营业务收入2000万元及以上的工业法人单位。"}
LINK = {"国家统计局": "https://www.stats.gov.cn/sj/"}
COMMENT = {"产值同比增长15.8%": "请与市统计局核对快报数。"}


def with_box(draft: Draft) -> Draft:
    """The draft with the 专栏 text box after the equipment paragraph."""
    return insert_after(draft, "汽车零部件行业", TextBox(BOX_TEXT))


def with_toc(draft: Draft) -> Draft:
    """The draft with a table of contents before its opening paragraph."""
    return replace(draft, blocks=(Toc(), PageBreak()) + draft.blocks)


def rich(draft: Draft) -> Draft:
    """The draft with a table of contents, a text box, a footnote, a hyperlink and a comment."""
    return replace(with_box(with_toc(draft)), footnotes=FOOTNOTE, links=LINK, comments=COMMENT)


def renumber_pair(features: dict):
    """A heading inserted before the other level-2 headings of a section (they all renumber)."""
    old = report()
    new = insert_before(
        old,
        "装备制造业较快增长",
        P("工业经济总体回稳向好", "heading2"),
        P("三季度以来，全市工业生产稳中有升，9月当月规上工业增加值增长7.2%，为年内最高。"),
    )
    return old, new, features


def long_pair():
    """A 46-page draft in which a few paragraphs change."""
    old = long_report()
    new = edit(old, "24.3亿元", "25.1亿元")
    new = edit(new, "工程机械行业订单饱满", "工程机械行业订单持续饱满")
    district = next(b.text for b in old.blocks if isinstance(b, P) and b.text.startswith("前三季度，龙泉市"))
    figure = re.search(r"\d+\.\d亿元", district).group(0)
    new = edit(new, district, district.replace(figure, "99.9亿元", 1))
    new = delete(new, next(b.text for b in old.blocks if isinstance(b, P) and b.text.startswith("下一步，桃源县")))
    return old, new, {}


def page_marker_pair():
    """An edit in a body paragraph whose first run carries lastRenderedPageBreak."""
    for seed in range(12, 60):
        old = long_report(pages=8, seed=seed)
        try:
            target = page_top_paragraph(old)
            break
        except ValueError:
            continue
    changed = target.replace("。", "，运行态势总体平稳。", 1)
    return old, edit(old, target, changed), {}


def pending_pair():
    """OLD carries another reviewer's pending insertion and deletion; NEW has them accepted and one more edit."""
    base = report()
    old = replace(
        base,
        insertions=("，新增户数居全省第三位",),
        deletions={"完成产值731.5亿元": "，占全市规上工业的29.8%"},
    )
    new = edit(base, "同比增长4.1%", "同比增长4.3%")
    return old, new, {"tracked": True}


def wps_pair():
    """Both drafts saved by WPS."""
    old = replace(report(), footnotes=FOOTNOTE)
    new = edit(edit(old, "净增36户", "净增38户"), "同比增长9.6%", "同比增长9.9%")
    return old, new, {"wps": True}


def pair_table() -> dict:
    """Every pair by name: (old draft, new draft, features)."""
    base = report()
    pairs = {
        "figures": (base, edit(edit(base, "24.3亿元", "25.1亿元"), "净增36户", "净增38户"), {}),
        "rewording": (
            base,
            edit(base, "受房地产投资持续下行影响", "受房地产市场持续调整影响"),
            {"style_ids": "en"},
        ),
        "deleted_paragraph": (base, delete(base, "从月度走势看"), {}),
        "inserted_paragraph": (
            base,
            insert_after(base, "汽车零部件行业", P("新能源汽车产业链加快集聚，前三季度新落户配套企业9家，带动相关产值增长21.4%。")),
            {},
        ),
        "moved_paragraph": (base, move_after(base, "从月度走势看", "前三季度，全市规上工业企业"), {}),
        "renumbered_literal": renumber_pair({}),
        "renumbered_auto": renumber_pair({"auto_numbering": True}),
        "auto_numbering_wrong": (
            base,
            edit(base, "强化运行监测", "强化经济运行监测"),
            {"auto_numbering": True, "auto_numbering_wrong": True},
        ),
        "title_changed": (
            base,
            replace(base, title=("关于2024年前三季度全市工业经济", "运行情况和四季度工作安排的报告")),
            {"title_soft_break": True},
        ),
        "table_edits": (
            base,
            edit_table(
                base,
                lambda rows: [
                    row if row[0] != "工业增加值" else ("工业增加值", "亿元", "620.1", "6.0")
                    for row in rows
                    if row[0] != "营业收入"
                ]
                + [("产品销售率", "%", "97.6", "0.4")],
            ),
            {},
        ),
        "footnote_changed": (
            replace(base, footnotes=FOOTNOTE),
            replace(base, footnotes={"规上工业企业": "规上工业企业指年主营业务收入2000万元及以上的工业企业法人单位，下同。"}),
            {},
        ),
        "textbox_changed": (with_box(base), edit(with_box(base), "146家", "152家"), {}),
        "hyperlink_paragraph": (
            replace(base, links=LINK),
            replace(edit(base, "进行了分析研判", "进行了全面分析研判"), links=LINK),
            {},
        ),
        "comment_paragraph": (
            replace(base, comments=COMMENT),
            replace(edit(base, "产值同比增长15.8%", "产值同比增长16.2%"), comments={"产值同比增长16.2%": COMMENT["产值同比增长15.8%"]}),
            {},
        ),
        "field_paragraph": (base, edit(base, "达到1286户", "达到1291户"), {"seq_field": "complex"}),
        "caption_paragraph": (base, edit(base, "全市规上工业主要指标", "全市规上工业主要经济指标"), {}),
        "toc_heading_changed": (with_toc(base), edit(with_toc(base), "重点行业运行情况", "重点行业运行特点"), {}),
        "page_marker_paragraph": page_marker_pair(),
        "long": long_pair(),
        "identical": (base, base, {}),
        "pending_tracked": pending_pair(),
        "wps": wps_pair(),
        "libreoffice": (
            rich(base),
            edit(rich(base), "同比增长3.2%", "同比增长3.5%"),
            {"saved_by": "libreoffice", "auto_numbering": True},
        ),
        "via_odt": (
            replace(base, footnotes=FOOTNOTE, links=LINK),
            replace(edit(base, "水泥产量同比下降4.7%", "水泥产量同比下降4.2%"), footnotes=FOOTNOTE, links=LINK),
            {"saved_by": "odt"},
        ),
    }
    return pairs


PAIRS = pair_table()


def pair_bytes(name: str) -> tuple:
    """The two .docx packages of a pair (converted through LibreOffice when the pair says so)."""
    old, new, features = PAIRS[name]
    return build(old, features), build(new, features)


def pair_files(name: str, folder) -> tuple:
    """Write a pair as ``<name>-old.docx`` and ``<name>-new.docx`` in ``folder``; return both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    old_bytes, new_bytes = pair_bytes(name)
    old_path, new_path = folder / f"{name}-old.docx", folder / f"{name}-new.docx"
    old_path.write_bytes(old_bytes)
    new_path.write_bytes(new_bytes)
    return old_path, new_path
