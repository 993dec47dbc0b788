"""Read any .docx as a draft to format: paragraphs with their look, tables as rows of cells, the text of text boxes and notes."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..document.draft import Draft, DraftParagraph, DraftTable, Look
from .read import MAX_PARAGRAPHS, NS, DocxError, DocxPackage, ParagraphInfo, ParagraphReader, w
from .story import OBJECT, read_story, text_boxes

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


def read_draft(path: str | Path) -> Draft:
    """The draft's blocks in reading order. A text box's paragraphs follow the paragraph that
    holds it; pictures, which are not text, are counted in a warning."""
    package = DocxPackage(path)
    document = package.xml(package.main)
    body = document.find("w:body", NS) if document is not None else None
    if body is None:
        raise DocxError("不是 Word 文档（.docx）：正文部件缺失或为空。", where=str(path))
    collector = _Collector(package)
    collector.blocks(list(body))
    draft = Draft(source=str(path), blocks=collector.found)
    if collector.notes_placed:
        draft.warnings.append(f"草稿的 {collector.notes_placed} 条脚注或尾注已改为正文段落，排在引用它的段落之后。")
    if collector.pictures:
        draft.warnings.append(f"草稿中有 {collector.pictures} 处图片或嵌入对象，排版后的文档不含它们，请排版后另行插入。")
    return draft


class _Collector:
    def __init__(self, package: DocxPackage):
        self.package = package
        self.reader = ParagraphReader(package)
        self.found: list[DraftParagraph | DraftTable] = []
        self.count = 0  # paragraphs read, tables' and text boxes' included: the 第 N 段 of messages
        self.pictures = 0
        self.notes = _notes(package, self.reader)
        self.notes_placed = 0

    def blocks(self, elements: list[etree._Element]) -> None:
        shown = read_story(elements)
        for element in elements:
            self.block(element, shown)

    def block(self, element: etree._Element, shown: dict) -> None:
        if element.tag == w("p"):
            self.paragraph(element, shown)
        elif element.tag == w("tbl"):
            self.table(element, shown)
        elif element.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")):
            for child in element:
                self.block(child, shown)

    def next_number(self) -> int:
        self.count += 1
        if self.count > MAX_PARAGRAPHS:
            raise DocxError(f"文档的段落过多（超过 {MAX_PARAGRAPHS} 段），不像是一份公文，已拒绝。", where=self.package.path)
        return self.count

    def paragraph(self, element: etree._Element, shown: dict, in_text_box: bool = False) -> None:
        info = self.reader.paragraph(element, self.next_number(), False, shown.get(element))
        text = info.text
        self.pictures += text.count(OBJECT) - len(text_boxes(element))
        text = text.replace(OBJECT, "")
        if text.strip():
            self.found.append(DraftParagraph(text, info.index, _look(info, in_text_box)))
        for reference in element.iter(w("footnoteReference"), w("endnoteReference")):
            note = self.notes.get((reference.tag, reference.get(w("id"))))
            if note:  # a note's text, which a document of the standard has no place for, follows its paragraph
                self.found.append(DraftParagraph(note, self.next_number(), Look(in_text_box=in_text_box)))
                self.notes_placed += 1
        for box in text_boxes(element):
            box_paragraphs = list(box)
            box_shown = read_story(box_paragraphs)
            for child in box_paragraphs:
                if child.tag == w("p"):
                    self.paragraph(child, box_shown, in_text_box=True)
                elif child.tag == w("tbl"):
                    self.table(child, box_shown)

    def table(self, element: etree._Element, shown: dict) -> None:
        rows, first = [], self.count + 1
        for row in element.findall("w:tr", NS):
            cells = []
            for cell in row.findall("w:tc", NS):
                texts = []
                for paragraph in cell.iter(w("p")):
                    info = self.reader.paragraph(paragraph, self.next_number(), True, shown.get(paragraph))
                    texts.append(info.text.replace(OBJECT, ""))
                cells.append("\n".join(texts).strip())
            rows.append(cells)
        if any(cell for row in rows for cell in row):
            self.found.append(DraftTable(rows, first))


def _look(info: ParagraphInfo, in_text_box: bool) -> Look:
    runs = [run for run in info.runs if run.text.strip()]
    style = _HEADING_STYLE.match(info.style_name.strip()) or _HEADING_STYLE.match(info.style_id.strip())
    level = int(style.group(1)) if style else (info.outline_level + 1 if info.outline_level is not None and info.outline_level < 9 else None)
    return Look(
        alignment=info.alignment,
        bold=bool(runs) and all(run.bold for run in runs),
        size_pt=info.size_pt,
        red=bool(runs) and all(_is_red(run.color) for run in runs),
        heading_level=level,
        auto_number=info.number_text,
        in_text_box=in_text_box,
    )


def _is_red(color: str) -> bool:
    if not re.fullmatch(r"[0-9A-F]{6}", color):
        return False
    red, green, blue = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return red >= 0xC0 and green < 0x60 and blue < 0x60


def _notes(package: DocxPackage, reader: ParagraphReader) -> dict[tuple[str, str], str]:
    """Each footnote's and endnote's text by (its reference's tag, its id)."""
    texts = {}
    for kind, tag, reference in (("footnotes", "footnote", "footnoteReference"), ("endnotes", "endnote", "endnoteReference")):
        name = package.part_by_type(package.main, f"/{kind}")
        root = package.xml(name) if name else None
        for note in root if root is not None else []:
            if note.tag != w(tag) or note.get(w("type"), "normal") != "normal":
                continue
            shown = read_story(list(note))
            text = "".join(reader.paragraph(p, 0, False, shown.get(p)).text for p in note.iter(w("p"))).replace(OBJECT, "").strip()
            if text:
                texts[(w(reference), note.get(w("id")))] = text
    return texts
