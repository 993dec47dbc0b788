"""Turn a recognised draft into the document model the writer lays out: the parts into metadata and blocks, each text through the fixes."""

from __future__ import annotations

import re

from ..document.model import Attachment, Cell, Document, Heading, Paragraph, Run, Table
from ..document.number import number_headings
from .fixes import Fixer
from .recognize import CC_LABEL, PRINTER_LINE, Part

# Furniture set as running text: the fixes (and the placeholder search) go through it.
_RUNNING_TEXT = ("title", "main_recipient", "attachment_note", "note", "cc")
_NOTE_LABEL = re.compile(r"^附件\s*[：:]\s*")
_NOTE_NUMBER = re.compile(r"^\d+\s*[.．、]\s*")


def build_document(parts: list[Part], fixer: Fixer, letter: bool = False) -> Document:
    document = Document()
    meta = document.meta
    meta.layout_format = "信函" if letter else ""
    blocks = document.blocks
    headings: list[tuple[Heading, Part]] = []
    for part in parts:
        role, number = part.role, part.number
        if role == "table":
            blocks.append(_table(part, fixer))
        elif role.startswith("heading"):
            heading = _heading(part, fixer)
            blocks.append(heading)
            headings.append((heading, part))
        elif role == "body":
            blocks.append(Paragraph([Run(fixer.running_text(part.text, number))]))
        elif role == "attachment_label":
            document.attachments.append(Attachment(title=""))
            blocks = document.attachments[-1].blocks
        elif role == "attachment_title":
            if not document.attachments:
                document.attachments.append(Attachment(title=""))
                blocks = document.attachments[-1].blocks
            document.attachments[-1].title = fixer.running_text(part.text, number)
        else:
            _furniture(meta, part, fixer)
    for attachment in document.attachments:
        attachment.title = attachment.title or "附件"
    number_headings(document)
    for heading, part in headings:
        fixer.renumbered(part.number, part.mark.mark if part.mark else "", heading.number)
    return document


def _heading(part: Part, fixer: Fixer) -> Heading:
    text = fixer.running_text(part.text, part.number)
    run_in = Paragraph([Run(fixer.running_text(part.run_in, part.number))]) if part.run_in else None
    return Heading(level=part.level, runs=[Run(text)], run_in=run_in)


def _table(part: Part, fixer: Fixer) -> Table:
    rows = [[Cell([Run(fixer.running_text(cell, part.number))]) for cell in row] for row in part.block.rows]
    width = max(len(row) for row in rows)
    for row in rows:  # a ragged row (a merged cell read as one) is padded, so the grid stays rectangular
        row.extend(Cell() for _ in range(width - len(row)))
    return Table(rows=rows, header_rows=1)


def _furniture(meta, part: Part, fixer: Fixer) -> None:
    """The parts that become the document's furniture (版头, 主送, 署名, 日期, 版记)."""
    role, text, number = part.role, part.text, part.number
    if role not in _RUNNING_TEXT:  # furniture that no text fix touches is still searched for placeholders
        fixer.find_placeholders(text, number)
    if role == "copy_number":
        meta.copy_number = text
    elif role == "secrecy":
        meta.secrecy = text.replace("*", "★").replace("☆", "★").replace(" ", "")
    elif role == "urgency":
        meta.urgency = text
    elif role == "issuer_mark":
        if meta.issuer_mark:
            meta.joint_issuers.append(text)
        else:
            meta.issuer_mark = text
    elif role == "doc_number":
        number_text, _, signers = text.partition("签发人")
        meta.doc_number = fixer.doc_number(number_text.strip(), number)
        meta.signers = signers.lstrip("：: ").strip()
    elif role == "title":
        meta.title_lines.append(fixer.running_text(text, number))
    elif role == "main_recipient":
        meta.addressee = fixer.main_recipient(text, number).rstrip("：")
    elif role == "attachment_note":
        # The writer words the 附件说明 from the attachments' titles, or, when the draft's
        # attachments are not in it, from these names.
        name = _NOTE_LABEL.sub("", fixer.running_text(text, number))
        meta.attachment_names.append(_NOTE_NUMBER.sub("", name))
    elif role == "signature":
        meta.signatures.append(text)
    elif role == "date":
        meta.date = fixer.date(text, number)
    elif role == "note":
        meta.note = fixer.running_text(text, number)
    elif role == "cc":
        meta.copy_to = fixer.running_text(CC_LABEL.sub("", text), number).rstrip("。.")
    elif role == "printer":
        found = PRINTER_LINE.match(text)
        meta.printer = found.group("printer").strip()
        meta.print_date = fixer.date(found.group("date"), number)

