"""Units in headers and field names: converted once, for render and batch alike, never lost or doubled."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from conftest import ROOT

from briefgen.api import render_bytes, validate_data
from briefgen.data.tree import DataDict
from briefgen.data.units import convert_value, factor_between, split_known_unit, split_unit, to_base_units

WORKBOOK = ROOT / "examples" / "circular_batch.xlsx"

# (header in the 城市 sheet, factor to apply to the 元 values written in the example)
FINANCING_FORMS = [("融资额（元）", 1), ("融资额", 1), ("融资额（万元）", 1e-4), ("融资额（亿元）", 1e-8)]
COUNT_FORMS = [("帮扶企业数（家）", 1), ("帮扶企业数", 1)]
GROWTH_FORMS = [("产值增速（%）", "value"), ("产值增速", "value"), ("产值增速（%）", "percent-cell")]


def text_of(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    import re

    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def workbook_with(tmp_path, name: str, financing=FINANCING_FORMS[0], count=COUNT_FORMS[0], growth=GROWTH_FORMS[0]):
    book = openpyxl.load_workbook(WORKBOOK)
    sheet = book["城市"]
    headers = {split_unit(str(cell.value))[0]: cell for cell in sheet[1]}
    for (header, scale), field in ((financing, "融资额"), (count, "帮扶企业数")):
        column = headers[field]
        column.value = header
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=column.column)
            if isinstance(cell.value, (int, float)) and scale != 1:
                cell.value = round(cell.value * scale, 10)
    header, form = growth
    column = headers["产值增速"]
    column.value = header
    if form == "percent-cell":
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=column.column)
            if isinstance(cell.value, (int, float)):
                cell.value = cell.value / 100
                cell.number_format = "0.0%"
    path = tmp_path / f"{name}.xlsx"
    book.save(path)
    return path


def batch_texts(data, out) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "batch", "circular", str(data), "-o", str(out), "--each", "城市", "--name", "{名称}.docx", "--workers", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {path.name: text_of(path.read_bytes()) for path in sorted(out.glob("*.docx"))}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference")
    data = workbook_with(tmp, "reference")
    return text_of(render_bytes("circular", data)), batch_texts(data, tmp / "out")


@pytest.mark.parametrize(
    "financing, count, growth",
    [(f, COUNT_FORMS[0], GROWTH_FORMS[0]) for f in FINANCING_FORMS[1:]]
    + [(FINANCING_FORMS[0], COUNT_FORMS[1], GROWTH_FORMS[0])]
    + [(FINANCING_FORMS[0], COUNT_FORMS[0], g) for g in GROWTH_FORMS[1:]],
    ids=lambda form: form[0] + ("-" + str(form[1]) if form[1] not in (1, "value") else ""),
)
def test_every_unit_form_gives_the_same_figures_in_render_and_batch(tmp_path, reference, financing, count, growth):
    rendered, batched = reference
    data = workbook_with(tmp_path, "form", financing, count, growth)
    assert text_of(render_bytes("circular", data)) == rendered
    assert batch_texts(data, tmp_path / "out") == batched


def test_the_batch_converts_a_unit_column_once(tmp_path):
    data = workbook_with(tmp_path, "yi", financing=("融资额（亿元）", 1e-8))
    texts = batch_texts(data, tmp_path / "out")
    assert "帮助企业获得融资56.3亿元" in texts["长沙市.docx"]
    assert "5630000000亿元" not in "".join(texts.values())


def test_a_template_without_a_schema_keeps_the_unit_given(tmp_path, make_template):
    folder = make_template(
        "@标题：测试\n\n产值{{ 产值 | 数额('元') }}，占{{ 产值 | 占比(总产值) }}。\n{% for 市 in 城市 %}{{ 市.名称 }}融资{{ 市.融资 | 数额('元') }}。{% endfor %}\n"
    )
    book = openpyxl.Workbook()
    fields = book.active
    fields.title = "字段"
    fields.append(["字段", "值"])
    fields.append(["产值（亿元）", 486.27])
    fields.append(["总产值（万元）", 15520000])
    cities = book.create_sheet("城市")
    cities.append(["名称", "融资（万元）"])
    cities.append(["长沙市", 563000])
    path = tmp_path / "d.xlsx"
    book.save(path)
    text = text_of(render_bytes(folder, path))
    assert "产值486.27亿元，占31.3%。" in text
    assert "长沙市融资56.3亿元。" in text


def test_a_yaml_key_may_carry_its_unit(tmp_path):
    data = tmp_path / "d.yaml"
    source = (ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8")
    data.write_text(source.replace("    融资额: 5630000000", "    融资额（亿元）: 56.3"), encoding="utf-8")
    checked = validate_data("circular", data)
    assert checked["城市"][0]["融资额"] == 5630000000


def test_an_incompatible_unit_is_a_located_problem(tmp_path):
    from briefgen.errors import DataError

    data = workbook_with(tmp_path, "usd", financing=("融资额（美元）", 1))
    with pytest.raises(DataError, match=r"城市!E2.*「美元」.*「元」"):
        validate_data("circular", data)


def test_unit_arithmetic():
    assert factor_between("亿元", "元") == 1e8 and factor_between("亿元", "万元") == 1e4
    assert factor_between("万户", "户") == 1e4 and factor_between("家", "个") is None and factor_between("美元", "元") is None
    assert split_known_unit("融资额（亿元）") == ("融资额", "亿元")
    assert split_known_unit("备注（可选）") == ("备注（可选）", "")
    node = DataDict({"融资": 56.3})
    node.units["融资"] = "亿元"
    assert convert_value(node, "融资", "元") == "" and node["融资"] == 5630000000
    assert convert_value(node, "融资", "元") == "" and node["融资"] == 5630000000  # converting again changes nothing
    tree = DataDict({"x": 2.5})
    tree.units["x"] = "万户"
    assert to_base_units(tree)["x"] == 25000
