"""Bad input, end to end through the command line: one Chinese paragraph with the place, exit 2,
no traceback, and no output file created or changed."""

import io
import subprocess
import sys

import docx
import openpyxl
import pytest
import yaml
from conftest import ROOT

CIRCULAR = ROOT / "examples" / "circular.yaml"


def briefgen(*args):
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, timeout=120)


def circular_data():
    return yaml.safe_load(CIRCULAR.read_text(encoding="utf-8"))


def dump(tmp_path, data, name="d.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def split_cities(tmp_path, data, encoding="utf-8", edit=None):
    """The circular's data as a YAML of shared fields plus 城市.csv (without the 做法 child rows)."""
    cities = data.pop("城市")
    columns = ["名称", "帮扶企业数", "收集问题数", "解决问题数", "融资额", "产值增速"]
    rows = [columns] + [[str(city[c]) for c in columns] for city in cities]
    if edit:
        edit(rows)
    csv = tmp_path / "城市.csv"
    csv.write_bytes("\n".join(",".join(row) for row in rows).encode(encoding))
    return dump(tmp_path, data, "共用.yaml"), csv


def expect_refusal(result, output, *fragments):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：")
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert not output.exists()


def test_malformed_yaml(tmp_path):
    data = tmp_path / "d.yaml"
    data.write_text("发文机关: 湖南省工业和信息化厅\n城市:\n  - 名称: 长沙市\n   帮扶企业数: 1\n", encoding="utf-8")
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", data, "-o", output), output, f"{data}:4:")


@pytest.mark.parametrize(
    "edit, fragments",
    [
        (lambda d: d.pop("背景"), ["「背景」必须填写"]),
        (lambda d: d["城市"][2].update(帮扶企业数="十二"), ["「帮扶企业数」应为整数，实际为「十二」"]),
        (lambda d: d["城市"][4].update(收集问题数=-3), ["「收集问题数」不能是负数"]),
        (lambda d: d["城市"][6].update(名称="长沙市"), ["「名称」不能重复：「长沙市」"]),
    ],
    ids=["missing_field", "wrong_type", "negative_count", "duplicate_city"],
)
def test_data_that_breaks_the_schema(tmp_path, edit, fragments):
    data = circular_data()
    edit(data)
    path = dump(tmp_path, data)
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", path, "-o", output), output, f"{path}:", *fragments)
    assert briefgen("validate", "circular", path).returncode == 2


def test_all_problems_are_listed_together(tmp_path):
    data = circular_data()
    data.pop("背景")
    data["城市"][2]["帮扶企业数"] = "十二"
    data["城市"][4]["收集问题数"] = -3
    result = briefgen("validate", "circular", dump(tmp_path, data))
    assert result.returncode == 2 and "数据有 3 处问题" in result.stderr


def test_empty_workbook(tmp_path):
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", path, "-o", output), output, "工作簿是空的", str(path))


def test_missing_sheet_and_missing_column(tmp_path):
    book = openpyxl.load_workbook(ROOT / "examples" / "circular.xlsx")
    del book["举措"]
    steps = book["下一步要求.事项"]
    steps.delete_cols(next(c.column for c in steps[1] if c.value == "内容"))
    path = tmp_path / "c.xlsx"
    book.save(path)
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", path, "-o", output), output, "名为「举措」的工作表", "「内容」每一项都缺少这个字段")


def test_a_gbk_csv_is_read(tmp_path):
    shared, csv = split_cities(tmp_path, circular_data(), encoding="gbk")
    output = tmp_path / "o.docx"
    result = briefgen("render", "circular", shared, csv, "-o", output)
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(output).paragraphs)
    assert "湘西自治州" in "".join(c.text for t in docx.Document(output).tables for r in t.rows for c in r.cells) or "湘西" in text


def test_a_bad_cell_in_a_csv_names_row_and_column(tmp_path):
    def edit(rows):
        rows[3][1] = "很多"

    shared, csv = split_cities(tmp_path, circular_data(), edit=edit)
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", shared, csv, "-o", output), output, "城市.csv 第 4 行「帮扶企业数」列")


@pytest.mark.parametrize(
    "name, content, fragment",
    [("d.xlsx", "其实是文本".encode(), "不是 Excel"), ("d.yaml", b"PK\x03\x04\x14\x00" + b"\x00" * 64, "Excel"), ("d.json", b"\x00\x01\x02" * 100, "二进制")],
)
def test_a_file_that_is_not_what_its_extension_says(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", path, "-o", output), output, fragment, str(path))


def test_fifty_megabytes_of_junk(tmp_path):
    path = tmp_path / "junk.yaml"
    with open(path, "wb") as stream:
        stream.write(b"\xff\xfe junk " * (50 * 1024 * 1024 // 8))
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", path, "-o", output), output, "过大")


def test_control_characters_in_yaml_are_refused_with_the_line(tmp_path):
    text = CIRCULAR.read_text(encoding="utf-8").replace("背景: 今年以来", "背景: 今年\x01以来")
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("\x01")].count("\n") + 1
    output = tmp_path / "o.docx"
    expect_refusal(briefgen("render", "circular", path, "-o", output), output, f"{path}:{line}", "控制字符")


def test_control_characters_in_a_csv_are_stripped_with_a_warning(tmp_path):
    def edit(rows):
        rows[1][0] = "长沙\x0b市"

    shared, csv = split_cities(tmp_path, circular_data(), edit=edit)
    output = tmp_path / "o.docx"
    result = briefgen("render", "circular", shared, csv, "-o", output)
    assert result.returncode == 0, result.stderr
    assert "控制字符" in result.stderr
    content = output.read_bytes()
    document = docx.Document(io.BytesIO(content))
    assert any("长沙市" in c.text for t in document.tables for r in t.rows for c in r.cells)


def test_markup_and_xml_characters_in_data_are_printed_as_they_are(tmp_path):
    data = circular_data()
    data["背景"] = '今年以来，A&B <公司> "重点" \'企业\' # @标题：x | **y** 持续向好。'
    output = tmp_path / "o.docx"
    result = briefgen("render", "circular", dump(tmp_path, data), "-o", output)
    assert result.returncode == 0, result.stderr
    texts = [p.text for p in docx.Document(output).paragraphs]
    assert any(data["背景"] in text for text in texts)


def test_validate_passes_on_the_examples():
    for name in ("survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"):
        for suffix in ("yaml", "xlsx"):
            result = briefgen("validate", name, ROOT / "examples" / f"{name}.{suffix}")
            assert result.returncode == 0 and "数据检查通过" in result.stdout, result.stderr
