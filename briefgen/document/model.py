"""The document model: a plain tree between the parsed template and the .docx writer.

Nothing here knows Jinja or OOXML. The parser builds it, the numberer fills in
heading numbers, the writer turns it into a .docx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

# Characters XML 1.0 forbids: a .docx holding one is corrupt. The parser drops them with a
# warning; the writer drops any that reach it from a model built by other code.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Heading:
    """A section heading of level 1-4 (一、/（一）/1./（1）).

    ``run_in`` holds the body text of a run-in heading ("（一）加强组织领导。市委……"),
    ``None`` for a standalone heading. ``number`` is empty until numbering.
    """

    level: int
    runs: list[Run]
    numbered: bool = True
    run_in: Paragraph | None = None
    number: str = ""
    line: int = 0  # line of the rendered markup, for messages

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Cell:
    runs: list[Run] = field(default_factory=list)
    # A cell covered by a merge keeps its place in the grid so rows stay rectangular.
    merged_left: bool = False
    merged_up: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Table:
    rows: list[list[Cell]]
    header_rows: int = 1
    widths: list[float] = field(default_factory=list)  # proportions, one per column
    caption: str = ""
    landscape: bool = False  # 8: a wide table on a page of its own, turned landscape

    @property
    def column_count(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass
class PageBreak:
    pass


Block = Union[Paragraph, Heading, Table, PageBreak]


@dataclass
class Attachment:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Metadata:
    """The document's furniture (GB/T 9704 版头, 主体 and 版记 elements)."""

    copy_number: str = ""  # 份号, six digits (7.2.1)
    secrecy: str = ""  # 密级和保密期限, e.g. 机密★1年 (7.2.2)
    urgency: str = ""  # 紧急程度: 特急, 加急 (7.2.3)
    issuer_mark: str = ""  # 发文机关标志 (版头); the host's, when several organs issue jointly
    joint_issuers: list[str] = field(default_factory=list)  # 联合行文: the other organs' marks, in order (7.2.4)
    layout_format: str = ""  # 公文格式: "" (文件式), 信函, 命令 or 纪要 (clause 10)
    doc_number: str = ""  # 发文字号
    signers: str = ""  # 签发人
    title_lines: list[str] = field(default_factory=list)  # 标题, as given line by line
    addressee: str = ""  # 主送机关
    signatures: list[str] = field(default_factory=list)  # 发文机关署名
    date: str = ""  # 成文日期, already worded (2024年1月5日)
    sealed: bool = False  # 用印
    note: str = ""  # 附注
    copy_to: str = ""  # 抄送机关
    distribute_to: str = ""  # 分送 (a 纪要's readers, in the 版记 as 抄送 is: 10.3 leaves the 纪要's form to practice)
    printer: str = ""  # 印发机关
    print_date: str = ""  # 印发日期, already worded
    category: str = ""  # 提案答复 category mark (A/B/C)
    proposal_number: str = ""  # 提案编号
    signer_title: str = ""  # 命令（令）: 签发人职务, left of the signature seal (10.2)
    attendance: list[tuple[str, str]] = field(default_factory=list)  # 纪要: (出席/请假/列席, names) (10.3)
    addressee_in_end_matter: bool = False  # 主送 moved into the 版记 (7.3.2, 7.4.2)
    # 附件说明 of attachments that are not pages of this document (sent as files of their own).
    attachment_names: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def issuers(self) -> list[str]:
        """Every organ's mark, the host first."""
        return [self.issuer_mark, *self.joint_issuers] if self.issuer_mark else list(self.joint_issuers)

    @property
    def signer_names(self) -> list[str]:
        """The 签发人, one name each (several in joint issue, 7.2.6)."""
        return [name for name in re.split(r"[、，,\s]+", self.signers) if name]


@dataclass
class Document:
    meta: Metadata = field(default_factory=Metadata)
    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def all_block_lists(self) -> list[list[Block]]:
        """The body and each attachment: the scopes that are numbered independently."""
        return [self.blocks] + [attachment.blocks for attachment in self.attachments]
