"""The text fixes of 一键排版, each reported with its paragraph and each switchable; placeholders are found, never fixed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .. import figures
from ..check.text import CJK, PHONE, TEXT_RULES
from ..document.draft import DraftBlock, DraftParagraph
from ..document.number import cn_to_int, read_mark
from ..document.parse import doc_number_brackets
from .names import FIX_KINDS

# Which fixes each of the checker's text rules makes (the rest it only reports).
_RULE_KIND = {
    "TEXT-ASCII-PUNCTUATION": "punctuation", "TEXT-RANGE-DASH": "range", "TEXT-RANGE-UNIT": "range",
    "TEXT-ELLIPSIS": "ellipsis", "TEXT-FULLWIDTH-DIGIT": "digits", "TEXT-DATE-HAO": "date",
    "TEXT-DENG-AFTER-DUN": "usage", "TEXT-QITA": "usage",
}
PLACEHOLDER_RULE = "TEXT-PLACEHOLDER"
_PLACEHOLDER = next(rule.pattern for rule in TEXT_RULES if rule.rule_id == PLACEHOLDER_RULE)
_CONTEXT = 4  # characters shown each side of a fix in the report

_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_SPACED = "[ \u3000\u00a0]+"
_WIDE = rf"[{CJK}，。；：！？、“”（）《》]"
# Spaces typed between 汉字, or around a figure in Chinese text ("围绕 20 个" → "围绕20个"): one fix
# for the figure and its spaces.
_SPACE = re.compile(rf"(?<={_WIDE}){_SPACED}(?={_WIDE})|(?<={_WIDE})(?:{_SPACED})?(\d[\d.,%％]*)(?:{_SPACED})?(?={_WIDE})|(?<=\d){_SPACED}(?=[{CJK}])")
_PADDED_DATE = re.compile(r"(?<!\d)(\d{4})年0(\d)月|(?<!\d)(\d{1,2})月0(\d)日")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")


@dataclass
class Fix:
    number: int  # 第 N 段 of the draft
    kind: str
    before: str  # the fixed stretch with a little context, as the draft has it
    after: str

    def line(self) -> str:
        return f"“{self.before}” → “{self.after}”（第 {self.number} 段，{FIX_KINDS[self.kind]}）"


@dataclass
class Placeholder:
    number: int
    text: str  # the placeholder with its context

    def line(self) -> str:
        return f"第 {self.number} 段有待填写的占位符：“{self.text}”"


class Fixer:
    """Applies the switched-on fixes to texts and keeps what it changed."""

    def __init__(self, disabled: frozenset[str] = frozenset()):
        self.enabled = {kind for kind in FIX_KINDS if kind not in disabled}
        self.fixes: list[Fix] = []
        self.placeholders: list[Placeholder] = []

    def running_text(self, text: str, number: int) -> str:
        """A paragraph of running text (body, heading, title, 主送, 附注, 抄送, a table cell)."""
        text = self.substitute(text, number, "emphasis", _EMPHASIS, lambda m: m.group(1))
        text = self.substitute(text, number, "spaces", _SPACE, lambda m: m.group(1) or "")
        for rule in TEXT_RULES:
            kind = _RULE_KIND.get(rule.rule_id)
            if kind is not None and rule.fix is not None:
                text = self.substitute(text, number, kind, rule.pattern, rule.fix)
        text = self.substitute(text, number, "date", _PADDED_DATE, _unpadded)
        self.find_placeholders(text, number)
        return text

    def find_placeholders(self, text: str, number: int) -> None:
        for match in _PLACEHOLDER.finditer(text):
            self.placeholders.append(Placeholder(number, _around(text, match.start(), match.end())))

    def date(self, text: str, number: int) -> str:
        """The 成文日期 (or 印发日期) in Arabic numerals, unpadded: 2024年6月5日 (7.3.5)."""
        squeezed = re.sub(r"\s+", "", text)
        chinese = _CN_DATE.match(squeezed)
        if chinese:
            squeezed = f"{chinese.group(1).translate(_CN_DIGITS)}年{cn_to_int(chinese.group(2))}月{cn_to_int(chinese.group(3))}日"
        try:
            worded = figures.date_cn(squeezed)
        except figures.FigureError:
            return text
        return self.replace_whole(text, worded, number, "date")

    def doc_number(self, text: str, number: int) -> str:
        fixed = doc_number_brackets(text)
        fixed = re.sub(r"(〕\s*)第?0*(\d+)号", r"〕\2号", fixed)
        return self.replace_whole(text, fixed, number, "doc_number")

    def main_recipient(self, text: str, number: int) -> str:
        text = self.running_text(text, number)
        if text.endswith(":"):
            text = self.replace_whole(text, text[:-1] + "：", number, "colon")
        return text

    def replace_whole(self, text: str, fixed: str, number: int, kind: str) -> str:
        if fixed == text or kind not in self.enabled:
            return text
        self.fixes.append(Fix(number, kind, text, fixed))
        return fixed

    def join_broken(self, blocks: list[DraftBlock]) -> list[DraftBlock]:
        """Paragraphs cut at a line's end (a draft copied from a PDF or a web page) joined again:
        a long sentence-like paragraph that stops without closing punctuation, and the next one,
        which does not open with a heading mark."""
        if "join" not in self.enabled:
            return blocks
        joined: list[DraftBlock] = []
        for block in blocks:
            previous = joined[-1] if joined else None
            if isinstance(previous, DraftParagraph) and isinstance(block, DraftParagraph) and _is_cut(previous, block):
                self.fixes.append(Fix(previous.number, "join", previous.text[-_CONTEXT:] + "¶" + block.text[:_CONTEXT], previous.text[-_CONTEXT:] + block.text[:_CONTEXT]))
                joined[-1] = DraftParagraph(previous.text.rstrip() + block.text.lstrip(), previous.number, previous.look)
            else:
                joined.append(block)
        return joined

    def renumbered(self, number: int, before: str, after: str) -> None:
        """A heading's mark as the draft wrote it, and the one the numbering gave it."""
        if before != after and "numbering" in self.enabled:
            self.fixes.append(Fix(number, "numbering", before, after))

    def substitute(self, text: str, number: int, kind: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> str:
        if kind not in self.enabled:
            return text
        phones = [match.span() for match in PHONE.finditer(text)]
        pieces, last, made, length = [], 0, [], 0
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in phones):
                continue
            replacement = replace(match)
            if replacement == match.group(0):
                continue
            pieces += [text[last : match.start()], replacement]
            length += match.start() - last
            made.append((_around(text, match.start(), match.end()), length, replacement))
            length += len(replacement)
            last = match.end()
        if not made:
            return text
        fixed = "".join(pieces) + text[last:]
        for before, start, replacement in made:  # the context shown after the fix is the fixed text's
            self.fixes.append(Fix(number, kind, before, _around(fixed, start, start + len(replacement))))
        return fixed


# A cut paragraph is at least this long (longer than any standalone heading) and reads as prose.
CUT_MIN_CHARS = 40
_CLOSING = "。；！？…：”’）》」』;:!?)"


def _is_cut(previous: DraftParagraph, block: DraftParagraph) -> bool:
    text, following = previous.text.rstrip(), block.text.lstrip()
    return (
        len(text) >= CUT_MIN_CHARS and text[-1] not in _CLOSING and re.search("[，。]", text) is not None
        and read_mark(following) is None and previous.look.alignment == block.look.alignment != "center"
        and not previous.look.in_text_box and not block.look.in_text_box
    )


def _around(text: str, start: int, end: int) -> str:
    return text[max(start - _CONTEXT, 0) : end + _CONTEXT]


def _unpadded(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}年{match.group(2)}月"
    return f"{match.group(3)}月{match.group(4)}日"
