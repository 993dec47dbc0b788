"""Read a plain-text or Markdown draft: its encoding found (UTF-8, with or without BOM, UTF-16, GBK/GB18030), one paragraph a line."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..document.draft import Draft, DraftParagraph, DraftTable, Look
from ..errors import BriefgenError
from ..intake import MB, read_limited

MAX_TEXT_BYTES = 20 * MB  # a 1,000-page draft is about 2 MB of text
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# What people type to indent a paragraph: spaces, full-width spaces, no-break spaces, tabs.
_INDENT = " \u3000\u00a0\t"
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


class DraftError(BriefgenError):
    """A draft cannot be read."""


def decode(raw: bytes, where: str) -> str:
    """The text of a draft file: a BOM decides; otherwise UTF-8 if it decodes, else GB18030 (a
    superset of GBK and GB2312, which Windows Notepad in China writes as "ANSI")."""
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DraftError("这不像是文本文件（含有二进制数据）。", where=where, hint="请给出 .txt、.md 或 .docx 文件。")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable(where, encoding, exc) from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            last = exc
    raise _undecodable(where, "UTF-8 或 GB18030", last)


def _undecodable(where: str, encoding: str, exc: UnicodeDecodeError) -> DraftError:
    return DraftError(
        f"无法按 {encoding} 读出文本（第 {exc.start + 1} 个字节起无法识别）。", where=where,
        hint="请在记事本中“另存为”，编码选 UTF-8，再用另存的文件。",
    )


def read_text_file(path: Path, markdown: bool = False) -> Draft:
    raw = read_limited(path, MAX_TEXT_BYTES, "草稿", DraftError)
    text = decode(raw, str(path))
    return read_markdown(text, str(path)) if markdown else read_text(text, str(path))


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each line, the typed indent and trailing spaces removed."""
    return [(number, line.strip(_INDENT)) for number, line in enumerate(_LINE_BREAK.split(text), start=1)]


def read_text(text: str, source: str) -> Draft:
    """One paragraph a non-empty line; 第 N 段 counts those paragraphs."""
    draft = Draft(source=source)
    for _, line in _lines(text):
        if line:
            draft.blocks.append(DraftParagraph(line, len(draft.blocks) + 1))
    return draft


def read_markdown(text: str, source: str) -> Draft:
    """Paragraphs separated by blank lines (lines of one paragraph joined), "#" headings with
    their level, "|" tables; the emphasis marks stay in the text (the fixes remove them)."""
    draft = Draft(source=source)
    pending: list[str] = []
    table: list[str] = []
    number = 0

    def flush() -> None:
        nonlocal number
        if pending:
            number += 1
            draft.blocks.append(DraftParagraph("".join(pending), number))
            pending.clear()
        if table:
            number += 1
            rows = [_cells(row) for row in table if not _MD_TABLE_RULE.match(row)]
            draft.blocks.append(DraftTable(rows, number))
            number += sum(len(row) for row in rows) - 1
            table.clear()

    for _, line in _lines(text):
        heading = _MD_HEADING.match(line)
        if not line:
            flush()
        elif line.startswith("|"):
            if pending:
                flush()
            table.append(line)
        elif heading:
            flush()
            number += 1
            draft.blocks.append(DraftParagraph(heading.group(2), number, Look(heading_level=len(heading.group(1)))))
        else:
            if table:
                flush()
            pending.append(line)
    flush()
    return draft


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]
