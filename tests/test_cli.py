"""The command line as a user runs it: messages in Chinese, exit codes, nothing overwritten or half-written."""

import os
import subprocess
import sys

import pytest
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "survey_report.yaml"


def briefgen(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_help_is_in_chinese():
    result = briefgen("--help")
    assert result.returncode == 0
    assert "用法" in result.stdout and "命令" in result.stdout and "render" in result.stdout


def test_templates_lists_the_bundled_ones():
    result = briefgen("templates")
    assert result.returncode == 0
    for name in ("survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"):
        assert name in result.stdout


def test_render_writes_and_refuses_to_overwrite_without_force(tmp_path):
    output = tmp_path / "报告.docx"
    first = briefgen("render", "survey_report", EXAMPLE, "-o", output)
    assert first.returncode == 0, first.stderr
    assert output.read_bytes()[:2] == b"PK" and "已生成" in first.stdout

    output.write_bytes(b"secretary's edits")
    second = briefgen("render", "survey_report", EXAMPLE, "-o", output)
    assert second.returncode == 2
    assert "已存在" in second.stderr and "--force" in second.stderr
    assert output.read_bytes() == b"secretary's edits"

    third = briefgen("render", "survey_report", EXAMPLE, "-o", output, "--force")
    assert third.returncode == 0 and output.read_bytes()[:2] == b"PK"


def test_default_output_name_follows_the_data_file(tmp_path):
    result = briefgen("render", "survey_report", EXAMPLE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "survey_report.docx").exists()


def test_unknown_template_lists_the_bundled_ones(tmp_path):
    result = briefgen("render", "memo", EXAMPLE, "-o", tmp_path / "x.docx")
    assert result.returncode == 2
    assert "找不到模板「memo」" in result.stderr and "circular" in result.stderr
    assert "Traceback" not in result.stderr


def test_yaml_error_gives_file_line_column_and_leaves_nothing(tmp_path):
    data = tmp_path / "坏.yaml"
    data.write_text("标题: 甲\n城市:\n  - 名称: 长沙\n   产值: 1\n", encoding="utf-8")
    output = tmp_path / "out.docx"
    result = briefgen("render", "circular", data, "-o", output)
    assert result.returncode == 2
    assert f"{data}:4:" in result.stderr and "Traceback" not in result.stderr
    assert not output.exists()
    assert os.listdir(tmp_path) == ["坏.yaml"]


def test_missing_field_is_reported_by_the_schema_with_its_description(tmp_path):
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["调研单位"]
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = briefgen("render", "survey_report", path, "-o", tmp_path / "o.docx")
    assert result.returncode == 2
    assert "调研单位" in result.stderr and "必须填写" in result.stderr and f"{path}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o.docx").exists()


def test_missing_field_without_a_schema_names_data_path_and_template_line(tmp_path, make_template):
    folder = make_template("第一行\n{% for 市 in 城市 %}\n{{ 市.名称 }}{{ 市.产值 }}\n{% endfor %}\n")
    data = tmp_path / "d.yaml"
    data.write_text("城市:\n  - 名称: 长沙\n    产值: 1\n  - 名称: 株洲\n", encoding="utf-8")
    result = briefgen("render", folder, data, "-o", tmp_path / "o.docx")
    assert result.returncode == 2
    assert "数据中缺少字段「城市[1].产值」" in result.stderr and f"{data}:4" in result.stderr
    assert f"{folder / 'document.j2'}:3" in result.stderr


def test_template_syntax_error_gives_template_file_and_line(tmp_path, make_template):
    folder = make_template("第一行\n{{ 标题 \n")
    result = briefgen("render", folder, EXAMPLE, "-o", tmp_path / "o.docx")
    assert result.returncode == 2
    assert f"{folder / 'document.j2'}:" in result.stderr and "语法" in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = briefgen("render", "memo", EXAMPLE, "-o", tmp_path / "x.docx", "--debug")
    assert result.returncode == 2 and "Traceback" in result.stderr


def test_output_folder_must_exist(tmp_path):
    result = briefgen("render", "survey_report", EXAMPLE, "-o", tmp_path / "无此目录" / "x.docx")
    assert result.returncode == 2 and "文件夹不存在" in result.stderr


def test_usage_errors_exit_2_in_chinese():
    result = briefgen("render")
    assert result.returncode == 2 and "缺少参数" in result.stderr


@pytest.mark.parametrize("entry", [["-m", "briefgen"], ["-c", "from briefgen.cli import main; main()"]])
def test_both_entry_points_run(entry):
    result = subprocess.run([sys.executable, *entry, "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "briefgen" in result.stdout


def test_rendering_from_yaml_does_not_import_spreadsheet_libraries(tmp_path):
    code = (
        "import sys; from briefgen.api import render_bytes; "
        f"render_bytes('circular', r'{ROOT / 'examples' / 'circular.yaml'}'); "
        "print(sorted(m for m in ('openpyxl', 'pandas') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr
