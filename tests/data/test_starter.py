"""briefgen init: starting data files that explain every field and, once filled, validate and render."""

import re
import subprocess
import sys

import docx
import openpyxl
import pytest
import yaml
from conftest import ROOT

from briefgen.api import build_document, validate_data
from briefgen.data.units import split_unit

EXAMPLES = ["survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"]


def init(template, output):
    result = subprocess.run([sys.executable, "-m", "briefgen", "init", template, "-o", str(output)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return output


def example(name):
    return yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))


def body_text(template, data):
    return [getattr(b, "text", "") + (b.run_in.text if getattr(b, "run_in", None) else "") for b in build_document(template, data).blocks]


# -- YAML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_init_yaml_comments_every_field(tmp_path, name):
    text = init(name, tmp_path / "d.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[^#\s][^:]*:", line)]
    assert len(keys) > 10
    for index in keys:
        assert lines[index - 1].lstrip().startswith("#"), lines[index]
    assert "必填" in text and "可省略" in text


def fill(skeleton, values):
    """The init file's structure with the example's values put in."""
    if isinstance(skeleton, dict):
        return {key: fill(skeleton.get(key), value) for key, value in values.items()} if isinstance(values, dict) else values
    return values


@pytest.mark.parametrize("name", EXAMPLES)
def test_init_yaml_filled_with_the_examples_values_validates_and_renders(tmp_path, name):
    skeleton = yaml.safe_load(init(name, tmp_path / "d.yaml").read_text(encoding="utf-8"))
    values = example(name)
    assert set(values) <= set(skeleton), set(values) - set(skeleton)  # every field the example uses is offered
    filled = tmp_path / "filled.yaml"
    filled.write_text(yaml.safe_dump(fill(skeleton, values), allow_unicode=True), encoding="utf-8")
    validate_data(name, filled)
    assert body_text(name, filled) == body_text(name, ROOT / "examples" / f"{name}.yaml")


# -- Excel ---------------------------------------------------------------------------------------


def at(data, dotted):
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def cell_value(value):
    if isinstance(value, list):
        return "\n".join(map(str, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def fill_workbook(path, values):
    """Type the example's values into an empty workbook from init, reading only its headers."""
    book = openpyxl.load_workbook(path)
    fields = book["字段"]
    for row in fields.iter_rows(min_row=2):
        value = at(values, split_unit(row[0].value)[0])
        if value is not None:
            row[1].value = cell_value(value)
    records_of, first_header_of = {}, {}
    for sheet in book.worksheets[1:]:
        headers = [split_unit(c.value)[0] for c in sheet[1]]
        first_header_of[sheet.title] = "序号" if "序号" in headers else headers[0]
        parent = sheet.title.rsplit(".", 1)[0] if "." in sheet.title else None
        if parent in records_of:
            key = sheet.title.rsplit(".", 1)[1]
            # A child names its parent by 序号 if the parent sheet has one, else by its first column.
            by_number = first_header_of[parent] == "序号"
            records = [
                (number if by_number else at(record, first_header_of[parent]), child)
                for number, record in records_of[parent]
                for child in record.get(key) or []
            ]
        else:
            records = [(None, record) for record in at(values, sheet.title) or []]
        records_of[sheet.title] = []
        for number, (parent_number, record) in enumerate(records, start=1):
            records_of[sheet.title].append((number, record))
            row = []
            for header in headers:
                if header == "序号":
                    row.append(number)
                elif parent and header == parent.rsplit(".", 1)[-1] and parent_number is not None:
                    row.append(parent_number)
                else:
                    row.append(cell_value(at(record, header)))
            sheet.append(row)
    book.save(path)


@pytest.mark.parametrize("name", EXAMPLES)
def test_init_workbook_explains_columns_and_offers_drop_downs(tmp_path, name):
    book = openpyxl.load_workbook(init(name, tmp_path / "d.xlsx"))
    assert book.sheetnames[0] == "字段"
    assert [c.value for c in book["字段"][1]] == ["字段", "值", "说明"]
    for sheet in book.worksheets[1:]:
        described = [c for c in sheet[1] if c.comment is not None]
        assert described, sheet.title
        assert sheet.data_validations.dataValidation, sheet.title
    if name == "proposal_reply":
        lists = [dv for sheet in book.worksheets for dv in sheet.data_validations.dataValidation if dv.type == "list"]
        assert any('"A,B,C"' in dv.formula1 for dv in lists)


@pytest.mark.parametrize("name", EXAMPLES)
def test_init_workbook_filled_with_the_examples_values_validates_and_renders(tmp_path, name):
    path = init(name, tmp_path / "d.xlsx")
    fill_workbook(path, example(name))
    validate_data(name, path)
    assert body_text(name, path) == body_text(name, ROOT / "examples" / f"{name}.yaml")


# -- the bundled .xlsx examples ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_xlsx_and_yaml_examples_give_the_same_document_text(tmp_path, name):
    import io

    from briefgen.api import render_bytes

    def texts(data):
        document = docx.Document(io.BytesIO(render_bytes(name, data)))
        return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]

    assert texts(ROOT / "examples" / f"{name}.xlsx") == texts(ROOT / "examples" / f"{name}.yaml")


def test_init_refuses_to_overwrite_and_unknown_suffixes(tmp_path):
    target = tmp_path / "d.yaml"
    target.write_text("已有内容", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefgen", "init", "circular", "-o", str(target)], capture_output=True, text=True)
    assert result.returncode == 2 and target.read_text(encoding="utf-8") == "已有内容"
    result = subprocess.run([sys.executable, "-m", "briefgen", "init", "circular", "-o", str(tmp_path / "d.docx")], capture_output=True, text=True)
    assert result.returncode == 2 and ".xlsx" in result.stderr
