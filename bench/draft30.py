"""An unformatted Word-style draft 通知 of about N pages in the GB/T 9704 layout, for the format benchmark."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

# briefgen's layout: 22 lines of 28 characters (briefgen/document/standard.py).
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

TITLE = "关于做好2026年全省重点项目建设和投资促进工作的通知"
ADDRESSEE = "各市州人民政府："
INTRO = (
    "为深入贯彻落实省委、省政府关于扩大有效投资的决策部署，推动重点项目建设提质增效，"
    "确保全年投资目标任务顺利完成，经省人民政府同意，现就做好2026年全省重点项目建设和投资促进工作有关事项通知如下。"
)
CLOSING = (
    "各市州人民政府要高度重视，结合本地实际抓好贯彻落实，工作中遇到的重大问题及时报告省人民政府。"
    "省发展改革委要会同有关部门加强跟踪问效，每季度将工作进展情况汇总报省人民政府。"
)
SIGNATURE = "××省人民政府办公厅"
DATE = "2026年12月1日"

# Level-1 themes, each with its level-2 headings.
SECTIONS = [
    ("总体要求", ["坚持目标导向", "坚持问题导向", "坚持系统观念", "坚持安全发展"]),
    ("加快重点项目建设进度", ["抓好续建项目", "推动新建项目开工", "强化项目调度", "严格工期管理"]),
    ("强化项目要素保障", ["保障建设用地", "加强资金支持", "优化能耗指标配置", "做好用工服务"]),
    ("深化投资审批制度改革", ["压减审批时限", "推行并联审批", "完善在线平台", "规范中介服务"]),
    ("扩大招商引资成效", ["精准开展产业链招商", "办好重大招商活动", "抓好签约项目落地", "完善招商考核"]),
    ("加强项目储备和前期工作", ["建立滚动储备机制", "提高前期工作深度", "争取国家政策支持", "强化专项债项目谋划"]),
    ("优化营商环境", ["落实惠企政策", "加强政务服务", "保护市场主体合法权益", "畅通政企沟通渠道"]),
    ("压实工作责任", ["落实领导包联制度", "加强督查考核", "严肃工作纪律", "营造良好氛围"]),
]

# Body sentences: ordinary official wording, some with the mistakes drafts often carry.
SENTENCES = [
    "各地要把重点项目建设作为稳增长、调结构、惠民生的重要抓手，切实增强责任感和紧迫感。",
    "要聚焦产业转型升级和基础设施补短板，谋划实施一批打基础、利长远、增后劲的重大项目。",
    "1-9月，全省纳入调度的重点项目完成投资同比增长8.6%，高于全部投资增速2.1个百分点。",
    "各市州要对照年度投资计划，逐项目明确责任单位、责任人和完成时限，确保按节点推进。",
    "对进度滞后的项目，要深入分析原因,逐一制定整改措施，限期扭转被动局面。",
    "省直有关部门要加强业务指导和协调服务，及时研究解决项目推进中的共性问题。",
    "要统筹用好中央预算内投资、地方政府专项债券和政策性开发性金融工具，发挥资金撬动作用。",
    "鼓励民间资本通过特许经营、股权合作等方式参与交通、水利、城市更新等领域项目建设。",
    "要严格落实安全生产责任制，加强施工现场安全管理，坚决防范和遏制重特大事故发生。",
    "各地要建立项目问题清单和解决台账,实行销号管理，做到问题不解决不放过。",
    "自然资源部门要优先保障纳入省级重点项目清单的用地需求，加快办理用地预审和农转用手续。",
    "对符合条件的重大项目，要积极争取纳入国家重大项目清单，争取更多用地、用能指标支持。",
    "金融管理部门要引导银行业金融机构加大中长期贷款投放，提高重点项目融资可得性。",
    "要合理安排能耗指标，对能效水平达到行业先进值的项目予以优先保障。",
    "人力资源社会保障部门要会同有关部门做好项目用工对接，保障农民工工资按时足额支付。",
    "要全面推行投资项目审批承诺制，对承诺事项实行容缺受理，切实压缩审批时间。",
    "各级投资主管部门要依托投资项目在线审批监管平台，实现审批事项网上办理、全程可查。",
    "要清理规范投资审批中介服务事项，公开服务标准和收费标准，杜绝变相审批。",
    "推行项目审批帮办代办制度，为企业提供全流程、保姆式服务，做到企业办事不跑腿。",
    "要围绕全省重点产业链，绘制产业链全景图和招商路线图，开展精准招商、以商招商。",
    "1-9月，全省新签约亿元以上招商项目412个,协议投资额3860亿元。",
    "各地要建立签约项目跟踪服务机制，推动签约项目早落地、早开工、早投产。",
    "要完善招商引资考核评价办法，把项目落地率、资金到位率作为考核的重要内容。",
    "要加强与央企、知名民企和外资企业的对接合作，引进一批带动力强的龙头企业。",
    "各地要建立重点项目储备库，实行动态管理、滚动推进，确保储备项目总投资不低于年度投资计划的两倍。",
    "要提高项目前期工作质量，加快可行性研究、初步设计、环境影响评价等前期工作进度。",
    "省级财政继续安排项目前期工作经费，重点支持跨区域、跨流域的重大项目开展前期研究。",
    "要加强专项债券项目谋划储备，严格项目审核把关，确保项目具备发行条件和偿债能力。",
    "专项债券资金要尽快形成实物工作量，严禁用于楼堂馆所、形象工程和政绩工程。",
    "要全面落实减税降费、援企稳岗等惠企政策，确保政策红利直达市场主体。",
    "各级政务服务中心要推行一窗受理、集成服务，进一步提升办事便利度。",
    "要依法保护各类市场主体合法权益，坚决纠正损害企业利益的行为。",
    "要建立常态化政企沟通机制，定期召开企业座谈会，认真倾听企业诉求。",
    "对企业反映的问题，要明确办理时限，及时反馈办理结果,提高企业满意度。",
    "要落实市州领导包联重点项目制度，每名市州领导至少包联一个重点项目，定期深入一线督导。",
    "省政府督查室将把重点项目建设情况纳入年度督查计划，对工作推进不力的地方进行通报。",
    "对在项目建设中弄虚作假、虚报投资完成额的，依法依规严肃追究有关人员责任。",
    "要加强重点项目建设宣传，及时总结推广好经验好做法，营造比学赶超的浓厚氛围。",
    "要健全项目调度机制，实行月调度、季通报、年考核，及时掌握项目进展情况。",
    "统计部门要加强固定资产投资统计监测，确保数据真实准确、应统尽统。",
    "今年以来，全省上下坚持项目为王，扎实推进重点项目建设，投资总体保持平稳增长。",
    "但也要看到，部分地区项目储备不足、要素保障不到位、开工率偏低等问题依然存在。",
    "要坚持把防范化解风险摆在突出位置，严控地方政府隐性债务，守住不发生系统性风险的底线。",
    "要强化项目全生命周期管理，做好竣工验收和投产达效跟踪，提高投资效益。",
    "对已开工项目，要倒排工期、挂图作战，确保形象进度和投资进度同步推进。",
    "对计划新开工项目，要加快办理前期手续，做到具备条件的项目应开尽开。",
    "要用好省级重大项目协调机制，对跨部门、跨地区的重大问题实行清单化调度。",
    "各地要结合实际制定具体实施方案，细化工作举措，明确时间表和路线图。",
    "要落实节约集约用地要求，提高投资强度和容积率，盘活批而未供和闲置土地。",
    "要创新融资方式，稳妥推进基础设施领域不动产投资信托基金试点，拓宽项目资金来源。",
    "1-9月，全省重点项目开工率达到87.3%,比上年同期提高4.5个百分点。",
    "要对照年度目标任务，盘点分析前三季度工作情况，查找差距和不足，明确下一步工作重点。",
    "各地要加强与省直部门的沟通衔接，主动汇报工作进展，争取更多支持。",
    "要持续深化放管服改革，着力破除制约投资增长的体制机制障碍。",
    "要加强项目建设领域廉政风险防控，确保工程安全、资金安全、干部安全。",
]

# (1)-level items: short items of a list.
ITEMS = [
    "明确牵头单位和配合单位，细化工作分工。",
    "建立工作台账，实行清单化管理、项目化推进。",
    "每月25日前报送项目进展情况,逐月通报排名。",
    "对重大问题实行一事一议，及时提请专题会议研究。",
    "加强部门协同，形成工作合力。",
    "强化结果运用，把考核结果作为资金安排的重要依据。",
    "开展专项督查，对发现的问题跟踪整改到位。",
    "做好信息报送和宣传引导工作。",
]

# Third-level headings (1. 2. 3.), a short phrase each.
POINTS = [
    "明确目标任务", "细化工作措施", "加强统筹协调", "强化跟踪问效", "健全工作机制",
    "完善配套政策", "加强监督检查", "做好总结评估",
]

CN = "一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in 汉字: 一 … 十 … 九十九."""
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (CN[ones - 1] if ones else "")


def line_count(text: str, indent: int = 2) -> int:
    """Lines the paragraph takes at 28 characters a line with a two-character first-line indent."""
    return max(1, math.ceil((indent + len(text)) / CHARS_PER_LINE))


def paragraphs(pages: int = 30, seed: int = 9704) -> list[str]:
    """The draft's paragraph texts, in order, filling about ``pages`` pages of 22 × 28 characters."""
    rng = random.Random(seed)
    target = pages * LINES_PER_PAGE
    head = [TITLE, ADDRESSEE, INTRO]
    tail = [CLOSING, SIGNATURE, DATE]
    used = 3 + 1 + line_count(INTRO)  # the two-line title and the blank line below it, 主送, intro
    reserved = line_count(CLOSING) + 2 + 2  # closing, two blank lines, 署名 and date
    body: list[str] = []
    sentences = list(SENTENCES)
    rng.shuffle(sentences)
    cursor = 0

    def body_paragraph(low: int, high: int) -> str:
        nonlocal cursor
        count = rng.randint(low, high)
        chosen = [sentences[(cursor + i) % len(sentences)] for i in range(count)]
        cursor += count
        return "".join(chosen)

    def add(text: str) -> bool:
        nonlocal used
        body.append(text)
        used += line_count(text)
        return used + reserved >= target

    section = 0
    while True:
        theme, subheads = SECTIONS[section % len(SECTIONS)]
        section += 1
        if add(f"{cn_number(section)}、{theme}"):
            break
        done = False
        for sub, subhead in enumerate(subheads, 1):
            # Level-2 heading with its lead sentence, as drafts run them on.
            if add(f"（{cn_number(sub)}）{subhead}。" + body_paragraph(1, 3)):
                done = True
                break
            if rng.random() < 0.6 and add(body_paragraph(2, 6)):
                done = True
                break
            if rng.random() < 0.5:
                wrong = rng.random() < 0.4  # "1、" at the third level: a common mistake
                for point, phrase in enumerate(rng.sample(POINTS, rng.randint(2, 4)), 1):
                    mark = f"{point}、" if wrong else f"{point}."
                    if add(f"{mark}{phrase}。" + body_paragraph(1, 2)):
                        done = True
                        break
                    if rng.random() < 0.3:
                        for item, text in enumerate(rng.sample(ITEMS, rng.randint(2, 3)), 1):
                            if add(f"（{item}）{text}"):
                                done = True
                                break
                        if done:
                            break
                if done:
                    break
        if done:
            break
    return head + body + tail


def make_draft(path: Path, pages: int = 30, page_number: bool = True) -> Path:
    """Write the draft: A4, Word's default margins and Normal style (宋体 五号, single spacing),
    every paragraph in the Normal style with no
    formatting of its own (one paragraph a line), and, with ``page_number``, a centred PAGE field
    in the footer as Word's 插入页码 puts it. Returns ``path``."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(3.18)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)  # 五号, Word's default for Chinese
    normal.paragraph_format.space_after = Pt(0)  # Word's Chinese Normal: single spacing, no space after
    normal.paragraph_format.line_spacing = 1.0
    fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        normal.element.get_or_add_rPr().insert(0, fonts)
    fonts.set(qn("w:eastAsia"), "宋体")
    for text in paragraphs(pages):
        document.add_paragraph(text)
    if page_number:
        footer = section.footer.paragraphs[0]
        footer.alignment = 1  # centre
        for kind, text in (("begin", None), (None, " PAGE   \\* MERGEFORMAT "), ("separate", None), (None, "1"), ("end", None)):
            run = OxmlElement("w:r")
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run.append(char)
            else:
                element = OxmlElement("w:instrText" if text.startswith(" ") else "w:t")
                element.set(qn("xml:space"), "preserve")
                element.text = text
                run.append(element)
            footer._p.append(run)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


if __name__ == "__main__":
    out = make_draft(Path(sys.argv[1] if len(sys.argv) > 1 else "draft30.docx"), int(sys.argv[2]) if len(sys.argv) > 2 else 30)
    texts = paragraphs(int(sys.argv[2]) if len(sys.argv) > 2 else 30)
    print(f"{out}: {len(texts)} paragraphs, {sum(len(t) for t in texts)} characters")
