"""A file written by `briefgen init`, with only its required fields filled in, validates and renders.

The filler below reads each bundled template's schema and writes a plausible value into every
required field (and nothing else): the optional ones stay as init wrote them — empty values,
empty lists, a blank example record, an empty optional sheet.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import openpyxl
import pytest
import yaml
from conftest import ROOT

from briefgen.api import render_bytes, validate_data
from briefgen.data.units import split_unit
from briefgen.template.catalog import bundled_names

SCHEMAS = ROOT / "data_schemas"


def schema_of(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def sample(schema: dict, label: str = "示例"):
    """A value that satisfies ``schema`` with the fewest fields (required ones only)."""
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {key: sample(schema["properties"].get(key, {}), key) for key in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}), label) for _ in range(max(1, schema.get("minItems", 0)))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 0), 0) + 12.5
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2024-06-05"
    if schema.get("examples"):
        return schema["examples"][0]
    if schema.get("pattern"):
        return next(text for text in PATTERNED if re.search(schema["pattern"], text))
    return f"{label}文字"


# Values that fit the patterns a schema may ask for (a telephone number, a proposal number …).
PATTERNED = ["0731-88812345", "13812345678", "第128号", "128", "A", "2024", "湘工信〔2024〕12号"]


def fill_required(skeleton, schema: dict):
    """The init file's tree with a sample in every required field that init left empty."""
    if schema.get("type") != "object" or not isinstance(skeleton, dict):
        return skeleton
    required = set(schema.get("required", []))
    filled = dict(skeleton)
    for key, child in schema.get("properties", {}).items():
        value = filled.get(key)
        if key in required and (value in (None, "", []) or _blank_records(value)):
            filled[key] = sample(child, key)
        elif isinstance(value, dict):
            filled[key] = fill_required(value, child)
    return filled


def _blank(value) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(isinstance(item, dict) and _blank(item) for item in value)
    return value in (None, "")


def _blank_records(value) -> bool:
    return isinstance(value, list) and bool(value) and _blank(value)


def init(template: str, output):
    result = subprocess.run([sys.executable, "-m", "briefgen", "init", template, "-o", str(output)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize("name", bundled_names())
def test_init_yaml_with_only_required_fields_validates_and_renders(tmp_path, name):
    skeleton = yaml.safe_load(init(name, tmp_path / "d.yaml").read_text(encoding="utf-8"))
    assert any(value in (None, []) or _blank_records(value) for value in skeleton.values())  # optional fields left empty
    data = tmp_path / "filled.yaml"
    data.write_text(yaml.safe_dump(fill_required(skeleton, schema_of(name)), allow_unicode=True, sort_keys=False), encoding="utf-8")
    validate_data(name, data)
    assert render_bytes(name, data)[:2] == b"PK"


def _fill_workbook(path, schema: dict) -> None:
    """Fill the init workbook's required fields: the 字段 sheet's 必填 rows and one row in each
    sheet of a required table (and of required child tables); optional sheets stay empty."""
    book = openpyxl.load_workbook(path)
    fields = book["字段"]
    for row in fields.iter_rows(min_row=2):
        name, value, note = row[0], row[1], row[2]
        if "（必填）" in str(note.value or "") and value.value in (None, ""):
            field = _schema_at(schema, split_unit(str(name.value))[0].split("."))
            value.value = _cell(sample(field, str(name.value)))
    for sheet in book.worksheets[1:]:
        path_parts = sheet.title.split(".")
        list_schema = _schema_at(schema, path_parts)
        if not _required_at(schema, path_parts):
            continue
        headers = [split_unit(str(cell.value))[0] for cell in sheet[1]]
        item = sample(list_schema.get("items", {}), path_parts[-1])
        row = []
        for header in headers:
            if header == "序号":
                row.append(1)
            elif header in item:
                row.append(_cell(item[header]))
            elif len(path_parts) > 1 and header == path_parts[-2]:
                row.append(1)  # a child sheet's parent reference: the first record's 序号
            else:
                row.append(None)
        sheet.append(row)
    book.save(path)


def _schema_at(schema: dict, parts: list[str]) -> dict:
    node = schema
    for part in parts:
        node = node.get("properties", {}).get(part) or node.get("items", {}).get("properties", {}).get(part, {})
    return node


def _required_at(schema: dict, parts: list[str]) -> bool:
    node = schema
    for part in parts:
        container = node.get("items", node) if node.get("type") == "array" else node
        if part not in container.get("required", []):
            return False
        node = container.get("properties", {}).get(part, {})
    return True


def _cell(value):
    return "、".join(map(str, value)) if isinstance(value, list) else value


@pytest.mark.parametrize("name", bundled_names())
def test_init_workbook_with_only_required_fields_validates_and_renders(tmp_path, name):
    book = init(name, tmp_path / "d.xlsx")
    _fill_workbook(book, schema_of(name))
    sheets = openpyxl.load_workbook(book).sheetnames
    empty = [s for s in openpyxl.load_workbook(book).worksheets if s.max_row == 1]
    assert empty, f"{name}: no optional sheet was left empty, the test proves nothing ({sheets})"
    validate_data(name, book)
    assert render_bytes(name, book)[:2] == b"PK"


def test_an_empty_optional_list_and_a_blank_record_are_absent(tmp_path):
    values = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    values.update({"主送": None, "标题分行": [], "存在问题": [{"标题": None, "内容": None}]})
    data = tmp_path / "d.yaml"
    data.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    checked = validate_data("circular", data)
    assert "标题分行" not in checked and "存在问题" not in checked and "主送" not in checked


def test_an_empty_required_list_is_still_refused(tmp_path):
    from briefgen.errors import DataError

    data = tmp_path / "d.yaml"
    text = (ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("发文机关: 湖南省工业和信息化厅", "发文机关:"), encoding="utf-8")
    with pytest.raises(DataError, match="「发文机关」必须填写"):
        validate_data("circular", data)
