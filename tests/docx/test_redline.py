"""Redlines: accept-all gives the new draft, reject-all the old one, for every kind of change."""

import copy
import io
import re
import zipfile

import docx
import pytest
import yaml
from conftest import ROOT
from lxml import etree

from briefgen.api import render_bytes
from briefgen.docx.redline import redline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name):
    return f"{{{W}}}{name}"


def document_xml(content: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def texts(root) -> list[str]:
    """Every paragraph's text in body order (table cells included), as a reader sees it."""
    body = root.find(w("body"))
    result = []
    for paragraph in body.iter(w("p")):
        parts = []
        for node in paragraph.iter(w("t"), w("delText"), w("tab"), w("br")):
            parts.append(node.text or "" if node.tag in (w("t"), w("delText")) else ("\t" if node.tag == w("tab") else "\n"))
        result.append("".join(parts))
    return result


def resolve(content: bytes, accept: bool) -> list[str]:
    """Accept (or reject) every tracked change, written independently of briefgen's code."""
    root = copy.deepcopy(document_xml(content))
    gone, kept = (w("del"), w("ins")) if accept else (w("ins"), w("del"))
    for row in list(root.iter(w("tr"))):
        if row.find(f"w:trPr/{gone}", NS) is not None:
            row.getparent().remove(row)
    for paragraph in list(root.iter(w("p"))):
        if paragraph.find(f"w:pPr/w:rPr/{gone}", NS) is not None:
            paragraph.getparent().remove(paragraph)
    for mark in list(root.iter(gone)):
        if mark.getparent().tag != w("rPr") and mark.getparent().tag != w("trPr"):
            mark.getparent().remove(mark)
    for mark in list(root.iter(kept)):
        parent = mark.getparent()
        if parent.tag in (w("rPr"), w("trPr")):
            parent.remove(mark)
            continue
        index = parent.index(mark)
        for child in list(mark):
            parent.insert(index, child)
            index += 1
        parent.remove(mark)
    for text in root.iter(w("delText")):
        text.tag = w("t")
    return texts(root)


def check_pair(old: bytes, new: bytes, tmp_path):
    (tmp_path / "old.docx").write_bytes(old)
    (tmp_path / "new.docx").write_bytes(new)
    content, summary = redline(tmp_path / "old.docx", tmp_path / "new.docx")
    assert resolve(content, accept=True) == texts(document_xml(new))
    assert resolve(content, accept=False) == texts(document_xml(old))
    ids = document_xml(content).xpath("//w:ins/@w:id | //w:del/@w:id", namespaces=NS)
    assert len(ids) == len(set(ids))
    marks = document_xml(content).xpath("//w:ins | //w:del", namespaces=NS)
    assert all(m.get(w("author")) == "briefgen" and m.get(w("date")) for m in marks)
    docx.Document(io.BytesIO(content))  # opens in python-docx
    (tmp_path / "redline.docx").write_bytes(content)
    return content, summary


def rendered(name, edit=None):
    data = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))
    if edit:
        edit(data)
    return render_bytes(name, data)


def edit_survey_figure(d):
    d["基本情况"]["产值"] = 3.51e10


PAIRS = {
    "changed_figures": ("survey_report", edit_survey_figure),
    "changed_words": ("survey_report", lambda d: d["主要做法"][0].update(内容=d["主要做法"][0]["内容"].replace("工作机制", "长效机制"))),
    "inserted_section_renumbers_headings": ("survey_report", lambda d: d["存在问题"].insert(0, {"标题": "新增的问题", "内容": ["这是新增的问题说明。"]})),
    "deleted_paragraphs": ("survey_report", lambda d: d["对策建议"].pop(1)),
    "title_and_signature": ("survey_report", lambda d: d.update(调研主题="临江县民营企业高质量发展情况", 调研单位="临江县发展和改革局")),
    "doc_number_addressee_date_and_end_matter": ("circular", lambda d: d.update(序号=160, 主送="各市州工业和信息化局", 成文日期="2024-10-18", 印发日期="2024-10-19", 抄送=["省人民政府办公厅", "省统计局"])),
    "table_cells_and_rows": ("circular", lambda d: (d["城市"][2].update(帮扶企业数=120), d["城市"].pop(5), d["城市"].append({**d["城市"][0], "名称": "新设区"}))),
    "attachment_title": ("circular", lambda d: d["统计期"].update(止月=10)),
    "moved_paragraph": ("survey_report", lambda d: d["对策建议"].insert(0, d["对策建议"].pop(2))),
}


@pytest.mark.parametrize("case", PAIRS)
def test_accept_all_gives_new_and_reject_all_gives_old(case, tmp_path):
    name, edit = PAIRS[case]
    check_pair(rendered(name), rendered(name, edit), tmp_path)


def test_a_changed_figure_is_one_deletion_and_one_insertion(tmp_path):
    old = rendered("proposal_reply")
    new = rendered("proposal_reply", lambda d: _replace_figure(d, 2430000000, 2510000000))
    content, summary = check_pair(old, new, tmp_path)
    root = document_xml(content)
    deleted = ["".join(d.itertext()) for d in root.iter(w("del")) if d.getparent().tag != w("rPr")]
    inserted = ["".join(i.itertext()) for i in root.iter(w("ins")) if i.getparent().tag != w("rPr")]
    assert deleted == ["24.3亿元"] and inserted == ["25.1亿元"]
    assert [(f.old, f.new) for f in summary.figures] == [("24.3亿元", "25.1亿元")]
    assert "25.1亿元" in summary.figures[0].context


def _replace_figure(data, old, new):
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if value == old:
                    node[key] = new
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)


def test_changed_heading_numbers_show_as_changed_marks(tmp_path):
    old = rendered("survey_report")
    new = rendered("survey_report", PAIRS["inserted_section_renumbers_headings"][1])
    content, _ = check_pair(old, new, tmp_path)
    root = document_xml(content)
    marks = [(etree.QName(m).localname, "".join(m.itertext())) for m in root.iter(w("del"), w("ins")) if m.getparent().tag != w("rPr")]
    # （一）（二）（三）（四） became （二）…（五）: each number is one deletion and one insertion.
    assert [("del", "一"), ("ins", "二"), ("del", "二"), ("ins", "三")] == marks[3:7]


def test_identical_drafts_give_no_marks(tmp_path):
    content, summary = check_pair(rendered("circular"), rendered("circular"), tmp_path)
    assert not document_xml(content).xpath("//w:ins | //w:del", namespaces=NS)
    assert set(summary.counts) == {"unchanged"}


def briefgen(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_cli_summary_html_and_json(tmp_path):
    (tmp_path / "old.docx").write_bytes(rendered("proposal_reply"))
    (tmp_path / "new.docx").write_bytes(rendered("proposal_reply", lambda d: _replace_figure(d, 2430000000, 2510000000)))
    result = briefgen("diff", tmp_path / "old.docx", tmp_path / "new.docx", "-o", tmp_path / "r.docx", "--html", tmp_path / "r.html", "--author", "审核人")
    assert result.returncode == 0, result.stderr
    assert "改动的数字（1 处）" in result.stdout and re.search(r"24\.3亿元\s+→ 25\.1亿元", result.stdout)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<del>24.3亿元</del>" in page and "<ins>25.1亿元</ins>" in page
    assert not re.search(r"(src|href)\s*=|https?://|@import", page)  # self-contained
    authors = document_xml((tmp_path / "r.docx").read_bytes()).xpath("//w:ins/@w:author", namespaces=NS)
    assert authors and set(authors) == {"审核人"}
    as_json = briefgen("diff", tmp_path / "old.docx", tmp_path / "new.docx", "-o", tmp_path / "r2.docx", "--json")
    import json

    report = json.loads(as_json.stdout)
    assert report["figures"][0]["old"] == "24.3亿元" and report["paragraphs"]["changed"] == 1


def test_data_level_review(tmp_path):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    data["城市"][0]["融资额"] = 5910000000
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = briefgen("diff", "--template", "circular", tmp_path / "old.yaml", tmp_path / "new.yaml", "-o", tmp_path / "r.docx")
    assert result.returncode == 0, result.stderr
    assert re.search(r"56\.3亿元\s+→ 59\.1亿元", result.stdout) and re.search(r"258\.04亿元\s+→ 260\.84亿元", result.stdout)


@pytest.mark.parametrize("content, fragment", [(b"plain text", "不是 Word 文档"), (None, "压缩")])
def test_foreign_input_is_refused_with_exit_2(tmp_path, content, fragment):
    bad = tmp_path / "bad.docx"
    if content is None:
        with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    else:
        bad.write_bytes(content)
    (tmp_path / "new.docx").write_bytes(rendered("circular"))
    result = briefgen("diff", bad, tmp_path / "new.docx", "-o", tmp_path / "r.docx")
    assert result.returncode == 2 and fragment in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_the_redline_opens_in_libreoffice(tmp_path):
    import os
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice is not installed")
    name, edit = PAIRS["table_cells_and_rows"]
    content, _ = check_pair(rendered(name), rendered(name, edit), tmp_path)
    from briefgen.docx.pdf import convert_to_pdf

    pdf = convert_to_pdf([tmp_path / "redline.docx"], tmp_path / "pdf")[tmp_path / "redline.docx"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "新设区" in text and pdf.stat().st_size > 10_000
