"""Word numbers, dates and ranges the way Chinese official documents do (GB/T 15835-2011, GB/T 9704-2012).

Every public function is a pure function registered as a Jinja filter, so its first
positional argument is the value being filtered. Rounding is always 四舍五入
(ROUND_HALF_UP), floats are read through ``repr`` so binary noise never shows, and
no thousands separators are ever printed.
"""

from __future__ import annotations

import datetime
import functools
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

__all__ = [
    "FigureError",
    "MissingFigure",
    "number",
    "scaled",
    "wan",
    "yi",
    "percent",
    "change",
    "amount_change",
    "point_count",
    "compare",
    "points",
    "rate_shift",
    "share",
    "cn_numeral",
    "cn_ordinal",
    "enumerate_cn",
    "date_cn",
    "month_cn",
    "month_range",
    "num_range",
]


class FigureError(ValueError):
    """A value cannot be worded as a figure; the message (in Chinese) says why."""


class MissingFigure(FigureError):
    """The value is missing (None, NaN, empty, "-", "—", ...) and no ``missing`` text was given."""

    def __init__(self, message: str, value: object = None):
        super().__init__(message)
        self.value = value


# Wide enough that arithmetic on any realistic figure is exact before the final rounding.
_CTX = Context(prec=200, rounding=ROUND_HALF_UP)

_MISSING_WORDS = frozenset({"", "-", "—", "——", "nan", "none"})
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?")
_NUMBER_HINT = "请填写阿拉伯数字，如 12 或 12.5。"

_SCALES = {"": 0, "万": 4, "亿": 8}

_CN_DIGITS = "零一二三四五六七八九"
_CN_UNITS = ("千", "百", "十", "")
_CN_MAX = 99999999

_TIME_TAIL = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" + _TIME_TAIL),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_MONTH_FORMS = (
    re.compile(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月"),
)
_DATE_HINT = "请使用 2024-01-05、2024/1/5、2024.1.5、2024年1月5日 或 20240105 的形式。"
_MONTH_HINT = "请使用 2024-01、2024/1、2024年1月 或完整日期（如 2024-01-05）的形式。"

_ITEM_TAIL_RE = re.compile(r"[。；，;,.\s]+$")


# ---------------------------------------------------------------- shared helpers


def _show(value: object) -> str:
    """The offending value as a reader sees it, in 「」 quotes."""
    return f"「{value}」" if isinstance(value, str) else f"「{value!r}」"


def _is_undefined(value: object) -> bool:
    """True for Jinja's Undefined (a missing template variable), without importing Jinja."""
    return any(cls.__name__ == "Undefined" for cls in type(value).__mro__)


def _is_missing(value: object) -> bool:
    if type(value) is int:  # the usual figure: settled before the slower checks
        return False
    if value is None or _is_undefined(value):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip().lower() in _MISSING_WORDS
    return False


def _missing_error(value: object, what: str = "数值") -> MissingFigure:
    return MissingFigure(
        f"缺少{what}：该字段为空（值为{_show(value)}）。请在数据中填写{what}，或在模板中给出 missing 参数。", value
    )


def _allow_missing(func):
    """Return the caller's ``missing`` text instead of raising MissingFigure, when one is given.

    A field that is not in the data at all (Jinja's Undefined) and no ``missing`` text: the
    Undefined raises its own error, which names the field (城市[3].融资额), not this one.
    """
    position = func.__code__.co_varnames[: func.__code__.co_argcount].index("missing")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except MissingFigure as exc:
            missing = kwargs["missing"] if "missing" in kwargs else (args[position] if len(args) > position else None)
            if missing is not None:
                return missing
            if _is_undefined(exc.value):
                exc.value._fail_with_undefined_error()
            raise

    return wrapper


def _parse_text(value: str) -> tuple[Decimal, bool]:
    """A numeric string as (number, had a trailing %)."""
    text = unicodedata.normalize("NFKC", value).strip().replace("\u2212", "-")
    is_percent = text.endswith("%")
    if is_percent:
        text = text[:-1].rstrip()
    if _GROUPED_RE.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER_RE.fullmatch(text):
        raise FigureError(f"无法识别的数值{_show(value)}：{_NUMBER_HINT}")
    return Decimal(text), is_percent


def _to_decimal(value: object, ratio: bool = False) -> Decimal:
    """Parse one figure to a finite Decimal.

    With ``ratio=True`` a bare number is a ratio and is returned in percent (×100);
    a string written with "%" is already a percent and is returned as is.
    """
    if _is_missing(value):
        raise _missing_error(value)
    is_percent = False
    if isinstance(value, bool):
        raise FigureError(f"无法识别的数值{_show(value)}：这是真假值而不是数值，{_NUMBER_HINT}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        number = Decimal(repr(float(value)))
    elif isinstance(value, str):
        number, is_percent = _parse_text(value)
    else:
        raise FigureError(f"无法识别的数值{_show(value)}（类型为 {type(value).__name__}）：{_NUMBER_HINT}")
    if not number.is_finite():
        raise FigureError(f"数值{_show(value)}不是有限数：{_NUMBER_HINT}")
    if ratio and not is_percent:
        number = number.scaleb(2, _CTX)
    return number


def _round(number: Decimal, digits: int) -> Decimal:
    """Round half up to ``digits`` decimal places; a rounded zero is never negative."""
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise FigureError(f"小数位数{_show(digits)}无效：digits 应为 0 或正整数，如 1 或 2。")
    try:
        rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=_CTX)
    except InvalidOperation:
        raise FigureError(f"数值「{number}」过大，无法保留 {digits} 位小数：请检查数据。") from None
    return abs(rounded) if rounded == 0 else rounded


def _fmt(number: Decimal, digits: int, trim: bool) -> str:
    """Round and print without separators; ``trim`` drops trailing zeros and a trailing point."""
    text = format(_round(number, digits), "f")
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _by_sign(number: Decimal, digits: int, up: str, down: str, flat: str, suffix: str) -> str:
    """Word a signed amount by its sign after rounding: up/down + magnitude + suffix, or flat."""
    rounded = _round(number, digits)
    if rounded == 0:
        return flat
    return f"{up if rounded > 0 else down}{_fmt(abs(rounded), digits, False)}{suffix}"


def _to_int(value: object, what: str = "数值") -> int:
    """Parse an integer-valued figure (12, 12.0, "12"); anything else is a FigureError."""
    number = _to_decimal(value)
    if number.adjusted() > 18:
        raise FigureError(f"{what}{_show(value)}过大：请检查数据。")
    if number != number.to_integral_value():
        raise FigureError(f"{what}{_show(value)}不是整数：请填写整数，如 12。")
    return int(number)


# ---------------------------------------------------------------- numbers


@_allow_missing
def number(value, digits=2, trim=True, missing=None) -> str:
    """A plain number: 2329 → "2329", 1234.5 → "1234.5", 19.990000000000002 → "19.99"."""
    return _fmt(_to_decimal(value), digits, trim)


def _auto_scale(number: Decimal, digits: int) -> str:
    """The smallest of "", 万 whose rounded value stays below 10000, else 亿."""
    for name in ("", "万"):
        if abs(_round(number.scaleb(-_SCALES[name], _CTX), digits)) < 10000:
            return name
    return "亿"


@_allow_missing
def scaled(value, unit="", digits=2, trim=True, to=None, missing=None) -> str:
    """Scale to 万/亿 and append the unit: 41400, "户" → "4.14万户"; 2430000000, "元" → "24.3亿元"."""
    number = _to_decimal(value)
    if to is None:
        to = _auto_scale(number, digits)
    elif to not in _SCALES:
        raise FigureError(f"无法识别的数量级{_show(to)}：to 应为 \"万\"、\"亿\" 或 \"\"（不换算）。")
    return f"{_fmt(number.scaleb(-_SCALES[to], _CTX), digits, trim)}{to}{unit or ''}"


def wan(value, unit="", digits=2, trim=True, missing=None) -> str:
    """The value in 万: 41400, "户" → "4.14万户"."""
    return scaled(value, unit, digits, trim, to="万", missing=missing)


def yi(value, unit="", digits=2, trim=True, missing=None) -> str:
    """The value in 亿: 2430000000, "元" → "24.3亿元"."""
    return scaled(value, unit, digits, trim, to="亿", missing=missing)


@_allow_missing
def percent(value, digits=1, trim=False, ratio=False, missing=None) -> str:
    """A percent: 23.25 → "23.3%"; with ``ratio=True`` 0.2325 → "23.3%" ("12.3%" is never multiplied)."""
    return f"{_fmt(_to_decimal(value, ratio), digits, trim)}%"


def _flat(prefix: str) -> str:
    """No change, said as the comparison says it: 同比 compares with the same period a year before."""
    return "与上年同期持平" if prefix == "同比" else f"{prefix}持平" if prefix else "持平"


@_allow_missing
def change(value, digits=1, prefix="同比", up="增长", down="下降", flat=None, ratio=False, missing=None) -> str:
    """A change in percent worded by its sign: 5.3 → "同比增长5.3%", -2.1 → "同比下降2.1%", 0 → "与上年同期持平"."""
    return _by_sign(_to_decimal(value, ratio), digits, f"{prefix}{up}", f"{prefix}{down}", _flat(prefix) if flat is None else flat, "%")


@_allow_missing
def amount_change(value, unit="", digits=2, prefix="同比", up="增加", down="减少", flat=None, missing=None) -> str:
    """An absolute change worded by its sign, scaled like ``scaled``: -886000000, "元" → "同比减少8.86亿元",
    3, "个", prefix="" → "增加3个", 0 → "与上年同期持平"."""
    number = _to_decimal(value)
    if _round(number, digits) == 0:
        return _flat(prefix) if flat is None else flat
    word = up if number > 0 else down
    return f"{prefix}{word}{scaled(abs(number), unit, digits)}"


@_allow_missing
def point_count(value, digits=1, missing=None) -> str:
    """A bare difference in percentage points, without a direction word: 2.6 or -2.6 → "2.6个百分点"
    (the template says which way: 超序时进度2.6个百分点, 低于全省0.9个百分点)."""
    return f"{_fmt(abs(_round(_to_decimal(value), digits)), digits, False)}个百分点"


@_allow_missing
def compare(value, reference, than="", above="高于", below="低于", equal=None, digits=1, unit="个百分点", missing=None) -> str:
    """``value`` against ``reference``, in points by default: (6.2, 7.1, "全省") → "低于全省0.9个百分点",
    (76.6, 74.0, "序时进度", above="超") → "超序时进度2.6个百分点", equal → "与全省持平"."""
    difference = _round(_CTX.subtract(_to_decimal(value), _to_decimal(reference)), digits)
    if difference == 0:
        return f"与{than}持平" if equal is None else equal
    return f"{above if difference > 0 else below}{than}{_fmt(abs(difference), digits, False)}{unit}"


@_allow_missing
def points(value, digits=1, up="提高", down="回落", flat="持平", missing=None) -> str:
    """A difference in percentage points: 1.2 → "提高1.2个百分点", -0.5 → "回落0.5个百分点", 0 → "持平"."""
    return _by_sign(_to_decimal(value), digits, up, down, flat, "个百分点")


@_allow_missing
def rate_shift(new, old, digits=1, subject="增速", missing=None) -> str:
    """Compare two growth rates in percent: (6.5, 5.3) → "增速提高1.2个百分点", (-2.1, -2.6) → "降幅收窄0.5个百分点"."""
    new_rate, old_rate = _to_decimal(new), _to_decimal(old)
    diff = _CTX.subtract(new_rate, old_rate)
    if _round(new_rate, digits) < 0 and _round(old_rate, digits) < 0:
        return _by_sign(diff, digits, "降幅收窄", "降幅扩大", "降幅持平", "个百分点")
    return _by_sign(diff, digits, f"{subject}提高", f"{subject}回落", f"{subject}持平", "个百分点")


@_allow_missing
def share(part, total, digits=1, trim=False, missing=None) -> str:
    """part / total as a percent: (784, 2481) → "31.6%"."""
    part_number, total_number = _to_decimal(part), _to_decimal(total)
    if total_number == 0:
        raise FigureError(f"总数为0，无法计算占比：部分为{_show(part)}，总数为{_show(total)}，请检查总数。")
    if total_number < 0:
        raise FigureError(f"总数{_show(total)}为负数，无法计算占比：总数应大于0。")
    return f"{_fmt(_CTX.divide(part_number, total_number).scaleb(2, _CTX), digits, trim)}%"


@_allow_missing
def num_range(low, high, unit="", digits=2, trim=True, sep="～", missing=None) -> str:
    """A range keeping the unit on both ends (GB/T 15835): (15, 30, "%") → "15%～30%"."""
    low_number, high_number = _to_decimal(low), _to_decimal(high)
    if low_number > high_number:
        raise FigureError(f"范围的下限{_show(low)}大于上限{_show(high)}：请把较小的数写在前面。")
    unit = unit or ""
    return f"{_fmt(low_number, digits, trim)}{unit}{sep}{_fmt(high_number, digits, trim)}{unit}"


# ---------------------------------------------------------------- 汉字 numerals


def _cn_group(group: int) -> str:
    """1…9999 in 汉字, with 零 for inner gaps (1005 → 一千零五, 110 → 一百一十)."""
    text, gap = "", False
    for digit, unit in zip(f"{group:04d}", _CN_UNITS):
        if digit == "0":
            gap = gap or bool(text)
            continue
        text += ("零" if gap else "") + _CN_DIGITS[int(digit)] + unit
        gap = False
    return text


def cn_numeral(n) -> str:
    """汉字 numerals for 0…99999999: 12 → "十二", 101 → "一百零一", 10010 → "一万零一十"."""
    value = _to_int(n)
    if not 0 <= value <= _CN_MAX:
        raise FigureError(f"数值{_show(n)}超出范围：汉字数字只支持 0 到 {_CN_MAX} 的整数。")
    if value == 0:
        return "零"
    high, low = divmod(value, 10000)
    text = f"{_cn_group(high)}万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _cn_group(low)
    return text[1:] if text.startswith("一十") else text


def cn_ordinal(n) -> str:
    """An ordinal in 汉字: 12 → "第十二"."""
    if _to_int(n) < 1:
        raise FigureError(f"序数{_show(n)}无效：序数应为 1 或更大的整数。")
    return f"第{cn_numeral(n)}"


def enumerate_cn(items, sep="。") -> str:
    """一是……二是……: ["统筹安排，扎实推进", "走访调研。"] → "一是统筹安排，扎实推进。二是走访调研。"."""
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise FigureError(f"无法列举{_show(items)}：请提供由若干条文字组成的列表。")
    texts = [_ITEM_TAIL_RE.sub("", str(item).strip()) for item in items if item is not None]
    texts = [text for text in texts if text]
    if len(texts) <= 1:
        return "".join(f"{text}。" for text in texts)
    parts = [f"{cn_numeral(i)}是{text}" for i, text in enumerate(texts, start=1)]
    return sep.join(parts) + "。"


# ---------------------------------------------------------------- dates


def _parse_date(value: object, forms, hint: str) -> datetime.date:
    """A date from a date/datetime, an 8-digit int, or a string matching one of ``forms``."""
    if isinstance(value, datetime.date):
        return value
    if _is_missing(value):
        raise _missing_error(value, "日期")
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
    else:
        raise FigureError(f"无法识别的日期{_show(value)}：{hint}")
    for form in forms:
        found = form.fullmatch(text)
        if found:
            parts = found.groupdict()
            try:
                return datetime.date(int(parts["y"]), int(parts["m"]), int(parts.get("d") or 1))
            except ValueError:
                raise FigureError(f"日期{_show(value)}不存在：请检查年、月、日是否有效，如 2024-01-05。") from None
    raise FigureError(f"无法识别的日期{_show(value)}：{hint}")


def to_decimal(value: object) -> Decimal:
    """A figure as a Decimal ("1,234.5" → 1234.5, "12.3%" → 12.3); FigureError if it is none."""
    return _to_decimal(value)


def to_date(value: object) -> datetime.date:
    """A date from a date, "2024-01-05", "2024/1/5", "2024年1月5日" or 20240105."""
    return _parse_date(value, _DATE_FORMS, _DATE_HINT)


@_allow_missing
def date_cn(value, missing=None) -> str:
    """A date as 2024年1月5日 (Arabic numerals, no zero padding)."""
    day = _parse_date(value, _DATE_FORMS, _DATE_HINT)
    return f"{day.year}年{day.month}月{day.day}日"


@_allow_missing
def month_cn(value, missing=None) -> str:
    """A month as 2024年1月; accepts full dates and 2024-01, 2024年1月."""
    day = _parse_date(value, _DATE_FORMS + _MONTH_FORMS, _MONTH_HINT)
    return f"{day.year}年{day.month}月"


def _month(value: object) -> int:
    month = _to_int(value, "月份")
    if not 1 <= month <= 12:
        raise FigureError(f"月份{_show(value)}无效：月份应为 1 到 12 的整数。")
    return month


def month_range(start, end, year=None) -> str:
    """A span of months with the 一字线: (1, 9) → "1—9月", (1, 9, 2024) → "2024年1—9月", (9, 9) → "9月"."""
    first, last = _month(start), _month(end)
    if first > last:
        raise FigureError(f"起始月份{_show(start)}晚于结束月份{_show(end)}：请把较早的月份写在前面。")
    body = f"{last}月" if first == last else f"{first}—{last}月"
    if year is None:
        return body
    year_number = _to_int(year, "年份")
    if year_number < 1:
        raise FigureError(f"年份{_show(year)}无效：请填写四位年份，如 2024。")
    return f"{year_number}年{body}"
