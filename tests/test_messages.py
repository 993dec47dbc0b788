"""Every message a person sees is Chinese and actionable: click's, Jinja's and Python's English
never reaches the user, and each problem names its place."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "circular.yaml")
# Two English words in a row, or one of click's and Python's message words, is English reaching
# the user; a command line that a message gives on purpose (pip install …, briefgen init …) and
# font names are not.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,})+\b")
ENGLISH_WORDS = re.compile(r"\b(?:Usage|Error|Options|Commands|Missing|Invalid|Traceback|None|Undefined|expected|unexpected|argument|option)\b")
COMMANDS = re.compile(r"(?:pip|sudo|briefgen|dask|python|soffice)\b[^\u3000-\u9fff（）。；，“”]*")
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")  # template syntax quoted in a hint for template authors
ALLOWED = ("Times New Roman",)


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def english_in(text: str) -> list[str]:
    text = COMMANDS.sub(" ", TEMPLATE_CODE.sub(" ", text))
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    return ENGLISH.findall(text) + ENGLISH_WORDS.findall(text)


BAD_INVOCATIONS = [
    (),
    ("--help",),
    ("rendr",),
    ("render",),
    ("render", "--help"),
    ("render", "circular"),
    ("render", "circular", EXAMPLE, "--bogus"),
    ("render", "circular", EXAMPLE, "-o"),
    ("render", "circular", "/nonexistent/data.yaml"),
    ("render", "nosuchtemplate", EXAMPLE),
    ("render", "circular", str(ROOT)),
    ("batch", "--help"),
    ("batch", "circular", EXAMPLE),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "城市", "--workers", "abc"),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "城市", "--workers", "-1"),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "城市", "--page-numbers", "abc"),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "城市", "--executor", "remote"),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "城市", "--number", "x"),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "城市", "--name", "{名称"),
    ("batch", "circular", EXAMPLE, "-o", "/tmp/x", "--each", "乡镇"),
    ("diff", "--help"),
    ("diff", "a.docx"),
    ("diff", "/nonexistent/a.docx", "/nonexistent/b.docx", "-o", "/tmp/r.docx"),
    ("diff", EXAMPLE, EXAMPLE, "-o", "/tmp/r.docx"),
    ("validate", "--help"),
    ("validate", "circular"),
    ("init", "--help"),
    ("init", "circular"),
    ("init", "circular", "-o", "/tmp/x.txt"),
    ("check", "--help"),
    ("check",),
    ("check", "/nonexistent/x.docx"),
    ("check", EXAMPLE),
    ("templates", "--help"),
    ("templates", "extra"),
    ("-V",),
]


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=lambda args: " ".join(args) or "(none)")
def test_no_english_sentence_reaches_the_user(args, tmp_path):
    result = run(*args, cwd=tmp_path)
    shown = result.stdout + result.stderr
    assert english_in(shown) == [], shown
    assert "Traceback" not in shown
    assert result.returncode in (0, 1, 2), shown


def test_the_guard_itself_sees_english():
    assert english_in("Error: Missing argument 'TEMPLATE'.") != []
    assert english_in("Did you mean 'render'?") != []
    assert english_in("unsupported operand type(s) for -: 'int' and 'NoneType'") != []
    assert english_in("错误：缺少参数 '模板'。请运行 pip install 'briefgen[dask]' 安装。字体 Times New Roman。") == []


def test_usage_lines_and_type_names_are_chinese(tmp_path):
    top = run("--help").stdout
    assert "用法：" in top and "[选项] 命令 [参数]..." in top and "[OPTIONS]" not in top
    batch = run("batch", "--help").stdout
    assert "--workers 进程数" in batch and "INTEGER" not in batch and "TEXT" not in batch and "PATH" not in batch
    assert "不小于 0" in batch
    typo = run("rendr")
    assert "是不是要用" in typo.stderr and "render" in typo.stderr
    choice = run("batch", "circular", EXAMPLE, "-o", str(tmp_path / "o"), "--each", "城市", "--page-numbers", "abc")
    assert "不是可选的值" in choice.stderr and choice.returncode == 2


def write_template(tmp_path, body: str):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.yaml").write_text("name: t\ntitle: 测试\n", encoding="utf-8")
    (folder / "document.j2").write_text(body, encoding="utf-8")
    return folder


JINJA_CASES = [
    ("{% for 市 in 城市 %}\n{{ 市.名称 }}\n", "缺少 {% endfor %}", "document.j2:2"),
    ("{{ 城市 | 不存在的过滤器 }}\n", "没有名为「不存在的过滤器」的过滤器", "document.j2:1"),
    ("{% frob %}\n", "不认识的标签", "document.j2:1"),
    ("{{ 城市[0].名称x | 数额('元') }}\n", "数据中缺少字段「城市[0].名称x」", "document.j2:1"),
    ("{% for 市 in 城市 if loop.index > 1 %}{{ 市.名称 }}{% endfor %}\n", "「loop」是循环变量", "document.j2:1"),
    ("{{ 产值 - 空值 }}\n", "空值（null）", "document.j2:1"),
    ("{{ 城市[0].名称 + 1 }}\n", "文字", "document.j2:1"),
    ("{{ 1 / 0 }}\n", "除数为 0", "document.j2:1"),
]


@pytest.mark.parametrize("body, words, where", JINJA_CASES, ids=[case[1] for case in JINJA_CASES])
def test_template_errors_are_chinese_with_file_and_line(tmp_path, body, words, where):
    folder = write_template(tmp_path, body)
    data = tmp_path / "d.yaml"
    data.write_text("产值: 5\n空值:\n城市:\n  - 名称: 长沙市\n", encoding="utf-8")
    result = run("render", str(folder), str(data), "-o", str(tmp_path / "o.docx"))
    assert result.returncode == 2, result.stderr
    assert words in result.stderr and where in result.stderr, result.stderr
    assert english_in(result.stderr) == [], result.stderr
    assert not (tmp_path / "o.docx").exists()


def test_a_bundled_template_is_named_by_its_name(tmp_path):
    data = tmp_path / "d.yaml"
    text = (ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("活动名称: 全省重点工业企业精准帮扶活动\n", ""), encoding="utf-8")
    result = run("render", "circular", str(data), "-o", str(tmp_path / "o.docx"))
    assert result.returncode == 2 and "「活动名称」必须填写" in result.stderr and "site-packages" not in result.stderr


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("发文机关: 湖南省\n机关代字：湘工信\n年份: 2024\n", 2, "全角"),
        ("发文机关: 湖南省\n年份:2024\n序号: 3\n", 2, "缺少空格"),
        ("发文机关: 湖南省\n成文日期: 2024-09-31\n", 2, "不存在"),
    ],
)
def test_yaml_mistakes_are_named_on_their_line(tmp_path, text, line, words):
    data = tmp_path / "d.yaml"
    data.write_text(text, encoding="utf-8")
    for command in (("validate", "circular", str(data)), ("render", "circular", str(data), "-o", str(tmp_path / "o.docx")),
                    ("init", "circular", "--from", str(data), "-o", str(tmp_path / "o.xlsx")),
                    ("diff", "--template", "circular", str(data), str(data), "-o", str(tmp_path / "r.docx"))):
        result = run(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert f"d.yaml:{line}" in result.stderr and words in result.stderr, (command, result.stderr)


def test_an_impossible_date_in_a_workbook_cell_is_located(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(ROOT / "examples" / "circular.xlsx")
    fields = book["字段"]
    for row in fields.iter_rows(min_row=2):
        if row[0].value == "成文日期":
            row[1].value = "2024-09-31"
    path = tmp_path / "d.xlsx"
    book.save(path)
    result = run("validate", "circular", str(path))
    assert result.returncode == 2 and "字段!B" in result.stderr and "2024-09-31" in result.stderr and "不存在" in result.stderr


def test_an_unknown_column_is_named_and_ignored(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(ROOT / "examples" / "circular.xlsx")
    sheet = book["城市"]
    sheet.cell(row=1, column=sheet.max_column + 1, value="市级领导")
    sheet.cell(row=2, column=sheet.max_column, value=36)
    path = tmp_path / "d.xlsx"
    book.save(path)
    result = run("render", "circular", str(path), "-o", str(tmp_path / "o.docx"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("列「市级领导」不是该模板的字段，已忽略") == 1


def test_an_old_excel_file_is_told_to_be_saved_as_xlsx(tmp_path):
    path = tmp_path / "d.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    result = run("validate", "circular", str(path))
    assert result.returncode == 2 and ".xlsx" in result.stderr and "另存为" in result.stderr


def test_an_output_without_docx_gets_it_and_another_extension_is_refused(tmp_path):
    made = run("render", "circular", EXAMPLE, "-o", str(tmp_path / "通报"))
    assert made.returncode == 0 and (tmp_path / "通报.docx").is_file()
    refused = run("render", "circular", EXAMPLE, "-o", str(tmp_path / "通报.pdf"))
    assert refused.returncode == 2 and ".docx" in refused.stderr and not (tmp_path / "通报.pdf").exists()


def test_hints_do_not_point_to_folders_an_installed_copy_lacks(tmp_path):
    data = tmp_path / "d.yaml"
    data.write_text("- 一个列表\n", encoding="utf-8")
    result = run("validate", "circular", str(data))
    assert "examples/" not in result.stderr and "data_schemas/" not in result.stderr
    assert "briefgen init" in result.stderr


def test_more_than_fifty_problems_are_all_in_a_file(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(ROOT / "examples" / "circular.xlsx")
    sheet = book["城市"]
    for row in range(2, 16):
        for column in range(2, 7):
            sheet.cell(row=row, column=column, value="很多")
    path = tmp_path / "d.xlsx"
    book.save(path)
    result = run("validate", "circular", str(path))
    assert result.returncode == 2
    listing = re.search(r"全部 (\d+) 处见 (\S+\.txt)", result.stderr)
    assert listing, result.stderr
    lines = open(listing.group(2), encoding="utf-8-sig").read().splitlines()
    assert len(lines) == int(listing.group(1)) + 1 and int(listing.group(1)) > 50
