"""Render a template folder's Jinja text with the data, in Jinja's sandbox, to markup text.

Every value printed with ``{{ }}`` is quoted as literal text for the parser, so data can
never inject structure. Compiled templates are cached per process.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import types
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from .. import figures
from ..data.tree import DataDict
from ..document.parse import literal
from ..errors import BriefgenError, DataError, TemplateError
from . import aggregates, wording
from .catalog import TemplateInfo, bundled_root
from .messages import JINJA_NAMES, runtime_message, syntax_message, type_word
from .sandbox import FolderLoader, Sandbox, bounded_render

# Filters under their English names and the Chinese names templates use.
FILTERS: dict[str, Any] = {
    "number": figures.number,
    "scaled": figures.scaled,
    "wan": figures.wan,
    "yi": figures.yi,
    "percent": figures.percent,
    "change": figures.change,
    "amount_change": figures.amount_change,
    "point_count": figures.point_count,
    "compare": figures.compare,
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
    "summary": aggregates.summary,
    "rank": aggregates.rank,
    "rank_text": aggregates.rank_text,
    "with_subject": wording.with_subject,
}
CHINESE_FILTER_NAMES = {
    "数值": "number",
    "数额": "scaled",
    "万": "wan",
    "亿": "yi",
    "百分比": "percent",
    "增减": "change",
    "增减额": "amount_change",
    "百分点数": "point_count",
    "相比": "compare",
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
    "汇总": "summary",
    "名次": "rank",
    "名次说明": "rank_text",
    "接主语": "with_subject",
}


class FieldMessage(str):
    """A message that also names the data field it is about (for errors.csv's 字段 column)."""

    field = ""


class MissingField(jinja2.UndefinedError):
    """A field the template uses is not in the data; ``field`` is its data path."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.field = getattr(message, "field", "")


class DataUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose message names the missing field by its data path, in Chinese."""

    __slots__ = ()

    def __init__(self, hint=None, obj=jinja2.utils.missing, name=None, exc=MissingField):
        super().__init__(hint, obj, name, MissingField if exc is jinja2.UndefinedError else exc)

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        owner = self._undefined_obj
        if owner is jinja2.utils.missing:
            if name in JINJA_NAMES:
                return JINJA_NAMES[name]
            return _field_message(f"数据中缺少字段「{name}」", str(name))
        if isinstance(owner, DataDict):
            where = f"（该组数据位于 {owner.where()}）" if owner.source else ""
            return _field_message(f"数据中缺少字段「{owner.child_path(name)}」{where}", owner.child_path(name))
        return f"「{name}」不存在（{type_word(type(owner).__name__)}没有这一项）"


def _field_message(text: str, field: str) -> FieldMessage:
    message = FieldMessage(text)
    message.field = field
    return message


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


def _bytecode_cache(template_folder: Path) -> jinja2.BytecodeCache | None:
    """Compiled bundled templates kept on disk between runs (keyed by template source: safe to
    share). A template from outside is compiled afresh each time: nothing of a stranger's
    template is written to disk, and a server taking uploads does not grow the cache for ever."""
    from ..cache import cache_folder

    if template_folder.parent != bundled_root().resolve():
        return None
    folder = cache_folder()
    if folder is None:
        return None
    (folder / "jinja").mkdir(exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder / "jinja"))


@lru_cache(maxsize=32)
def _environment(folder: Path) -> Sandbox:
    env = Sandbox(
        bytecode_cache=_bytecode_cache(folder),
        loader=FolderLoader(folder),
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
        raise _syntax_error(exc, info) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"找不到模板文件「{exc.name}」。", where=template_name(info)) from None


def _syntax_error(exc: jinja2.TemplateSyntaxError, info: TemplateInfo) -> TemplateError:
    """A syntax error in Chinese, at the template's file and line, with the line's text."""
    file = Path(exc.filename) if exc.filename else info.main_path
    where = f"{template_name(info, file)}:{exc.lineno}"
    line = ""
    if exc.source and exc.lineno:
        lines = exc.source.splitlines()
        line = lines[exc.lineno - 1].strip() if 0 < exc.lineno <= len(lines) else ""
    shown = f"（该行：{line[:60]}）" if line else ""
    return TemplateError(
        f"模板语法错误：{syntax_message(exc.message or '')}{shown}。",
        where=where,
        hint="请检查该行的 {{ }}、{% %} 是否成对，标签拼写是否正确。",
    )


def template_name(info: TemplateInfo, file: Path | None = None) -> str:
    """How a template file is named to the user: a bundled template by its name
    (``circular/city.j2``), a template of the user's by its path."""
    file = file or info.main_path
    if info.bundled:
        try:
            return f"{info.name}/{file.resolve().relative_to(info.folder).as_posix()}"
        except ValueError:
            return f"{info.name}/{file.name}"
    return str(file)


_MISSING_HINT = "请在数据文件中补上该字段；如果它可以省略，请在模板中用 {{ 字段 | default('') }} 给出默认值，或用 {% if 字段 is defined %} 判断。"
_TYPE_HINT = "请检查该行用到的数据类型（数字、文字、列表）是否与模板的用法一致；缺少的数据请补上。"


def _render_error(exc: BaseException, info: TemplateInfo) -> BriefgenError | None:
    """How an exception raised while rendering reaches the user, or None for a bug of briefgen's."""
    where = _template_location(exc, info)
    field = getattr(exc, "field", "")
    if isinstance(exc, BriefgenError):  # a budget exceeded, a file outside the folder
        exc.where = exc.where or where
        return exc
    if isinstance(exc, MemoryError):
        return TemplateError("模板生成时用尽了内存，已停止（模板中可能有过大的文字或列表）。", where=where)
    if isinstance(exc, jinja2.UndefinedError):
        hint = "" if str(exc) in JINJA_NAMES.values() else _MISSING_HINT
        kind = TemplateError if str(exc) in JINJA_NAMES.values() else DataError
        return kind(f"{exc}。", where=where, hint=hint, field=field)
    if isinstance(exc, (TemplateRaised, figures.FigureError)):
        return DataError(str(exc), where=where, hint="请按上面的说明修改数据文件。" if isinstance(exc, TemplateRaised) else "", field=field)
    if isinstance(exc, MissingValue):
        return DataError(f"{exc}。", where=where, hint=_MISSING_HINT)
    if isinstance(exc, SecurityError):
        return _security_error(exc, where)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_error(exc, info)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"找不到模板文件「{exc.name}」。", where=where, hint="被引入（include、import）的文件须在模板文件夹中。")
    if isinstance(exc, jinja2.TemplateError):
        return TemplateError("模板出错。", where=where, hint="请检查该行的写法。")
    if isinstance(exc, (TypeError, ValueError, ArithmeticError, LookupError, RecursionError)):
        return TemplateError(f"模板计算出错：{runtime_message(exc)}。", where=where, hint=_TYPE_HINT)
    return None


# Methods that would change the data: refused, so that one document of a batch cannot change the next.
_CHANGING = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "sort", "reverse", "add", "discard"}


def _security_error(exc: SecurityError, where: str) -> TemplateError:
    attribute = re.search(r"attribute '(\w+)'", str(exc))
    if attribute and attribute.group(1) in _CHANGING:
        return TemplateError(f"模板不能修改数据（用到了「{attribute.group(1)}」）。", where=where,
                             hint="数据对模板是只读的，批量生成时每份文件看到的都是同一份数据；需要新的列表时用 namespace 或 + 组合。")
    return TemplateError("模板试图访问不允许的内容。", where=where, hint="模板在沙箱中运行，不能读取文件、调用内部属性或执行代码。")


def render_markup(info: TemplateInfo, data: dict[str, Any]) -> str:
    """Render the template with ``data``; returns the markup text for the parser."""
    template = compile_template(info)
    context = dict(data)
    context["data"] = data
    context["options"] = info.options
    try:
        return bounded_render(template, context, f"模板「{info.name}」的生成")
    except Exception as exc:
        error = _render_error(exc, info)
        if error is None:
            raise
        raise error from None


def _template_location(exc: BaseException, info: TemplateInfo) -> str:
    """``template-file:line`` of the innermost template frame in the traceback."""
    folder = str(info.folder)
    location = template_name(info)
    tb: types.TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folder):
            location = f"{template_name(info, Path(filename))}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location
