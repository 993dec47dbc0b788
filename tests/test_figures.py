"""Tests for briefgen.figures: wording numbers, dates and ranges the way 公文 do."""

from __future__ import annotations

import datetime
import inspect
import re
from decimal import Decimal

import pytest

from briefgen import figures
from briefgen.figures import (
    FigureError,
    MissingFigure,
    change,
    cn_numeral,
    cn_ordinal,
    date_cn,
    enumerate_cn,
    month_cn,
    month_range,
    num_range,
    number,
    percent,
    points,
    rate_shift,
    scaled,
    share,
    wan,
    yi,
)

CJK = re.compile(r"[\u4e00-\u9fff]")

MISSING_FORMS = [None, float("nan"), Decimal("NaN"), "", "   ", "-", "—", "nan", "NaN", "NAN", "None", "none", "NONE"]

# Each numeric filter with a minimal call that feeds it one value.
NUMERIC_CALLS = {
    "number": lambda v, **kw: number(v, **kw),
    "scaled": lambda v, **kw: scaled(v, "户", **kw),
    "wan": lambda v, **kw: wan(v, "元", **kw),
    "yi": lambda v, **kw: yi(v, "元", **kw),
    "percent": lambda v, **kw: percent(v, **kw),
    "change": lambda v, **kw: change(v, **kw),
    "points": lambda v, **kw: points(v, **kw),
    "rate_shift_new": lambda v, **kw: rate_shift(v, 1.0, **kw),
    "rate_shift_old": lambda v, **kw: rate_shift(1.0, v, **kw),
    "share_part": lambda v, **kw: share(v, 100, **kw),
    "share_total": lambda v, **kw: share(1, v, **kw),
    "num_range_low": lambda v, **kw: num_range(v, 5, **kw),
    "num_range_high": lambda v, **kw: num_range(1, v, **kw),
    "date_cn": lambda v, **kw: date_cn(v, **kw),
    "month_cn": lambda v, **kw: month_cn(v, **kw),
}


# ---------------------------------------------------------------- module surface


def test_all_lists_public_names():
    expected = {
        "FigureError", "MissingFigure", "number", "scaled", "wan", "yi", "percent", "change",
        "amount_change", "point_count", "compare", "points", "rate_shift", "share", "cn_numeral", "cn_ordinal", "enumerate_cn", "date_cn",
        "month_cn", "month_range", "num_range",
    }
    assert set(figures.__all__) == expected
    assert all(hasattr(figures, name) for name in expected)


def test_module_docstring_present():
    assert figures.__doc__ and figures.__doc__.strip()


def test_exception_hierarchy():
    assert issubclass(FigureError, ValueError)
    assert issubclass(MissingFigure, FigureError)


@pytest.mark.parametrize(
    "func, params",
    [
        (number, ["value", "digits", "trim", "missing"]),
        (scaled, ["value", "unit", "digits", "trim", "to", "missing"]),
        (wan, ["value", "unit", "digits", "trim", "missing"]),
        (yi, ["value", "unit", "digits", "trim", "missing"]),
        (percent, ["value", "digits", "trim", "ratio", "missing"]),
        (change, ["value", "digits", "prefix", "up", "down", "flat", "ratio", "missing"]),
        (points, ["value", "digits", "up", "down", "flat", "missing"]),
        (rate_shift, ["new", "old", "digits", "subject", "missing"]),
        (share, ["part", "total", "digits", "trim", "missing"]),
        (cn_numeral, ["n"]),
        (cn_ordinal, ["n"]),
        (enumerate_cn, ["items", "sep"]),
        (date_cn, ["value", "missing"]),
        (month_cn, ["value", "missing"]),
        (month_range, ["start", "end", "year"]),
        (num_range, ["low", "high", "unit", "digits", "trim", "sep", "missing"]),
    ],
)
def test_signatures(func, params):
    assert list(inspect.signature(func).parameters) == params


# ---------------------------------------------------------------- number


@pytest.mark.parametrize(
    "value, kwargs, expected",
    [
        (2329, {}, "2329"),
        (1234.5, {}, "1234.5"),
        (19.990000000000002, {}, "19.99"),
        (2.675, {}, "2.68"),
        (2.665, {}, "2.67"),
        (0.125, {}, "0.13"),
        (1.005, {}, "1.01"),
        (0.5, {"digits": 0}, "1"),
        (1.5, {"digits": 0}, "2"),
        (2.5, {"digits": 0}, "3"),
        (-2.5, {"digits": 0}, "-3"),
        (-2.675, {}, "-2.68"),
        (0, {}, "0"),
        (0.0, {}, "0"),
        (-0.0, {}, "0"),
        ("-0", {}, "0"),
        ("-0.0", {"trim": False, "digits": 1}, "0.0"),
        (-0.001, {}, "0"),
        (-0.004, {"trim": False}, "0.00"),
        (-12.5, {}, "-12.5"),
        (4.10, {}, "4.1"),
        (4.00, {}, "4"),
        (4.1, {"trim": False}, "4.10"),
        (4, {"trim": False}, "4.00"),
        (4, {"trim": False, "digits": 0}, "4"),
        (100, {}, "100"),
        (12345.6, {}, "12345.6"),
        (1234567890, {}, "1234567890"),
        (1e20, {}, "100000000000000000000"),
        (Decimal("3.14159"), {"digits": 3}, "3.142"),
        (Decimal("2.675"), {}, "2.68"),
        ("1,234.5", {}, "1234.5"),
        ("1,234,567", {}, "1234567"),
        (" 12 ", {}, "12"),
        ("１２．５", {}, "12.5"),
        ("１，２３４", {}, "1234"),
        ("12.3%", {}, "12.3"),
        ("12.3 %", {}, "12.3"),
        ("１２％", {}, "12"),
        ("+5", {}, "5"),
        ("-7.25", {"digits": 1}, "-7.3"),
        (".5", {}, "0.5"),
        ("1e3", {}, "1000"),
        ("\u22123", {}, "-3"),
        (3.14159, {"digits": 4}, "3.1416"),
    ],
)
def test_number(value, kwargs, expected):
    assert number(value, **kwargs) == expected


@pytest.mark.parametrize("value", [12345.6, 1234567, "1,234,567.8", 99999999.99])
def test_number_never_prints_separators(value):
    assert "," not in number(value)


# ---------------------------------------------------------------- scaled / wan / yi


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((41400, "户"), {}, "4.14万户"),
        ((2430000000, "元"), {}, "24.3亿元"),
        ((2329, "家"), {}, "2329家"),
        ((-41400, "元"), {}, "-4.14万元"),
        ((-2430000000, "元"), {}, "-24.3亿元"),
        ((99999999,), {}, "1亿"),
        ((99999999, "元"), {"trim": False}, "1.00亿元"),
        ((99995,), {}, "10万"),
        ((99994,), {}, "10万"),
        ((99994,), {"digits": 4}, "9.9994万"),
        ((9999,), {}, "9999"),
        ((9999.999,), {}, "1万"),
        ((10000,), {}, "1万"),
        ((100000000,), {}, "1亿"),
        ((0, "户"), {}, "0户"),
        ((0,), {}, "0"),
        ((-0.0, "户"), {}, "0户"),
        ((12345, "人"), {"digits": 1}, "1.2万人"),
        ((15000, "人"), {"digits": 0}, "2万人"),
        ((41400, "户"), {"trim": False}, "4.14万户"),
        ((40000, "户"), {"trim": False}, "4.00万户"),
        ((41400, "户"), {"to": ""}, "41400户"),
        ((41400, "户"), {"to": "亿"}, "0亿户"),
        ((41400, "户"), {"to": "亿", "digits": 4}, "0.0004亿户"),
        ((2430000000, "元"), {"to": "万"}, "243000万元"),
    ],
)
def test_scaled(args, kwargs, expected):
    assert scaled(*args, **kwargs) == expected


@pytest.mark.parametrize(
    "value, unit, kwargs, expected",
    [
        (41400, "户", {}, "4.14万户"),
        (123, "元", {}, "0.01万元"),
        (2430000000, "元", {}, "243000万元"),
        ("1,234,567", "", {"digits": 1}, "123.5万"),
    ],
)
def test_wan(value, unit, kwargs, expected):
    assert wan(value, unit, **kwargs) == expected


@pytest.mark.parametrize(
    "value, unit, kwargs, expected",
    [
        (2430000000, "元", {}, "24.3亿元"),
        (41400, "户", {"digits": 4}, "0.0004亿户"),
        (-150000000, "元", {"trim": False}, "-1.50亿元"),
    ],
)
def test_yi(value, unit, kwargs, expected):
    assert yi(value, unit, **kwargs) == expected


def test_wan_yi_are_thin_wrappers():
    assert wan(41400, "户") == scaled(41400, "户", to="万")
    assert yi(41400, "户", 6) == scaled(41400, "户", 6, to="亿")
    assert wan(None, "户", missing="—") == "—"


@pytest.mark.parametrize("to", ["千", "w", "万元", 4])
def test_scaled_rejects_unknown_scale(to):
    with pytest.raises(FigureError, match="数量级"):
        scaled(41400, "户", to=to)


# ---------------------------------------------------------------- percent


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((23.25, 2), {}, "23.25%"),
        ((0.2325, 2), {"ratio": True}, "23.25%"),
        ((5, 1), {}, "5.0%"),
        ((5, 1), {"trim": True}, "5%"),
        ((23.25,), {}, "23.3%"),
        ((23.24,), {}, "23.2%"),
        ((0.05,), {}, "0.1%"),
        ((-0.04,), {}, "0.0%"),
        ((-3.45,), {}, "-3.5%"),
        ((0,), {}, "0.0%"),
        ((0,), {"trim": True}, "0%"),
        (("12.3%",), {"ratio": True}, "12.3%"),
        (("12.3%",), {}, "12.3%"),
        (("0.5",), {"ratio": True, "digits": 0}, "50%"),
        ((0.125,), {"ratio": True}, "12.5%"),
        ((1.5,), {"ratio": True}, "150.0%"),
        (("２３．２５",), {"digits": 2}, "23.25%"),
        ((Decimal("0.00005"),), {"ratio": True, "digits": 2}, "0.01%"),
    ],
)
def test_percent(args, kwargs, expected):
    assert percent(*args, **kwargs) == expected


# ---------------------------------------------------------------- change


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((5.3,), {}, "同比增长5.3%"),
        ((-2.1,), {}, "同比下降2.1%"),
        ((0,), {}, "与上年同期持平"),
        ((-0.04,), {}, "与上年同期持平"),
        ((0.04,), {}, "与上年同期持平"),
        ((0.05,), {}, "同比增长0.1%"),
        ((-0.05,), {}, "同比下降0.1%"),
        ((5,), {}, "同比增长5.0%"),
        ((12.345, 2), {}, "同比增长12.35%"),
        ((0,), {"prefix": "环比"}, "环比持平"),
        ((0,), {"prefix": ""}, "持平"),
        ((3.2,), {"prefix": "环比"}, "环比增长3.2%"),
        ((-3.2,), {"prefix": ""}, "下降3.2%"),
        ((0,), {"flat": "基本持平"}, "基本持平"),
        ((4,), {"up": "提高", "down": "降低"}, "同比提高4.0%"),
        ((-4,), {"up": "提高", "down": "降低"}, "同比降低4.0%"),
        ((0.053,), {"ratio": True}, "同比增长5.3%"),
        (("-2.1%",), {"ratio": True}, "同比下降2.1%"),
        (("５．３",), {}, "同比增长5.3%"),
        ((19.990000000000002,), {}, "同比增长20.0%"),
    ],
)
def test_change(args, kwargs, expected):
    assert change(*args, **kwargs) == expected


@pytest.mark.parametrize("value", [-2.1, -0.05, -100, "-3%", -0.0])
def test_change_never_prints_negative_amount(value):
    assert "-" not in change(value)


# ---------------------------------------------------------------- points


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((1.2,), {}, "提高1.2个百分点"),
        ((-0.5,), {}, "回落0.5个百分点"),
        ((0,), {}, "持平"),
        ((1,), {}, "提高1.0个百分点"),
        ((-0.04,), {}, "持平"),
        ((0.05,), {}, "提高0.1个百分点"),
        ((-0.05,), {}, "回落0.1个百分点"),
        ((2.345, 2), {}, "提高2.35个百分点"),
        ((1.2,), {"up": "上升", "down": "下降"}, "上升1.2个百分点"),
        ((-1.2,), {"up": "上升", "down": "下降"}, "下降1.2个百分点"),
        ((0,), {"flat": "保持不变"}, "保持不变"),
        (("-0.0",), {}, "持平"),
    ],
)
def test_points(args, kwargs, expected):
    assert points(*args, **kwargs) == expected


# ---------------------------------------------------------------- rate_shift


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((6.5, 5.3), {}, "增速提高1.2个百分点"),
        ((5.3, 6.5), {}, "增速回落1.2个百分点"),
        ((-2.1, -2.6), {}, "降幅收窄0.5个百分点"),
        ((-3.0, -2.0), {}, "降幅扩大1.0个百分点"),
        ((-2.0, -2.0), {}, "降幅持平"),
        ((2.0, -1.5), {}, "增速提高3.5个百分点"),
        ((-1.5, 2.0), {}, "增速回落3.5个百分点"),
        ((5.3, 5.3), {}, "增速持平"),
        ((5.32, 5.3), {}, "增速持平"),
        ((5.35, 5.3), {}, "增速提高0.1个百分点"),
        ((0.3, 0.1), {}, "增速提高0.2个百分点"),
        ((6.5, 5.3), {"subject": "利润增速"}, "利润增速提高1.2个百分点"),
        ((5.3, 5.3), {"subject": "利润增速"}, "利润增速持平"),
        ((6.55, 5.3), {"digits": 2}, "增速提高1.25个百分点"),
        (("6.5%", "5.3%"), {}, "增速提高1.2个百分点"),
        ((0, -2.0), {}, "增速提高2.0个百分点"),
        ((-0.04, -2.0), {}, "增速提高2.0个百分点"),
    ],
)
def test_rate_shift(args, kwargs, expected):
    assert rate_shift(*args, **kwargs) == expected


# ---------------------------------------------------------------- share


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((784, 2481), {}, "31.6%"),
        ((1, 8), {}, "12.5%"),
        ((1, 8), {"digits": 0}, "13%"),
        ((1, 3), {"digits": 2}, "33.33%"),
        ((2, 3), {"digits": 2}, "66.67%"),
        ((0, 5), {}, "0.0%"),
        ((0, 5), {"trim": True}, "0%"),
        ((5, 5), {"trim": True}, "100%"),
        ((6, 5), {}, "120.0%"),
        (("784", "2,481"), {}, "31.6%"),
        ((-1, 8), {}, "-12.5%"),
    ],
)
def test_share(args, kwargs, expected):
    assert share(*args, **kwargs) == expected


@pytest.mark.parametrize("total", [0, 0.0, "0", "-0"])
def test_share_zero_total(total):
    with pytest.raises(FigureError, match="总数为0"):
        share(3, total)


@pytest.mark.parametrize("total", [-1, -0.5, "-10"])
def test_share_negative_total(total):
    with pytest.raises(FigureError, match="负数") as info:
        share(3, total)
    assert not isinstance(info.value, MissingFigure)


# ---------------------------------------------------------------- num_range


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((15, 30, "%"), {}, "15%～30%"),
        ((9, 16, "亿"), {}, "9亿～16亿"),
        ((9, 16), {}, "9～16"),
        ((1.25, 2.5, "万元"), {}, "1.25万元～2.5万元"),
        ((1.25, 2.5, "万元"), {"trim": False}, "1.25万元～2.50万元"),
        ((1.255, 2.5), {"digits": 2}, "1.26～2.5"),
        ((-36, -8, "℃"), {}, "-36℃～-8℃"),
        ((15, 30, "%"), {"sep": "—"}, "15%—30%"),
        ((5, 5, "个"), {}, "5个～5个"),
        (("１５", "30%"), {}, "15～30"),
    ],
)
def test_num_range(args, kwargs, expected):
    assert num_range(*args, **kwargs) == expected


def test_num_range_low_above_high():
    with pytest.raises(FigureError, match="下限"):
        num_range(30, 15, "%")


# ---------------------------------------------------------------- missing values


@pytest.mark.parametrize("value", MISSING_FORMS)
@pytest.mark.parametrize("call", sorted(NUMERIC_CALLS))
def test_missing_with_default(call, value):
    assert NUMERIC_CALLS[call](value, missing="——") == "——"


@pytest.mark.parametrize("value", MISSING_FORMS)
@pytest.mark.parametrize("call", sorted(NUMERIC_CALLS))
def test_missing_raises(call, value):
    with pytest.raises(MissingFigure) as info:
        NUMERIC_CALLS[call](value)
    assert "缺少" in str(info.value)


@pytest.mark.parametrize("missing", ["", "—", "未统计", "0"])
def test_missing_returned_unchanged(missing):
    assert number(None, missing=missing) == missing
    assert percent("nan", missing=missing) == missing


def test_missing_passed_positionally():
    assert number(None, 2, True, "—") == "—"
    assert scaled("", "户", 2, True, None, "无") == "无"


def test_missing_message_text():
    with pytest.raises(MissingFigure) as info:
        number("—")
    message = str(info.value)
    assert message.startswith("缺少数值：该字段为空")
    assert "「—」" in message
    assert "missing" in message


@pytest.mark.parametrize("value", ["－", "　", " \t", "ＮａＮ"])
def test_missing_after_normalisation(value):
    with pytest.raises(MissingFigure):
        number(value)


def test_jinja_undefined_is_missing():
    jinja2 = pytest.importorskip("jinja2")
    assert number(jinja2.Undefined(name="x"), missing="—") == "—"
    # Without a replacement text, the Undefined's own error is raised: it names the field.
    with pytest.raises(jinja2.UndefinedError, match="'x' is undefined"):
        number(jinja2.Undefined(name="x"))


def test_missing_does_not_hide_bad_values():
    with pytest.raises(FigureError) as info:
        number("abc", missing="—")
    assert not isinstance(info.value, MissingFigure)


# ---------------------------------------------------------------- bad values


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("call", sorted(set(NUMERIC_CALLS) - {"date_cn", "month_cn"}))
def test_bool_rejected(call, value):
    with pytest.raises(FigureError) as info:
        NUMERIC_CALLS[call](value, missing="—")
    assert not isinstance(info.value, MissingFigure)
    assert str(value) in str(info.value)


@pytest.mark.parametrize(
    "value",
    ["十二", "abc", "12abc", "1,2", "12,34.5", "1.2.3", "%", "12%%", "inf", "Infinity", "1_000", "0x10", "12 34"],
)
def test_bad_strings(value):
    with pytest.raises(FigureError) as info:
        number(value)
    message = str(info.value)
    assert not isinstance(info.value, MissingFigure)
    assert f"「{value}」" in message
    assert CJK.search(message)


@pytest.mark.parametrize("value", [[1], {"a": 1}, object(), b"12", datetime.date(2024, 1, 5)])
def test_bad_types(value):
    with pytest.raises(FigureError, match="无法识别的数值"):
        number(value)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), Decimal("Infinity")])
def test_non_finite_rejected(value):
    with pytest.raises(FigureError, match="有限数"):
        number(value)


def test_example_message_for_chinese_numeral():
    with pytest.raises(FigureError) as info:
        number("十二")
    assert str(info.value) == "无法识别的数值「十二」：请填写阿拉伯数字，如 12 或 12.5。"


@pytest.mark.parametrize("digits", [-1, 1.5, "2", True, None])
def test_bad_digits(digits):
    with pytest.raises(FigureError, match="小数位数"):
        number(1.5, digits=digits)


def test_huge_value_cannot_round():
    with pytest.raises(FigureError, match="过大"):
        number("1e500")


# ---------------------------------------------------------------- cn_numeral / cn_ordinal


@pytest.mark.parametrize(
    "n, expected",
    [
        (0, "零"),
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2019, "二千零一十九"),
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (10100, "一万零一百"),
        (11000, "一万一千"),
        (100000, "十万"),
        (100010, "十万零一十"),
        (120000, "十二万"),
        (123456, "十二万三千四百五十六"),
        (1000001, "一百万零一"),
        (1010000, "一百零一万"),
        (10001000, "一千万一千"),
        (20010000, "二千零一万"),
        (99999999, "九千九百九十九万九千九百九十九"),
        ("12", "十二"),
        ("１２", "十二"),
        (12.0, "十二"),
        (Decimal("110"), "一百一十"),
    ],
)
def test_cn_numeral(n, expected):
    assert cn_numeral(n) == expected


@pytest.mark.parametrize("n", [-1, 12.5, "3.2", True, False, 100000000, "十二", "abc", [1], "1e30"])
def test_cn_numeral_rejects(n):
    with pytest.raises(FigureError) as info:
        cn_numeral(n)
    assert not isinstance(info.value, MissingFigure)
    assert CJK.search(str(info.value))


@pytest.mark.parametrize("n", [None, "", "—"])
def test_cn_numeral_missing(n):
    with pytest.raises(MissingFigure):
        cn_numeral(n)


@pytest.mark.parametrize(
    "n, expected",
    [(1, "第一"), (2, "第二"), (10, "第十"), (12, "第十二"), (20, "第二十"), (101, "第一百零一"), ("3", "第三")],
)
def test_cn_ordinal(n, expected):
    assert cn_ordinal(n) == expected


@pytest.mark.parametrize("n", [0, -1, "0", 1.5, True])
def test_cn_ordinal_rejects(n):
    with pytest.raises(FigureError):
        cn_ordinal(n)


# ---------------------------------------------------------------- enumerate_cn


@pytest.mark.parametrize(
    "items, kwargs, expected",
    [
        (["统筹安排，扎实推进", "走访调研。"], {}, "一是统筹安排，扎实推进。二是走访调研。"),
        (["统筹安排，扎实推进", "走访调研。"], {"sep": "；"}, "一是统筹安排，扎实推进；二是走访调研。"),
        (["甲；", "乙，", "丙;", "丁,", "戊."], {}, "一是甲。二是乙。三是丙。四是丁。五是戊。"),
        (["  甲  ", "乙 。 "], {"sep": "；"}, "一是甲；二是乙。"),
        (["a", "b", "c"], {"sep": "；"}, "一是a；二是b；三是c。"),
        ([], {}, ""),
        (["走访调研"], {}, "走访调研。"),
        (["走访调研；"], {}, "走访调研。"),
        ((x for x in ["甲", "乙"]), {}, "一是甲。二是乙。"),
        (("甲", "乙"), {}, "一是甲。二是乙。"),
        ([1, 2.5], {}, "一是1。二是2.5。"),
        (["甲", "", None, "乙"], {}, "一是甲。二是乙。"),
    ],
)
def test_enumerate_cn(items, kwargs, expected):
    assert enumerate_cn(items, **kwargs) == expected


def test_enumerate_cn_many_items_use_cn_numerals():
    text = enumerate_cn([f"项{i}" for i in range(1, 12)], sep="；")
    assert text.startswith("一是项1；")
    assert "十是项10；十一是项11。" in text
    assert text.endswith("。") and text.count("；") == 10


@pytest.mark.parametrize("items", ["走访调研", b"abc", {"a": 1}, 12, None])
def test_enumerate_cn_rejects_non_lists(items):
    with pytest.raises(FigureError, match="列表"):
        enumerate_cn(items)


# ---------------------------------------------------------------- date_cn / month_cn


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2024, 1, 5), "2024年1月5日"),
        (datetime.datetime(2024, 12, 31, 23, 59), "2024年12月31日"),
        ("2024-01-05", "2024年1月5日"),
        ("2024/1/5", "2024年1月5日"),
        ("2024.1.5", "2024年1月5日"),
        ("2024年01月05日", "2024年1月5日"),
        ("2024年1月5日", "2024年1月5日"),
        ("20240105", "2024年1月5日"),
        (20240105, "2024年1月5日"),
        (" 2024-10-20 ", "2024年10月20日"),
        ("２０２４－０１－０５", "2024年1月5日"),
        ("2024-01-05 08:30:00", "2024年1月5日"),
        ("2024-01-05T08:30", "2024年1月5日"),
        ("2024-02-29", "2024年2月29日"),
    ],
)
def test_date_cn(value, expected):
    assert date_cn(value) == expected


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "20241301", "2024年2月30日"])
def test_date_cn_invalid_date(value):
    with pytest.raises(FigureError) as info:
        date_cn(value)
    assert f"「{value}」" in str(info.value)
    assert "不存在" in str(info.value)


@pytest.mark.parametrize("value", ["abc", "2024-01", "2024-1/5", "24-1-5", "2024年1月", "5/1/2024", 12.5, True])
def test_date_cn_unrecognised(value):
    with pytest.raises(FigureError) as info:
        date_cn(value)
    message = str(info.value)
    assert not isinstance(info.value, MissingFigure)
    assert "无法识别的日期" in message and str(value) in message
    assert "2024-01-05" in message and "20240105" in message


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2024, 1, 5), "2024年1月"),
        ("2024-01-05", "2024年1月"),
        ("2024-01", "2024年1月"),
        ("2024/1", "2024年1月"),
        ("2024.12", "2024年12月"),
        ("2024年1月", "2024年1月"),
        ("2024年01月", "2024年1月"),
        ("20240105", "2024年1月"),
        ("2024年1月5日", "2024年1月"),
    ],
)
def test_month_cn(value, expected):
    assert month_cn(value) == expected


@pytest.mark.parametrize("value", ["2024-13", "2024-00", "2024年13月", "abc", "2024-02-30"])
def test_month_cn_rejects(value):
    with pytest.raises(FigureError) as info:
        month_cn(value)
    assert f"「{value}」" in str(info.value)


def test_date_missing_message():
    with pytest.raises(MissingFigure, match="缺少日期"):
        date_cn("")


# ---------------------------------------------------------------- month_range


@pytest.mark.parametrize(
    "args, expected",
    [
        ((1, 9), "1—9月"),
        ((1, 9, 2024), "2024年1—9月"),
        ((9, 9), "9月"),
        ((9, 9, 2024), "2024年9月"),
        ((1, 12), "1—12月"),
        (("1", "6", "2023"), "2023年1—6月"),
        ((1.0, 3.0), "1—3月"),
    ],
)
def test_month_range(args, expected):
    result = month_range(*args)
    assert result == expected
    assert "-" not in result


@pytest.mark.parametrize(
    "args, fragment",
    [
        ((0, 9), "月份"),
        ((1, 13), "月份"),
        ((9, 1), "晚于"),
        ((1.5, 3), "不是整数"),
        ((True, 3), "真假值"),
        ((1, 9, 0), "年份"),
        ((1, 9, "abc"), "abc"),
    ],
)
def test_month_range_rejects(args, fragment):
    with pytest.raises(FigureError, match=fragment):
        month_range(*args)


# ---------------------------------------------------------------- messages


@pytest.mark.parametrize(
    "call, shown",
    [
        (lambda: number("abc"), "abc"),
        (lambda: scaled("十万", "户"), "十万"),
        (lambda: percent("百分之五"), "百分之五"),
        (lambda: change("增长"), "增长"),
        (lambda: points("x1"), "x1"),
        (lambda: rate_shift("6.5", "五"), "五"),
        (lambda: share(1, "零"), "零"),
        (lambda: num_range("a", 3), "a"),
        (lambda: cn_numeral(-5), "-5"),
        (lambda: cn_numeral("3.2"), "3.2"),
        (lambda: date_cn("2024-02-30"), "2024-02-30"),
        (lambda: month_range(1, 13), "13"),
    ],
)
def test_error_messages_are_chinese_and_name_the_value(call, shown):
    with pytest.raises(FigureError) as info:
        call()
    message = str(info.value)
    assert CJK.search(message)
    assert f"「{shown}」" in message
