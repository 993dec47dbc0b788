"""Loading YAML/JSON data: paths and lines kept, errors with file:line:column."""

import json

import pytest

from briefgen.data.load import load_data
from briefgen.data.tree import DataDict, DataList
from briefgen.errors import DataError


def test_yaml_keeps_paths_and_lines(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("标题: 甲\n城市:\n  - 名称: 长沙\n    产值: 1.5\n  - 名称: 株洲\n", encoding="utf-8")
    data = load_data(path)
    assert isinstance(data, DataDict) and isinstance(data["城市"], DataList)
    assert data["城市"][1].path == "城市[1]"
    assert data["城市"][1].child_path("产值") == "城市[1].产值"
    assert data.where("城市") == f"{path}:2"
    assert data["城市"][0].where("产值") == f"{path}:4"
    assert data["城市"][1].where() == f"{path}:5"


def test_dates_stay_dates(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("成文日期: 2024-06-05\n", encoding="utf-8")
    assert str(load_data(path)["成文日期"]) == "2024-06-05"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_bytes("\ufeff标题: 甲\n".encode("utf-8"))
    assert load_data(path)["标题"] == "甲"


def test_json(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"城市": [{"名称": "长沙"}]}, ensure_ascii=False), encoding="utf-8")
    assert load_data(path)["城市"][0]["名称"] == "长沙"


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        ("标题: 甲\n  主送: 乙: 丙\n", ":2:", "YAML"),
        ("标题: \"未闭合\n", ":", "YAML"),
        ("a: 1\nb:\n\t- x\n", ":3:", "Tab"),
        ("标题: 甲\n标题: 乙\n", ":2:", "重复"),
        ("- 只是\n- 列表\n", "", "顶层"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path, text, where, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_data(path)
    message = str(caught.value)
    assert str(path) + where in message and fragment in message


def test_json_error_has_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"a": 1,\n "b": }', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.json:2:7"):
        load_data(path)


def test_missing_file_unknown_type_and_wrong_encoding(tmp_path):
    with pytest.raises(DataError, match="找不到"):
        load_data(tmp_path / "none.yaml")
    (tmp_path / "d.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match="不支持"):
        load_data(tmp_path / "d.txt")
    (tmp_path / "gbk.yaml").write_bytes("标题: 甲\n".encode("gbk"))
    with pytest.raises(DataError, match="UTF-8"):
        load_data(tmp_path / "gbk.yaml")
