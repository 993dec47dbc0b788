"""Reading Excel workbooks and CSV files the way offices keep them."""

import datetime as dt
import re

import openpyxl
import pytest
from docmutate import edit_part

from briefgen.data.load import load_all, load_data
from briefgen.errors import DataError


def messy_workbook(path, cached=True):
    """A workbook as real ones come: title rows, units, blanks, text numbers, percents, formulas."""
    book = openpyxl.Workbook()
    fields = book.active
    fields.title = "字段"
    fields.append(["字段", "值", "说明"])
    fields.append(["发文机关", "湖南省工业和信息化厅", "发文单位全称"])
    fields.append([])
    fields.append(["统计期.年份", 2024])
    fields.append(["成文日期", dt.datetime(2024, 10, 15)])
    fields.append(["抄送", "省政府办公厅"])
    fields.append(["抄送", "省统计局"])
    cities = book.create_sheet("城市")
    cities.append(["2024年1—9月各市州企业帮扶情况"])
    cities.merge_cells("A1:E1")
    cities.append(["名称", "帮扶企业数（家）", "融资额（亿元）", "产值增速", "解决率", None, None])
    cities.append(["长沙市", 186, 56.3, 0.089, "93.1%"])
    cities["D3"].number_format = "0.0%"
    cities.append([])
    cities.append(["株洲市", "1,240", "28.7", -0.021, "93%"])
    cities["D5"].number_format = "0.0%"
    cities.append(["湘潭市", "=100+1", 21.5, 0.072, 92])
    book.save(path)
    if cached:
        # openpyxl cannot compute formulas; store the result Excel would have saved with them.
        content = edit_part(path.read_bytes(), "xl/worksheets/sheet2.xml", lambda xml: re.sub(r"<f>100\+1</f>(<v\s*/>|<v></v>)?", "<f>100+1</f><v>101</v>", xml))
        path.write_bytes(content)


def test_messy_workbook_reads_into_fields_and_records(tmp_path):
    path = tmp_path / "数据.xlsx"
    messy_workbook(path)
    data = load_data(path)
    assert data["发文机关"] == "湖南省工业和信息化厅"
    assert data["统计期"]["年份"] == 2024
    assert data["成文日期"] == dt.date(2024, 10, 15)
    assert data["抄送"] == ["省政府办公厅", "省统计局"]
    cities = data["城市"]
    assert [c["名称"] for c in cities] == ["长沙市", "株洲市", "湘潭市"]  # title row and blank row skipped
    assert cities[0]["产值增速"] == pytest.approx(8.9) and cities[1]["产值增速"] == pytest.approx(-2.1)
    assert cities[0].units["融资额"] == "亿元" and cities[0]["融资额"] == 56.3
    assert cities[1]["帮扶企业数"] == "1,240"  # text kept; the schema turns it into a number
    assert cities[0].where("融资额") == "数据.xlsx 城市!C3"
    assert cities[2].where("名称") == "数据.xlsx 城市!A6"
    assert cities[2]["帮扶企业数"] == 101  # a formula's cached value


def test_formula_without_a_cached_value_is_reported_at_its_cell(tmp_path):
    path = tmp_path / "数据.xlsx"
    messy_workbook(path, cached=False)
    with pytest.raises(DataError) as caught:
        load_data(path)
    message = str(caught.value)
    assert "城市!B6" in message and "公式" in message


def test_formula_cells_are_told_from_validation_formulas(tmp_path):
    """The workbook is read a second time (for formulas) only when a cell holds one."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from briefgen.data.workbook import _has_formula_cells

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["字段", "值"])
    sheet.append(["年份", 2024])
    rule = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
    sheet.add_data_validation(rule)
    rule.add("B2")
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    assert not _has_formula_cells(plain.read_bytes())
    sheet["B3"] = "=B2+1"
    with_formula = tmp_path / "formula.xlsx"
    book.save(with_formula)
    assert _has_formula_cells(with_formula.read_bytes())


def test_excel_error_values_are_reported(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "城市"
    sheet.append(["名称", "增速"])
    sheet.append(["长沙市", "#DIV/0!"])
    path = tmp_path / "e.xlsx"
    book.save(path)
    with pytest.raises(DataError, match=r"城市!B2.*#DIV/0!"):
        load_data(path)


def test_empty_workbook(tmp_path):
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(DataError, match="工作簿是空的"):
        load_data(path)


def test_child_sheet_links_records_by_number(tmp_path):
    book = openpyxl.Workbook()
    parent = book.active
    parent.title = "主要做法"
    parent.append(["序号", "标题"])
    parent.append([1, "强化统筹"])
    parent.append([2, "兑现政策"])
    child = book.create_sheet("主要做法.成效")
    child.append(["主要做法", "事项", "数值"])
    child.append([2, "减税降费", 4.12])
    child.append([2, "兑现奖补", 6850])
    child.append([3, "多余", 1])
    path = tmp_path / "c.xlsx"
    book.save(path)
    with pytest.raises(DataError, match=r"c\.xlsx 主要做法\.成效!A4.*找不到「3」"):
        load_data(path)
    child.delete_rows(4)
    book.save(path)
    data = load_data(path)
    assert "成效" not in data["主要做法"][0]
    assert [item["事项"] for item in data["主要做法"][1]["成效"]] == ["减税降费", "兑现奖补"]


def test_empty_child_and_grandchild_sheets_of_an_empty_table_are_absent(tmp_path):
    """An optional table left empty (只有表头) with empty sheets of its children and grandchildren
    below it, as briefgen init writes for 正文 → 正文.分项 → 正文.分项.数据: nothing is read, and the
    grandchild sheet is not taken for a field of 正文."""
    book = openpyxl.Workbook()
    fields = book.active
    fields.title = "字段"
    fields.append(["字段", "值"])
    fields.append(["标题", "测试"])
    book.create_sheet("正文").append(["序号", "标题"])
    book.create_sheet("正文.分项").append(["正文", "序号", "标题", "内容"])
    book.create_sheet("正文.分项.数据").append(["分项", "事项", "数值"])
    path = tmp_path / "e.xlsx"
    book.save(path)
    data = load_data(path)
    assert data["标题"] == "测试" and list(data["正文"]) == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "城市.csv"
    path.write_bytes("名称,帮扶企业数（家）\n长沙市,186\n株洲市,124\n".encode(encoding))
    data = load_data(path)
    assert [row["名称"] for row in data["城市"]] == ["长沙市", "株洲市"]
    assert data["城市"][1].where("帮扶企业数") == "城市.csv 第 3 行「帮扶企业数（家）」列"


def test_csv_of_fields_and_values(tmp_path):
    path = tmp_path / "基本.csv"
    path.write_text("字段,值\n发文机关,湖南省工业和信息化厅\n年份,2024\n", encoding="utf-8")
    assert load_data(path) == {"发文机关": "湖南省工业和信息化厅", "年份": "2024"}


def test_several_files_merge_and_conflicts_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text("发文机关: 甲\n", encoding="utf-8")
    (tmp_path / "城市.csv").write_text("名称\n长沙市\n", encoding="utf-8")
    data = load_all([tmp_path / "a.yaml", tmp_path / "城市.csv"])
    assert data["发文机关"] == "甲" and data["城市"][0]["名称"] == "长沙市"
    (tmp_path / "b.yaml").write_text("发文机关: 乙\n", encoding="utf-8")
    with pytest.raises(DataError, match="多个数据文件"):
        load_all([tmp_path / "a.yaml", tmp_path / "b.yaml"])


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("d.xlsx", b"just text, not a workbook", "不是 Excel"),
        ("d.xlsx", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
        ("d.yaml", b"PK\x03\x04" + b"\0" * 100, "Excel"),
        ("d.csv", bytes(range(256)) * 40, "二进制"),
        ("d.xlsx", b"PK\x03\x04 damaged", "无法打开"),
    ],
)
def test_files_that_are_not_what_their_extension_says(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=fragment):
        load_data(path)


def test_a_50_mb_file_of_junk_is_refused_quickly(tmp_path):
    path = tmp_path / "junk.csv"
    with open(path, "wb") as stream:
        stream.write(b"x" * (50 * 1024 * 1024))
    with pytest.raises(DataError, match="过大"):
        load_data(path)
