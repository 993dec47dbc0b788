"""The patterns that tell a paragraph's part by its text alone (发文字号, 成文日期, 附件): shared by check and format."""

from __future__ import annotations

import re

from ..document.number import CN_NUMERALS

_DOC_NUMBER = re.compile(r"^(?P<prefix>[^\s〔\[［（(【]{1,12})\s*(?P<open>[〔\[［（(【])\s*(?P<year>\d{4})\s*(?P<close>[〕\]］）)】])\s*(?P<di>第?)\s*(?P<seq>\d+)\s*号")
DATE_LINE = re.compile(
    rf"^\s*(?P<y>\d{{4}}|[〇零{CN_NUMERALS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*日\s*$"
)
ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*\s*$")
ATTACHMENT_NOTE = re.compile(r"^附件\s*[：:]")


def doc_number_match(text: str) -> re.Match[str] | None:
    """The 发文字号 in a line: alone, or beside 份号 (信函格式, 10.1) or 签发人 past a tab."""
    for part in text.split("\t"):
        match = _DOC_NUMBER.match(part.strip())
        if match is not None:
            return match
    return None
