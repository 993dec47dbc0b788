"""End to end on the bundled examples: each renders, reads back to standard, numbers in sequence,
no placeholders left, figures worded by sign, and LibreOffice opens the result."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import docx
import pytest
import yaml
from conftest import NS, ROOT, docx_part, paragraph_text, w

from briefgen.api import render_bytes

EXAMPLES = ["survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"]
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
MARKS = [
    (1, re.compile(r"^([一二三四五六七八九十]+)、")),
    (2, re.compile(r"^（([一二三四五六七八九十]+)）")),
    (3, re.compile(r"^(\d+)\.(?!\d)")),
    (4, re.compile(r"^（(\d+)）")),
]
# A 纪要's 出席/请假/列席 lines: the label in 黑体 (10.3), no run-in heading.
ATTENDANCE = re.compile(r"^(出席|请假|列席)：")
PLACEHOLDERS = re.compile(r"\{\{|\}\}|\{%|None|nan|NaN|XX|××|[*＊]|[\u4e00-\u9fff\d][xX×](?![A-Za-z])|(?<![A-Za-z])[xX×][\u4e00-\u9fff]")


def chinese_number(text: str) -> int:
    """An independent reading of 一 … 九十九 (not the code under test)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[text]


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render_bytes(name, ROOT / "examples" / f"{name}.yaml") for name in EXAMPLES}


def body(content: bytes):
    return docx_part(content).xpath("/w:document/w:body/w:p", namespaces=NS)


def style_of(paragraph) -> str:
    return (paragraph.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS) or [""])[0]


def headings(content: bytes) -> list[tuple[int, int, str]]:
    """(level, number, text) of every numbered heading, standalone or run-in, in order.

    An attachment label ("附件1") resets the sequence, as attachments are numbered apart.
    """
    found = []
    for paragraph in body(content):
        style, text = style_of(paragraph), paragraph_text(paragraph)
        if style == "BriefgenAttachmentLabel":
            found.append((0, 0, text))
            continue
        if style.startswith("Heading") or (style == "Normal" and _has_heading_font(paragraph)):
            for level, pattern in MARKS:
                match = pattern.match(text)
                if match:
                    found.append((level, chinese_number(match.group(1)), text))
                    break
    return found


def _has_heading_font(paragraph) -> bool:
    fonts = paragraph.xpath("./w:r[1]/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)
    return bool(fonts)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_opens_in_python_docx_with_text(rendered, name):
    document = docx.Document(io.BytesIO(rendered[name]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert len(text) > 1500
    section = document.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210.0, 297.0, 37.0, 35.0, 28.0, 26.0]
    for footer in (section.footer, section.even_page_footer):
        assert footer.paragraphs[0].text == "—  —"  # python-docx leaves out the PAGE field's text
        assert 'w:instr=" PAGE "' in footer._element.xml
    assert document.settings.odd_and_even_pages_header_footer


@pytest.mark.parametrize("name", EXAMPLES)
def test_headings_are_numbered_in_sequence(rendered, name):
    found = headings(rendered[name])
    numbered = [h for h in found if h[0]]
    assert len(numbered) >= 6, found
    counts = [0] * 5
    for level, number, text in found:
        if level == 0:
            counts = [0] * 5
            continue
        assert number == counts[level] + 1, f"{text!r} follows {counts}"
        counts[level] = number
        counts[level + 1 :] = [0] * (4 - level)
    assert any(level == 1 for level, _, _ in numbered) and any(level == 2 for level, _, _ in numbered)


@pytest.mark.parametrize("name", EXAMPLES)
def test_heading_fonts_follow_their_level(rendered, name):
    expected = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    styles = docx_part(rendered[name], "word/styles.xml")
    for paragraph in body(rendered[name]):
        style = style_of(paragraph)
        if style.startswith("Heading"):
            level = int(style[-1])
            font = styles.xpath(f"//w:style[@w:styleId='{style}']/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)[0]
            assert font == expected[level]
        elif style == "Normal" and _has_heading_font(paragraph) and not ATTENDANCE.match(paragraph_text(paragraph)):
            text = paragraph_text(paragraph)
            level = next(level for level, pattern in MARKS if pattern.match(text))
            font = paragraph.xpath("./w:r[1]/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)[0]
            assert font == expected[level], text


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_placeholders_are_left(rendered, name):
    root = docx_part(rendered[name])
    text = "\n".join(paragraph_text(p) for p in root.iter(w("p")))
    assert not PLACEHOLDERS.search(text), PLACEHOLDERS.search(text)
    assert "-" not in re.sub(r"0\d{2,3}-\d{7,8}|-\d", "", text)  # only phone numbers and negative figures


@pytest.mark.parametrize("name", EXAMPLES)
def test_title_and_signature_and_date(rendered, name):
    paragraphs = body(rendered[name])
    titles = [p for p in paragraphs if style_of(p) == "BriefgenTitle"]
    if name == "minutes":  # a 厅长办公会议纪要 has its 纪要标志 and 期号, no title (10.3)
        assert not titles and paragraph_text(paragraphs[0]).endswith("纪要")
    else:
        assert titles and paragraph_text(titles[0]).startswith("关于")
    dates = [paragraph_text(p) for p in paragraphs if style_of(p) == "BriefgenSignature"]
    assert re.fullmatch(r"20\d\d年[1-9]\d?月[1-9]\d?日", dates[-1])


def test_circular_has_the_header_red_line_and_end_matter(rendered):
    paragraphs = body(rendered["circular"])
    texts = [paragraph_text(p) for p in paragraphs]
    assert texts[0] == "湖南省工业和信息化厅文件"
    number = next(p for p in paragraphs if style_of(p) == "BriefgenDocNumber")
    assert re.fullmatch(r"湘工信〔20\d\d〕[1-9]\d*号", paragraph_text(number))
    assert number.xpath("./w:pPr/w:pBdr/w:bottom/@w:color", namespaces=NS) == ["FF0000"]
    assert "各市州工信局：" in texts
    assert texts[-2].startswith("抄送：") and texts[-1].endswith("印发")


def test_proposal_reply_has_its_category_mark(rendered):
    texts = [paragraph_text(p) for p in body(rendered["proposal_reply"])]
    assert re.fullmatch(r"第\d+号[ABC]", texts[0])
    assert any(re.fullmatch(r"关于市政协.+届.+次会议第\d+号提案的答复", t.replace("\n", "")) for t in texts) or any(
        "提案的答复" in t for t in texts
    )


def _find_path(node, key, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, (int, float)) and v > 0:
                return path + (k,)
            found = _find_path(v, key, path + (k,))
            if found:
                return found
    if isinstance(node, list):
        for i, v in enumerate(node):
            found = _find_path(v, key, path + (i,))
            if found:
                return found
    return None


@pytest.mark.parametrize(
    "name, key, new_value, before, after",
    [
        ("circular", "全省产值增速", -1.3, "同比增长7.1%", "同比下降1.3%"),
        ("survey_report", "产值增速", -4.5, "同比增长6.8%", "同比下降4.5%"),
        ("proposal_reply", "增速", -5.5, "同比增长23.25%", "同比下降5.50%"),
        ("work_report", "增速", -2.5, "同比增长7.6%", "同比下降2.5%"),
        ("request", "增速", -3.4, "同比增长11.6%", "同比下降3.4%"),
        ("report", "增速", -3.4, "同比增长16.2%", "同比下降3.4%"),
        ("letter", "增速", -3.2, "同比增长14.8%", "同比下降3.2%"),
    ],
)
def test_a_figure_changed_in_the_data_changes_its_wording(tmp_path, name, key, new_value, before, after):
    data = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))
    path = _find_path(data, key)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new_value
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def text(content):
        return "".join(paragraph_text(p) for p in body(content))

    original = text(render_bytes(name, ROOT / "examples" / f"{name}.yaml"))
    revised = text(render_bytes(name, changed))
    assert before in original and after not in original
    assert after in revised


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_all_examples_open_in_libreoffice(rendered, tmp_path):
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (scripts/setup-tests.sh installs it)")
        pytest.skip("LibreOffice is not installed (bash scripts/setup-tests.sh installs it)")
    for name, content in rendered.items():
        (tmp_path / f"{name}.docx").write_bytes(content)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *[str(tmp_path / f"{n}.docx") for n in EXAMPLES]],
        capture_output=True, text=True, timeout=300,
    )
    for name in EXAMPLES:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), result.stderr
        assert pdf.read_bytes()[:5] == b"%PDF-"
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
        assert pages >= 2, name
    _assert_22_lines_of_28_characters(tmp_path / "survey_report.pdf")


def _assert_22_lines_of_28_characters(pdf):
    """Measured layout: full body pages hold 22 lines at a 28.95 pt pitch, at most 28 characters a line."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is required in CI")
        return
    layout = subprocess.run([pdftotext, "-bbox-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    lines_per_page, pitches, widest = [], [], 0
    for page in layout.split("<page")[1:]:
        lines = re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', page, re.S)
        body = [(float(y), "".join(re.findall(r">([^<]*)</word>", words))) for y, words in lines]
        body = [(y, text) for y, text in body if y * 25.4 / 72 < 262]  # above the 版心's bottom edge
        page_pitches = [b[0] - a[0] for a, b in zip(body, body[1:])]
        if min(page_pitches, default=0) < 28:  # a page with a table or the title: not plain body text
            continue
        lines_per_page.append(len(body))
        pitches += page_pitches
        widest = max([widest] + [sum(0.5 if ord(c) < 0x2E80 else 1 for c in text) for _, text in body])
    assert lines_per_page and max(lines_per_page) == 22, lines_per_page
    assert min(pitches) >= 28.85 and sorted(pitches)[len(pitches) // 2] == pytest.approx(28.95, abs=0.05)
    assert widest <= 29  # 28 characters (digits count half), plus punctuation hung at the line end
