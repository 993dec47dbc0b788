"""`briefgen format` as a secretary's IT person runs it: outputs, exit codes, the draft never touched,
nothing overwritten without --force, hostile and broken drafts refused with a located message,
several drafts at once, the overrides, the switches, the redline of the fixes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile

import pytest
from conftest import require_renderer
from format_corpus import SEEDS, to_plain_docx, to_txt
from preserved import output_text
from revisions import accepted, rejected, revision_count
from test_cli import briefgen

BY_NAME = {draft.name: draft for draft in SEEDS}


def seed(tmp_path, name: str, suffix: str = ".txt", **options):
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(to_txt(BY_NAME[name], **options) if suffix == ".txt" else to_plain_docx(BY_NAME[name]))
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def squeezed(texts) -> str:
    return "".join("".join(texts).split())


def test_a_draft_is_formatted_its_fixes_listed_and_the_draft_left_alone(tmp_path):
    draft = seed(tmp_path, "003")
    before = digest(draft)
    result = briefgen("format", draft, "-o", tmp_path / "答复.docx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "答复.docx").is_file() and digest(draft) == before
    assert "已排版" in result.stdout and "→" in result.stdout and "（第 " in result.stdout
    assert "“1、” → “1.”" in result.stdout  # 1、 at the third level


def test_placeholders_are_errors_exit_1_and_the_document_is_still_written(tmp_path):
    result = briefgen("format", seed(tmp_path, "001"), "-o", tmp_path / "out.docx")
    assert result.returncode == 1
    assert "错误：第 " in result.stdout and "占位符" in result.stdout
    assert (tmp_path / "out.docx").is_file()


def test_a_placeholder_in_the_furniture_is_reported_too(tmp_path):
    draft = tmp_path / "稿.txt"
    draft.write_text("关于开展专项检查的通知\n各市州：\n为推动工作落实，现就有关事项通知如下，请认真贯彻执行并及时报送工作进展情况。\n××省人民政府办公厅\n2024年6月5日\n", encoding="utf-8")
    result = briefgen("format", draft, "-o", tmp_path / "out.docx")
    assert result.returncode == 1 and "第 4 段有待填写的占位符" in result.stdout


def test_the_default_output_is_named_after_the_draft_in_the_current_folder(tmp_path):
    result = briefgen("format", seed(tmp_path, "003").name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "003-排版.docx").is_file()


def test_an_existing_output_is_not_overwritten_without_force(tmp_path):
    draft, output = seed(tmp_path, "003"), tmp_path / "out.docx"
    output.write_bytes(b"mine")
    refused = briefgen("format", draft, "-o", output)
    assert refused.returncode == 2 and "已存在" in refused.stderr and output.read_bytes() == b"mine"
    assert briefgen("format", draft, "-o", output, "-f").returncode == 0
    assert zipfile.is_zipfile(output)


def test_the_draft_itself_is_never_the_output(tmp_path):
    draft = seed(tmp_path, "003", ".docx")
    before = digest(draft)
    result = briefgen("format", draft, "-o", draft, "-f")
    assert result.returncode == 2 and "草稿本身" in result.stderr and digest(draft) == before


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("坏.docx", b"PK\x03\x04 this is no zip at all", "zip"),
        ("加密.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512, "密码"),
        ("二进制.txt", b"\x00\x01\x02binary\x00" * 100, "文本"),
        ("乱码.txt", b"\xff\xfe\xfd\xfc" * 10 + b"\x81", "UTF-8"),
        ("图片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "不能排版"),
    ],
)
def test_a_broken_or_hostile_draft_gets_a_located_message_and_exit_2(tmp_path, name, content, words):
    draft = tmp_path / name
    draft.write_bytes(content)
    result = briefgen("format", draft, "-o", tmp_path / "out.docx")
    assert result.returncode == 2, result.stdout
    assert words in result.stderr and name in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_huge_draft_is_refused_while_reading(tmp_path):
    draft = tmp_path / "巨大.txt"
    with open(draft, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: 21 MB of zeros on no disk
    result = briefgen("format", draft, "-o", tmp_path / "out.docx")
    assert result.returncode == 2 and "巨大.txt" in result.stderr and not (tmp_path / "out.docx").exists()


def test_several_drafts_go_into_a_folder_and_one_bad_draft_fails_alone(tmp_path):
    drafts = [seed(tmp_path, "003"), seed(tmp_path, "004", ".docx"), tmp_path / "坏.docx"]
    drafts[2].write_bytes(b"not a document")
    result = briefgen("format", *drafts, "-o", tmp_path / "排版")
    assert result.returncode == 1
    assert sorted(path.name for path in (tmp_path / "排版").iterdir()) == ["003.docx", "004.docx"]
    assert "失败 1 份" in result.stdout and "坏.docx" in result.stderr


def test_show_lists_each_paragraph_with_its_role_and_writes_nothing(tmp_path):
    result = briefgen("format", seed(tmp_path, "004"), "--show", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "发文机关标志" in result.stdout and "主送机关" in result.stdout and "三级标题（段中标题）" in result.stdout
    assert not list(tmp_path.glob("*.docx"))


def test_json_gives_roles_fixes_and_placeholders(tmp_path):
    result = briefgen("format", seed(tmp_path, "001"), "--json")
    (report,) = json.loads(result.stdout)
    assert report["段落"][0]["角色"] == "标题"
    assert {fix["类别"] for fix in report["修正"]} >= {"range"}
    assert report["占位符"] and all("段号" in item for item in report["占位符"])


def test_roles_and_title_lines_override_the_recognition(tmp_path):
    draft = tmp_path / "稿.txt"
    draft.write_text("关于加快推进\n全市工业园区\n建设的意见\n为推动园区高质量发展，提出如下意见。\n市工信局\n2024年6月5日\n", encoding="utf-8")
    shown = briefgen("format", draft, "--json", "--title-lines", "3")
    roles = [paragraph["角色"] for paragraph in json.loads(shown.stdout)[0]["段落"]]
    assert roles == ["标题", "标题", "标题", "正文", "署名", "成文日期"]
    overrides = tmp_path / "角色.yaml"
    overrides.write_text("5: 正文\n", encoding="utf-8")
    shown = briefgen("format", draft, "--json", "--roles", overrides)
    assert json.loads(shown.stdout)[0]["段落"][4]["角色"] == "正文"
    overrides.write_text("99: 署名\n", encoding="utf-8")
    refused = briefgen("format", draft, "--json", "--roles", overrides)
    assert refused.returncode == 2 and "第 99 段" in refused.stderr


def test_a_fix_kind_can_be_turned_off(tmp_path):
    draft = seed(tmp_path, "001")
    kinds = {fix["类别"] for fix in json.loads(briefgen("format", draft, "--json", "--no-fix", "range").stdout)[0]["修正"]}
    assert "range" not in kinds
    refused = briefgen("format", draft, "--json", "--no-fix", "spelling")
    assert refused.returncode == 2 and "spelling" in refused.stderr and "range" in refused.stderr


def test_the_redline_holds_the_fixes_as_tracked_changes(tmp_path):
    draft, output, redline = seed(tmp_path, "003", ".docx"), tmp_path / "out.docx", tmp_path / "修订.docx"
    result = briefgen("format", draft, "-o", output, "--redline", redline)
    assert result.returncode == 0, result.stderr
    content = redline.read_bytes()
    assert revision_count(content) > 10
    # Rejecting every change gives back the draft's words; accepting them, the formatted document's.
    assert squeezed(rejected(content)["body"]) == squeezed(output_text(draft.read_bytes()).split("\n"))
    assert squeezed(accepted(content)["body"]) == squeezed([output_text(output.read_bytes())])


def test_the_letter_format_is_chosen_by_kind(tmp_path):
    output = tmp_path / "函.docx"
    assert briefgen("format", seed(tmp_path, "004"), "-o", output, "--kind", "信函").returncode == 0
    with zipfile.ZipFile(output) as package:
        assert b"<w:titlePg/>" in package.read("word/document.xml")


def test_kind_none_looks_for_no_head(tmp_path):
    shown = briefgen("format", seed(tmp_path, "004"), "--json", "--kind", "无")
    roles = [paragraph["角色"] for paragraph in json.loads(shown.stdout)[0]["段落"]]
    assert "发文机关标志" not in roles and roles[0] == "标题"


def test_a_doc_file_is_read_through_libreoffice(tmp_path):
    require_renderer()
    source = seed(tmp_path, "003", ".docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180, check=True)
    result = briefgen("format", tmp_path / "003.doc", "--json")
    assert result.returncode == 0, result.stderr
    roles = [paragraph["角色"] for paragraph in json.loads(result.stdout)[0]["段落"]]
    assert roles[0] == "标题" and roles.count("三级标题") == 4
