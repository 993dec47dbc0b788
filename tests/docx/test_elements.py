"""Every element of GB/T 9704 beyond the 文件式's usual ones, and the three special formats of
clause 10: read back from the .docx (python-docx and the XML), and measured where LibreOffice
puts them (check --render's RENDER rules, each one also shown to fire on a document that
breaks it)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from conftest import NS, docx_part, paragraph_text, require_renderer

from briefgen.check.report import check_files
from briefgen.document.number import number_headings
from briefgen.document.parse import parse_markup
from briefgen.document.standard import DEFAULT_STYLE
from briefgen.docx.pagination import replace_part
from briefgen.docx.pdf import pdfs_beside
from briefgen.docx.write import write_docx
from briefgen.errors import TemplateError

PARAGRAPH = "为进一步做好全省工业企业服务工作，推动各项惠企政策落地见效，现将有关事项通知如下，请认真贯彻执行。"
END_MATTER = "@抄送：省委办公厅，省政府办公厅\n@印发机关：湖南省工业和信息化厅办公室\n@印发日期：2024-06-06\n"


def body(paragraphs: int) -> str:
    return "\n\n".join([PARAGRAPH * 2] * paragraphs)


def build(markup: str, style=DEFAULT_STYLE) -> bytes:
    document = parse_markup(markup)
    number_headings(document)
    return write_docx(document, style)


def texts(content: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]


def part(content: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read(name).decode("utf-8")


JOINT = """@份号：12
@密级：机密 * 1年
@紧急程度：特急
@版头：湖南省工业和信息化厅文件
@版头：湖南省财政厅文件
@版头：湖南省发展和改革委员会文件
@发文字号：湘工信〔2024〕12号
@签发人：张建华、李明、王强
@标题：关于支持中小企业数字化转型的请示
@主送：省人民政府
@署名：湖南省工业和信息化厅
@署名：湖南省财政厅
@署名：湖南省发展和改革委员会
@署名：湖南省商务厅
@用印：是
@成文日期：2024-06-05
""" + END_MATTER + body(2)

LETTER = """@格式：信函
@份号：123
@紧急程度：加急
@版头：湖南省工业和信息化厅
@发文字号：湘工信函〔2024〕45号
@标题：关于商请支持中小企业数字化转型试点的函
@主送：省财政厅
@署名：湖南省工业和信息化厅
@用印：是
@成文日期：2024-06-05
""" + END_MATTER + body(6)

ORDER = """@格式：命令
@版头：湖南省人民政府令
@发文字号：第320号
《湖南省中小企业服务办法》已经2024年5月30日省人民政府第30次常务会议通过，现予公布，自2024年8月1日起施行。
@签发人职务：省长
@签发人：毛伟明
@成文日期：2024-06-05
"""

MINUTES = """@格式：纪要
@版头：湖南省工业和信息化厅厅长办公会议纪要
@发文字号：第12期
""" + body(3) + """
@出席：张建华、李明、王强、赵丽、钱进、孙伟、周敏、吴刚、郑洁、王芳、冯涛、陈静、褚亮、卫东
@请假：蒋波
@列席：沈阳、韩雪
"""

CITIES = "长沙市、株洲市、湘潭市、衡阳市、邵阳市、岳阳市、常德市、张家界市、益阳市、郴州市、永州市、怀化市、娄底市工业和信息化局，湘西自治州工业和信息化局"
ADDRESSEE_IN_END_MATTER = f"""@版头：湖南省工业和信息化厅文件
@发文字号：湘工信〔2024〕12号
@标题：关于做好中小企业服务工作的通知
@主送：{CITIES}
@主送位置：版记
@署名：湖南省工业和信息化厅
@成文日期：2024-06-05
""" + END_MATTER + body(3)


# -- the markup -----------------------------------------------------------------------------------


def test_top_marks_are_read_and_normalised():
    meta = parse_markup("@份号：12\n@密级：机密 * 1年\n@紧急程度：特急\n正文。").meta
    assert (meta.copy_number, meta.secrecy, meta.urgency) == ("000012", "机密★1年", "特急")


@pytest.mark.parametrize("line, named", [("@份号：12a", "份号"), ("@份号：1234567", "份号"), ("@份号：１２", "份号"), ("@份号：²", "份号"), ("@密级：内部", "密级"),
                                         ("@紧急程度：很急", "紧急程度"), ("@格式：公告", "公文格式"), ("@主送位置：页脚", "主送位置")])
def test_a_wrong_value_is_refused_with_its_line(line, named):
    with pytest.raises(TemplateError) as raised:
        parse_markup("正文。\n" + line)
    assert named in str(raised.value) and "第 2 行" in str(raised.value)


def test_joint_issue_keeps_every_organ_in_order():
    meta = parse_markup(JOINT).meta
    assert meta.issuers == ["湖南省工业和信息化厅文件", "湖南省财政厅文件", "湖南省发展和改革委员会文件"]
    assert meta.signer_names == ["张建华", "李明", "王强"]


# -- the .docx ------------------------------------------------------------------------------------


def test_top_marks_stand_first_flush_left_in_order_and_in_heiti():
    content = build(JOINT)
    root = docx_part(content)
    first = root.xpath("/w:document/w:body/w:p[position() <= 3]", namespaces=NS)
    assert [paragraph_text(p) for p in first] == ["000012", "机密★1年", "特急"]
    for paragraph in first[1:]:
        assert paragraph.xpath(".//w:rFonts/@w:eastAsia", namespaces=NS) == ["黑体"]
    assert [p.xpath("./w:pPr/w:jc/@w:val", namespaces=NS) for p in first] == [["left"]] * 3


def test_the_joint_mark_spreads_the_names_and_centres_wenjian_against_them():
    table = docx_part(build(JOINT)).xpath("//w:tbl", namespaces=NS)[0]
    rows = table.xpath("./w:tr", namespaces=NS)
    names = [paragraph_text(row.xpath("./w:tc[1]/w:p", namespaces=NS)[0]) for row in rows]
    assert names == ["湖南省工业和信息化厅", "湖南省财政厅", "湖南省发展和改革委员会"]
    assert {p for p in table.xpath(".//w:tc[1]/w:p/w:pPr/w:jc/@w:val", namespaces=NS)} == {"distribute"}
    suffix = table.xpath("./w:tr/w:tc[2]", namespaces=NS)
    assert [paragraph_text(cell.xpath("./w:p", namespaces=NS)[0]) for cell in suffix] == ["文件", "", ""]
    assert suffix[0].xpath("./w:tcPr/w:vMerge/@w:val", namespaces=NS) == ["restart"]
    assert table.xpath("./w:tblPr/w:tblBorders/w:top/@w:val", namespaces=NS) == ["nil"]


def test_several_signers_go_two_a_line_with_the_number_on_the_last():
    lines = [t for t in texts(build(JOINT)) if "签发人" in t or "湘工信" in t or t.strip() in ("王强",)]
    assert [line.split() for line in lines] == [["签发人：张建华", "李明"], ["湘工信〔2024〕12号", "王强"]]


def test_seal_rows_hold_at_most_three_names_and_fewer_when_names_are_long():
    found = [t.split() for t in texts(build(JOINT)) if t.startswith("\t湖南省")]
    # 湖南省发展和改革委员会 (11 characters) does not fit a third of 156 mm: two a row.
    assert found == [["湖南省工业和信息化厅", "湖南省财政厅"], ["湖南省发展和改革委员会", "湖南省商务厅"]]
    short = JOINT.replace("湖南省发展和改革委员会", "省发改委").replace("湖南省工业和信息化厅\n", "省工信厅\n").replace("湖南省财政厅\n", "省财政厅\n")
    rows = [t.split() for t in texts(build(short)) if t.startswith("\t省") or t.startswith("\t湖南省商务厅")]
    assert rows == [["省工信厅", "省财政厅", "省发改委"], ["湖南省商务厅"]]


def test_the_order_format_places_title_seal_and_date():
    lines = [t for t in texts(build(ORDER)) if t.strip()]
    assert lines[0] == "湖南省人民政府令" and lines[1] == "第320号"
    assert lines[-2:] == ["省长\u3000\u3000毛伟明", "2024年6月5日"]


def test_minutes_attendance_has_heiti_labels_and_hanging_names():
    root = docx_part(build(MINUTES))
    found = [p for p in root.xpath("//w:p", namespaces=NS) if re.match("^(出席|请假|列席)：", paragraph_text(p))]
    assert [paragraph_text(p)[:3] for p in found] == ["出席：", "请假：", "列席："]
    for paragraph in found:
        assert paragraph.xpath("./w:r[1]/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["黑体"]
        hanging = int(paragraph.xpath("./w:pPr/w:ind/@w:hanging", namespaces=NS)[0])
        assert hanging == DEFAULT_STYLE.layout.chars(3)  # "出席：": the names align after the colon
    assert not [t for t in texts(build(MINUTES)) if "署名" in t]


def test_the_letter_has_its_own_first_page_and_no_printer_line():
    content = build(LETTER)
    document = part(content, "word/document.xml")
    section = document[document.rindex("<w:sectPr") :]
    assert "<w:titlePg/>" in section and 'w:type="first"' in section
    assert 'w:footer="1134"' in section  # 20 mm: the lower double line sits on the footer's edge
    first_footer = part(content, "word/footer3.xml")
    assert "thinThickSmallGap" in first_footer and "PAGE" not in first_footer
    mark = docx_part(content).xpath("//w:p[w:pPr/w:framePr]", namespaces=NS)[0]
    assert paragraph_text(mark) == "湖南省工业和信息化厅"
    assert mark.xpath("./w:pPr/w:pBdr/w:bottom/@w:val", namespaces=NS) == ["thickThinSmallGap"]
    lines = texts(content)
    assert lines[1] == "000123\t湘工信函〔2024〕45号" and lines[2] == "加急"
    assert not [line for line in lines if line.endswith("印发")]
    assert "抄送：省委办公厅，省政府办公厅。" in lines


def test_a_long_addressee_moves_into_the_end_matter_above_the_copy_to():
    content = build(ADDRESSEE_IN_END_MATTER)
    lines = texts(content)
    assert not [line for line in lines if line.startswith("长沙市")]  # not under the title
    end = [line for line in lines if line.startswith("主送：")]
    assert len(end) == 1
    # One paragraph: 主送 lines, then 抄送, with no separator line between (7.4.2).
    parts = end[0].split("\n")
    assert parts[0].startswith("主送：长沙市") and parts[-1] == "抄送：省委办公厅，省政府办公厅。"
    assert all(line.startswith("\u3000" * 3) for line in parts[1:-1])
    assert "".join(line.strip("\u3000") for line in parts[:-1]) == f"主送：{CITIES}。"


def test_an_addressee_that_leaves_the_first_page_no_body_moves_by_itself():
    many = "、".join(f"第{number}市工业和信息化局" for number in range(1, 40))
    markup = ADDRESSEE_IN_END_MATTER.replace(CITIES, many).replace("@主送位置：版记\n", "")
    assert any(line.startswith("主送：第1市") for line in texts(build(markup)))
    short = ADDRESSEE_IN_END_MATTER.replace("@主送位置：版记\n", "")
    assert CITIES + "：" in texts(build(short))


# -- measured ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, request):
    require_renderer()
    folder = tmp_path_factory.mktemp("elements")
    documents = {}
    for name, markup in FORMATS.items():
        path = folder / f"{name}.docx"
        path.write_bytes(build(markup))
        documents[name] = path
    pdfs_beside(list(documents.values()), force=True)  # as render --pdf does: the 版记 settled
    reports = {report.path.stem: report for report in check_files(list(documents.values()), render=True)}
    return documents, reports


# A 信函's 版记 is the 抄送 alone: wrapped, its second line is the one on the 版心's bottom edge.
LONG_COPY_TO = "@抄送：省发展改革委，省财政厅，省商务厅，省科技厅，省人力资源社会保障厅，省市场监管局，国家税务总局湖南省税务局\n"
FORMATS = {"joint": JOINT, "letter": LETTER, "order": ORDER, "minutes": MINUTES, "addressee": ADDRESSEE_IN_END_MATTER,
           "letter-long-copy-to": LETTER.replace("@抄送：省委办公厅，省政府办公厅\n", LONG_COPY_TO),
           "minutes-distributed": MINUTES + "@抄送：省委办公厅\n@分送：厅领导，各处室\n@印发机关：湖南省工业和信息化厅办公室\n@印发日期：2024-09-05\n"}


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_passes_the_measured_check(rendered, name):
    _, reports = rendered
    report = reports[name]
    assert report.rendered == "是"
    assert [f for f in report.findings if f.severity == "error"] == []


def _move_first_paragraph_after_third(content: bytes) -> bytes:
    """The 份号 line moved below the 紧急程度 line: the order of 7.2.1-7.2.3 broken."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p>.*?</w:p>", xml[xml.index("<w:body>") :])[:3]
    reordered = xml.replace("".join(paragraphs), paragraphs[1] + paragraphs[2] + paragraphs[0], 1)
    return replace_part(content, "word/document.xml", reordered.encode("utf-8"))


def _letter_with_lines_moved(content: bytes) -> bytes:
    """The letter's footer distance at 30 mm: its lower double line 10 mm too high."""
    xml = part(content, "word/document.xml").replace('w:footer="1134"', 'w:footer="1701"')
    return replace_part(content, "word/document.xml", xml.encode("utf-8"))


SHORT_SEALS = JOINT.replace("湖南省发展和改革委员会", "省发改委").replace("湖南省工业和信息化厅\n", "省工信厅\n").replace("湖南省财政厅\n", "省财政厅\n")
ONE_PAGE = """@版头：湖南省工业和信息化厅文件
@发文字号：湘工信〔2024〕12号
@标题：关于做好中小企业服务工作的通知
@主送：各市州工业和信息化局
@署名：湖南省工业和信息化厅
@成文日期：2024-06-05
""" + END_MATTER + PARAGRAPH
FAULTS = {
    # name: (document, the rule it must break)
    "marks-out-of-order": (lambda: _move_first_paragraph_after_third(build(JOINT)), "RENDER-TOP-MARKS"),
    "mark-too-low": (lambda: build(JOINT, DEFAULT_STYLE.with_overrides(layout={"issuer_mark_offset_mm": 25.0})), "RENDER-ISSUER-MARK"),
    "letter-lines-moved": (lambda: _letter_with_lines_moved(build(LETTER)), "RENDER-LETTER"),
    # Seals of 30 mm let the writer put four a row, 39 mm apart: seals of 42 mm would meet.
    "seals-meet": (lambda: build(SHORT_SEALS, DEFAULT_STYLE.with_overrides(layout={"seal_diameter_mm": 30.0, "seals_per_row": 4})), "RENDER-SEAL-ROWS"),
    "end-matter-on-page-one": (lambda: build(ONE_PAGE), "RENDER-END-MATTER-PAGE"),
}


def checked(folder, cases: dict) -> dict:
    """Each case's document written to ``folder`` and checked with --render, in one conversion."""
    require_renderer()
    paths = []
    for name, (make, _) in cases.items():
        path = folder / f"{name}.docx"
        path.write_bytes(make())
        paths.append(path)
    return {report.path.stem: report for report in check_files(paths, render=True)}


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    return checked(tmp_path_factory.mktemp("faults"), FAULTS)


@pytest.mark.parametrize("name", FAULTS)
def test_each_measured_rule_fires_on_a_document_that_breaks_it(faults, name):
    rule = FAULTS[name][1]
    report = faults[name]
    assert report.rendered == "是"
    assert rule in {f.rule for f in report.findings if f.severity == "error"}, report.findings


def test_the_end_matter_moves_to_an_even_page_and_loses_its_number(tmp_path):
    """Bodies of 2 to 43 lines end on every kind of page: wherever LibreOffice put the 版记,
    after pdfs_beside it is on an even page; a page holding only the 版记, and a blank page
    before it, carry no number. Among them are the three cases: the 版记 stays, moves to the
    next page, moves after a blank page."""
    require_renderer()
    from briefgen.check.measure import has_body_text, read_pages

    paths = []
    # Bodies that end on every line of pages 1 and 2: paragraphs of two lines (the second one
    # long enough to show the text's left edge), and one of a line where the count is odd.
    two_lines, one_line = PARAGRAPH[:45], PARAGRAPH[:24]
    for count in [2, 8, 12] + list(range(24, 44)):
        path = tmp_path / f"n{count:02d}.docx"
        path.write_bytes(build(ONE_PAGE.replace(PARAGRAPH, "\n\n".join([two_lines] * (count // 2) + [one_line] * (count % 2)))))
        paths.append(path)
    untouched = tmp_path / "edited.docx"
    untouched.write_bytes(build(ONE_PAGE))
    before = untouched.read_bytes()
    pdfs = pdfs_beside([*paths, untouched], force=True, ours=set(paths))
    assert untouched.read_bytes() == before  # not briefgen's of this run: converted as it is
    seen: dict[str, object] = {}
    for path, pdf in zip(paths, pdfs):
        pages = read_pages(pdf)
        last = pages[-1]
        assert len(pages) % 2 == 0 and any(line.text.replace(" ", "").endswith("印发") for line in last.body), pdf
        alone = not has_body_text(last)
        blank = alone and pages[-2].body == []
        for page in [last] * alone + [pages[-2]] * blank:
            assert not [line for line in page.footer if "—" in line.text], (pdf, page.number)
        seen.setdefault("after blank" if blank else "own page" if alone else "with the body", path)
    assert set(seen) == {"with the body", "own page", "after blank"}
    reports = check_files(list(seen.values()), render=True)
    assert [f.rule for report in reports for f in report.findings if f.severity == "error"] == []


def test_a_volume_of_documents_whose_end_matter_moved_is_well_formed():
    """batch --combined joins documents after --pdf moved their 版记: each keeps its section
    break, and the volume is whole XML that python-docx opens, every 版记 line in it."""
    from lxml import etree

    from briefgen.docx.pagination import DOCUMENT_PART, place_end_matter
    from briefgen.docx.write import combine_docx

    moved = []
    for _ in range(2):
        content = build(ONE_PAGE)
        xml = part(content, DOCUMENT_PART).encode("utf-8")
        moved.append(replace_part(content, DOCUMENT_PART, place_end_matter(xml)))
    volume = combine_docx(moved)
    etree.fromstring(part(volume, DOCUMENT_PART).encode("utf-8"))
    lines = texts(volume)
    assert lines.count("抄送：省委办公厅，省政府办公厅。") == 2
    # Each document's body section, the break between the two documents, the volume's last.
    assert part(volume, DOCUMENT_PART).count("<w:sectPr") == 2 + 1 + 1



RED_RULE = '<w:pBdr><w:{side} w:val="single" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr>'


def _red_header_and_footer_rules(content: bytes) -> bytes:
    """A red line under a small heading at the top of the page and one above the page numbers,
    as many offices' Word templates have: single lines, as wide as the 版心."""
    for name in ("word/footer1.xml", "word/footer2.xml"):
        xml = part(content, name).replace("<w:pPr>", "<w:pPr>" + RED_RULE.format(side="top"), 1)
        content = replace_part(content, name, xml.encode("utf-8"))
    heading = f'<w:p><w:pPr>{RED_RULE.format(side="bottom")}</w:pPr><w:r><w:t>湖南省工业和信息化厅</w:t></w:r></w:p>'
    xml = part(content, "word/document.xml").replace("<w:body>", "<w:body>" + heading, 1)
    return replace_part(content, "word/document.xml", xml.encode("utf-8"))


TABLE_FIRST = """@标题：2024年重点项目进展情况
| 项目编号 | 承担单位 | 项目名称 | 完成日期 |
| 100234 | 湖南省财政厅 | 重点项目建设工程 | 2024年6月5日 |
| 100235 | 湖南省商务厅 | 外贸企业服务平台 | 2024年7月8日 |

""" + body(2)
# Documents that hold what the new rules look for, without being what they judge: none may
# have the rule's finding (each was a false error once, found in review).
FALSE_ALARMS = {
    "red-header-and-footer-rules": (lambda: _red_header_and_footer_rules(build(ONE_PAGE.replace("@版头：湖南省工业和信息化厅文件\n", ""))), "RENDER-LETTER"),
    "six-digits-in-a-table": (lambda: build(TABLE_FIRST), "RENDER-TOP-MARKS"),
    "dates-in-a-table": (lambda: build(TABLE_FIRST), "RENDER-SEAL-ROWS"),
}


@pytest.fixture(scope="module")
def false_alarms(tmp_path_factory):
    return checked(tmp_path_factory.mktemp("false-alarms"), FALSE_ALARMS)


@pytest.mark.parametrize("name", FALSE_ALARMS)
def test_a_rule_stays_silent_on_what_only_looks_like_its_element(false_alarms, name):
    report = false_alarms[name]
    assert report.rendered == "是"
    assert FALSE_ALARMS[name][1] not in {f.rule for f in report.findings}, report.findings


def test_an_end_matter_with_nothing_before_it_is_moved_without_harm(tmp_path):
    """A 版记 alone (no body, no paragraph before it) on page 1 is moved to page 2; the .docx
    stays whole (python-docx opens it) and the PDF is made."""
    require_renderer()
    path = tmp_path / "only.docx"
    path.write_bytes(build(END_MATTER))
    (pdf,) = pdfs_beside([path], force=True)
    assert pdf.is_file()
    lines = texts(path.read_bytes())
    assert "抄送：省委办公厅，省政府办公厅。" in lines


def test_a_distribution_list_stands_in_the_end_matter_below_the_copy_to():
    """@分送 (a 纪要's readers) is a line of the 版记 as 抄送 is, in the same frame, below it."""
    root = docx_part(build(MINUTES + "@抄送：省委办公厅\n@分送：厅领导，各处室\n"))
    framed = [paragraph_text(p) for p in root.xpath("//w:p[w:pPr/w:framePr]", namespaces=NS)]
    assert framed == ["抄送：省委办公厅。", "分送：厅领导，各处室。"]
