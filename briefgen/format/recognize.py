"""Tell the parts of a draft from their content and look: 版头, 标题, 主送, headings, body, 附件说明, 署名, 日期, 附件, 版记."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..check.patterns import ATTACHMENT_LABEL, ATTACHMENT_NOTE, DATE_LINE, doc_number_match
from ..document.draft import Draft, DraftParagraph, DraftTable
from ..document.number import HeadingMark, read_mark
from ..errors import BriefgenError
from .names import ROLE_NAMES

HEAD_ROLES = ("copy_number", "secrecy", "urgency", "issuer_mark", "doc_number", "title", "main_recipient")

_COPY_NUMBER = re.compile(r"^\d{6}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(\s*[★☆*]\s*\S{1,8})?$")
_URGENCY = re.compile(r"^(特急|加急)$")
_SIGNERS = re.compile(r"签发人\s*[：:]\s*(?P<names>.+)$")
_TERMINAL = "。；！？…"
# The words a title ends with (the document's kind): a title line ending so is complete.
_KIND_WORDS = re.compile(
    r"(通知|通报|报告|请示|函|复函|汇报|答复|纪要|意见|决定|方案|办法|规定|总结|讲话|计划|要点|批复|公告|通告|议案|命令|令|规划|细则|建议|决议|公报|提纲|说明)$"
)
PRINTER_LINE = re.compile(r"^(?P<printer>\S.*?)\s+(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
CC_LABEL = re.compile(r"^抄\s*送\s*[：:]\s*")
_NOTE = re.compile(r"^[（(].*[）)]$")
_NUMERIC_DATE = re.compile(r"^\s*\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s*$")
_LIST_ITEM = re.compile(r"^\d+[.．、]")
# A run-in heading is a heading phrase ended by 。 (or its bold span), then the paragraph's body.
RUN_IN_MAX = 40
STANDALONE_MAX = 40
_BOLD_SPAN = re.compile(r"^\*\*(?P<heading>[^*]+?)\*\*")


class RoleError(BriefgenError):
    """An override names a paragraph or role that does not exist."""


@dataclass
class Part:
    """One block of the draft and the part it plays."""

    block: DraftParagraph | DraftTable
    role: str
    text: str = ""  # the text after a heading's mark; a run-in heading's heading phrase
    mark: HeadingMark | None = None  # a heading's number as the draft wrote it
    run_in: str | None = None  # a run-in heading's body text

    @property
    def number(self) -> int:
        return self.block.number

    @property
    def level(self) -> int:
        return int(self.role[-1]) if self.role.startswith("heading") else 0


@dataclass
class Overrides:
    """What a person says about the draft where recognition got it wrong."""

    title_lines: int | None = None
    roles: dict[int, str] = field(default_factory=dict)  # 第 N 段 → role


def recognize(draft: Draft, overrides: Overrides | None = None, head: bool = True) -> list[Part]:
    """Each block's part; with ``head`` off no 版头 (份号 … 发文字号) is looked for."""
    overrides = overrides or Overrides()
    parts = [Part(block, "table" if isinstance(block, DraftTable) else "body", block.text.strip()) for block in draft.blocks]
    _check_overrides(parts, overrides)
    start = _head(parts, overrides, head)
    end = _tail(parts, start)
    levels = _markdown_levels(parts, start, end)
    for part in parts[start:end]:
        if part.role == "body":
            _body_role(part, levels)
    for part in parts:
        if part.number in overrides.roles:
            assign(part, overrides.roles[part.number], levels)
    return parts


def _check_overrides(parts: list[Part], overrides: Overrides) -> None:
    numbers = {part.number for part in parts}
    for number, role in overrides.roles.items():
        if number not in numbers:
            raise RoleError(f"指定角色的第 {number} 段不存在（或是空段）。", hint="段号见 briefgen format --show 的第一列。")
        if role not in ROLE_NAMES:
            raise RoleError(f"第 {number} 段的角色「{role}」无法识别。", hint=f"可用的角色：{'、'.join(ROLE_NAMES.values())}。")


def assign(part: Part, role: str, levels: dict[int, int] | None = None) -> None:
    """Give ``part`` a role; a heading's mark and run-in body are split off its text."""
    part.role, part.text, part.mark, part.run_in = role, part.block.text.strip(), None, None
    if role.startswith("heading") and isinstance(part.block, DraftParagraph):
        _split_heading(part)


# -- the head: 份号 … 标题, 主送 ----------------------------------------------------------------


def _paragraph(parts: list[Part], index: int) -> Part | None:
    return parts[index] if index < len(parts) and isinstance(parts[index].block, DraftParagraph) else None


def _head(parts: list[Part], overrides: Overrides, head: bool = True) -> int:
    """Roles of the head; the index of the first part after it."""
    index = 0
    if head:
        index = _issuer_head(parts)
    index = _title(parts, index, overrides.title_lines)
    part = _paragraph(parts, index)
    if part is not None and _is_main_recipient(part.text):
        part.role = "main_recipient"
        index += 1
    return index


def _issuer_head(parts: list[Part]) -> int:
    """份号, 密级, 紧急程度, 发文机关标志, 发文字号, as far as the draft has them."""
    index = 0
    while (part := _paragraph(parts, index)) is not None and index < 3:
        role = "copy_number" if _COPY_NUMBER.match(part.text) else "secrecy" if _SECRECY.match(part.text) else "urgency" if _URGENCY.match(part.text) else ""
        if not role:
            break
        part.role = role
        index += 1
    part = _paragraph(parts, index)
    if part is not None and _is_issuer_mark(part):
        part.role = "issuer_mark"
        index += 1
    part = _paragraph(parts, index)
    if part is not None and _is_doc_number(part.text):
        part.role = "doc_number"
        index += 1
    return index


def _is_issuer_mark(part: Part) -> bool:
    text, look = part.text, part.block.look
    short = len(text) <= 30 and not re.search(r"[，。；：！？、,.;:]", text)
    return short and (text.endswith("文件") or look.red or (look.size_pt or 0) >= 26)


def _is_doc_number(text: str) -> bool:
    match = doc_number_match(text)
    return match is not None and len(text) <= 60


def _title(parts: list[Part], index: int, lines: int | None) -> int:
    if lines is not None:
        for offset in range(lines):
            if _paragraph(parts, index + offset) is None:
                raise RoleError(f"草稿开头没有 {lines} 段可作标题。", hint="请检查 --title-lines 的数字。")
            parts[index + offset].role = "title"
        return index + lines
    first = _paragraph(parts, index)
    if first is None or not _could_be_title(first.text):
        return index
    centred = first.block.look.alignment == "center"
    taken = [first]
    while len(taken) < 4 and (following := _paragraph(parts, index + len(taken))) is not None:
        if centred:
            if following.block.look.alignment != "center" or not _could_be_title(following.text):
                break
        elif not _continues_title("".join(part.text for part in taken), following.text):
            break
        taken.append(following)
    for part in taken:
        part.role = "title"
    return index + len(taken)


def _could_be_title(text: str) -> bool:
    return 0 < len(text) <= 60 and text[-1] not in _TERMINAL + "：:" and read_mark(text) is None and not _is_date(text)


def _continues_title(title: str, text: str) -> bool:
    """A second title line, in a draft that does not centre it: short, not a sentence, and the
    title so far not yet ended by its kind's word (or ended by 的 or 关于)."""
    open_ended = not _KIND_WORDS.search(title) or title.endswith(("的", "关于"))
    return open_ended and _could_be_title(text) and len(text) <= 30 and not _is_main_recipient(text)


def _is_main_recipient(text: str) -> bool:
    return (
        0 < len(text) <= 150 and text[-1] in "：:" and "。" not in text and "如下" not in text
        and read_mark(text) is None and not text.startswith(("根据", "按照", "为", "现将", "经"))
    )


def _is_date(text: str) -> bool:
    return bool(DATE_LINE.match(text) or _NUMERIC_DATE.match(text))


# -- the tail: 附件说明, 署名, 日期, 附注, 附件, 版记 ---------------------------------------------


def _tail(parts: list[Part], start: int) -> int:
    """Roles of the closing parts, found from the end; the index where they begin."""
    end = len(parts)
    while end > start and (part := _paragraph(parts, end - 1)) is not None and (PRINTER_LINE.match(part.text) or CC_LABEL.match(part.text)):
        part.role = "printer" if PRINTER_LINE.match(part.text) else "cc"
        end -= 1
    date_index = _last_date(parts, start, end)
    if date_index is None:
        return end
    parts[date_index].role = "date"
    _attachments(parts, date_index + 1, end)
    index = date_index
    while index > start and (part := _paragraph(parts, index - 1)) is not None and index - date_index > -3 and _could_be_signature(part.text):
        part.role = "signature"
        index -= 1
    return _attachment_note(parts, start, index)


def _last_date(parts: list[Part], start: int, end: int) -> int | None:
    """The 成文日期: the last date standing alone, after which come only 附注 and 附件."""
    for index in range(end - 1, start - 1, -1):
        part = _paragraph(parts, index)
        if part is not None and _is_date(part.text):
            return index
    return None


def _could_be_signature(text: str) -> bool:
    return 0 < len(text) <= 30 and text[-1] not in _TERMINAL + "：:，," and read_mark(text) is None and not _is_date(text)


def _attachments(parts: list[Part], start: int, end: int) -> None:
    """After the date: 附注 in parentheses, then each 附件 (its label, its title, its body)."""
    index = start
    while index < end and (part := _paragraph(parts, index)) is not None and _NOTE.match(part.text):
        part.role = "note"
        index += 1
    while index < end:
        part = _paragraph(parts, index)
        if part is not None and ATTACHMENT_LABEL.match(part.text):
            part.role = "attachment_label"
            title = _paragraph(parts, index + 1)
            if title is not None and index + 1 < end and _could_be_title(title.text):
                title.role = "attachment_title"
                index += 1
        elif part is not None:
            _body_role(part, {})
        index += 1


def _attachment_note(parts: list[Part], start: int, end: int) -> int:
    """附件：1.×× and the names under it, just above the 署名."""
    for index in range(max(start, end - 12), end):
        part = _paragraph(parts, index)
        if part is not None and ATTACHMENT_NOTE.match(part.text):
            following = parts[index + 1 : end]
            if all(isinstance(p.block, DraftParagraph) and _LIST_ITEM.match(p.text) and len(p.text) <= 60 for p in following):
                for note in [part, *following]:
                    note.role = "attachment_note"
                return index
    return end


# -- the body: headings and paragraphs -----------------------------------------------------------


def _markdown_levels(parts: list[Part], start: int, end: int) -> dict[int, int]:
    """Markdown "#" levels (or Word heading styles) of unnumbered headings → heading levels: the
    shallowest one used in the body is 一级."""
    used = sorted({p.block.look.heading_level for p in parts[start:end] if isinstance(p.block, DraftParagraph) and p.block.look.heading_level})
    return {level: min(rank, 4) for rank, level in enumerate(used, start=1)}


def _body_role(part: Part, levels: dict[int, int]) -> None:
    if isinstance(part.block, DraftTable):
        return
    mark = read_mark(part.text)
    if mark is not None and _heading_shape(part.text, mark):
        assign(part, f"heading{mark.level}")
        return
    level = part.block.look.heading_level
    if level and levels.get(level) and len(part.text) <= STANDALONE_MAX:
        assign(part, f"heading{levels[level]}")


def _heading_shape(text: str, mark: HeadingMark) -> bool:
    """Standalone (short, not a sentence) or run-in (a heading phrase ended by 。)."""
    rest = text[len(mark.mark) :].strip()
    if not rest:
        return False
    if _BOLD_SPAN.match(rest):
        return True
    stop = rest.find("。")
    if 0 < stop < RUN_IN_MAX and stop < len(rest) - 1:
        return True
    return len(rest) <= STANDALONE_MAX and not re.search(r"[。；！？]", rest[:-1])


def _split_heading(part: Part) -> None:
    text = part.text
    mark = read_mark(text)
    if mark is not None:
        part.mark = mark
        text = text[len(mark.mark) :].lstrip()
    bold = _BOLD_SPAN.match(text)
    if bold:
        part.text, rest = bold.group(0), text[bold.end() :]
        part.run_in = rest or None
        return
    stop = text.find("。")
    if 0 < stop < RUN_IN_MAX and stop < len(text) - 1:
        part.text, part.run_in = text[: stop + 1], text[stop + 1 :]
    else:
        part.text = text
