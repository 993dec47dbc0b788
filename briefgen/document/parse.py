"""Parse rendered markup text into the document model (see docs/templates.md).

The markup is line-oriented: ``@键：值`` metadata and directives, ``#``…``####`` headings
(flags ``>`` run-in, ``-`` unnumbered), ``|`` table rows, ``**bold**``, and paragraphs of
joined lines separated by blank lines. Text that came from data arrives quoted by
``literal()`` and is never read as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import figures
from ..errors import TemplateError
from .model import XML_FORBIDDEN, Attachment, Block, Cell, Document, Heading, Metadata, PageBreak, Paragraph, Run, Table
from .number import ORDINAL, read_mark

LITERAL_OPEN, LITERAL_CLOSE = "\ue000", "\ue001"
_SLOT_OPEN, _SLOT_CLOSE = "\ue002", "\ue003"
_PRIVATE_MARKS = re.compile("[\ue000-\ue003]")
_NEWLINE_RUN = re.compile(r"\s*[\r\n]\s*")
_QUOTED_OR_ESCAPED = re.compile(f"{LITERAL_OPEN}([^{LITERAL_CLOSE}]*){LITERAL_CLOSE}|\\\\(.)")
_SLOT = re.compile(f"{_SLOT_OPEN}(\\d+){_SLOT_CLOSE}")
_HEADING = re.compile(r"^(#+)([>\-]*)\s*(.*)$")
_DIRECTIVE = re.compile(r"^@([^\s:：]+)\s*(?:[:：]\s*)?(.*)$")
_TABLE_OPTION = re.compile(r"(\S+?)=(.*?)(?=\s+\S+?=|$)")
RUN_IN_END_PUNCTUATION = "。！？：；…"
# 7.2.5: the year in a 发文字号 goes in six-corner brackets 〔〕, never [] （） 【】 ().
_WRONG_YEAR_BRACKETS = re.compile(r"[\[［（(【〈<]\s*(\d{4})\s*[\]］）)】〉>]")
DOC_NUMBER_KEY = "发文字号"
MERGE_LEFT, MERGE_UP = "<<", "^^"


def doc_number_brackets(doc_number: str) -> str:
    """7.2.5: the year of a 发文字号 in 六角括号 〔〕, whatever brackets it was typed with."""
    return _WRONG_YEAR_BRACKETS.sub(r"〔\1〕", doc_number)


def literal(text: str) -> str:
    """Quote data text so the parser treats it as plain text; newlines inside are dropped."""
    text = _PRIVATE_MARKS.sub("", text)
    if "\n" in text or "\r" in text:  # a carriage return (Mac, or \r\n from Windows) is a newline too
        text = _NEWLINE_RUN.sub("", text.strip())
    return f"{LITERAL_OPEN}{text}{LITERAL_CLOSE}"


# Metadata keys: attribute of Metadata, and how the value is read.
_TEXT, _LIST, _DATE, _FLAG, _ISSUER, _ATTENDANCE = "text", "list", "date", "flag", "issuer", "attendance"
METADATA_KEYS: dict[str, tuple[str, str]] = {
    "份号": ("copy_number", _TEXT),
    "密级": ("secrecy", _TEXT),
    "紧急程度": ("urgency", _TEXT),
    "格式": ("layout_format", _TEXT),
    "版头": ("issuer_mark", _ISSUER),
    "发文字号": ("doc_number", _TEXT),
    "签发人": ("signers", _TEXT),
    "标题": ("title_lines", _LIST),
    "主送": ("addressee", _TEXT),
    "署名": ("signatures", _LIST),
    "成文日期": ("date", _DATE),
    "用印": ("sealed", _FLAG),
    "附注": ("note", _TEXT),
    "抄送": ("copy_to", _TEXT),
    "分送": ("distribute_to", _TEXT),
    "印发机关": ("printer", _TEXT),
    "印发日期": ("print_date", _DATE),
    "类别": ("category", _TEXT),
    "提案编号": ("proposal_number", _TEXT),
    "签发人职务": ("signer_title", _TEXT),
    "出席": ("attendance", _ATTENDANCE),
    "请假": ("attendance", _ATTENDANCE),
    "列席": ("attendance", _ATTENDANCE),
    "主送位置": ("addressee_in_end_matter", _TEXT),
}
# 7.2.1 份号: six Arabic digits. 7.2.2 密级: 绝密, 机密, 秘密, with an optional 保密期限 after ★.
# 7.2.3 紧急程度 (条例 第九条): 特急, 加急; telegrams also 特提, 平急.
COPY_NUMBER_DIGITS = 6
_SECRECY = re.compile(r"^(绝密|机密|秘密)(?:\s*[★☆*＊]\s*(\S+))?$")
URGENCY_LEVELS = ("特提", "特急", "加急", "平急")
FORMATS = {"文件": "", "文件式": "", "文件格式": "", "信函": "信函", "信函格式": "信函", "函": "信函",
           "命令": "命令", "令": "命令", "命令格式": "命令", "命令（令）格式": "命令", "纪要": "纪要", "纪要格式": "纪要"}
ADDRESSEE_PLACES = {"版记": True, "首页": False, "正文": False, "标题下": False}
_FLAG_VALUES = {"是": True, "否": False, "true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
TABLE_DIRECTIVE, ATTACHMENT_DIRECTIVE, PAGE_BREAK_DIRECTIVE = "表格", "附件", "分页"
MAX_HEADING_LEVEL = 4


@dataclass
class _Parser:
    source: str  # the template file, for messages
    document: Document = field(default_factory=Document)
    slots: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default=None)  # type: ignore[assignment]
    paragraph_lines: list[str] = field(default_factory=list)
    pending_run_in: Heading | None = None
    table: Table | None = None
    line_number: int = 0

    def __post_init__(self) -> None:
        self.blocks = self.document.blocks

    # -- errors ----------------------------------------------------------------
    def fail(self, message: str, hint: str = "") -> TemplateError:
        return TemplateError(message, where=f"{self.source}（渲染结果第 {self.line_number} 行）", hint=hint)

    # -- text --------------------------------------------------------------------
    def protect(self, line: str) -> str:
        """Replace quoted data and backslash escapes by numbered slots."""

        def slot(match: re.Match[str]) -> str:
            self.slots.append(match.group(1) if match.group(1) is not None else match.group(2))
            return f"{_SLOT_OPEN}{len(self.slots) - 1}{_SLOT_CLOSE}"

        return _QUOTED_OR_ESCAPED.sub(slot, line)

    def restore(self, text: str) -> str:
        if _SLOT_OPEN not in text:
            return text
        return _SLOT.sub(lambda m: self.slots[int(m.group(1))], text)

    def runs(self, text: str) -> list[Run]:
        """Split on ``**`` into plain and bold runs; an unmatched ``**`` stays literal."""
        pieces = text.split("**")
        if len(pieces) % 2 == 0:
            pieces[-2:] = [pieces[-2] + "**" + pieces[-1]]
        runs = [Run(self.restore(piece), bold=index % 2 == 1) for index, piece in enumerate(pieces)]
        return [run for run in runs if run.text] or [Run("")]

    def plain(self, text: str) -> str:
        return "".join(run.text for run in self.runs(text))

    # -- structure ---------------------------------------------------------------
    def feed(self, raw_line: str) -> None:
        line = self.protect(raw_line).strip()
        if self.table is not None and not line.startswith("|"):
            self.table = None
        if not line:
            self.flush_paragraph()
        elif line.startswith("|"):
            self.flush_paragraph()
            self.add_table_row(line)
        elif line.startswith("@"):
            self.flush_paragraph()
            self.directive(line)
        elif line.startswith("#"):
            self.flush_paragraph()
            self.heading(line)
        else:
            self.paragraph_lines.append(line)

    def flush_paragraph(self) -> None:
        if not self.paragraph_lines:
            return
        paragraph = Paragraph(self.runs("".join(self.paragraph_lines)))
        self.paragraph_lines = []
        if self.pending_run_in is not None:
            self.pending_run_in.run_in = paragraph
            self.pending_run_in = None
        else:
            self.blocks.append(paragraph)

    def add_block(self, block: Block) -> None:
        self.close_run_in()
        self.blocks.append(block)

    def close_run_in(self) -> None:
        """A run-in heading with no paragraph after it is laid out standalone."""
        if self.pending_run_in is not None:
            heading = self.pending_run_in
            self.pending_run_in = None
            heading.runs = self.strip_end_period(heading.runs)
            self.document.warnings.append(
                f"渲染结果第 {heading.line} 行：接排标题「{heading.text}」后面没有正文段落，已按独立标题排版。"
            )

    @staticmethod
    def strip_end_period(runs: list[Run]) -> list[Run]:
        if runs and runs[-1].text.endswith("。"):
            runs[-1] = Run(runs[-1].text[:-1], runs[-1].bold)
        return runs

    def heading(self, line: str) -> None:
        match = _HEADING.match(line)
        hashes, flags, text = match.group(1), match.group(2), match.group(3).strip()
        if len(hashes) > MAX_HEADING_LEVEL:
            raise self.fail(f"标题最多四级（####），这里有 {len(hashes)} 个 #。", hint="请减少 # 的个数。")
        if not text:
            raise self.fail("标题没有文字。", hint="请在 # 后面写上标题文字。")
        heading = Heading(level=len(hashes), runs=self.runs(text), numbered="-" not in flags, line=self.line_number)
        if heading.numbered:
            self.strip_written_number(heading)
        self.add_block(heading)
        if ">" in flags:
            if not heading.text.endswith(tuple(RUN_IN_END_PUNCTUATION)):
                heading.runs.append(Run("。", bold=heading.runs[-1].bold))
            self.pending_run_in = heading

    def strip_written_number(self, heading: Heading) -> None:
        """A heading written with its own number (# 一、工业…) would print "一、一、工业…": the
        number is dropped, with a warning, since the program numbers headings."""
        text = heading.text
        found = read_mark(text)
        written = found.mark if found is not None else (ORDINAL.match(text).group(0) if ORDINAL.match(text) else "")
        if not written or len(written) >= len(text):
            return
        self.document.warnings.append(
            f"渲染结果第 {heading.line} 行：标题「{text[:24]}」自带序号「{written.strip()}」，已去掉（标题序号由程序编排，模板和数据中不要写）。"
        )
        heading.runs = _drop_leading(heading.runs, len(written))

    def add_table_row(self, line: str) -> None:
        if self.table is None:
            self.table = Table(rows=[])
            self.add_block(self.table)
        body = line[1:-1] if line.endswith("|") and len(line) > 1 else line[1:]
        row = []
        for column, raw in enumerate(body.split("|")):
            cell_text = raw.strip()
            if cell_text == MERGE_LEFT:
                if column == 0:
                    raise self.fail("表格第一列不能用 << 向左合并。")
                row.append(Cell(merged_left=True))
            elif cell_text == MERGE_UP:
                if not self.table.rows:
                    raise self.fail("表格第一行不能用 ^^ 向上合并。")
                row.append(Cell(merged_up=True))
            else:
                row.append(Cell(self.runs(cell_text)))
        self.table.rows.append(row)

    def directive(self, line: str) -> None:
        match = _DIRECTIVE.match(line)
        if match is None:
            raise self.fail("@ 后面缺少指令名。", hint="元数据写作“@标题：……”，见 docs/templates.md。")
        key, value = self.restore(match.group(1)), match.group(2).strip()
        if key == TABLE_DIRECTIVE:
            self.table_options(value)
        elif key == PAGE_BREAK_DIRECTIVE:
            self.add_block(PageBreak())
        elif key == ATTACHMENT_DIRECTIVE:
            self.start_attachment(value)
        elif key in METADATA_KEYS:
            self.metadata(key, self.plain(value).strip())
        else:
            known = "、".join([*METADATA_KEYS, TABLE_DIRECTIVE, ATTACHMENT_DIRECTIVE, PAGE_BREAK_DIRECTIVE])
            raise self.fail(f"不认识的指令「@{key}」。", hint=f"可用的指令有：{known}。")

    def start_attachment(self, value: str) -> None:
        title = self.plain(value).strip()
        if not title:
            raise self.fail("附件没有标题。", hint="请写作“@附件：附件标题”。")
        self.close_run_in()
        attachment = Attachment(title=title)
        self.document.attachments.append(attachment)
        self.blocks = attachment.blocks

    def table_options(self, value: str) -> None:
        table = Table(rows=[])
        for name, option in _TABLE_OPTION.findall(value):
            name, option = self.restore(name), option.strip()
            if name == "列宽":
                table.widths = self.widths(option)
            elif name == "表头":
                table.header_rows = self.whole_number(option, "表头行数")
            elif name == "标题":
                table.caption = self.plain(option)
            elif name == "横排":
                table.landscape = self.flag(f"表格选项「{name}」", self.restore(option))
            else:
                raise self.fail(f"表格不认识选项「{name}」。", hint="可用选项：列宽、表头、标题、横排。")
        self.add_block(table)
        self.table = table

    def widths(self, option: str) -> list[float]:
        try:
            widths = [float(part) for part in re.split(r"[,，]", self.restore(option)) if part.strip()]
        except ValueError:
            raise self.fail(f"列宽「{self.restore(option)}」应是逗号分隔的数字，如 列宽=4,3,3。") from None
        if not widths or any(width <= 0 for width in widths):
            raise self.fail("列宽必须是正数。")
        return widths

    def flag(self, what: str, value: str) -> bool:
        flag = _FLAG_VALUES.get(value.strip().lower())
        if flag is None:
            raise self.fail(f"{what}应写“是”或“否”，而不是「{value}」。")
        return flag

    def whole_number(self, option: str, what: str) -> int:
        text = self.restore(option)
        if not text.isdigit():
            raise self.fail(f"{what}「{text}」应是整数。")
        return int(text)

    def metadata(self, key: str, value: str) -> None:
        attribute, kind = METADATA_KEYS[key]
        if not value:
            return
        meta = self.document.meta
        if kind == _LIST:
            getattr(meta, attribute).append(value)
            return
        if kind == _ATTENDANCE:
            meta.attendance.append((key, value))
            return
        if kind == _ISSUER and meta.issuer_mark:  # 联合行文: one @版头 per organ, the host first
            meta.joint_issuers.append(value)
            return
        if getattr(meta, attribute) not in ("", False):
            raise self.fail(f"「@{key}」出现了不止一次。", hint="除标题和署名外，每项元数据只能写一次。")
        setattr(meta, attribute, self.metadata_value(key, value, kind))

    def metadata_value(self, key: str, value: str, kind: str) -> str | bool:
        if kind == _DATE:
            try:
                return figures.date_cn(value)
            except figures.FigureError as exc:
                raise self.fail(f"「@{key}」的日期无法识别：{exc}") from None
        if kind == _FLAG:
            return self.flag(f"「@{key}」", value)
        if key in _CHECKED_VALUES:
            return _CHECKED_VALUES[key](self, value)
        if key == DOC_NUMBER_KEY:
            fixed = doc_number_brackets(value)
            if fixed != value:
                self.document.warnings.append(f"发文字号「{value}」的年份括号已改为六角括号：{fixed}。")
            return fixed
        return value

    def copy_number(self, value: str) -> str:
        digits = value.strip()
        if not re.fullmatch(f"[0-9]{{1,{COPY_NUMBER_DIGITS}}}", digits):  # Arabic digits only (not ２ or ²)
            raise self.fail(f"份号「{value}」应是不超过 {COPY_NUMBER_DIGITS} 位的阿拉伯数字。", hint="如“000012”或“12”（程序补足 6 位）。")
        return digits.zfill(COPY_NUMBER_DIGITS)

    def secrecy(self, value: str) -> str:
        match = _SECRECY.match(value.strip())
        if match is None:
            raise self.fail(f"密级「{value}」无法识别。", hint="应写作“绝密”“机密”“秘密”，有保密期限时写作“机密★1年”。")
        level, period = match.groups()
        return f"{level}★{period}" if period else level

    def urgency(self, value: str) -> str:
        if value not in URGENCY_LEVELS:
            raise self.fail(f"紧急程度「{value}」无法识别。", hint=f"应是 {'、'.join(URGENCY_LEVELS)} 之一。")
        return value

    def layout_format(self, value: str) -> str:
        if value not in FORMATS:
            raise self.fail(f"公文格式「{value}」无法识别。", hint="应是 文件、信函、命令、纪要 之一（不写即为文件格式）。")
        return FORMATS[value]

    def addressee_place(self, value: str) -> bool:
        if value not in ADDRESSEE_PLACES:
            raise self.fail(f"主送位置「{value}」无法识别。", hint="写“版记”把主送机关移至版记；不写时主送排在标题下，过长时程序自动移至版记。")
        return ADDRESSEE_PLACES[value]

    def finish(self) -> Document:
        self.flush_paragraph()
        self.close_run_in()
        for blocks in self.document.all_block_lists():
            for block in blocks:
                if isinstance(block, Table):
                    self.check_table(block)
        return self.document

    def check_table(self, table: Table) -> None:
        if not table.rows:
            raise TemplateError("「@表格」后面没有表格行（以 | 开头的行）。", where=self.source)
        columns = table.column_count
        for row in table.rows:
            row.extend(Cell() for _ in range(columns - len(row)))
        if table.widths and len(table.widths) != columns:
            raise TemplateError(
                f"表格有 {columns} 列，但列宽给了 {len(table.widths)} 个数。",
                where=self.source,
                hint="请让列宽的个数与列数一致。",
            )
        table.header_rows = min(table.header_rows, len(table.rows))


_CHECKED_VALUES = {
    "份号": _Parser.copy_number,
    "密级": _Parser.secrecy,
    "紧急程度": _Parser.urgency,
    "格式": _Parser.layout_format,
    "主送位置": _Parser.addressee_place,
}


def _drop_leading(runs: list[Run], count: int) -> list[Run]:
    """``runs`` without their first ``count`` characters."""
    kept = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        kept.append(Run(run.text[count:], run.bold))
        count = 0
    return kept or [Run("")]


def parse_markup(text: str, source: str = "模板") -> Document:
    """Build the document model from rendered markup; ``source`` names it in messages."""
    text, removed = XML_FORBIDDEN.subn("", text)
    parser = _Parser(source=source)
    if removed:
        parser.document.warnings.append(f"已删除 {removed} 个 Word 文档中不允许出现的控制字符。")
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        parser.line_number = number
        parser.feed(line.replace("\t", " "))
    return parser.finish()


__all__ = ["parse_markup", "literal", "Metadata", "METADATA_KEYS"]
