"""Validate data against a template's schema, reporting every problem at once, in Chinese.

Supports the subset of JSON Schema (2020-12) that briefgen's schemas use — type, properties,
required, items, enum, minimum/maximum/exclusiveMinimum, minItems/maxItems, minLength,
pattern, format "date" — plus ``x-unit`` (a number's unit) and ``x-unique`` (a field that must
be unique across the items of a list). While checking, values are brought to the declared type
the way spreadsheets need: "1,234.5" → 1234.5, "12.3%" → 12.3, "是" → True, "甲、乙" → a
list, a 亿元 column → 元 (``data.units``), "2024/6/5" → a date.

An optional field left empty (null, "", [], a record with nothing filled in — what ``init``
writes) is treated as absent; a field the schema does not know is dropped with a warning.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import figures
from ..errors import DataError, os_error_text
from .tree import DataDict, DataList, problems_error
from .units import factor_between, parse_unit, scale_value

_SHORT_ITEMS = re.compile(r"\s*[、，,；;]\s*")
SHORT_ITEM_CHARS = 12  # "实地察看、座谈交流" is a list; a sentence with 、 in it is one item
_TRUE, _FALSE = {"是", "true", "yes", "1", "y", "对"}, {"否", "false", "no", "0", "n", "不"}
TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否", "array": "列表", "object": "一组字段"}


@dataclass
class Problem:
    where: str
    path: str
    title: str
    description: str
    message: str

    def __str__(self) -> str:
        label = f"「{self.title}」" if self.title else f"「{self.path}」"
        about = f"（{self.description}）" if self.description else ""
        return f"{self.where}：{label}{self.message}。字段说明{about}" if about else f"{self.where}：{label}{self.message}。"


class Findings(list):
    """The problems found (``Problem`` items), and the warnings met on the way (deduplicated:
    an unknown column is one warning, not one per row). ``skip_path`` names a field left out of
    the check (a batch checks its table record by record)."""

    def __init__(self, skip_path: str = "") -> None:
        super().__init__()
        self.warnings: dict[tuple[str, str], str] = {}
        self.skip_path = skip_path

    def warn(self, key: tuple[str, str], message: str) -> None:
        self.warnings.setdefault(key, message)


def load_schema(path: Path) -> dict[str, Any]:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"无法读取数据说明（schema）：{os_error_text(exc)}。", where=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = f"（第 {exc.lineno} 行）" if isinstance(exc, json.JSONDecodeError) else ""
        raise DataError(f"数据说明（schema）不是有效的 UTF-8 JSON 文件{line}。", where=str(path)) from None
    wrong = _unknown_type(schema, "")
    if wrong is not None:
        place, kind = wrong
        raise DataError(
            f"数据说明（schema）中「{place or '顶层'}」的 type 写作 {json.dumps(kind, ensure_ascii=False)}，briefgen 不认识。", where=str(path),
            hint=f"每个字段只能有一种类型，写作 {'、'.join(TYPE_NAMES)} 之一（不支持类型列表）。",
        )
    return schema


def _unknown_type(schema: Any, place: str) -> tuple[str, Any] | None:
    """The first place whose ``type`` is not one of TYPE_NAMES (a list of types included)."""
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if kind is not None and (not isinstance(kind, str) or kind not in TYPE_NAMES):
        return place, kind
    children = [(f"{place}.{name}" if place else str(name), child) for name, child in (schema.get("properties") or {}).items()]
    children += [(f"{place}[]", schema["items"])] if isinstance(schema.get("items"), dict) else []
    for child_place, child in children:
        found = _unknown_type(child, child_place)
        if found is not None:
            return found
    return None


SCHEMA_HINT = "每个字段的含义见上面的“字段说明”；briefgen init 可生成带中文说明的空白数据文件，数据文件的写法见说明文档 docs/data.md。"


def validate(data: DataDict, schema: dict[str, Any]) -> DataDict:
    """Check ``data`` (coercing values in place); raise ``DataError`` listing every problem."""
    found = check(data, schema)
    if found:
        raise problems_error(found, data.source, hint=SCHEMA_HINT)
    return data


def check(data: DataDict, schema: dict[str, Any], skip_path: str = "") -> list[str]:
    """Every problem of ``data`` (those met while reading first), coercing values in place; the
    warnings are added to ``data.warnings``. ``skip_path`` (a dotted field) is not checked."""
    problems = Findings(skip_path)
    _check_object(data, schema, problems)
    data.warnings = [*data.warnings, *problems.warnings.values()]
    return list(data.problems) + [str(problem) for problem in problems]


def record_problems(record: DataDict, item_schema: dict[str, Any]) -> list[Problem]:
    """The problems of one record of a list (coercing its values in place), for batches that
    skip bad records instead of stopping."""
    problems = Findings()
    _check_object(record, item_schema, problems)
    return problems


def _problem(problems: list[Problem], where: str, path: str, schema: dict[str, Any], message: str) -> None:
    problems.append(Problem(where, path, schema.get("title", ""), schema.get("description", ""), message))


def _check_object(node: DataDict, schema: dict[str, Any], problems: Findings, skip: set[str] = frozenset()) -> None:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    _drop_unknown(node, properties, problems)
    _drop_empty_optional(node, properties, required)
    for key in required:
        if key not in skip and node.child_path(key) != problems.skip_path and (key not in node or is_empty(node[key])):
            _problem(problems, node.where(key), node.child_path(key), properties.get(key, {}), _missing_message(node, key, properties.get(key, {})))
    for key, child_schema in properties.items():
        if key in node and node[key] is not None and node.child_path(key) != problems.skip_path:
            unit = node.units.get(key, "")
            node[key] = _check_value(node[key], child_schema, node.where(key), node.child_path(key), unit, problems)
            if unit and factor_between(unit, _unit_for(child_schema, unit)) is not None:
                node.units[key] = _unit_for(child_schema, unit)  # converted: checking again changes nothing


def _unit_for(schema: dict[str, Any], unit: str) -> str:
    """The unit a value is brought to: the schema's ``x-unit``, else the header's without 万/亿."""
    return schema.get("x-unit") or parse_unit(unit)[0]


def is_empty(value: Any) -> bool:
    """Nothing filled in: null, blank text, a list of nothing but empty records (or none at all),
    or a record whose every field is empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, list):
        return all(isinstance(item, dict) and is_empty(item) for item in value)
    if isinstance(value, dict):
        return all(is_empty(item) for item in value.values())
    return False


def _drop_empty_optional(node: DataDict, properties: dict[str, Any], required: list[str]) -> None:
    """An optional field left empty is absent, as if it were not written (``init`` writes every
    field; a template tests ``is defined``)."""
    for key in list(node):
        value = node[key]
        if isinstance(value, list):
            value[:] = [item for item in value if not (isinstance(item, dict) and is_empty(item))]
        if key in properties and key not in required and is_empty(value):
            del node[key]


def _drop_unknown(node: DataDict, properties: dict[str, Any], problems: Findings) -> None:
    """A field the schema does not know is dropped, with one warning per field (or column)."""
    if not properties:
        return
    for key in [key for key in node if key not in properties]:
        where = node.where(key)
        spreadsheet_row = node.path.endswith("]") and ("!" in where or " 行" in where)  # a cell of a table
        table = re.sub(r"\[\d+\]", "[]", node.path)
        problems.warn((table, str(key)), f"{where}：{'列' if spreadsheet_row else '字段'}「{key}」不是该模板的字段，已忽略。")
        del node[key]


def _missing_message(node: DataDict, key: str, schema: dict[str, Any]) -> str:
    if schema.get("type") == "array" and schema.get("items", {}).get("type") == "object" and node.source.lower().endswith((".xlsx", ".xlsm")):
        return f"必须填写，但没有填（在 Excel 工作簿中它是名为「{node.child_path(key)}」的工作表，工作簿中没有这张表）"
    return "必须填写，但没有填"


def _missing_columns(items: list[Any], item_schema: dict[str, Any]) -> set[str]:
    """Required fields that no item has at all: a column missing from the table."""
    records = [item for item in items if isinstance(item, DataDict)]
    if not records:
        return set()
    return {
        key for key in item_schema.get("required", [])
        if all(key not in record and key not in record.locations for record in records)
    }


def _check_value(
    value: Any, schema: dict[str, Any], where: str, path: str, unit: str, problems: list[Problem], skip: set[str] = frozenset()
) -> Any:
    kind = schema.get("type")
    converter = _CONVERTERS.get(kind)
    if converter is not None:
        try:
            value = converter(value, schema)
        except ValueError as exc:
            expected = "日期（如 2024-06-05 或 2024年6月5日）" if schema.get("format") == "date" else TYPE_NAMES[kind]
            _problem(problems, where, path, schema, f"应为{expected}，{exc}")
            return value
    if kind in ("number", "integer"):
        value = _apply_unit(value, unit, schema, where, path, problems)
        _check_range(value, schema, where, path, problems)
    elif kind == "string":
        _check_string(value, schema, where, path, problems)
    elif kind == "array":
        value = _check_array(value, schema, where, path, problems)
    elif kind == "object" and isinstance(value, DataDict):
        _check_object(value, schema, problems, skip)
    if "enum" in schema:
        value = _check_enum(value, schema, where, path, problems)
    return value


# -- conversions (raise ValueError with what was found) ----------------------------------------


def _found(value: Any) -> str:
    return f"实际为「{value}」"


def _to_number(value: Any, schema: dict[str, Any]) -> Any:
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        raise ValueError(_found(value))
    if isinstance(value, (int, float)):
        number = value
    else:
        try:
            number = float(figures.to_decimal(value))
        except figures.FigureError:
            raise ValueError(_found(value)) from None
    if schema.get("type") == "integer":
        if isinstance(number, float) and not number.is_integer():
            raise ValueError(_found(value))
        return int(number)
    return int(number) if isinstance(number, float) and number.is_integer() and not isinstance(value, float) else number


def _to_string(value: Any, schema: dict[str, Any]) -> Any:
    if isinstance(value, (dict, list)):
        raise ValueError(_found("一组值" if isinstance(value, dict) else "列表"))
    if schema.get("format") == "date":
        return _to_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return figures.to_date(value)
    except figures.MissingFigure:
        raise ValueError(_found(value)) from None
    except figures.FigureError as exc:
        raise ValueError(f"{_found(value)}（{str(exc).split('：')[0]}）") from None


def _to_boolean(value: Any, schema: dict[str, Any]) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"请填“是”或“否”，{_found(value)}")


def _to_array(value: Any, schema: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and schema.get("items", {}).get("type", "string") == "string":
        return DataList(split_list(value))
    if isinstance(value, (int, float, str)):
        return DataList([value])
    raise ValueError(_found(value))


def split_list(text: str) -> list[str]:
    """One cell holding a list: one item per line; else short items separated by 、，；."""
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    parts = [part for part in _SHORT_ITEMS.split(text) if part]
    if len(parts) > 1 and all(len(part) <= SHORT_ITEM_CHARS and not re.search(r"[。：:！？]", part) for part in parts):
        return parts
    return [text.strip()] if text.strip() else []


def _to_object(value: Any, schema: dict[str, Any]) -> Any:
    if not isinstance(value, dict):
        raise ValueError(_found(value))
    return value


_CONVERTERS = {
    "number": _to_number,
    "integer": _to_number,
    "string": _to_string,
    "boolean": _to_boolean,
    "array": _to_array,
    "object": _to_object,
}


# -- constraints ---------------------------------------------------------------------------------


def _apply_unit(value: Any, unit: str, schema: dict[str, Any], where: str, path: str, problems: list[Problem]) -> Any:
    """A column headed 产值（亿元） holds 亿元: bring it to the schema's unit (data.units)."""
    target = _unit_for(schema, unit) if unit else ""
    if not unit or unit == target or not isinstance(value, (int, float)):
        return value
    factor = factor_between(unit, target)
    if factor is None:
        _problem(problems, where, path, schema, f"表头写的单位是「{unit}」，但这里要求以「{target}」为单位，无法换算")
        return value
    return scale_value(value, factor)


def _check_range(value: Any, schema: dict[str, Any], where: str, path: str, problems: list[Problem]) -> None:
    if not isinstance(value, (int, float)):
        return
    if "minimum" in schema and value < schema["minimum"]:
        message = "不能是负数" if schema["minimum"] == 0 else f"不能小于 {schema['minimum']}"
        _problem(problems, where, path, schema, f"{message}，{_found(value)}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        _problem(problems, where, path, schema, f"应大于 {schema['exclusiveMinimum']}，{_found(value)}")
    if "maximum" in schema and value > schema["maximum"]:
        _problem(problems, where, path, schema, f"不能大于 {schema['maximum']}，{_found(value)}")


def _check_string(value: Any, schema: dict[str, Any], where: str, path: str, problems: list[Problem]) -> None:
    if not isinstance(value, str):
        return
    if len(value.strip()) < schema.get("minLength", 0):
        _problem(problems, where, path, schema, "不能为空")
    pattern = schema.get("pattern")
    if pattern and not re.search(pattern, value):
        _problem(problems, where, path, schema, f"写法不对，{_found(value)}")


def _check_array(value: Any, schema: dict[str, Any], where: str, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, list):
        return value
    if len(value) < schema.get("minItems", 0):
        _problem(problems, where, path, schema, f"至少要有 {schema['minItems']} 项，实际有 {len(value)} 项")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        _problem(problems, where, path, schema, f"最多 {schema['maxItems']} 项，实际有 {len(value)} 项")
    item_schema = schema.get("items", {})
    missing = _missing_columns(value, item_schema)
    for key in sorted(missing):
        list_where = value.where() if isinstance(value, DataList) else where
        _problem(problems, list_where, f"{path}[].{key}", item_schema.get("properties", {}).get(key, {}), "每一项都缺少这个字段（表格中没有这一列）")
    for index, item in enumerate(value):
        item_where = item.where() if isinstance(item, (DataDict, DataList)) else (value.where() if isinstance(value, DataList) else where)
        if item is None:
            _problem(problems, item_where, f"{path}[{index}]", item_schema, "是空的")
            continue
        value[index] = _check_value(item, item_schema, item_where, f"{path}[{index}]", "", problems, missing)
    _check_unique(value, schema, path, problems)
    return value


def _check_unique(items: list[Any], schema: dict[str, Any], path: str, problems: list[Problem]) -> None:
    key = schema.get("x-unique")
    if not key:
        return
    seen: dict[Any, str] = {}
    field_schema = schema.get("items", {}).get("properties", {}).get(key, {"title": key})
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get(key) is None:
            continue
        value = item[key]
        where = item.where(key) if isinstance(item, DataDict) else ""
        if value in seen:
            _problem(problems, where, f"{path}[{index}].{key}", field_schema, f"不能重复：「{value}」已在 {seen[value]} 出现过")
        else:
            seen[value] = where


def _check_enum(value: Any, schema: dict[str, Any], where: str, path: str, problems: list[Problem]) -> Any:
    allowed = schema["enum"]
    if value in allowed:
        return value
    if isinstance(value, str):
        for option in allowed:
            if isinstance(option, str) and option.lower() == value.strip().lower():
                return option
    listed = "、".join(str(option) for option in allowed)
    _problem(problems, where, path, schema, f"只能是 {listed} 之一，{_found(value)}")
    return value
