"""The wording rules of running text (GB/T 15834 punctuation, GB/T 15835 numbers, usage): what each finds, what it should be, and its fix where one is certain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

CJK = "\u3400-\u9fff\uf900-\ufaff"
# A telephone number's hyphen is not a range: numbers are taken out before the rules run.
PHONE = re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)1\d{10}(?!\d)")
_ASCII_MARKS, _FULL_WIDTH_MARKS = ",;:?!()", "，；：？！（）"


@dataclass(frozen=True)
class TextRule:
    rule_id: str
    pattern: re.Pattern[str]
    expected: Callable[[re.Match[str]], str]  # what the checker says it should be
    fix: Callable[[re.Match[str]], str] | None = None  # the replacement, when it is certain


def _full_width(match: re.Match[str]) -> str:
    return _FULL_WIDTH_MARKS[_ASCII_MARKS.index(match.group(0))]


def _range_dash(match: re.Match[str]) -> str:
    """1-9月 → 1—9月 (a span of time takes the 一字线), 3-5亿元 → 3～5亿元 (GB/T 15835 5.2.3)."""
    return re.sub(r"\s*[-－~∼]\s*", "—" if re.search(r"[月日年时天]$", match.group(0)) else "～", match.group(0))


def _ascii_digits(match: re.Match[str]) -> str:
    return match.group(0).translate(str.maketrans("０１２３４５６７８９．", "0123456789."))


def _unit_on_both(match: re.Match[str]) -> str:
    return re.sub(r"(\d+(?:\.\d+)?)\s*([～—])", r"\1%\2", match.group(0), count=1)


def _same(replacement: str) -> Callable[[re.Match[str]], str]:
    return lambda match: replacement


TEXT_RULES: tuple[TextRule, ...] = (
    TextRule(
        "TEXT-PLACEHOLDER",
        re.compile(rf"\{{\{{|\}}\}}|\{{%|XX|××|[*＊]|(?<![A-Za-z])(?:None|nan|NaN)(?![A-Za-z])|(?<=[{CJK}\d])[xX×](?![A-Za-z])|(?<![A-Za-z])[xX×](?=[{CJK}])"),
        _same("填写实际内容"),
    ),
    TextRule(
        "TEXT-ASCII-PUNCTUATION", re.compile(rf"(?<=[{CJK}])[,;:?!()]|[,;:?!()](?=[{CJK}])"),
        lambda match: f"全角“{_full_width(match)}”", _full_width,
    ),
    TextRule("TEXT-RANGE-DASH", re.compile(r"\d\s*[-－~∼]\s*\d+(?:\.\d+)?\s*(?:月|日|年|时|%|％|亿|万|元|个|家|人|天)"), _range_dash, _range_dash),
    TextRule(
        "TEXT-SIGNED-CHANGE", re.compile(r"(?:增长|下降|提高|降低|回落|上升|增加|减少)\s*[-－−+＋]\s*\d"),
        _same("用“增长”或“下降”表示方向，数值不带正负号"),
    ),
    TextRule("TEXT-ELLIPSIS", re.compile(r"\.{3,}|。{2,}|(?<!…)…(?!…)|…{3,}"), _same("……"), _same("……")),
    TextRule("TEXT-FULLWIDTH-DIGIT", re.compile(r"[０-９]+(?:[．.][０-９]+)?"), _ascii_digits, _ascii_digits),
    TextRule("TEXT-DATE-HAO", re.compile(r"(?<!\d)\d{1,2}月\d{1,2}号"), lambda m: m.group(0)[:-1] + "日", lambda m: m.group(0)[:-1] + "日"),
    TextRule("TEXT-RANGE-UNIT", re.compile(r"(?<![\d.%％])\d+(?:\.\d+)?\s*[～—]\s*\d+(?:\.\d+)?\s*[%％]"), _unit_on_both, _unit_on_both),
    TextRule("TEXT-DENG-AFTER-DUN", re.compile(r"、\s*等"), _same("等"), _same("等")),
    TextRule("TEXT-QITA", re.compile(r"其它"), _same("其他"), _same("其他")),
    TextRule(
        "TEXT-PERCENTAGE-POINT",
        re.compile(r"(?:增速|增幅|降幅|比重|占比|比例|[率])[^，。；！？]{0,8}?(?:提高|回落|上升|收窄|扩大)\s*\d+(?:\.\d+)?\s*[%％]"),
        _same("××个百分点"),
    ),
)
