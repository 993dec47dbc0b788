"""The bundled kinds in the special formats of GB/T 9704 clause 10 — 函 (letter, 信函格式) and
纪要 (minutes, 纪要格式) — and the 信函格式 option of the 提案答复 (proposal_reply), each read back
from the .docx: the letter's first page of its own (w:titlePg, a first-page footer without a page
number, the framed 标志, the 发文字号 after a right tab, no 印发 line), the 去函/复函 openings and
endings, the 纪要's 黑体 attendance labels with no 署名 and no seal, and data left out never
printed as 0, 持平, empty brackets or a placeholder."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from conftest import NS, ROOT, docx_part, paragraph_text
from kinddata import PLACEHOLDER as BASE_PLACEHOLDER
from kinddata import ZERO_FIGURE, example, write

from briefgen.api import build_document, render_bytes, validate_data
from briefgen.document.model import Heading, Paragraph
from briefgen.document.standard import DEFAULT_STYLE
from briefgen.errors import DataError

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PLACEHOLDER = re.compile(BASE_PLACEHOLDER.pattern + r"|（）|《》|第期")
ATTENDANCE = re.compile(r"^(出席|请假|列席)：")




def body(content: bytes) -> list:
    return docx_part(content).xpath("/w:document/w:body/w:p", namespaces=NS)


def style_of(paragraph) -> str:
    return (paragraph.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS) or [""])[0]


def texts(content: bytes) -> list[str]:
    """The text of each non-empty body paragraph, tabs shown as \\t and line breaks as \\n."""
    found = []
    for paragraph in body(content):
        text = "".join("\t" if node.tag.endswith("}tab") else "\n" if node.tag.endswith("}br") else node.text or ""
                       for node in paragraph.xpath("./w:r/w:t | ./w:r/w:tab | ./w:r/w:br", namespaces=NS))
        if text.strip():
            found.append(text)
    return found


def styled(content: bytes, style: str) -> list[str]:
    return [paragraph_text(p) for p in body(content) if style_of(p) == style]


def lines(document) -> list[str]:
    found = []
    for block in document.blocks:
        if isinstance(block, Heading):
            found.append(block.number + block.text + (block.run_in.text if block.run_in else ""))
        elif isinstance(block, Paragraph):
            found.append(block.text)
    return found


def strip_optional(data, node: dict):
    """``data`` with every field the schema calls optional taken out."""
    if isinstance(data, list):
        return [strip_optional(item, node.get("items", {})) for item in data]
    if not isinstance(data, dict):
        return data
    properties, required = node.get("properties", {}), set(node.get("required", []))
    return {key: strip_optional(value, properties.get(key, {})) for key, value in data.items() if key in required}


def schema(name: str) -> dict:
    import json

    return json.loads((ROOT / "data_schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def assert_nothing_made_up(document) -> None:
    text = "\n".join(lines(document))
    assert not ZERO_FIGURE.search(text), ZERO_FIGURE.search(text)
    assert not re.search(r"(?<!保)持平", text)
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    assert not re.search(r"[，、；]。|。。|，，|：。|，：", text), re.search(r"[，、；]。|。。|，，|：。|，：", text)
    assert document.warnings == []


def package_part(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read(name)


def first_page_footer(content: bytes) -> str:
    """The XML of the footer the last section shows on its first page ("" when it has none)."""
    root = docx_part(content)
    section = root.xpath("/w:document/w:body/w:sectPr", namespaces=NS)[0]
    ids = section.xpath("./w:footerReference[@w:type='first']/@r:id", namespaces={**NS, "r": R})
    if not ids:
        return ""
    relationships = docx_part(content, "word/_rels/document.xml.rels")
    target = relationships.xpath(f"//*[@Id='{ids[0]}']/@Target")[0]
    return package_part(content, f"word/{target}").decode("utf-8")


def assert_letter_layout(content: bytes, mark: str, number: str | None) -> None:
    """GB/T 9704 10.1, as the .docx carries it."""
    root = docx_part(content)
    section = root.xpath("/w:document/w:body/w:sectPr", namespaces=NS)[0]
    assert section.xpath("./w:titlePg", namespaces=NS), "no first page of its own"
    footer = first_page_footer(content)
    assert footer and "PAGE" not in footer  # the first page shows no page number …
    assert "thinThickSmallGap" in footer  # … but the lower red double line (thin above, thick below)
    paragraphs = [p for p in body(content) if paragraph_text(p).strip() or p.xpath("./w:r/w:tab", namespaces=NS)]
    head = paragraphs[0]
    assert paragraph_text(head) == mark and not mark.endswith("文件")
    assert head.xpath("./w:pPr/w:framePr", namespaces=NS), "the 标志 is not framed on the page"
    assert head.xpath("./w:pPr/w:pBdr/w:bottom/@w:val", namespaces=NS) == ["thickThinSmallGap"]
    assert head.xpath("./w:pPr/w:pBdr/w:bottom/@w:color", namespaces=NS) == ["FF0000"]
    if number is not None:
        line = paragraphs[1]  # the first line after the 标志: the 发文字号 flush right, after a right tab
        assert paragraph_text(line) == number
        assert line.xpath("./w:r[1]/w:tab", namespaces=NS)
        assert line.xpath("./w:pPr/w:tabs/w:tab/@w:val", namespaces=NS) == ["right"]
        assert int(line.xpath("./w:pPr/w:tabs/w:tab/@w:pos", namespaces=NS)[0]) == DEFAULT_STYLE.layout.text_width_twips
    assert not styled(content, "BriefgenDocNumber")  # not the 文件式's centred number over a red line
    shown = texts(content)
    assert not [text for text in shown if text.endswith("印发")]  # no 印发机关 and 印发日期 (10.1)
    assert [text for text in shown if text.startswith("抄送：")]
    # The 版记 without separator lines.
    assert styled(content, "BriefgenEndMatterPlain") and not styled(content, "BriefgenEndMatter")


# -- 函 --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter() -> bytes:
    return render_bytes("letter", ROOT / "examples" / "letter.yaml")


def test_letter_has_the_letter_format(letter):
    assert_letter_layout(letter, "湖南省工业和信息化厅", "湘工信函〔2024〕45号")
    (title,) = [text.replace("\n", "") for text in (paragraph_text(p) for p in body(letter) if style_of(p) == "BriefgenTitle")]
    assert title == "关于支持湘潭市建设先进储能材料产业集群有关事项的复函" and title.endswith("函")
    assert styled(letter, "BriefgenAddressee")[-1] == "湘潭市人民政府："
    assert texts(letter)[-1] == "抄送：省发展和改革委员会，省财政厅，湘潭市工业和信息化局。"


def test_reply_letter_cites_the_letter_it_answers_and_ends_with_te_ci_han_fu(letter):
    shown = texts(letter)
    opening = shown[shown.index("湘潭市人民政府：") + 1]
    assert opening.startswith("你市《关于商请支持湘潭市建设先进储能材料产业集群的函》（潭政函〔2024〕37号）收悉。先进储能材料")
    assert opening.endswith("逐项进行了会商。经研究，现函复如下：")
    signature = shown.index("湖南省工业和信息化厅", 1)
    assert shown[signature - 1] == "特此函复。"
    assert shown[signature + 1 : signature + 3] == ["2024年9月12日", "（联系人：刘洋，电话：0731-88954326）"]
    document = build_document("letter", ROOT / "examples" / "letter.yaml")
    assert document.meta.sealed and document.meta.layout_format == "信函"
    headings = [b.number + b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == ["一、关于纳入重点产业集群培育", "二、关于专项资金支持", "三、关于项目要素保障", "四、有关工作要求"]
    assert "2023年实现营业收入412.6亿元，同比增长14.8%，规模以上企业86家。" in "".join(lines(document))


def outgoing(ending: str | None = None) -> dict:
    data = example("letter")
    data["类型"] = "去函"
    del data["来函"]
    data["函件事项"] = "商请支持湘潭市先进储能材料产业集群建设"
    data["主送"] = "湖南省财政厅"
    data["开头"] = "为加快培育先进储能材料产业集群，我厅拟将湘潭市先进储能材料产业集群纳入省级先进制造业集群培育名单，并在专项资金安排上予以倾斜。"
    if ending:
        data["结束语"] = ending
    return data


@pytest.mark.parametrize("ending, expected", [(None, "特此函告。"), ("请予研究函复。", "请予研究函复。"), ("请予支持为盼。", "请予支持为盼。")],
                         ids=["default_informs", "asks_for_a_reply", "asks_for_support"])
def test_outgoing_letter_has_its_own_title_opening_and_ending(tmp_path, ending, expected):
    content = render_bytes("letter", write(tmp_path, outgoing(ending)))
    assert_letter_layout(content, "湖南省工业和信息化厅", "湘工信函〔2024〕45号")
    (title,) = [t.replace("\n", "") for t in styled(content, "BriefgenTitle")]
    assert title == "关于商请支持湘潭市先进储能材料产业集群建设的函"
    shown = texts(content)
    assert shown[shown.index("湖南省财政厅：") + 1].endswith("予以倾斜。现将有关事项函告如下：")
    assert "收悉" not in "".join(shown) and "函复" not in "".join(shown[:-6])
    assert shown[shown.index("湖南省工业和信息化厅", 1) - 1] == expected


def test_outgoing_letter_without_items_has_no_lead_in(tmp_path):
    data = outgoing()
    del data["正文"]
    data["段落"] = ["请你厅在安排2025年省级制造业高质量发展专项资金时，对集群内企业的技术改造项目予以优先支持。"]
    shown = texts(render_bytes("letter", write(tmp_path, data)))
    assert "现将有关事项函告如下" not in "".join(shown)
    assert shown[shown.index("湖南省财政厅：") + 2 : shown.index("湖南省财政厅：") + 4] == [data["段落"][0], "特此函告。"]


@pytest.mark.parametrize("kind, ending, message", [
    ("去函", "特此函复。", "去函的「结束语」应为 特此函告。、请予研究函复。、请予支持为盼。 之一"),
    ("复函", "请予研究函复。", "复函的「结束语」应为 特此函复。、此复。 之一"),
], ids=["outgoing_with_a_reply_ending", "reply_with_an_outgoing_ending"])
def test_an_ending_of_the_other_type_is_refused(tmp_path, kind, ending, message):
    data = outgoing() if kind == "去函" else example("letter")
    data["结束语"] = ending
    with pytest.raises(DataError, match=message):
        build_document("letter", write(tmp_path, data))


def test_an_ending_of_no_kind_and_a_reply_without_its_letter_are_refused(tmp_path):
    data = example("letter")
    data["结束语"] = "此致敬礼。"
    with pytest.raises(DataError, match="「结束语」只能是 特此函告。"):
        validate_data("letter", write(tmp_path, data))
    data = example("letter")
    del data["来函"]
    with pytest.raises(DataError, match="复函须填写「来函」"):
        build_document("letter", write(tmp_path, data))


def test_letter_marks_stand_left_of_the_number_top_down(tmp_path):
    data = example("letter")
    data.update(份号="12", 密级="机密★1年", 紧急程度="加急")
    shown = texts(render_bytes("letter", write(tmp_path, data)))
    assert shown[1:4] == ["000012\t湘工信函〔2024〕45号", "机密★1年", "加急"]


def test_a_mark_with_wen_jian_is_refused_for_a_letter(tmp_path):
    data = example("letter")
    data["版头"] = "湖南省工业和信息化厅文件"
    with pytest.raises(DataError, match="「版头」写法不对.*不加“文件”"):
        validate_data("letter", write(tmp_path, data))


def test_letter_without_its_optional_fields_writes_nothing_made_up(tmp_path):
    stripped = strip_optional(example("letter"), schema("letter"))
    assert "类型" not in stripped and "来函" not in stripped and "联系人" not in stripped
    document = build_document("letter", write(tmp_path, stripped))
    assert_nothing_made_up(document)
    assert document.meta.note == "" and document.meta.copy_to == ""
    assert document.meta.title_lines == ["关于支持湘潭市建设先进储能材料产业集群有关事项的函"]  # a 去函 by default
    assert lines(document)[-1] == "特此函告。"
    # A 复函 whose 来函 has no 发文字号: no empty brackets; figures without rates: no 同比.
    data = example("letter")
    del data["来函"]["发文字号"], data["来函"]["称呼"], data["联系电话"]
    for section in data["正文"]:
        for item in section.get("分项", []):
            for figure in item.get("数据", []):
                figure.pop("增速", None)
    document = build_document("letter", write(tmp_path, data))
    assert_nothing_made_up(document)
    assert lines(document)[0].startswith("你单位《关于商请支持湘潭市建设先进储能材料产业集群的函》收悉。")
    assert "同比" not in "".join(lines(document)) and document.meta.note == "联系人：刘洋"


# -- 纪要 ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minutes() -> bytes:
    return render_bytes("minutes", ROOT / "examples" / "minutes.yaml")


def test_minutes_have_the_red_mark_and_issue_number_and_no_title(minutes):
    paragraphs = [p for p in body(minutes) if paragraph_text(p).strip()]
    assert style_of(paragraphs[0]) == "BriefgenIssuerMark" and paragraph_text(paragraphs[0]) == "湖南省工业和信息化厅厅长办公会议纪要"
    colour = docx_part(minutes, "word/styles.xml").xpath("//w:style[@w:styleId='BriefgenIssuerMark']//w:color/@w:val", namespaces=NS)
    assert colour == ["FF0000"] and not paragraphs[0].xpath(".//w:framePr", namespaces=NS)  # as the 文件式's 标志
    assert styled(minutes, "BriefgenDocNumber") == ["第12期"]
    assert not styled(minutes, "BriefgenTitle")
    # The 文件式's first page: page numbers on every page, no first page of its own.
    assert not docx_part(minutes).xpath("/w:document/w:body/w:sectPr/w:titlePg", namespaces=NS)


def test_minutes_are_neither_signed_nor_sealed(minutes):
    assert styled(minutes, "BriefgenSignature") == ["2024年9月5日"]  # the date alone, no 署名
    document = build_document("minutes", ROOT / "examples" / "minutes.yaml")
    assert document.meta.signatures == [] and document.meta.sealed is False
    shown = texts(minutes)
    assert shown[-2:] == ["抄送：省人民政府办公厅。", "湖南省工业和信息化厅办公室\t2024年9月5日印发"]


def test_minutes_attendance_has_heiti_labels_and_hanging_names(minutes):
    found = [p for p in body(minutes) if ATTENDANCE.match(paragraph_text(p))]
    assert [paragraph_text(p) for p in found] == [
        "出席：张建华、李明、王强、刘芳、陈志刚、赵立新",
        "请假：周文斌（出差）",
        "列席：办公室、规划处、财务处、中小企业处、运行监测协调局、信息化推进处负责同志",
    ]
    for paragraph in found:
        first = paragraph.xpath("./w:r[1]", namespaces=NS)[0]
        assert "".join(first.xpath("./w:t/text()", namespaces=NS)) == paragraph_text(paragraph)[:2]  # the label alone …
        assert first.xpath("./w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["黑体"]  # … in 黑体
        names = paragraph.xpath("./w:r[2]", namespaces=NS)[0]
        assert not names.xpath("./w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)  # the names in the body's 仿宋
        assert int(paragraph.xpath("./w:pPr/w:ind/@w:hanging", namespaces=NS)[0]) == DEFAULT_STYLE.layout.chars(3)
    shown = texts(minutes)
    assert shown.index(paragraph_text(found[-1])) + 1 == shown.index("2024年9月5日")  # the names after the body, the date below


def test_minutes_open_with_time_place_chair_and_topics_and_word_the_decisions(minutes):
    document = build_document("minutes", ROOT / "examples" / "minutes.yaml")
    found = lines(document)
    assert found[0] == ("2024年9月3日上午，厅长张建华在厅机关三楼会议室主持召开厅长办公会议，研究全省中小企业数字化转型城市试点工作、"
                        "2024年第二批省级制造业高质量发展专项资金项目安排、第四季度工业经济运行调度工作和厅机关安全生产和保密工作。"
                        "现将会议议定事项纪要如下：")
    headings = [b.number + b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[0] == "一、关于中小企业数字化转型城市试点工作" and len(headings) == 4
    first = found.index(headings[0])
    assert found[first + 1] == "会议听取了中小企业处关于长沙、株洲、湘潭三市国家中小企业数字化转型城市试点工作进展情况的汇报。"
    assert found[first + 2].startswith("会议认为，试点工作启动以来") and found[first + 2].endswith("等问题。")
    assert found[first + 3] == "会议要求，下一步重点抓好以下工作："
    assert found[first + 4].startswith("（一）加快改造进度。中小企业处要")
    assert "会议原则同意规划处提出的2024年第二批省级制造业高质量发展专项资金项目安排方案。" in found  # no comma after 同意
    assert "会议同意办公室提出的检查发现问题整改措施，由办公室督促有关处室和直属单位逐项整改到位。" in found
    assert any(line.startswith("会议决定，由办公室牵头") for line in found)  # a 内容 without 会议: as written


def test_minutes_without_optional_fields_leave_them_out(tmp_path):
    data = example("minutes")
    for key in ("请假", "列席", "时段", "期号", "抄送", "印发机关", "印发日期"):
        del data[key]
    for section in data["议定事项"]:
        section.pop("汇报")
    content = render_bytes("minutes", write(tmp_path, data))
    shown = texts(content)
    assert [text[:3] for text in shown if ATTENDANCE.match(text)] == ["出席："]
    assert not styled(content, "BriefgenDocNumber") and "会议听取了" not in "".join(shown)
    document = build_document("minutes", write(tmp_path, data))
    assert lines(document)[0].startswith("2024年9月3日，厅长张建华在厅机关三楼会议室主持召开")
    assert_nothing_made_up(document)
    assert shown[-1] == "2024年9月5日"  # no 版记 at all

    stripped = strip_optional(example("minutes"), schema("minutes"))
    document = build_document("minutes", write(tmp_path, stripped))
    assert_nothing_made_up(document)
    assert document.meta.attendance == [("出席", "张建华、李明、王强、刘芳、陈志刚、赵立新")]
    assert document.meta.doc_number == "" and document.meta.title_lines == []


def test_minutes_may_be_signed_titled_and_numbered_but_never_sealed(tmp_path):
    data = example("minutes")
    data.update(署名="湖南省工业和信息化厅办公室", 标题="关于研究中小企业数字化转型试点等工作的会议纪要", 发文字号="湘工信纪〔2024〕12号")
    content = render_bytes("minutes", write(tmp_path, data))
    assert styled(content, "BriefgenSignature") == ["湖南省工业和信息化厅办公室", "2024年9月5日"]
    assert styled(content, "BriefgenDocNumber") == ["湘工信纪〔2024〕12号"]
    assert [t.replace("\n", "") for t in styled(content, "BriefgenTitle")] == [data["标题"]]
    assert build_document("minutes", write(tmp_path, data)).meta.sealed is False


def test_minutes_refuse_an_unknown_verb_and_a_mark_that_is_no_jiyao(tmp_path):
    data = example("minutes")
    data["议定事项"][0]["议定"][0]["会议"] = "研究"
    data["版头"] = "湖南省工业和信息化厅厅长办公会议记录"
    with pytest.raises(DataError) as caught:
        validate_data("minutes", write(tmp_path, data))
    message = str(caught.value)
    assert "「会议」只能是 认为、强调、指出、要求、明确、决定、同意、原则同意 之一，实际为「研究」" in message
    assert "「版头」写法不对" in message and "数据有 2 处问题" in message


# -- 提案答复的信函格式 -------------------------------------------------------------------------------


def proposal(**fields) -> dict:
    data = example("proposal_reply")
    data.update(fields)
    return data


def without_core(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}


def test_proposal_reply_in_the_letter_format(tmp_path):
    data = proposal(信函格式=True, 发文机关标志="临江市工业和信息化局", 发文字号="临工信提复〔2024〕26号")
    content = render_bytes("proposal_reply", write(tmp_path, data))
    assert_letter_layout(content, "临江市工业和信息化局", "临工信提复〔2024〕26号")
    shown = texts(content)
    assert shown[2] == "第126号\tA"  # the category line below the 发文字号, above the title
    assert [t.replace("\n", "") for t in styled(content, "BriefgenTitle")] == ["关于市政协十四届二次会议第126号提案的答复"]
    assert shown[-1] == "抄送：市政协提案委员会，市政府督查室。"


def test_proposal_reply_letter_format_off_is_the_document_of_before(tmp_path):
    before = render_bytes("proposal_reply", ROOT / "examples" / "proposal_reply.yaml")
    off = render_bytes("proposal_reply", write(tmp_path, proposal(信函格式=False, 发文机关标志="临江市工业和信息化局", 发文字号="临工信提复〔2024〕26号")))
    assert without_core(off) == without_core(before)
    assert not docx_part(before).xpath("//w:framePr[../w:pStyle/@w:val='BriefgenIssuerMark'] | //w:titlePg", namespaces=NS)


def test_proposal_reply_letter_format_from_the_template_option(tmp_path):
    folder = tmp_path / "reply"
    shutil.copytree(ROOT / "templates" / "proposal_reply", folder)
    manifest = folder / "template.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "letter_format: 否" in text
    manifest.write_text(text.replace("letter_format: 否", "letter_format: 是"), encoding="utf-8")
    content = render_bytes(folder, write(tmp_path, proposal()))
    assert_letter_layout(content, "市工业和信息化局", None)  # the 标志 defaults to the 承办单位; no 发文字号
    assert texts(content)[1] == "第126号\tA"
    # The data's choice comes first.
    refused = render_bytes(folder, write(tmp_path, proposal(信函格式=False)))
    assert without_core(refused) == without_core(render_bytes("proposal_reply", ROOT / "examples" / "proposal_reply.yaml"))
