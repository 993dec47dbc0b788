"""What the reader sees, measured in LibreOffice's rendering: every character printed, 28 a line,
no space between 汉字 and digits, title lines one line apart."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, require_renderer

from briefgen.api import render_bytes
from briefgen.check.measure import check_every_character_printed, read_pages
from briefgen.check.report import check_files, document_text
from briefgen.docx.pdf import convert_to_pdf, render_environment
from briefgen.docx.read import read_docx

FILLER = "工业经济发展质量效益稳步提升企业创新能力明显增强产业结构持续优化"
MARKS = "，、。；：？！"


def hanzi(count: int, start: int = 0) -> str:
    return "".join(FILLER[(start + index) % len(FILLER)] for index in range(count))


def filling_paragraphs() -> list[str]:
    """Each closing mark right after a full line: 26 汉字 fill the first line (two characters of
    indent), then the mark; and after the second and third full lines."""
    paragraphs = []
    for offset, mark in enumerate(MARKS):
        paragraphs.append(hanzi(26, offset) + mark + hanzi(20, offset + 3))
    for offset, mark in enumerate("，、。"):
        paragraphs.append(hanzi(54, offset) + mark + hanzi(30, offset + 5))
        paragraphs.append(hanzi(82, offset + 1) + mark)
    paragraphs.append(hanzi(26) + "”" + hanzi(10))
    paragraphs.append(hanzi(26) + "）" + hanzi(10))
    paragraphs += [hanzi(200, start) for start in range(6)]  # full pages, for 22 lines a page
    return paragraphs


@pytest.fixture(scope="module")
def filling_document(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fill")
    template = folder / "fill"
    template.mkdir()
    (template / "template.yaml").write_text("name: fill\ntitle: 测试\n", encoding="utf-8")
    (template / "document.j2").write_text("@标题：排满一行的测试\n\n{% for 段 in 段落 %}\n{{ 段 }}\n\n{% endfor %}", encoding="utf-8")
    data = folder / "d.yaml"
    data.write_text(yaml.safe_dump({"段落": filling_paragraphs()}, allow_unicode=True), encoding="utf-8")
    path = folder / "fill.docx"
    path.write_bytes(render_bytes(template, data))
    return path


def test_a_document_that_fills_lines_exactly_loses_nothing(filling_document):
    require_renderer()
    [report] = check_files([filling_document], render=True)
    assert report.rendered == "是"
    rules = {f.rule for f in report.findings if f.severity == "error"}
    assert "RENDER-TEXT-COMPLETE" not in rules and "RENDER-LINES" not in rules, report.findings


def test_the_rule_sees_what_libreoffice_drops_without_briefgens_copy(filling_document, tmp_path):
    """The same document converted as it is, hanging punctuation on (LibreOffice's reading of a
    missing overflowPunct): the marks at the ends of full justified lines are not printed, and
    the rule says which and where."""
    require_renderer()
    raw = tmp_path / "raw.docx"
    import io
    import zipfile

    source = zipfile.ZipFile(filling_document)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = data.replace(b'<w:overflowPunct w:val="1"/>', b"")
            target.writestr(item, data)
    raw.write_bytes(buffer.getvalue())
    command = ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(raw)]
    subprocess.run(command, capture_output=True, timeout=300, env=render_environment(), check=True)
    findings = check_every_character_printed(read_pages(tmp_path / "raw.pdf"), document_text(read_docx(raw)))
    assert findings and findings[0].rule == "RENDER-TEXT-COMPLETE"
    assert re.search(r"少了 \d+ 个字符", findings[0].actual) and "之后" in findings[0].where


@pytest.fixture(scope="module")
def circular_pdf(tmp_path_factory) -> Path:
    require_renderer()
    folder = tmp_path_factory.mktemp("circular")
    docx = folder / "circular.docx"
    docx.write_bytes(render_bytes("circular", ROOT / "examples" / "circular.yaml"))
    return convert_to_pdf([docx], folder)[docx]


def words_on_page(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


def test_no_space_between_hanzi_and_digits(circular_pdf):
    """pdftotext splits words where it sees a gap: with LibreOffice's autospace "2024 年 1—9 月"
    came out as four words; Word, told autoSpaceDE/DN 0, puts no space there."""
    words = [word[4] for word in words_on_page(circular_pdf, 1)]
    assert any("2024年1—9月" in word for word in words), words
    assert any(re.search(r"企业1399家", word) for word in words), words


def test_title_lines_stand_one_line_apart(circular_pdf):
    words = words_on_page(circular_pdf, 1)
    first = next(word for word in words if word[4] == "关于全省重点工业企业")
    second = next(word for word in words if word[4] == "精准帮扶活动情况的通报")
    assert abs((second[1] - first[1]) - 28.95) < 1.0, (first, second)


def test_full_lines_hold_28_characters(circular_pdf):
    body_size = 19.5  # line boxes of 3号 text are ~20.8 pt high; the 版记's 4号 ~18.2 pt
    lines = [line for page in read_pages(circular_pdf) for line in page.body if body_size < line.y1 - line.y0 < 24]
    counts = [len(re.sub(r"\s", "", line.text)) for line in lines if re.fullmatch(r"[\u4e00-\u9fff，、。；：“”（）]+", line.text.replace(" ", ""))]
    assert max(counts) == 28 and counts.count(28) >= 10, sorted(counts)[-15:]


def test_table_words_and_names_are_never_broken(circular_pdf):
    """The statistics table (the last page): each city's name on one line, no header line that is
    a lone bracket or a fragment of a word."""
    page = read_pages(circular_pdf)[-1]
    texts = [line.text.replace(" ", "") for line in page.body]
    for name in ("长沙市", "张家界市", "湘西自治州"):
        assert any(text.startswith(name) for text in texts), texts
    fragments = [t for t in texts if t in ("（", "）", "%）", "（%") or (len(t) == 1 and "\u4e00" <= t <= "\u9fff")]
    assert fragments == [], texts


def test_every_batch_document_prints_every_character(tmp_path):
    require_renderer()
    out = tmp_path / "通报"
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(ROOT / "examples" / "circular_batch.xlsx"), "-o", str(out),
               "--each", "城市", "--name", "{名称}通报.docx", "--number", "序号=158", "--combined", str(tmp_path / "通报汇编.docx"), "--pdf"]
    # --pdf: where pages fall is known once LibreOffice has laid them out, and only then can the
    # 版记 be put on an even page (RENDER-END-MATTER-PAGE).
    assert subprocess.run(command, capture_output=True, text=True, timeout=600).returncode == 0
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 14
    # The volume is joined before --pdf moves any 版记: one section a document, each numbered from 1.
    with zipfile.ZipFile(tmp_path / "通报汇编.docx") as volume:
        xml = volume.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:sectPr") == 14 and xml.count('<w:pgNumType w:start="1"/>') == 14
    for report in check_files(documents, render=True):
        assert report.rendered == "是"
        assert not [f for f in report.findings if f.severity == "error"], (report.path, report.findings)
