"""A draft as it was brought (Word, WPS, plain text, Markdown): its blocks in reading order, each with what it looks like."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Look:
    """What a paragraph looks like in the draft: the facts recognition may use beside its text.
    A plain-text draft has none of them (all defaults)."""

    alignment: str = ""  # left / center / right / both; "" when unknown
    bold: bool = False  # every character that carries text is bold
    size_pt: float | None = None
    red: bool = False  # its text is red (a 版头's 发文机关标志)
    heading_level: int | None = None  # a Word heading style or outline level, a Markdown "#" level (1-based)
    auto_number: str = ""  # the number Word shows before the text (already part of the text)
    in_text_box: bool = False


@dataclass
class DraftParagraph:
    text: str
    number: int  # 1-based, in the draft's reading order: what messages call 第 N 段
    look: Look = field(default_factory=Look)


@dataclass
class DraftTable:
    rows: list[list[str]]  # each cell's text, its paragraphs joined by line breaks
    number: int  # the 第 N 段 of its first cell

    @property
    def text(self) -> str:
        return "\n".join("\t".join(row) for row in self.rows)


DraftBlock = Union[DraftParagraph, DraftTable]


@dataclass
class Draft:
    source: str  # the file it came from, for messages
    blocks: list[DraftBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[DraftParagraph]:
        return [block for block in self.blocks if isinstance(block, DraftParagraph)]
