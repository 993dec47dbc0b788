"""The peer: the per-city circular made the stock docxtpl way.

Two parts:

* ``build_template(path)`` makes a docxtpl template .docx with python-docx whose content is
  equivalent to briefgen's per-city circular (templates/circular/document.j2 + city.j2 with
  a 记录): the same paragraphs in the same order -- red 版头, 发文字号 over a red line,
  two-line title, 主送, background, 一、全省总体情况 with the province figures,
  二、你市工作情况 with the city's figures, its 做法 as （一）（二）…, 三、下一步工作要求
  (the conditional items for falling output / low solve rate first, then the shared items),
  署名, date and 版记 (抄送, 印发) -- on A4 with GB/T 9704 margins, 仿宋_GB2312 3号 (16 pt)
  body, 黑体 level-1 headings, 楷体 level-2 lead-ins and a "— N —" page-number footer.
  The heading numbers that briefgen generates are hard-coded in the template (一、二、三、)
  or counted in the template's Jinja (（一）（二）…), so both documents have the same text.

* ``main()`` (run as its own process by bench/run.py) reads the same workbook briefgen reads,
  computes the province totals and each city's rank once in Python, formats the figures the
  way briefgen words them, and then loops the stock docxtpl way -- one ``DocxTemplate`` per
  document, as docxtpl's docs show::

      for record in records:
          doc = DocxTemplate(template)
          doc.render(context)
          doc.save(out / name)

    python bench/peer_docxtpl.py DATA.xlsx TEMPLATE.docx OUT_DIR
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl

CN = "一二三四五六七八九十"
LOW_SOLVE_RATE = 85  # templates/circular/template.yaml: options.low_solve_rate


# -- the template ------------------------------------------------------------------------------


def build_template(path: Path) -> Path:
    """Write the docxtpl template; returns ``path``."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    def east_asia(target, font: str, latin: str = "Times New Roman") -> None:
        """Set a style's or run's fonts: Latin and the East Asian face."""
        target.font.name = latin
        rpr = target.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), font)

    def border(paragraph, side: str, color: str) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "8"), ("space", "1"), ("color", color)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
        ppr.append(borders)

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25.5)

    normal = document.styles["Normal"]
    east_asia(normal, "仿宋_GB2312")
    normal.font.size = Pt(16)
    body = normal.paragraph_format
    body.first_line_indent = Pt(32)
    body.line_spacing, body.line_spacing_rule = Pt(28.95), WD_LINE_SPACING.EXACTLY
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    heading = document.styles["Heading 1"]
    east_asia(heading, "黑体")
    heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(16), False, RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)

    def paragraph(text: str = "", *, style: str | None = None, align=None, indent: bool = True, size: float | None = None,
                  font: str | None = None, color: RGBColor | None = None):
        para = document.add_paragraph(style=style)
        if align is not None:
            para.alignment = align
        if not indent:
            para.paragraph_format.first_line_indent = Pt(0)
        if text:
            run = para.add_run(text)
            if size:
                run.font.size = Pt(size)
            if font:
                east_asia(run, font)
            if color is not None:
                run.font.color.rgb = color
        return para

    def lead_in(para, title: str, text: str) -> None:
        """A level-2 item: （一）title。 in 楷体, then the text in the body face."""
        run = para.add_run(title)
        east_asia(run, "楷体_GB2312")
        para.add_run(text)

    center = WD_ALIGN_PARAGRAPH.CENTER
    red = RGBColor(0xFF, 0, 0)
    # 版头
    paragraph("{{ 发文机关 }}文件", align=center, indent=False, size=36, font="方正小标宋简体", color=red)
    paragraph(), paragraph()
    number = paragraph("{{ 发文字号 }}", align=center, indent=False)
    border(number, "bottom", "FF0000")
    paragraph(), paragraph()
    # 标题 (two lines, one paragraph)
    title = paragraph(align=center, indent=False)
    first = title.add_run("关于{{ 活动名称 }}")
    first.add_break()
    title.add_run("{{ 名称 }}工作情况的通报")
    for run in title.runs:
        run.font.size = Pt(22)
        east_asia(run, "方正小标宋简体")
    paragraph()
    paragraph("{{ 名称 }}工业和信息化局：", indent=False)
    # 正文
    paragraph("{{ 背景 }}现将{{ 期 }}你市工作情况通报如下：")
    paragraph("一、全省总体情况", style="Heading 1")
    paragraph("{{ 全省段 }}")
    paragraph("二、你市工作情况", style="Heading 1")
    paragraph("{{ 你市段 }}")
    paragraph("{%p for 法 in 做法 %}")
    lead_in(paragraph(), "（{{ 法.序 }}）{{ 法.标题 }}。", "{{ 法.内容 }}。")
    paragraph("{%p endfor %}")
    paragraph("三、下一步工作要求", style="Heading 1")
    paragraph("{%p for 项 in 要求 %}")
    lead_in(paragraph(), "（{{ 项.序 }}）{{ 项.标题 }}。", "{{ 项.内容 }}")
    paragraph("{%p endfor %}")
    paragraph(), paragraph()
    # 署名、成文日期
    right = WD_ALIGN_PARAGRAPH.RIGHT
    signature = paragraph("{{ 署名 }}", align=right, indent=False)
    signature.paragraph_format.right_indent = Pt(39.4)
    date = paragraph("{{ 成文日期 }}", align=right, indent=False)
    date.paragraph_format.right_indent = Pt(63)
    # 版记
    left = WD_ALIGN_PARAGRAPH.LEFT
    copies = paragraph("抄送：{{ 抄送 }}。", align=left, indent=False, size=14)
    border(copies, "top", "000000")
    printed = paragraph(align=left, indent=False)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(151), WD_TAB_ALIGNMENT.RIGHT)
    printed.add_run("{{ 印发机关 }}").font.size = Pt(14)
    printed.add_run("\t").font.size = Pt(14)
    printed.add_run("{{ 印发日期 }}印发").font.size = Pt(14)
    border(printed, "bottom", "000000")
    # 页码：— N —, 4号 宋体, right
    footer = section.footer.paragraphs[0]
    footer.alignment = right
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    page_run = OxmlElement("w:r")
    page_text = OxmlElement("w:t")
    page_text.text = "1"
    page_run.append(page_text)
    field.append(page_run)
    footer._p.append(field)
    footer.add_run(" —")
    for run in footer.runs:
        run.font.size = Pt(14)
        east_asia(run, "宋体", "宋体")

    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


# -- the data ----------------------------------------------------------------------------------

_UNIT = re.compile(r"（[^）]*）$")


def _rows(sheet) -> list[dict]:
    rows = sheet.iter_rows(values_only=True)
    header = [_UNIT.sub("", str(name)) if name is not None else None for name in next(rows)]
    return [{k: v for k, v in zip(header, row) if k} for row in rows if any(v is not None for v in row)]


def read_workbook(path: Path) -> dict:
    """The shared fields (字段 sheet, dotted names nested), the lists, and 城市 with their 做法."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    data: dict = {}
    for row in _rows(book["字段"]):
        node = data
        *parents, leaf = row["字段"].split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = row["值"]
    data["举措"] = _rows(book["举措"])
    data.setdefault("下一步要求", {})["事项"] = _rows(book["下一步要求.事项"])
    cities = _rows(book["城市"])
    by_name = {city["名称"]: city for city in cities}
    for city in cities:
        city["做法"] = []
    for practice in _rows(book["城市.做法"]):
        by_name[practice["城市"]]["做法"].append(practice)
    data["城市"] = cities
    book.close()
    return data


# -- figures, worded as briefgen words them (briefgen/figures.py) ------------------------------


def _dec(value) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _fmt(number: Decimal, digits: int, trim: bool) -> str:
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = format(abs(rounded) if rounded == 0 else rounded, "f")
    return text.rstrip("0").rstrip(".") if trim and "." in text else text


def amount(value, unit: str) -> str:
    """1399 → 1399家; 2580400000 → 25.8亿元 (万 / 亿 once the figure reaches 10000)."""
    number = _dec(value)
    for scale, name in ((0, ""), (4, "万")):
        if abs(number.scaleb(-scale).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) < 10000:
            return f"{_fmt(number.scaleb(-scale), 2, True)}{name}{unit}"
    return f"{_fmt(number.scaleb(-8), 2, True)}亿{unit}"


def share(part, total) -> str:
    return f"{_fmt(_dec(part) / _dec(total) * 100, 1, False)}%"


def change(value) -> str:
    rounded = _dec(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "与上年持平"
    return f"同比{'增长' if rounded > 0 else '下降'}{_fmt(abs(rounded), 1, False)}%"


def date_cn(value) -> str:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def cn_number(n: int) -> str:
    """1..99 in 汉字 (enough for item numbers)."""
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (CN[ones - 1] if ones else "")


def contexts(data: dict, first_number: int | None = None) -> list[tuple[str, dict]]:
    """(city name, docxtpl context) per city: totals and ranks computed once, figures worded."""
    cities = data["城市"]
    period = data["统计期"]
    months = f"{period['年份']}年{period['起月']}—{period['止月']}月"
    helped = sum(c["帮扶企业数"] for c in cities)
    collected = sum(c["收集问题数"] for c in cities)
    solved = sum(c["解决问题数"] for c in cities)
    financing = sum(c["融资额"] for c in cities)
    province_growth = data["全省产值增速"]
    province = (
        f"{months}，全省共帮扶重点工业企业{amount(helped, '家')}，收集企业反映的困难和问题{amount(collected, '个')}，"
        f"已协调解决{amount(solved, '个')}，问题解决率{share(solved, collected)}；帮助企业获得融资{amount(financing, '元')}；"
        f"全省规模以上工业产值{change(province_growth)}。"
    )
    rates = sorted(c["解决问题数"] / c["收集问题数"] * 100 for c in cities if c["收集问题数"])
    titles = {m["键"]: m["标题"] for m in data["举措"]}
    shared = {
        "发文机关": data["发文机关"],
        "活动名称": data["活动名称"],
        "背景": data["背景"],
        "期": months,
        "全省段": province,
        "署名": data.get("署名") or data["发文机关"],
        "成文日期": date_cn(data["成文日期"]),
        "抄送": "，".join(re.split(r"[、，,]", data["抄送"])) if isinstance(data["抄送"], str) else "，".join(data["抄送"]),
        "印发机关": data["印发机关"],
        "印发日期": date_cn(data["印发日期"]),
    }
    import bisect

    out = []
    for index, city in enumerate(cities):
        rate = city["解决问题数"] / city["收集问题数"] * 100 if city["收集问题数"] else 0
        rank = len(rates) - bisect.bisect_right(rates, rate) + 1
        growth = city["产值增速"]
        compare = "高于全省平均水平" if growth > province_growth else "低于全省平均水平" if growth < province_growth else "与全省平均水平持平"
        practices = city["做法"]
        paragraph = (
            f"{months}，你市共帮扶重点工业企业{amount(city['帮扶企业数'], '家')}，收集企业问题{amount(city['收集问题数'], '个')}、"
            f"已解决{amount(city['解决问题数'], '个')}，问题解决率{share(city['解决问题数'], city['收集问题数'])}，居全省第{rank}位；"
            f"帮助企业获得融资{amount(city['融资额'], '元')}；规模以上工业产值{change(growth)}，{compare}。"
            + ("主要做法如下：" if practices else "")
        )
        requests = []
        if growth < 0:
            requests.append({"标题": "全力稳住工业增长", "内容": f"你市规模以上工业产值{change(growth)}，要深入分析下降原因，加强重点企业运行监测和要素保障，尽快扭转下行态势。"})
        if rate < LOW_SOLVE_RATE:
            requests.append({"标题": "加快问题办理进度", "内容": f"你市问题解决率低于{LOW_SOLVE_RATE}%，要对未办结的问题逐项明确责任单位和办结时限，加强跟踪督办。"})
        requests += [{"标题": item["标题"], "内容": item["内容"]} for item in data["下一步要求"]["事项"]]
        number = data["序号"] if first_number is None else first_number + index
        context = dict(shared)
        context.update(
            名称=city["名称"],
            发文字号=f"{data['机关代字']}〔{data['年份']}〕{number}号",
            你市段=paragraph,
            做法=[{"序": cn_number(i), "标题": titles[p["举措"]], "内容": p["内容"].rstrip("。；，")} for i, p in enumerate(practices, 1)],
            要求=[dict(item, 序=cn_number(i)) for i, item in enumerate(requests, 1)],
        )
        out.append((city["名称"], context))
    return out


def main(argv: list[str]) -> None:
    from docxtpl import DocxTemplate

    data_path, template, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name, context in contexts(read_workbook(data_path)):
        document = DocxTemplate(template)  # the stock loop: one DocxTemplate per document
        document.render(context)
        document.save(out / f"{name}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
