"""Render a template folder's Jinja text with the data, in Jinja's sandbox, to markup text.

Every value printed with ``{{ }}`` is quoted as literal text for the parser, so data can
never inject structure. Compiled templates are cached per process.
"""

from __future__ import annotations

import datetime as dt
import math
import types
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .. import figures
from ..data.tree import DataDict
from ..document.parse import literal
from ..errors import BriefgenError, DataError, TemplateError
from . import aggregates
from .catalog import TemplateInfo

# Filters under their English names and the Chinese names templates use.
FILTERS: dict[str, Any] = {
    "number": figures.number,
    "scaled": figures.scaled,
    "wan": figures.wan,
    "yi": figures.yi,
    "percent": figures.percent,
    "change": figures.change,
    "points": figures.points,
    "rate_shift": figures.rate_shift,
    "share": figures.share,
    "cn_numeral": figures.cn_numeral,
    "cn_ordinal": figures.cn_ordinal,
    "enumerate_cn": figures.enumerate_cn,
    "date_cn": figures.date_cn,
    "month_cn": figures.month_cn,
    "month_range": figures.month_range,
    "num_range": figures.num_range,
    "total": aggregates.total,
    "rank": aggregates.rank,
}
CHINESE_FILTER_NAMES = {
    "数值": "number",
    "数额": "scaled",
    "万": "wan",
    "亿": "yi",
    "百分比": "percent",
    "增减": "change",
    "百分点": "points",
    "增速变化": "rate_shift",
    "占比": "share",
    "汉字数": "cn_numeral",
    "第几": "cn_ordinal",
    "一是二是": "enumerate_cn",
    "日期": "date_cn",
    "月份": "month_cn",
    "月份区间": "month_range",
    "区间": "num_range",
    "合计": "total",
    "名次": "rank",
}


class DataUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose message names the missing field by its data path, in Chinese."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        owner = self._undefined_obj
        if owner is jinja2.utils.missing:
            return f"数据中缺少字段「{name}」"
        if isinstance(owner, DataDict):
            where = f"（该组数据位于 {owner.where()}）" if owner.source else ""
            return f"数据中缺少字段「{owner.child_path(name)}」{where}"
        return f"「{name}」不存在（{type(owner).__name__} 类型的值没有这一项）"


class MissingValue(ValueError):
    """A template printed a field whose value is empty (null / NaN)."""


class TemplateRaised(ValueError):
    """A template rejected its data with ``{{ 报错('…') }}``."""


def _raise_from_template(message: str) -> None:
    raise TemplateRaised(str(message))


def _finalize(value: Any) -> str:
    """Word what ``{{ }}`` prints and quote it as literal text for the parser."""
    if type(value) is str:  # most of what a template prints: figures already worded
        return literal(value)
    if isinstance(value, jinja2.Undefined):
        if value._undefined_name is None and value._undefined_obj is jinja2.utils.missing:
            return ""  # {{ x if condition }} with a false condition prints nothing
        value._fail_with_undefined_error()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise MissingValue("要输出的字段值为空（null）")
    if callable(value):
        # e.g. {{ row.items }} on a row without an "items" column: a method, not data.
        raise MissingValue("要输出的字段不存在（得到的是一个方法，不是数据）")
    if isinstance(value, (dt.date, dt.datetime)):
        return literal(figures.date_cn(value))
    if isinstance(value, float):
        # A raw float would print Excel's noise (19.990000000000002).
        return literal(figures.number(value, digits=6))
    if isinstance(value, bool):
        return literal("是" if value else "否")
    return literal(str(value))


class _Environment(SandboxedEnvironment):
    """The sandbox, with data keys taking precedence over dict methods (row.items)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
            if not hasattr(dict, attribute):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept on disk between runs (keyed by template source: safe to share)."""
    from ..cache import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    (folder / "jinja").mkdir(exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder / "jinja"))


@lru_cache(maxsize=32)
def _environment(folder: Path) -> _Environment:
    env = _Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=DataUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.globals["fail"] = env.globals["报错"] = _raise_from_template
    env.filters.update(FILTERS)
    env.filters.update({cn: FILTERS[en] for cn, en in CHINESE_FILTER_NAMES.items()})
    return env


def compile_template(info: TemplateInfo) -> jinja2.Template:
    """The compiled main template; Jinja's cache recompiles only when the file changes."""
    env = _environment(info.folder)
    try:
        return env.get_template(info.main)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板语法错误：{exc.message}。",
            where=f"{exc.filename or info.main_path}:{exc.lineno}",
            hint="请检查该行的 {{ }}、{% %} 是否成对，标签拼写是否正确。",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"找不到模板文件「{exc.name}」。", where=str(info.folder)) from None


_MISSING_HINT = "请在数据文件中补上该字段；如果它可以省略，请在模板中用 default 过滤器给出默认值。"
# How an exception raised while rendering reaches the user: first match wins (subclasses first).
_RENDER_ERRORS: list[tuple[type[BaseException] | tuple[type[BaseException], ...], type[BriefgenError], str, str]] = [
    (jinja2.UndefinedError, DataError, "{}。", _MISSING_HINT),
    (TemplateRaised, DataError, "{}", "请按上面的说明修改数据文件。"),
    (MissingValue, DataError, "{}。", _MISSING_HINT),
    (figures.FigureError, DataError, "{}", ""),
    (SecurityError, TemplateError, "模板试图访问不允许的内容：{}。", "模板在沙箱中运行，不能读取文件、调用内部属性或执行代码。"),
    (jinja2.TemplateError, TemplateError, "模板出错：{}。", ""),
    (
        (TypeError, ValueError, ArithmeticError, LookupError),
        TemplateError,
        "模板计算出错：{}。",
        "请检查该行用到的数据类型（数字、文字、列表）是否与模板的用法一致。",
    ),
]


def render_markup(info: TemplateInfo, data: dict[str, Any]) -> str:
    """Render the template with ``data``; returns the markup text for the parser."""
    template = compile_template(info)
    context = dict(data)
    context["data"] = data
    context["options"] = info.options
    try:
        return template.render(context)
    except Exception as exc:
        for kinds, error, message, hint in _RENDER_ERRORS:
            if isinstance(exc, kinds):
                where = _template_location(exc, info)
                raise error(message.format(exc), where=where, hint=hint) from None
        raise


def _template_location(exc: BaseException, info: TemplateInfo) -> str:
    """``template-file:line`` of the innermost template frame in the traceback."""
    folder = str(info.folder)
    location = str(info.main_path)
    tb: types.TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folder):
            location = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location
