"""Write a starting data file for a template from its schema: commented YAML or a guided workbook.

YAML with a Chinese comment on every field, or an Excel workbook laid out by the convention in
docs/data.md (with a note on every column, drop-down lists where a field has fixed values).
Given data, the same writers fill the file in — how the .xlsx examples are made from the YAML ones.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import yaml

FIELD_SHEET = "字段"
FIELD_HEADERS = ("字段", "值", "说明")
ROW_ID = "序号"
LIST_JOIN = "、"


def _describe(schema: dict[str, Any], required: bool) -> str:
    title = schema.get("title", "")
    description = schema.get("description", "")
    need = "必填" if required else "可省略"
    text = f"{title}：{description}" if title and description else (title or description)
    if "enum" in schema:
        text += f"（可选值：{'、'.join(map(str, schema['enum']))}）"
    return f"{text}（{need}）" if text else f"（{need}）"


# -- YAML ----------------------------------------------------------------------------------------


def yaml_text(schema: dict[str, Any], data: dict[str, Any] | None = None, name: str = "") -> str:
    """A YAML data file: every field with its Chinese description as a comment."""
    lines = [
        f"# {schema.get('title', name)}的数据文件（由 briefgen init 生成）",
        f"# {schema.get('description', '')}".rstrip(),
        "# 每个字段上方的注释说明它的含义；“必填”的字段一定要填写，“可省略”的可以删除。",
        "",
    ]
    _yaml_object(schema, data, 0, lines)
    return "\n".join(lines).rstrip() + "\n"


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


def _fields(schema: dict[str, Any], data: dict[str, Any] | None):
    """(key, its schema, its value, required?) for the schema's fields, then the data's others;
    with data, only the fields the data has."""
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    for key in list(properties) + [key for key in (data or {}) if key not in properties]:
        if data is not None and key not in data:
            continue
        yield key, properties.get(key, {}), (data or {}).get(key), key in required


def _yaml_object(schema: dict[str, Any], data: dict[str, Any] | None, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, child, value, required in _fields(schema, data):
        lines.append(f"{pad}# {_describe(child, required)}")
        _yaml_value(key, child, value, indent, lines, filled=data is not None)


def _yaml_value(key: str, schema: dict[str, Any], value: Any, indent: int, lines: list[str], filled: bool) -> None:
    pad = " " * indent
    kind = schema.get("type") or _kind_of(value)
    if kind == "object":
        lines.append(f"{pad}{key}:")
        _yaml_object(schema, value if filled else None, indent + 2, lines)
    elif kind == "array" and (schema.get("items", {}).get("type") == "object" or (value and isinstance(value[0], dict))):
        lines.append(f"{pad}{key}:")
        items = value if filled else [None]
        for item in items:
            item_lines: list[str] = []
            _yaml_object(schema.get("items", {}), item if filled else None, indent + 4, item_lines)
            first = next(index for index, line in enumerate(item_lines) if not line.lstrip().startswith("#"))
            item_lines[first] = f"{pad}  - " + item_lines[first].lstrip()
            lines.extend(item_lines)
    elif kind == "array":
        lines.append(f"{pad}{key}: {_scalar(list(value) if filled and value is not None else [])}")
    else:
        lines.append(f"{pad}{key}: {_scalar(value) if filled else ''}".rstrip())


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"


# -- Excel ---------------------------------------------------------------------------------------


@dataclass
class Column:
    name: str  # dotted within the record
    schema: dict[str, Any]
    required: bool

    @property
    def header(self) -> str:
        unit = self.schema.get("x-unit")
        return f"{self.name}（{unit}）" if unit else self.name


@dataclass
class TableSheet:
    name: str  # dotted data path
    parent_label: str  # the parent's name, for child sheets
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    has_children: bool = False


def workbook_bytes(schema: dict[str, Any], data: dict[str, Any] | None = None) -> bytes:
    """An .xlsx laid out by briefgen's workbook convention (empty, or filled with ``data``)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    field_rows: list[tuple[str, Any, dict[str, Any], bool]] = []
    tables: list[TableSheet] = []
    _collect_fields(schema, data, "", field_rows, tables)

    book = Workbook()
    fields = book.active
    fields.title = FIELD_SHEET
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    fields.append(list(FIELD_HEADERS))
    for name, value, child, required in field_rows:
        fields.append([name, _cell(value, child), _describe(child, required)])
        _validate_cell(fields, fields.max_row, 2, child, DataValidation, Comment)
    _style_header(fields, bold, header_fill, Alignment)
    fields.column_dimensions["A"].width, fields.column_dimensions["B"].width, fields.column_dimensions["C"].width = 24, 40, 80

    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        headers = ([table.parent_label] if table.parent_label else []) + ([ROW_ID] if table.has_children else [])
        headers += [column.header for column in table.columns]
        sheet.append(headers)
        offset = len(headers) - len(table.columns)
        for index, column in enumerate(table.columns, start=offset + 1):
            cell = sheet.cell(row=1, column=index)
            cell.comment = Comment(_describe(column.schema, column.required), "briefgen")
            _validate_column(sheet, index, column, DataValidation)
        for row in table.rows:
            sheet.append(row)
        _style_header(sheet, bold, header_fill, Alignment)
        for index in range(1, len(headers) + 1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any, schema: dict[str, Any]) -> Any:
    """A value as one cell; a list of short words joined by 、, of sentences one per line."""
    if isinstance(value, list):
        from .validate import split_list

        items = [str(item) for item in value]
        joined = LIST_JOIN.join(items)
        return joined if split_list(joined) == items else "\n".join(items)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _style_header(sheet, bold, fill, alignment) -> None:
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"


def _validate_cell(sheet, row: int, column: int, schema: dict[str, Any], data_validation, comment) -> None:
    if "enum" in schema:
        rule = data_validation(type="list", formula1='"' + ",".join(map(str, schema["enum"])) + '"', allow_blank=True)
        rule.prompt = _describe(schema, False)[:255]
        sheet.add_data_validation(rule)
        rule.add(sheet.cell(row=row, column=column))


def _validate_column(sheet, column: int, spec: Column, data_validation) -> None:
    """An input message on every column; a drop-down list where the values are fixed."""
    letter = sheet.cell(row=1, column=column).column_letter
    if "enum" in spec.schema:
        rule = data_validation(type="list", formula1='"' + ",".join(map(str, spec.schema["enum"])) + '"', allow_blank=True)
    else:
        rule = data_validation(allow_blank=True)
    rule.promptTitle = spec.name[:32]
    rule.prompt = _describe(spec.schema, spec.required)[:255]
    rule.showInputMessage = True
    sheet.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}1000")


def _collect_fields(schema, data, prefix, field_rows, tables) -> None:
    """Scalars (and lists of scalars) go to the 字段 sheet; lists of records to their own sheets."""
    for key, child, value, required in _fields(schema, data):
        path = f"{prefix}{key}"
        kind = child.get("type") or _kind_of(value)
        if kind == "object":
            _collect_fields(child, value if data is not None else None, f"{path}.", field_rows, tables)
        elif kind == "array" and (child.get("items", {}).get("type") == "object" or (value and isinstance(value[0], dict))):
            _collect_table(path, "", child, value if data is not None else [], tables)
        else:
            field_rows.append((path, value, child, required))


def _collect_table(path: str, parent_label: str, list_schema, records, tables, parent_refs=None) -> None:
    """A sheet for a list of records, and child sheets for lists of records inside them.

    A child row names its parent by the parent's unique field (x-unique, e.g. the city's 名称)
    when there is one, otherwise by the parent's 序号.
    """
    item_schema = list_schema.get("items", {})
    table = TableSheet(path, parent_label, _columns(item_schema, records))
    tables.append(table)
    nested = [
        key for key, child in item_schema.get("properties", {}).items()
        if child.get("type") == "array" and child.get("items", {}).get("type") == "object"
    ]
    nested += [key for record in records for key, value in record.items() if isinstance(value, list) and value and isinstance(value[0], dict) and key not in nested]
    unique = list_schema.get("x-unique")
    if unique:
        table.columns.sort(key=lambda column: column.name != unique)  # the key first: children refer to it
    table.has_children = bool(nested) and not unique
    children: dict[str, list] = {key: [] for key in nested}
    child_refs: dict[str, list] = {key: [] for key in nested}
    for number, record in enumerate(records, start=1):
        row = ([parent_refs[number - 1]] if parent_refs else []) + ([number] if table.has_children else [])
        row += [_cell(_get(record, column.name), column.schema) for column in table.columns]
        table.rows.append(row)
        for key in nested:
            for child in record.get(key) or []:
                children[key].append(child)
                child_refs[key].append(record.get(unique) if unique else number)
    label = path.rsplit(".", 1)[-1]
    for key in nested:
        child_schema = item_schema.get("properties", {}).get(key, {})
        _collect_table(f"{path}.{key}", label, child_schema, children[key], tables, child_refs[key])


def _columns(item_schema: dict[str, Any], records: list[dict[str, Any]]) -> list[Column]:
    """Record fields as columns, nested objects as dotted columns, lists of records left out."""
    columns: list[Column] = []
    required = set(item_schema.get("required", []))

    def add(name: str, schema: dict[str, Any], is_required: bool, values: list[Any]) -> None:
        kind = schema.get("type") or next((_kind_of(v) for v in values if v is not None), "string")
        if kind == "object":
            sub_required = set(schema.get("required", []))
            keys = list(schema.get("properties", {}))
            keys += [k for v in values if isinstance(v, dict) for k in v if k not in keys]
            for key in keys:
                add(f"{name}.{key}", schema.get("properties", {}).get(key, {}), key in sub_required, [v.get(key) for v in values if isinstance(v, dict)])
        elif kind == "array" and (schema.get("items", {}).get("type") == "object" or any(isinstance(v, list) and v and isinstance(v[0], dict) for v in values)):
            return
        elif all(column.name != name for column in columns):
            columns.append(Column(name, schema, is_required))

    keys = list(item_schema.get("properties", {}))
    keys += [key for record in records for key in record if key not in keys]
    for key in keys:
        add(key, item_schema.get("properties", {}).get(key, {}), key in required, [record.get(key) for record in records])
    return columns


def _get(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
