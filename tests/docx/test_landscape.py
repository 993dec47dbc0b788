"""Clause 8 横排表格: a wide table on landscape pages of their own, the 版心 turned with the page and
each page number printed where a portrait page has it; read back from the XML, joined into a
volume, and measured where LibreOffice puts it."""

from __future__ import annotations

import re
import statistics

import pytest
from conftest import require_renderer
from test_elements import END_MATTER, LETTER, PARAGRAPH, build, part

from briefgen.check.measure import MM, read_pages
from briefgen.check.report import check_files
from briefgen.document.parse import parse_markup
from briefgen.document.standard import DEFAULT_STYLE, mm_to_twips
from briefgen.docx.pagination import replace_part
from briefgen.docx.pdf import pdfs_beside
from briefgen.docx.write import combine_docx
from briefgen.errors import TemplateError

LAY = DEFAULT_STYLE.layout
CITIES = "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西".split()
HEAD = "| 市州 | 规上企业（家） | 增速（%） | 技改项目（个） | 投资（亿元） | 新增（家） | 完成率（%） | 占比（%） | 排名 |"


def table(rows: int, option: str = "横排=是") -> str:
    lines = [f"| {CITIES[i % 14]}{'市' if i % 14 < 13 else '州'} | {100 + 7 * i} | {3.1 + i / 10:.1f} | {20 + i} | {12.5 + i:.1f} | {i + 3} | {80 + i} | {5 + i / 3:.1f} | {i + 1} |" for i in range(rows)]
    return f"@表格：{option} 标题=表1　各市州主要指标完成情况\n{HEAD}\n" + "\n".join(lines) + "\n"


def circular(rows: int = 40) -> str:
    """A 通报 whose table of 40 rows fills two landscape pages: an even and an odd number."""
    return (
        "@版头：湖南省工业和信息化厅文件\n@发文字号：湘工信〔2024〕12号\n@标题：关于全省工业运行情况的通报\n@主送：各市州工信局\n"
        + "\n\n".join([PARAGRAPH * 2] * 8) + "\n" + table(rows) + "表后的正文回到竖排页面，页码接续。\n\n" + "\n\n".join([PARAGRAPH * 2] * 6)
        + "\n@署名：湖南省工业和信息化厅\n@成文日期：2024-06-05\n" + END_MATTER
    )


def sections(content: bytes) -> list[str]:
    return re.findall(r"<w:sectPr>.*?</w:sectPr>", part(content, "word/document.xml"))


def attributes(section: str, tag: str) -> dict[str, str]:
    element = re.search(rf"<w:{tag} ([^>]*)/>", section).group(1)
    return dict(re.findall(r'w:(\w+)="([^"]*)"', element))


def test_the_option_is_read_and_a_wrong_value_is_refused_with_its_line():
    assert parse_markup(table(2)).blocks[0].landscape is True
    assert parse_markup(table(2, "横排=否")).blocks[0].landscape is False
    assert parse_markup(table(2, "标题=表")).blocks[0].landscape is False
    with pytest.raises(TemplateError) as caught:
        parse_markup("正文。\n" + table(2, "横排=也许"))
    assert "横排" in caught.value.message and "第 2 行" in str(caught.value)


def test_the_table_stands_in_a_landscape_section_between_portrait_ones():
    portrait_before, landscape, portrait_after = sections(build(circular()))
    size = attributes(landscape, "pgSz")
    assert (size["orient"], int(size["w"]), int(size["h"])) == ("landscape", mm_to_twips(LAY.page_height_mm), mm_to_twips(LAY.page_width_mm))
    margins = {side: int(value) for side, value in attributes(landscape, "pgMar").items() if side in ("top", "right", "bottom", "left")}
    # The portrait 版心 turned clockwise: 订口 on top, 天头 on the right.
    assert margins == {"top": mm_to_twips(28), "right": mm_to_twips(37), "bottom": mm_to_twips(26), "left": mm_to_twips(35)}
    assert 'r:id="rId9"' in landscape and 'r:id="rId10"' in landscape
    assert portrait_before == portrait_after and "orient" not in portrait_after


def test_a_letters_first_page_furniture_stays_with_its_first_section():
    first, _, last = sections(build(LETTER + "\n" + table(3)))
    assert "<w:titlePg/>" in first and 'w:type="first"' in first
    assert "<w:titlePg/>" not in last and 'w:type="first"' not in last


def test_the_turned_page_number_is_a_page_field_in_a_vertical_box_anchored_to_the_page():
    content = build(circular())
    for name in ("word/footer7.xml", "word/footer8.xml"):
        footer = part(content, name)
        assert 'w:instr=" PAGE "' in footer and 'vert="vert"' in footer
        assert footer.count('relativeFrom="page"') == 2


def test_a_volume_restarts_each_documents_numbers_at_its_first_section_only():
    volume = part(combine_docx([build(circular()), build(circular())]), "word/document.xml")
    found = re.findall(r"<w:sectPr>.*?</w:sectPr>", volume)
    assert len(found) == 6
    restarts = [index for index, section in enumerate(found) if 'w:start="1"' in section]
    assert restarts == [0, 3]  # each document's first portrait section, never its landscape one
    assert all("oddPage" not in section for section in found[1:3] + found[4:])


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    require_renderer()
    folder = tmp_path_factory.mktemp("landscape")
    good, misplaced = folder / "landscape.docx", folder / "misplaced.docx"
    content = build(circular())
    good.write_bytes(content)
    # The number's box placed as if the page were not turned: 10 mm up the sheet from its place.
    for name in ("word/footer7.xml", "word/footer8.xml"):
        footer = re.sub(r'(<wp:positionH relativeFrom="page"><wp:posOffset>)(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 360000), part(content, name))
        content = replace_part(content, name, footer.encode("utf-8"))
    misplaced.write_bytes(content)
    pdfs = pdfs_beside([good, misplaced], force=True)
    reports = {report.path.stem: report for report in check_files([good, misplaced], render=True)}
    return read_pages(pdfs[0]), reports


def test_the_document_with_landscape_pages_passes_the_measured_check(measured):
    _, reports = measured
    assert reports["landscape"].rendered == "是"
    assert [f for f in reports["landscape"].findings if f.severity == "error"] == []


def test_each_turned_number_prints_where_the_portrait_pages_have_theirs(measured):
    pages, _ = measured
    turned = [page for page in pages if page.turned]
    assert len(turned) == 2, [page.number for page in pages]
    assert {page.number % 2 for page in turned} == {0, 1}

    def number_box(page):
        (line,) = [line for line in page.footer if "—" in line.text]
        return line

    for parity in (0, 1):
        portrait = [number_box(page) for page in pages if not page.turned and page.number % 2 == parity and page.footer]
        for page in (page for page in turned if page.number % 2 == parity):
            box = number_box(page)
            assert box.text.replace(" ", "") == f"—{page.number}—"
            # Same height on the sheet and the same outer edge, within half a millimetre.
            assert abs((box.y0 + box.y1) / 2 - statistics.median((line.y0 + line.y1) / 2 for line in portrait)) < 0.5 * MM
            edge = (lambda line: line.x1) if parity else (lambda line: line.x0)
            assert abs(edge(box) - statistics.median(edge(line) for line in portrait)) < 0.5 * MM


def test_the_table_lies_inside_the_turned_type_area(measured):
    pages, _ = measured
    for page in (page for page in pages if page.turned):
        cells = page.body
        assert cells
        assert min(line.x0 for line in cells) >= LAY.margin_left_mm * MM - 1
        assert max(line.x1 for line in cells) <= (LAY.margin_left_mm + LAY.text_width_mm) * MM + 1
        assert min(line.y0 for line in cells) >= LAY.margin_top_mm * MM - 1


def test_a_misplaced_turned_number_is_reported(measured):
    _, reports = measured
    wrong = [f for f in reports["misplaced"].findings if f.rule == "RENDER-PAGE-NUMBER"]
    assert {f.where for f in wrong} == {"第 4 页", "第 5 页"}, reports["misplaced"].findings
    assert all("版心下 -3." in f.actual for f in wrong), wrong
