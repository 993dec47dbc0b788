"""Batch errors that help: shared problems first, then records in table order; errors.csv always
when records fail; a render-time failure names its record, field and template."""

from __future__ import annotations

import csv
import subprocess
import sys

import openpyxl
import yaml
from conftest import ROOT

WORKBOOK = ROOT / "examples" / "circular_batch.xlsx"


def batch(data, out, *extra: str, template: str = "circular") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "briefgen", "batch", template, str(data), "-o", str(out), "--each", "城市", "--name", "{名称}.docx", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def edited_workbook(tmp_path, edit) -> str:
    book = openpyxl.load_workbook(WORKBOOK)
    edit(book)
    path = tmp_path / "d.xlsx"
    book.save(path)
    return path


def set_field(book, name, value) -> None:
    for row in book["字段"].iter_rows(min_row=2):
        if row[0].value == name:
            row[1].value = value


def test_shared_problems_come_first_and_nothing_is_left_behind(tmp_path):
    def edit(book):
        set_field(book, "发文机关", None)
        book["城市"]["B3"] = "很多"
        book["城市"]["B6"] = "不少"

    out = tmp_path / "out"
    result = batch(edited_workbook(tmp_path, edit), out)
    assert result.returncode == 2, result.stderr
    message = result.stderr
    assert message.index("「发文机关」必须填写") < message.index("城市!B3") < message.index("城市!B6")
    assert not out.exists()  # a batch that cannot start leaves no empty folder


def test_when_every_record_fails_errors_and_manifest_are_written(tmp_path):
    def edit(book):
        sheet = book["城市"]
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=2, value="很多")

    out = tmp_path / "out"
    result = batch(edited_workbook(tmp_path, edit), out)
    assert result.returncode == 1, result.stderr
    errors = rows(out / "errors.csv")
    assert len(errors) == 14 and [e["位置"] for e in errors] == [f"d.xlsx 城市!B{n}" for n in range(2, 16)]
    manifest = rows(out / "manifest.csv")
    assert len(manifest) == 14 and {m["状态"] for m in manifest} == {"失败"}
    assert not list(out.glob("*.docx"))


def test_a_render_time_failure_names_record_field_and_template(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.yaml").write_text("name: t\ntitle: 测试\n", encoding="utf-8")
    (folder / "document.j2").write_text("@标题：测试\n\n{{ 记录.名称 }}\n{{ 记录.人口 | 数额('人') if 记录.名称 == '湘潭市' else '' }}\n", encoding="utf-8")
    data = tmp_path / "d.yaml"
    data.write_text(yaml.safe_dump({"城市": [{"名称": "长沙市"}, {"名称": "湘潭市"}, {"名称": "株洲市"}]}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = batch(data, out, template=str(folder))
    assert result.returncode == 1, result.stderr
    [error] = rows(out / "errors.csv")
    assert error["记录"] == "湘潭市" and error["字段"] == "城市[1].人口" and error["位置"] == f"{folder / 'document.j2'}:4"
    assert "数据中缺少字段「城市[1].人口」" in error["原因"]


def test_a_bundled_template_is_named_by_its_name_in_errors(tmp_path):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    data["城市"][2]["做法"][0]["举措"] = "不存在"
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = batch(path, out)
    errors = rows(out / "errors.csv") if (out / "errors.csv").exists() else []
    shown = result.stderr + "".join(e["位置"] for e in errors)
    assert "site-packages" not in shown and "circular/document.j2:" in shown


def test_errors_are_listed_in_table_order_whatever_the_workers(tmp_path):
    def edit(book):
        for row in (14, 3, 9):
            book["城市"].cell(row=row, column=3, value=-5)

    data = edited_workbook(tmp_path, edit)
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        result = batch(data, out, "--workers", workers)
        assert result.returncode == 1
        assert [e["位置"] for e in rows(out / "errors.csv")] == ["d.xlsx 城市!C3", "d.xlsx 城市!C9", "d.xlsx 城市!C14"]
