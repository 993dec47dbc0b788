"""Validation against the schemas: every problem at once, with its place and the field's description."""

import json

import openpyxl
import pytest
import yaml
from conftest import ROOT

from briefgen.api import validate_data
from briefgen.data.tree import annotate
from briefgen.data.validate import split_list, validate
from briefgen.errors import DataError

SCHEMAS = ROOT / "data_schemas"
EXAMPLES = ["survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"]


def example(name):
    return yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))


def write_yaml(tmp_path, data, name="d.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_field_of_every_schema_has_a_chinese_title_and_description(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))

    def walk(node, path):
        for key, child in node.get("properties", {}).items():
            assert child.get("title") and child.get("description"), f"{path}.{key}"
            assert any("\u4e00" <= c <= "\u9fff" for c in child["description"]), f"{path}.{key}"
            walk(child, f"{path}.{key}")
            walk(child.get("items", {}), f"{path}.{key}[]")

    walk(schema, name)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_validate_in_yaml_and_xlsx(name):
    validate_data(name, ROOT / "examples" / f"{name}.yaml")
    validate_data(name, ROOT / "examples" / f"{name}.xlsx")


def test_all_problems_are_reported_at_once_with_lines_and_descriptions(tmp_path):
    data = example("circular")
    del data["发文机关"]
    data["城市"][2]["帮扶企业数"] = "十二"
    data["城市"][3]["解决问题数"] = -5
    data["城市"][5]["名称"] = data["城市"][0]["名称"]
    path = write_yaml(tmp_path, data)
    with pytest.raises(DataError) as caught:
        validate_data("circular", path)
    message = str(caught.value)
    assert "数据有 4 处问题" in message
    assert "「发文机关」必须填写" in message
    assert "「帮扶企业数」应为整数，实际为「十二」" in message
    assert "「解决问题数」不能是负数，实际为「-5」" in message
    assert "不能重复：「长沙市」" in message
    lines = {line.split("：", 1)[0].strip() for line in message.splitlines() if line.startswith("  ")}
    assert all(where.startswith(f"{path}:") for where in lines), lines
    assert "字段说明（" in message  # the schema's description travels with each problem


def test_workbook_problems_name_sheet_and_cell(tmp_path):
    book = openpyxl.load_workbook(ROOT / "examples" / "circular.xlsx")
    cities = book["城市"]
    cities["B4"] = "十二"
    cities["A6"] = cities["A2"].value
    path = tmp_path / "c.xlsx"
    book.save(path)
    with pytest.raises(DataError) as caught:
        validate_data("circular", path)
    message = str(caught.value)
    assert "c.xlsx 城市!B4：「帮扶企业数」应为整数，实际为「十二」" in message
    assert "c.xlsx 城市!A6：「名称」不能重复" in message


def test_missing_sheet_and_missing_column_are_named(tmp_path):
    book = openpyxl.load_workbook(ROOT / "examples" / "circular.xlsx")
    steps = book["下一步要求.事项"]
    steps.delete_cols(next(c.column for c in steps[1] if c.value == "内容"))
    del book["举措"]
    path = tmp_path / "c.xlsx"
    book.save(path)
    with pytest.raises(DataError) as caught:
        validate_data("circular", path)
    message = str(caught.value)
    assert "名为「举措」的工作表" in message
    assert "「内容」每一项都缺少这个字段（表格中没有这一列）" in message
    assert message.count("「内容」") < 3  # one problem for the column, not one per row


def test_csv_problems_name_row_and_column(tmp_path):
    data = example("circular")
    cities = data.pop("城市")
    for city in cities:
        city.pop("做法", None)
    cities[1]["融资额"] = "很多"
    csv_path = tmp_path / "城市.csv"
    columns = list(cities[0])
    rows = [",".join(columns)] + [",".join(str(city.get(column, "")) for column in columns) for city in cities]
    csv_path.write_bytes("\n".join(rows).encode("gbk"))
    with pytest.raises(DataError) as caught:
        validate_data("circular", [write_yaml(tmp_path, data), csv_path])
    assert "城市.csv 第 3 行「融资额」列：「融资额」应为数字，实际为「很多」" in str(caught.value)


def test_spreadsheet_values_are_brought_to_the_schemas_types():
    schema = {
        "type": "object",
        "properties": {
            "金额": {"type": "number", "x-unit": "元"},
            "户数": {"type": "integer", "minimum": 0},
            "增速": {"type": "number", "x-unit": "%"},
            "日期": {"type": "string", "format": "date"},
            "用印": {"type": "boolean"},
            "方式": {"type": "array", "items": {"type": "string"}},
            "类别": {"type": "string", "enum": ["A", "B", "C"]},
            "编号": {"type": "string"},
        },
    }
    data = annotate({"金额": 24.3, "户数": "1,240", "增速": "12.3%", "日期": "2024/6/5", "用印": "是",
                     "方式": "实地察看、座谈交流", "类别": "b", "编号": 128.0})
    data.units["金额"] = "亿元"
    validate(data, schema)
    assert data["金额"] == 2430000000 and data["户数"] == 1240 and data["增速"] == 12.3
    assert str(data["日期"]) == "2024-06-05" and data["用印"] is True
    assert data["方式"] == ["实地察看", "座谈交流"] and data["类别"] == "B" and data["编号"] == "128"


def test_a_unit_that_cannot_be_converted_is_reported():
    data = annotate({"金额": 5})
    data.units["金额"] = "美元"
    with pytest.raises(DataError, match="表头写的单位是「美元」"):
        validate(data, {"type": "object", "properties": {"金额": {"type": "number", "x-unit": "元"}}})


@pytest.mark.parametrize(
    "text, items",
    [
        ("实地察看、座谈交流、问卷调查", ["实地察看", "座谈交流", "问卷调查"]),
        ("深入企业一线，帮助企业解难题、增信心、促发展。", ["深入企业一线，帮助企业解难题、增信心、促发展。"]),
        ("第一段。\n第二段。", ["第一段。", "第二段。"]),
        ("单项", ["单项"]),
    ],
)
def test_lists_written_in_one_cell(text, items):
    assert split_list(text) == items


def test_a_users_template_can_bring_its_own_schema(tmp_path, make_template):
    folder = make_template("{{ 名称 }}\n")
    (folder / "schema.json").write_text(
        json.dumps({"type": "object", "required": ["名称"], "properties": {"名称": {"type": "string", "title": "名称", "description": "单位名称"}}}, ensure_ascii=False),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="「名称」必须填写"):
        validate_data(folder, write_yaml(tmp_path, {"别的": 1}))


def test_data_checked_for_a_template_is_not_checked_again_for_it(monkeypatch):
    import briefgen.data.validate as validate_module
    from briefgen.api import render_bytes

    data = validate_data("circular", ROOT / "examples" / "circular.yaml")
    calls = []
    real = validate_module.validate
    monkeypatch.setattr(validate_module, "validate", lambda *args: calls.append(args) or real(*args))
    assert validate_data("circular", data) is data
    render_bytes("circular", data)
    assert calls == []
    # Another template's schema still checks it (and finds what that schema lacks).
    with pytest.raises(DataError):
        validate_data("proposal_reply", data)
    assert len(calls) == 1


def test_a_plain_mapping_is_always_checked():
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    del data["发文机关"]
    with pytest.raises(DataError, match="发文机关"):
        validate_data("circular", data)


def test_a_schema_with_a_list_of_types_is_refused_with_the_field(tmp_path):
    """JSON Schema allows "type": ["string", "object"]; briefgen's checks know one type a field,
    and such a schema was an internal error (TypeError) in every data file."""
    from briefgen.data.validate import load_schema
    from briefgen.errors import DataError

    path = tmp_path / "s.schema.json"
    path.write_text('{"type": "object", "properties": {"来函": {"type": "object", "properties": {"标题": {"type": ["string", "object"]}}}}}', encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_schema(path)
    assert "来函.标题" in str(raised.value) and "不支持类型列表" in str(raised.value)
