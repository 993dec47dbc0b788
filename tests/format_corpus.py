"""A corpus of drafts "as users bring them" for ``briefgen format`` (一键排版), written by code.

Five drafts ("000".."004") follow the structure of the five reference documents of the project (a
survey report, a work report, a survey report of a development zone, a reply to a proposal and a
provincial circular) line for line: the same parts in the same order, the same heading levels and
numbering forms (wrong ones included), the same placeholders and the same typing quirks. The wording
is our own; figures and place names are public facts. Nothing here reads the reference documents
and nothing imports briefgen.

A draft is a tuple of ``Line`` s, each with the role it plays (the answer key of a recognition test).
Rules of the key:

* the heading level follows the numbering form the writer used, as GB/T 9704 (7.3.3) ties the
  form to a level: "一、" is heading1, "（一）" heading2, "1." or "1、" heading3, "（1）" heading4,
  even where the draft skips a level (draft 001 puts "1." items right under "三、", draft 004
  puts "1、" items under "一、", draft 003 has "1、"/"2." items only);
* ``runin`` marks a paragraph that opens with its heading ("（一）加强组织领导。正文…");
* ``continues`` marks a line that is the rest of the previous paragraph, cut where a page ended
  when the text was copied out of a PDF (draft 004); ``expected_roles`` joins it back.

Writers turn a draft into what people hand in: ``to_txt`` (encodings, indents, blank lines, CRLF),
``to_plain_docx`` (a Word document in Word's default styles, nothing formatted) and ``to_markdown``.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# The description of a draft
# ---------------------------------------------------------------------------------------------

ROLES = (
    "issuer_mark",  # 发文机关标志
    "doc_number",  # 发文字号
    "title",  # each line of the title
    "main_recipient",  # 主送机关
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "body",
    "attachment_note",  # 附件说明
    "signature",  # 署名
    "date",  # 成文日期
    "note",  # 附注
    "cc",  # 抄送
    "printer",  # 印发机关和印发日期
    "table_row",
)
HEADING_ROLES = ("heading1", "heading2", "heading3", "heading4")


@dataclass(frozen=True)
class Line:
    """One line of a draft as typed: its text, its role and whether it opens with a run-in heading."""

    text: str
    role: str
    runin: bool = False  # the heading ("（一）加强组织领导。") and its body share the paragraph
    continues: bool = False  # the rest of the previous paragraph, cut by a page break of a PDF

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.runin and self.role not in HEADING_ROLES:
            raise ValueError("only a heading can be run in")


@dataclass(frozen=True)
class SeedDraft:
    """A whole draft: its name ("000".."004"), the briefgen kind it would be formatted as, its lines."""

    name: str
    kind: str
    lines: tuple[Line, ...]


def _draft(name: str, kind: str, *rows: tuple) -> SeedDraft:
    """A draft from rows (role, text) or (role, text, flag) where flag is "runin" or "continues"."""
    lines = []
    for role, text, *flags in rows:
        lines.append(Line(text, role, runin="runin" in flags, continues="continues" in flags))
    return SeedDraft(name, kind, tuple(lines))


R = "runin"
C = "continues"

# ---------------------------------------------------------------------------------------------
# 000: a survey report whose sections open with run-in headings ("一、调研背景。…", "（一）…。…");
# placeholders are lower-case x; quirks: 《…》《…》、《…》, “…”、“…”, 截止目前.
# ---------------------------------------------------------------------------------------------

DRAFT_000 = _draft(
    "000",
    "survey_report",
    ("title", "关于促进全市工业企业发展的调研报告"),
    (
        "body",
        "根据市委、市政府工作安排，结合本人分管领域，我围绕“壮大工业企业、推进产业转型升级”这一课题开展了专题调研，"
        "深入企业一线了解情况、听取意见，为进一步改善营商环境、帮助企业破解难题、推动全市工业经济高质量发展提供参考。",
    ),
    (
        "heading1",
        "一、调研背景。为贯彻落实习近平总书记重要讲话和重要指示批示精神，围绕实现一季度“开门红”“开门稳”目标，"
        "我们把调研作为推动工作的重要抓手。调研组走进园区、走进车间，当面听取企业家的意见和期盼，逐项梳理全市工业企业"
        "在发展中的短板弱项，查找营商环境建设中的薄弱环节，努力把调研成果转化为推动工作落实的具体举措。",
        R,
    ),
    (
        "heading1",
        "二、调研方式。今年1月下旬和2月中旬，调研组分两批次深入x、x、x等工业园区，走访了一批重点项目和行业龙头企业。"
        "调研采取实地察看、召开座谈会、个别访谈相结合的方式，重点了解企业生产经营、技术改造和市场开拓情况，掌握企业在"
        "转型发展中遇到的难点和堵点。对能够当场协调的事项，调研组现场予以回应，帮助企业稳定预期、坚定信心，达到了了解"
        "实情、查找症结、推动解决的预期目的。",
        R,
    ),
    (
        "heading1",
        "三、发展现状。近年来，市委、市政府把发展民营经济作为做大经济总量的关键举措，认真落实中央和省支持民营经济发展的"
        "政策措施，全市工业经济保持稳步发展态势。2021年，全市x家规上企业完成工业产值x元，其中民营规上企业x家，占规上"
        "企业总数的x%；民营规上企业吸纳从业人员x人，占全市规上企业从业人员的x%。在食品加工这一主导产业中，x家企业全部"
        "为民营企业，全年产值达到x元。民营经济已成为全市经济增长中最活跃的力量。",
        R,
    ),
    (
        "heading2",
        "（一）加强组织领导。市里相继组建了《工业领导小组》《产业发展工作领导小组》《新能源产业领导小组》，先后印发"
        "《x市工业发展基金管理办法》《x市企业奖励办法》、《x市工贸企业应急保障金管理办法》等配套文件，建立领导干部"
        "联系服务工业企业制度，推动工业发展的领导力量不断充实。",
        R,
    ),
    (
        "heading2",
        "（二）合理布局产业。市主要领导多次带队开展工业发展专题调研，进一步理清了全市工业发展思路。依托本地资源禀赋，"
        "推动农产品精深加工向下游延伸；抢抓新能源产业发展机遇，培育以新能源为重点的高新技术产业。在空间布局上，近期"
        "重点抓好经济开发区和工业园区平台建设，远期逐步向工业区集中承接产业转移。",
        R,
    ),
    (
        "heading2",
        "（三）扩大招商引资。年初印发了《2022年x市产业项目招商工作方案》，确定全年引进工业项目x元的目标。截止目前，"
        "市主要领导已带队赴x、x、x等地开展招商对接，洽谈x、x、x等项目，累计洽谈工业制造业项目x个、总投资x元。",
        R,
    ),
    (
        "heading2",
        "（四）突出项目支撑。随着招商力度加大，一批工业大项目相继落地，x、x、x等项目加快推进，对全市工业的带动作用"
        "逐步显现。市里每年遴选一批重点工业项目纳入“产业转型升级行动计划”集中推进，2021年共安排项目x个，总投资x元，"
        "当年计划完成投资x元。",
        R,
    ),
    (
        "heading2",
        "（五）优化营商环境。我市陆续出台了一批支持工业企业纾困发展的政策：设立工业发展基金x元，专门用于扶持工业发展；"
        "设立工贸企业应急保障资金x元，为资金周转困难的企业提供过桥支持；安排商贸业发展专项资金x元，支持物流园区建设、"
        "龙头企业培育和电子商务发展。今年又印发《x市进一步促进总部经济发展的实施意见》，吸引企业总部落户和x籍企业总部"
        "回归。",
        R,
    ),
    (
        "heading2",
        "（六）加大帮扶力度。坚持厅级领导干部和市直单位联系帮扶规上工业企业，定期上门走访，协调解决企业在生产经营、"
        "项目审批、融资和用工等方面的困难。对x、x、x等食品加工龙头企业实行“一对一”跟踪服务，支持有市场的企业扩大"
        "规模，帮助暂时困难的企业渡过难关。",
        R,
    ),
    ("heading1", "四、问题及原因。从走访和摸排情况看，当前我市工业经济和工业企业面临的困难和问题主要集中在以下几个方面：", R),
    (
        "heading2",
        "（一）工业经济总量少。2021年，全市共有规模以上工业企业x家，其中产值x元以上的仅x家；纳税x元以上的有x家，"
        "纳税x元以上的有x家，另有x家企业没有产生税收。多数企业体量小、实力弱，缺少具有带动力的大企业；传统产业以初级"
        "加工为主，科技含量普遍不高；不少企业仍沿用家族式管理，信息化水平较低。在经济下行压力下，企业抗风险能力偏弱，"
        "停产、减产时有发生。",
        R,
    ),
    (
        "heading2",
        "（二）金融服务待提升。融资难、融资贵仍是困扰我市企业的突出问题。不少企业因资金紧张，长期无力开展技术改造和"
        "扩大再生产，全市工业总量难以实现较大突破。一方面，部分银行出于控制风险的考虑，对工业企业抽贷、压贷，一些经营"
        "正常的企业也被缩减授信，部分优质企业因抵押物不足或评估价值偏低难以增加贷款；另一方面，一些企业因历史原因无法"
        "办理产权证，难以获得银行支持。此外，部分企业使用“无还本续贷”、“无间贷”、“政府应急保障金”等扶持措施后，"
        "被银行列为“关注类”客户并下调信用等级，反而增加了融资难度，政策性资金的作用没有充分发挥。",
        R,
    ),
    (
        "heading2",
        "（三）经济下行压力大。原材料价格高位运行，用工、用地、物流成本持续上涨，国际贸易摩擦对企业订单和预期造成影响。"
        "传统特色产业转型步伐较慢，研发投入不足，科技创新人才匮乏，中高端产品占比偏低，制约了企业持续发展。",
        R,
    ),
    ("heading1", "五、建议意见。针对调研中发现的共性问题，结合我市实际，提出以下几点建议。", R),
    (
        "heading2",
        "（一）大力实施精准帮扶。我市工业基础薄弱、企业规模普遍偏小，要像抓脱贫攻坚一样抓企业帮扶，继续落实领导干部"
        "联系帮扶企业制度。对重点企业、重点项目遇到的政策性难题，实行“一企一策”专题协调。工信、财政、税务、金融、"
        "住建、自然资源、供电等部门要主动靠前，帮助企业解决办证、融资、债务化解、技改等实际困难，持续深化“放管服”改革。",
        R,
    ),
    (
        "heading2",
        "（二）引导企业创新创造。加快传统产业技术改造，推动食品加工产业向精深加工延伸。支持龙头企业建立技术研发中心，"
        "促进科研成果就地转化，重点跟踪服务x、x、x等企业的创新项目。继续实施产业转型升级行动计划，加快推进x、x、x等"
        "项目建设，促其早投产、早达产、早入库。",
        R,
    ),
    (
        "heading2",
        "（三）落实企业优惠政策。金融部门要定期举办银企对接会，逐户分析企业申贷、续贷中遇到的问题，研究解决办法。对产品"
        "有市场、项目有前景、技术有竞争力但暂时困难的企业，不得随意停贷、压贷、抽贷、断贷；对使用政府应急保障金等扶持"
        "措施的企业，不再因此下调信用等级；对经营规范、信用良好的企业，在抵押贷款之外适当增加信用贷款。同时适当提高"
        "抵质押率，扩大抵质押物范围，帮助企业渡过资金难关。",
        R,
    ),
)

# ---------------------------------------------------------------------------------------------
# 001: a work report to a meeting; standalone 一、 headings, run-in （一） headings, "1." items right
# under 一、; placeholders XX (one XXX); quirks: 1-9月 with an ASCII hyphen, "增速 XX", one ASCII comma.
# ---------------------------------------------------------------------------------------------

DRAFT_001 = _draft(
    "001",
    "work_report",
    ("title", "关于全市工业经济运行情况的汇报"),
    ("body", "按照会议安排，现就今年以来全市工业经济运行情况及下一阶段工作打算汇报如下："),
    ("heading1", "一、工业经济运行总体情况"),
    (
        "heading2",
        "（一）主要指标稳中有进。1-9月份，全市XX家规模以上工业企业累计实现产值XX亿元，同比增长XX%；实现工业增加值XX亿元，"
        "增加值增速 XX。1-9月份全市完成工业投资XX亿元，同比下降XX%，快于年度目标序时进度XX个百分点；其中技术改造投资"
        "XX亿元，同比下降XX%，快于序时进度XX个百分点。",
        R,
    ),
    (
        "heading2",
        "（二）主导产业和龙头企业支撑有力。主导产业加快回升，1-9月份生物医药等产业增加值增长XX%，是全市工业增长的主要拉动"
        "力量；矿业、钢铁两大传统产业增加值降幅比上半年分别收窄XX个和XX个百分点，回稳向好态势更加明显。龙头企业带动作用"
        "突出，XX公司、XX集团等产值居前5位的企业前三季度合计产值XX亿元，约占全市规上工业总产值XX%，同比增长XX%，"
        "比二季度增幅提高XX个百分点。",
        R,
    ),
    (
        "heading2",
        "（三）产业链工作机制稳步运行。一是摸清底数，有序推进。全面梳理XX产业链上下游企业情况，主动对接链上龙头企业，"
        "为市内企业配套协作牵线搭桥，推动形成分工明确、协作顺畅的本地供应链。二是深入走访，压实包保责任。完善市领导联系"
        "包保企业制度，对企业反映的问题逐件跟踪协调。截至目前，各“四送一服”工作小组共走访企业400家次，收集并办理企业"
        "问题230个。三是搭建平台，推动供需对接。依托产业链供应链协同服务平台，聚焦电子信息、芯片制造、家用电器等重点"
        "产业链，推行“龙头+配套”模式，带动大中小企业协同发展。",
        R,
    ),
    (
        "heading2",
        "（四）营商环境持续改善。一是为企服务更加精准。建立走访、反馈、交办、会商、总结、督查等一整套帮扶机制，推动帮扶"
        "工作制度化、常态化。在政务公开网公布涉企服务事项、办理流程和咨询电话，及时受理投诉举报，定期邀请企业代表座谈"
        "评议，主动接受社会监督。二是“四送一服”活动常态开展。印发了《XX全面推动企业发展“四送一服”专项行动实施方案》，"
        "调整充实8个工作组力量，对全市18个乡镇（园区、街道）实行分片包联，确保各项举措落到企业。三是惠企政策加快兑现。"
        "围绕降低企业用工、用能和融资成本，推动政策红利直达企业。兑付2021年XXX第三批大健康产业扶持资金，共XX个项目、"
        "资金XX万元；组织XX家企业申报省中小企业（民营经济）发展专项资金项目，申报金额XX万元。",
        R,
    ),
    ("heading1", "二、存在的主要困难和问题"),
    (
        "heading2",
        "（一）下行压力依然较大。1-9月份全市增加值增速比上半年提高XX个百分点，但与XX市平均水平相比仍低XX个百分点。"
        "规上企业下滑面偏大，XX家规上企业中前9个月产值下降的有XX家，占XX%；亿元以上企业中产值下降的XX家，占XX%；前50强"
        "企业中下降的XX家，占XX%。加之疫情对国际市场的冲击仍在持续，外向度较高的企业经营困难，稳定工业运行的任务依然艰巨。",
        R,
    ),
    (
        "heading2",
        "（二）行业发展冷热不均。XX公司1-9月份产值占全市工业产值的XX%，以其为代表的精密仪器行业增势强劲。但传统支柱产业"
        "尚处在恢复阶段，上下游配套企业产值同步回落，拉低了行业整体水平。",
        R,
    ),
    (
        "heading2",
        "（三）工业投资压力不小。截至9月份，工业投资和技改投资虽然快于序时进度，但同比仍为负增长。前9个月全市新开工工业"
        "项目XX个，计划总投资XX亿元，其中亿元以上项目XX个，与上年同期持平；当年新增计划投资XX亿元，比上年同期减少XX亿元。",
        R,
    ),
    (
        "heading2",
        "（四）为企服务的精准度还需提高。一是个别难题协调周期长。涉及用地指标等需要省市审批的事项，环节多、时间长；企业"
        "反映的融资、用工、配套和项目储备等问题，短期内难以根本解决。二是部门协同还不够紧密。个别单位重视不够、主动性"
        "不强，少数工作组成员单位参与度不高。三是日常工作落实有差距。部分单位不能按时通过平台报送工作进展，一些有价值的"
        "信息未能及时利用。",
        R,
    ),
    ("heading1", "三、下一阶段工作打算"),
    (
        "heading3",
        "1.实施存量企业提质工程。一是抓技术改造，引导企业推进车间级、产线级智能化和数字化改造，提升装备水平。二是抓品牌"
        "培育，组织企业争创“专精特新”、“XX工业精品”和企业技术中心、工业设计中心。三是抓盘活利用，对停产、困难和问题"
        "企业分类施策，通过置换、收储、合作、租赁等方式引入新项目，释放闲置厂房和土地。",
        R,
    ),
    (
        "heading3",
        "2.实施增量企业培育工程。大力推进“个转企”、“小升规”，以市开发区、高新区和工业园为主阵地，优化产业布局，培育"
        "一批具有前瞻性的战略性新兴产业，打造工业经济新的增长点。",
        R,
    ),
    (
        "heading3",
        "3.实施龙头企业引领工程。围绕重点产业，遴选20家成长性好、带动力强的龙头企业予以重点扶持。设立市产业投资基金，"
        "通过直接投资、阶段参股等方式培育龙头企业和科技小巨人。推动龙头企业与小微企业产能对接，开展“企业手牵手行动计划”,"
        "引导龙头企业带动配套企业协作发展，走专业化、差异化发展路子。",
        R,
    ),
    (
        "heading3",
        "4.实施精准服务工程。坚持市领导联系重点工业企业（项目）制度，全面梳理企业生产经营和项目建设中的困难，实行“一企"
        "一策、一事一策”。建立服务清单和工作台账，加强政策宣传解读，打通政策落地“最后一公里”，实现规上企业走访全覆盖。"
        "加快中小企业公共服务平台建设，推动产学研合作和技术成果转化，组织企业参加各类展会和产销对接活动，持续为企业降本减负。",
        R,
    ),
    (
        "heading3",
        "5.实施企业家能力提升工程。以提升民营企业家政治素质、经营管理能力和道德修养为重点，引导企业走出家族式管理。分期"
        "分批组织优秀企业家和后备人才赴发达地区考察学习、到高校进修培训，帮助企业家开阔眼界、理清思路。开展“优秀企业家”"
        "评选，营造尊重企业家、支持企业家干事创业的良好环境。",
        R,
    ),
)

# ---------------------------------------------------------------------------------------------
# 002: a survey report of a development zone; standalone headings (一、 and （一） on their own line,
# the body below); placeholders * ("20*年", "*年代", "*%"); quirks: the first paragraph indented
# with two no-break spaces, a "三是…" whose text runs on into the next paragraph.
# ---------------------------------------------------------------------------------------------

DRAFT_002 = _draft(
    "002",
    "survey_report",
    ("title", "关于经开区企业帮扶工作的调研报告"),
    (
        "body",
        "\u00a0\u00a0为深入了解经开区企业帮扶工作情况，本人结合分管工作，近期采取召开企业座谈会、发放调查问卷、实地走访等"
        "方式开展了专题调研，梳理分析当前企业帮扶工作中存在的突出问题，提出改进措施和意见建议，为新时期做好企业帮扶工作、"
        "帮助企业解决生产经营中的实际困难提供参考。现将调研情况报告如下：",
    ),
    ("heading1", "一、经开区企业发展概况"),
    (
        "body",
        "我县是全省农业大县，工业起步晚、基础弱。县委、县政府从*年代起提出“工业兴县”战略，*年代开始规划建设工业园区，"
        "持续招商引资、改善发展环境，20*年起全面开展企业帮扶工作，为全县工业企业加快发展奠定了基础。",
    ),
    ("heading2", "（一）观念不断转变，总体规模持续扩大"),
    (
        "body",
        "坚持把园区作为工业发展的主阵地，推动企业进园、项目入园，“以经开区为龙头，一区多园”的发展格局初步形成。园区入驻"
        "企业*家，规模以上工业企业占*家；统计高新技术产品产值的企业*家，其中经认定的高新技术企业*家，20*年新增*家。"
        "20*年园区实现高新技术产品产值*亿元，同比增长*%。电子陶瓷、精细化工、农产品深加工三大主导产业产值达到*亿元，"
        "占规模工业总产值的*%以上。其中电子陶瓷是我县传统优势产业，园区现有陶瓷企业*家，规模以上*家，年产值*亿元。",
    ),
    ("heading2", "（二）举措不断强化，工业发展步伐加快"),
    (
        "body",
        "一是把招商引资摆在首位。围绕主导产业开展产业链招商，综合运用亲情招商、驻点招商、以商招商等方式，着力提升引进项目"
        "的质量。20*年新签约项目*个，合同引资*亿元；在谈项目*个，意向投资超过*亿余元。二是扎实开展“产业项目建设年”活动。"
        "压实项目建设责任，20*年计划实施市、县重点项目*个，已新开工*个、续建*个，在建市、县重点项目*个。",
    ),
    ("heading2", "（三）环境不断优化，实体经济稳步发展"),
    (
        "body",
        "一是扎实开展企业帮扶。园区按照“放管服”改革要求推行“最多跑一次”，落实“一家企业、一名挂点领导、一个工作小组、"
        "一套方案、一抓到底”的工作机制，为企业提供全程代办服务。20*年以来，共办理工商注册*家、环评批复*个、项目立项*个。"
        "二是公共服务平台逐步完善。建成技术市场和中介服务平台，引进知识产权、科技咨询、人力资源等服务机构。游家工业园"
        "污水处理及涉重废水治理项目投入运行，*个工业园的工业废水和生活污水实现集中处理、达标排放。中国特种陶瓷检验检测"
        "中心*分中心建成运行，园区特陶企业产品检测不出园区。",
    ),
    ("heading1", "二、存在的突出问题"),
    (
        "body",
        "在看到成绩的同时也要清醒认识到，经开区近年来虽然发展较快，但同发达地区和周边县市比，在发展环境、经济总量和发展"
        "后劲等方面还有不小差距。调研中发现，园区企业发展质量不高、产业结构不优、企业规模偏小，项目推进偏慢，企业帮扶"
        "工作与实体经济发展需要还不相适应。主要表现在：",
    ),
    ("heading2", "（一）“工业强县”意识有待增强"),
    (
        "body",
        "一是应对产业转移准备不足。近年来来我县考察洽谈的客商明显增多，发达地区新一轮产业转移已经到来，但我们对如何承接"
        "转移研究不深、谋划不够，工作上还比较被动，全县工业发展思路和路径有待进一步明确。二是重工兴工的氛围不够浓厚。"
        "有的职能部门认为发展实体经济是企业自己的事、帮扶企业是经开区的事，对企业支持不够，存在说得多、做得少的现象。"
        "三是部分企业主满足现状。一些企业主小富即安，缺乏做大做强的长远打算，热衷于在园区多占土地，对技术改造和产品升级投入不多。",
    ),
    ("heading2", "（二）惠企政策落实不够到位"),
    (
        "body",
        "一是政策落地滞后。近年来上级在审批、创新、人才、用工、减负、税收、金融等方面出台了大量支持中小微企业的政策，但"
        "由于宣传对接不到位，企业知晓率不高，有的企业得知政策时已错过申报期限。二是政策兑现困难。部分企业主反映，个别"
        "政策制定时考虑不周，执行中难以兑现。",
    ),
    ("heading2", "（三）帮扶工作成效不够明显"),
    (
        "body",
        "调研中了解到，少数帮扶责任人工作被动，一年只到企业一两次，满足于走过场，个别企业主甚至不清楚本企业的帮扶责任人"
        "是谁。有的帮扶干部专业不对口，对企业在技术、管理上的难题帮不上忙。同时，经开区作为服务机构没有行政执法和审批权限，很多"
        "事项依赖上级部门，审批链条长、效率低，帮扶工作往往停留在浅层次，影响了整体效果。",
    ),
    ("heading2", "（四）企业发展环境仍需改善"),
    (
        "body",
        "企业主普遍认为经开区的服务比较到位，但部分职能部门审批难、办事慢、不作为的问题依然存在，“只跑一次”落实不够，"
        "项目一站式服务还没有真正实现。有的企业反映，招商时热情周到，项目落地后却无人过问。另外，一些执法部门多头检查、"
        "重复检查，检查标准不统一，无形中增加了企业负担；公务接待过多，企业疲于应付，也影响了正常生产。",
    ),
    ("heading2", "（五）要素保障能力不足"),
    (
        "body",
        "一是融资难。企业普遍反映从国有大型银行贷款难，由于规模较小、信用体系不健全，很难获得银行贷款；转贷成本高、放款"
        "周期长，以贷转存、存贷挂钩等做法进一步推高了融资成本。二是用地紧。县级建设用地指标十分有限，土地制约日益突出，"
        "如丰谷食品无法购地建设厂房，租用厂房面积有限，扩大产能受阻，部分订单因此流失。三是招工难。劳动力供给不足，招聘"
        "渠道少，就业信息不对称，普工难招、技工难留、人才难引的问题突出。加上园区没有开通公交，员工宿舍缺少物业管理，"
        "金融、物流等生产性服务业尚未延伸到园区，进一步加重了招工留人的难度。",
    ),
    ("heading1", "三、下一步改进措施"),
    ("heading2", "（一）强化政策对接，畅通企业帮扶主渠道"),
    (
        "body",
        "一是做实政策宣传服务。主动收集各职能部门出台的支持实体经济发展政策，编制惠企政策清单和“口袋书”，送政策上门；"
        "举办政策宣讲培训班，为企业解读新政策、答疑释惑。二是办好“企业手机报”。依托网站、微信群、QQ群和公众号搭建信息"
        "平台，面向企业主要负责人及时推送最新政策、经济运行动态和涉企事项调整等信息。",
    ),
    ("heading2", "（二）创新工作机制，推动帮扶措施落地见效"),
    (
        "body",
        "借鉴脱贫攻坚的做法抓企业帮扶，结合党史学习教育转变干部作风。一是广泛动员干部参与。在全区营造“帮助企业发展，部门"
        "个个有份，干部人人有责”的浓厚氛围。二是完善解决问题的机制。成立由经开区党工委、管委会班子成员任组长的企业帮扶"
        "领导小组，吸收县直有关部门参加，对企业长期难以解决的问题实行“一月一调度，一季一推进，半年一小结、年终算总账”。"
        "建立企业负责人约见园区领导制度，重点企业负责人可以当面或通过电子邮件反映诉求，园区领导要及时回应、现场办公。"
        "三是因企施策开展帮扶。",
    ),
    (
        "body",
        "每年年初，组织帮扶责任人对所联系企业的困难问题进行摸底，根据企业需求和帮扶单位能够提供的支持进行精准对接，明确"
        "帮扶目标和责任，严格督促考核，落实奖惩措施，防止帮扶工作流于形式。",
    ),
    ("heading2", "（三）聚力改善环境，打造一流营商环境"),
    (
        "body",
        "发展环境直接关系企业的运行成本和生存发展。一是完善基础设施。加快应急供水工程建设，配套集中供热设施，依托特种陶瓷"
        "特色产业园二期建设员工宿舍、食堂、展示中心和培训场所。二是提升配套服务。协调公交公司优化线路，解决职工出行不便"
        "问题；建立园区社会化后勤服务体系，减轻企业办社会负担。三是整治周边环境。依法保护企业经营者合法权益，严厉打击"
        "欺行霸市、强揽工程等违法犯罪行为。",
    ),
    ("heading2", "（四）创新融资方式，强化资金支持"),
    (
        "body",
        "一是着力缓解融资难。加强与国有银行、股份制银行和政策性银行的沟通协调，建立由政府、银行和企业代表参加的“银企对接"
        "发展论坛”，定期会商，促进银企信息互通、互利共赢。二是加强信贷扶持。帮助企业申报中小企业应急专项资金，对市场前景"
        "好、经营正常，因补充流动资金或购置设备需要贷款在*万元以下、但缺少有效抵押物的小企业，由经开区投资公司提供担保。",
    ),
    ("heading2", "（五）加强企业培训，提升企业竞争力"),
    (
        "body",
        "经开区民营企业家数量多，学历、阅历差别较大，思想观念呈现多元化特点。建议设立专项培训资金，采取“请进来、走出去”"
        "等方式，分层分类开展企业家培训，增强企业家的社会责任感和经营管理能力。同时，组织开展安全生产和环保法规培训，指导"
        "企业做好环评、验收、环保税申报、排污许可等工作，避免因不懂法规而违法违规，推动企业主动承担依法生产经营的主体责任。",
    ),
    ("heading1", "四、几点建议"),
    ("heading2", "（一）畅通信息渠道，健全政企沟通机制"),
    (
        "body",
        "加大政务信息公开力度，搭建全县统一的涉企政策发布平台，做好政策解读，让惠企政策家喻户晓。深化行风评议和机关效能"
        "建设，完善政务服务中心“一窗受理”，推进政务服务标准化，推行“马上办、网上办、就近办、一次办”，不断提高审批效率。",
    ),
    ("heading2", "（二）规范涉企检查，减轻企业负担"),
    (
        "body",
        "一是清理涉企收费。全面清理规范涉企行政事业性收费，国家和省定有标准的按下限收取，由县里确定标准的一律下调。二是"
        "推行“企业生产宁静日”制度。同一部门对同一企业的同类检查，没有发现违法行为的，原则上每年不超过一次；多个部门在"
        "同一时段检查同一企业的，由牵头部门组织联合检查，检查结果实行部门共享。三是严控参观考察。减少到重点企业的各类参观"
        "调研，确需安排的须报经开区党群部统一把关，不得要求企业调整生产安排，做到“无事不扰”。",
    ),
    ("heading2", "（三）精简审批环节，服务项目建设"),
    (
        "body",
        "一是推行项目审批“一表受理”。各部门审批和服务事项全部进驻行政服务中心，授权窗口直接办理，实行“一站式”服务，从"
        "业主申请之日起计时，全程网上监控、限时办结。二是试行重大项目并联审批和容缺受理。对基本符合条件、主要材料齐全的"
        "重大项目先行受理，允许在规定期限内补齐材料；对纳入绿色通道的项目，在确保完工前补办手续的前提下可先行模拟审批。",
    ),
    ("heading2", "（四）加大扶持力度，持续优化营商环境"),
    (
        "body",
        "一是提高政策的针对性。建议县委、县政府组织县科工信局、发改局等部门深入研究，出台符合我县实际的工业发展政策，制定"
        "政策时充分听取企业家意见。二是深化园区体制机制改革。建议在上级政策允许范围内向园区下放审批、编制和人员等管理权限，"
        "推进“政区合一”，让园区的事在园区办。三是完善园区共建共享机制。统筹推进城区与园区水、电、路、讯、气等基础设施"
        "建设，提升园区“九通一平”水平，加快城园一体化。四是健全人才培养体系。大力发展职业教育和职业培训，推行“校企合作”、"
        "定向培养，为企业输送急需的专业技术人才。",
    ),
)

# ---------------------------------------------------------------------------------------------
# 003: a reply to a proposal, addressed to the proposer; standalone "1、"/"2." headings (mixed forms);
# real figures; quirks: ASCII commas, colons and semicolons, ASCII parentheses, no placeholder.
# ---------------------------------------------------------------------------------------------

DRAFT_003 = _draft(
    "003",
    "proposal_reply",
    ("title", "关于扶持本土企业打造本地品牌提案的答复"),
    ("body", "您提出的关于扶持本土企业打造本地品牌的建议收悉,我局进行了认真研究,现答复如下:"),
    ("body", "首先,感谢您对全市企业发展和本地品牌建设的关心,您在政策支持、环境保障和政府服务等方面提出的建议很有针对性。"),
    (
        "body",
        "近年来,面对全市工业总量不大、基础不牢、质量不高,大产业、大项目、大企业缺乏,工业投资后劲不足等问题,市工信局认真"
        "贯彻新发展理念和习近平总书记来陕考察重要讲话精神,围绕“追赶超越、绿色崛起”的总体要求,统筹抓好疫情防控和复工复产,"
        "各项工作取得积极成效。结合您的建议,现将有关情况简要介绍如下:",
    ),
    ("heading3", "1、发展本土企业,扩大中小微企业规模"),
    (
        "body",
        "依托工业集中区建设,持续扩大市场主体规模。全市19个省级重点建设工业集中区已入驻中小企业2329家,建成标准化厂房363万"
        "平方米。深入推进“五个一批”培育工作,2016年以来全市以中小企业为主体的市场主体年均增长20%以上;去年虽受新冠疫情冲击,"
        "仍新增市场主体4.14万户,同比增长23.25%。建立由100户成长性较好的中小企业组成的培育库,实行动态管理、梯次培育。“五上”"
        "企业达到2481户,其中规上工业企业784户,总量均居全省第四位。累计培育省级“专精特新”企业21户、省级民营经济转型升级"
        "示范企业69户、高新技术企业64户,9家中小企业进入陕西省上市后备企业名单。",
    ),
    ("heading3", "2.加大培育力度,帮助企业纾困解难"),
    (
        "body",
        "疫情发生后,我市出台支持中小企业的“九条措施”,兑现专项资金700万元。我局分四批向金融机构推送企业融资需求231户、"
        "24.3亿元,组织政银企对接活动20余场,落实融资协议16.5亿元;向省工信厅推荐重点制造业企业融资需求53户、21.7亿元,落实"
        "两批规上工业企业新增贷款贴息资金366.7万元。建立政银企常态化对接机制,今年以来召开对接会3次,帮助企业获得金融支持"
        "13.4亿元,争取中省融资担保降费奖补资金900余万元。",
    ),
    (
        "body",
        "推行“金融顾问”“首贷促进”“监测评估”三项机制,选派金融顾问进驻企业,推出“新社区工厂贷”“陕南循环贷”“富硒茶叶贷”"
        "等特色信贷产品,建行安康分行“新社区工厂贷”的做法得到国家有关部委推广。市财信担保公司担保实力位居全省前列。",
    ),
    (
        "body",
        "坚持重点工业企业包抓制度,由32名市级领导、54个市级单位和200余名工信系统干部联系帮扶重点企业,帮助解决实际问题400"
        "余个。认真贯彻《保障中小企业款项支付条例》,累计清偿拖欠账款7.56亿元,清偿率100%,成为全省第三个全面完成清欠任务的地市。",
    ),
    ("heading3", "3、采取有力措施,推进本地品牌建设"),
    (
        "body",
        "一是完善政策体系,夯实产业基础。我局先后制定了《安康市推动装备制造业高质量发展行动方案》、《新理念引领制造业高质量"
        "发展实施意见》,支持装备制造业数字化转型;支持向服务型制造延伸;支持首台套重大技术装备推广应用。目前正在抓紧制定"
        "《提升产业链发展实施意见》、《新型材料产业链推进方案》等文件。为把富硒食品这一“首位产业”做大做强,我局代市政府"
        "起草了支持富硒食品产业高质量发展的请示函,省工信厅已三次来安康调研,并在2021年省中小企业发展专项资金申报中明确优先"
        "支持富硒食品企业技术改造;省工信厅和市工信局还在积极推动京东集团与安康富硒产业深化合作。二是发挥企业主体作用,健全创新体系。依托普瑞达、华银科技等企业,建成各类科技创新平台35个,"
        "建成省级院士工作站3家、市级院士工作站6家、市级专家工作站51家,基本实现“一主导产业一院士站”。",
    ),
    (
        "body",
        "2016年以来,我市持续实施企业创新工程和科技型企业创新能力提升三年行动,目前有效期内高新技术企业64家,入库国家级科技型"
        "中小企业225家。华秦储能、普瑞达电梯和富硒产品创新中心列入省级制造业创新中心筹建名单,全市省级企业技术中心和研发中心"
        "达到65户,另有省级中小企业创新研发中心57个,近100个产品列入陕西省重点新产品。三是突出重点行业,推动质量品牌提升。围绕富硒食品、装备制造、生物医药、新型材料等行业,深入开展增品种、提品质、"
        "创品牌“三品”专项行动。近年来累计认定安康工业质量标杆63个(其中8个被评为陕西省质量标杆);普瑞达电梯有限公司等4户"
        "企业被评为陕西省品牌培育示范企业。四是办好展会招商,扩大产业规模。采取“特色产品展示+重点项目推介”的方式赴北上广深"
        "等城市招商,“十三五”期间引进项目1920个;连续在本地举办地产消费品、新材料、医药产品推介会,提升本地产品的知名度和"
        "市场占有率。",
    ),
    ("heading3", "4.优化营商环境,完善公共服务平台"),
    (
        "body",
        "坚持“政府建平台、平台聚资源、资源找企业”的思路,健全中小企业公共服务体系,吸引50余家专业服务机构入驻服务平台,现有"
        "国家级中小企业公共服务平台1家、省级8家。2018年以来,13户中小企业和8名企业家受到省委、省政府表彰。商事制度改革受到国务院大督查通报表扬。持续打造“政务服务"
        "一网通办”“公共资源阳光交易”“12345便民服务热线”三大服务品牌,擦亮“营商环境最安康”招牌。修订《涉企保证金目录清单》,"
        "初步建立清欠工作推进和源头预防机制。",
    ),
    (
        "body",
        "下一步,我局将认真吸纳您的提案建议和7月30日沟通时提出的意见,坚持新发展理念,加强规划引领和政策支持,优化营商环境,"
        "提升服务水平,推动全市企业规模和效益同步提升。",
    ),
    (
        "body",
        "一是强化政策支持。在中小企业梯度培育、融合发展、研发创新和技术改造等方面加大支持力度,组织企业参加展销和招商活动,"
        "帮助企业开拓国内外市场,支持企业争创名牌产品,对具有创新研发能力的“专精特新”中小企业给予政策和资金倾斜。",
    ),
    (
        "body",
        "二是优化发展环境。持续开展减税降费、中介收费清理和清理拖欠中小企业账款工作,定期召开民营企业座谈会,开展“政企连心桥”"
        "活动,“一对一”协调解决企业困难,构建亲清政商关系。",
    ),
    (
        "body",
        "三是提升服务水平。加强与市财政局、市发改委、市科技局、市金融办、人民银行及各银行业机构的协作,推动普惠金融、减税降费"
        "等政策落地,支持企业研发创新和人才引进,形成各方合力,共同推动全市六大工业产业、五大农业产业高质量发展。",
    ),
    (
        "body",
        "四是协调改善融资服务。7月30日,我局承办人员通过电话、微信与您进行了沟通,您提出了“政银企对接后企业贷款需求仍未解决;"
        "金融顾问制度落实不到位;部分银行仍存在断贷抽贷行为”等三点意见,我局高度重视,第一时间与市金融办作了沟通。",
    ),
    (
        "body",
        "关于您提出的问题,市金融办表示:将加强对签约项目履约情况的督查,推动签约意向尽快转化为实际贷款;已将金融顾问制度落实"
        "情况纳入2021年银行业金融机构年度考核,并加强督查;将会同人行安康中支加大对银行支持小微企业的考核力度,在风险可控的"
        "前提下适当调整准入标准。对以上措施,我局将积极配合落实。",
    ),
    ("body", "再次感谢您对我市工业和信息化工作的关心和支持,欢迎继续提出宝贵意见。"),
)

# ---------------------------------------------------------------------------------------------
# 004: a provincial circular with its 版头 and 主送; "1、" run-in items under 一、 (some with markdown
# bold marks), a city-by-city account; quirks of a PDF copy: a stray space in the title, spaces
# around figures ("14 个", "1-5 月"), paragraphs cut where pages ended.
# ---------------------------------------------------------------------------------------------

DRAFT_004 = _draft(
    "004",
    "circular",
    ("issuer_mark", "湖南省工业和信息化厅文件"),
    ("title", "关于全省重点骨干工业企业精准帮扶活动开展情况的 通报"),
    ("main_recipient", "各市州工信局："),
    (
        "body",
        "今年以来，全省各地各部门认真贯彻党中央“六稳”工作部署和省委、省政府工作要求，把重点骨干工业企业精准帮扶作为民营"
        "企业精准帮扶行动的重要内容，坚持问题导向、精准施策，帮助企业解决了一批急难愁盼问题，全省工业经济稳中向好的态势"
        "进一步巩固。现将有关情况通报如下：",
    ),
    ("heading1", "一、主要做法"),
    (
        "heading3",
        "1、领导重视到位，活动主题突出。各市州党政主要负责同志亲自部署、亲自联点，带头深入企业开展帮扶。长沙市印发《“营商"
        "环境优化年”实",
        R,
    ),
    (
        "body",
        "施实体经济降成本专项行动工作方案》等文件，建立企业帮扶联席会议制度，实行“一周一报告，一月一调度，一季一讲评”。"
        "株洲市把产业项目建设年活动与温暖企业行动结合起来，推动服务、要素、政策全覆盖。湘潭市开展“千百扶培大行动”，由36位"
        "市领导和52个市直部门分别联系帮扶101家标杆工业企业，着力壮大三个千亿级产业集群。邵阳市为市本级37家重点工业企业逐一明确挂点市级领导、责任单位和"
        "企业服务站，组建融资、用工、用地、产销对接4个攻坚组，为企业提供全程跟踪服务。岳阳市成立由市长挂帅的领导小组，围绕融资促进、减税降费、"
        "政务提效等8个方面组建工作小组。常德市开展百名领导结对服务百家企业（项目）活动。张家界市开展“双联”活动，确定"
        "138个重点项目、35家重点企业、33家拟入规企业为帮扶对象，以“三抓三促”推动帮扶走深走实。郴州市安排34名市级领导、39个市直部门一对一帮扶50家优势"
        "产业链重点企业。永州市组织市、县两级党政主要负责同志开展“三走遍”活",
        C,
    ),
    ("body", "动，帮助企业解决用地、用电、融资等实际困难。娄底市主要负责同志走访涟钢、冷钢等骨干企业，督促各级各部门提升服务水平。", C),
    (
        "heading3",
        "2、**聚焦项目建设，帮扶重点突出。**各市州以“产业项目建设年”为抓手，一手抓企业解困，一手抓项目推进。湘潭市主要负责"
        "同志带队到湘潭电化、湘电、泰富重装等企业现场办公，为项目推进鼓劲加油。衡阳市为比亚迪云轨、五矿有色铜铅锌产业基地"
        "等 14 个重大项目组建工作专班，明确建设内容和完成时限。邵阳市多次就彩虹盖板玻璃、三一配套产业园等项目召开现场办公会，"
        "彩虹盖板玻璃、小米电饭煲项目二期进展顺利，三一配套产业园项目建设取得实质进展。岳阳市由 33 名市级领导联系“2+10”工程和 20 个重点企业，目前 20 家重点企业中已有 6 个开始"
        "试生产、8 个可在年内竣工投产，预计新增销售收入 289 亿元，科美达公司新增用地等难题得到解决，传统产业“一化独大”的结构逐步改善。郴州市成立有色骨干企业纾困帮扶领导小组，组建 7 个小组对口"
        "帮扶 7 家重点骨干企业。湘西州重点帮扶 59 户有发展前景但暂时困难的骨干龙头企业，加大外矿引",
        R,
    ),
    ("body", "进，推动电解锰、电解锌产能释放，规模以上相关企业已全部复产。", C),
    (
        "heading3",
        "3、推动转型升级，产业链水平提升。各市州围绕 20 个工业新兴优势产业链，推动企业智能化改造和转型升级。湘潭市在全省率先"
        "试行重大产业项目投资企业承诺制，由企业提出需求、政府督查部门明确任务、各责任单位抓好落实，推动吉利汽车 SUV 生产平台、桑顿新能源、3D 打印产业化等一批强链补链项目落地。岳阳市选取高澜节能"
        "等 10 家企业实施“扩能倍增”计划，2019 年计划投入 6.75 亿元，可新增产值 20 余亿元。岳阳县采取破产处置、拍卖等办法"
        "处置“僵尸企业” 10 家，盘活土地 1000 余亩，为新兴产业让出发展空间。怀化市多部门联合开展“产业链推进”、“质量品牌提升”行动，辰州矿业规划 31 个"
        "科技技改项目，1-5 月产值同比增长 63.3%。",
        R,
    ),
    (
        "heading3",
        "4、创新服务方式，破解要素制约。一是优化营商环境。常德市推行“无延时”审批，市本级将 8 个部门的 199 项管理权限下放到"
        "常德经开区和常德高新区，各区县市以“2",
        R,
    ),
    (
        "body",
        "号公章”方式向园区放权，企业办事基本不出园区。益阳市汇编《涉企支持政策》，把政策精准送到企业，面上宣传和上门服务同步推进。永州市依托工业云平台，"
        "通过手机 APP 推送惠企政策，为企业提供 22 种第三方服务。长沙高新区走访企业 500 家，收集问题 508 个，回收在线问卷 623 份，"
        "认为营商环境“极大提升”和“有所提升”的占 95.5%。二是强化要素保障。衡阳市组织 193 户工业用电大户参加市场化交易，全年"
        "可节约电费 5000 万元以上，落实社保降费等政策为企业减负 4.01 亿元。岳阳市出台金融支持民营经济发展十条措施，帮助 43 家"
        "重点企业获得贷款 9.3 亿元。常德市举办首届常德工业品推介暨产销对接会，新增本地采购企事业单位 510 家、采购额 73 亿元。张家界市工信局走访 65 家企业，梳理融资、技改、品牌、市场开拓等方面的"
        "困难和问题 70 项，会同乡镇和市直部门逐项协调。永州市组织 78 家企业与市物流协会开展合作，降低企业物流时间和运输成本。"
        "株洲市芦淞区实施",
        C,
    ),
    ("body", "“百人百企百策”工程，用好中小微企业信贷风险补偿基金，支持 14 家企业获得授信 4365 万元；开展供应链金融服务，帮助两家企业获得授信 3000 万元。", C),
    (
        "heading3",
        "5、加强督办宣传，完善长效机制。株洲市通过联络员和企业服务专线收集企业问题 256 个，交办 242 个，已办结 62 个。湘潭市"
        "建立“问题清单”“措施清单”“责任清单”，挂图作战。衡阳市对项目专班建立工作台账，实行季度讲评、半年督查、年底考评，考评结果作为干部评先评优和选拔任用的重要参考。"
        "邵阳市对企业问题实行“一单四制”管理，向责任单位下发督办函，共发动 1200 余人次，累计为企业解决用地、用电、资金、手续办理等各类问题 150 余项。常德市建立“常德智造”“常德园区”微信群，形成"
        "“问题群里反映、工作群里调度、结果群里通报”的工作机制。娄底市通过开设专栏、集中采访等形式宣传精准帮扶行动，营造了"
        "良好氛围。",
        R,
    ),
    ("heading1", "二、下一步工作安排"),
    (
        "body",
        "下一阶段，各地要结合“不忘初心、牢记使命”主题教育，对照差距抓落实，进一步增强服务企业的大局意识，拿出帮助企业",
    ),
    ("body", "破解难题的恒心和韧劲，确保全省工业经济平稳运行。", C),
    (
        "heading3",
        "1、**加强调度督查。**各市州要与重点帮扶企业保持密切联系，通过调研、座谈、网络、电话等方式及时掌握企业生产经营和困难"
        "问题。健全帮扶台账，坚持按月调度，跟踪问题办理进度，实行问题销号管理，做到件件有回音、事事有着落。",
        R,
    ),
    (
        "heading3",
        "2、**提高帮扶实效。**要围绕制造强省、产业链建设和产业项目建设年等重点工作，聚焦市场开拓、管理提升、创新能力、降本"
        "减负和要素保障，以企业需求为导向开展帮扶，切实提高问题办结率和企业满意度。",
        R,
    ),
    (
        "heading3",
        "3、**做好宣传总结。**及时总结企业帮扶中的典型案例和有效做法，形成可复制推广的经验，营造全社会关心工业、支持企业的"
        "浓厚氛围。认真查找工作中的短板不足，研究改进措施，谋划好下半年帮扶工作。",
        R,
    ),
)

SEEDS: tuple[SeedDraft, ...] = (DRAFT_000, DRAFT_001, DRAFT_002, DRAFT_003, DRAFT_004)

# ---------------------------------------------------------------------------------------------
# The answer key
# ---------------------------------------------------------------------------------------------

# What str.strip() takes away and a reader of drafts should too: spaces, U+3000, no-break spaces.
_EDGE_SPACE = " \t\u3000\u00a0"


def paragraphs(draft: SeedDraft) -> list[Line]:
    """The draft's paragraphs: lines cut by a page break (``continues``) joined to the one before."""
    result: list[Line] = []
    for line in draft.lines:
        if line.continues and result:
            last = result[-1]
            result[-1] = Line(last.text + line.text, last.role, last.runin)
        else:
            result.append(Line(line.text, line.role, line.runin))
    return result


def expected_roles(draft: SeedDraft) -> list[tuple[str, str]]:
    """(text, role) per paragraph, the text without the spaces at its ends: the key of a recognition test."""
    return [(para.text.strip(_EDGE_SPACE), para.role) for para in paragraphs(draft)]


# ---------------------------------------------------------------------------------------------
# Plain text, as typed in Notepad, WPS or a chat window
# ---------------------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030")
NEWLINES = ("\n", "\r\n")
INDENT = "\u3000\u3000"
# Windows saves characters its code page lacks with a best-fit mapping; GBK has no U+00A0.
_GBK_BEST_FIT = {"\u00a0": " "}


def typed_indent(line: Line) -> bool:
    """Whether a person typing the draft indents this line: paragraphs of running text not indented already."""
    running = line.role == "body" or line.runin
    return running and not line.continues and not line.text[:1].isspace()


def trailing_spaces(index: int) -> str:
    """The spaces left at the end of some typed lines: two on every third line from the second, one on some others."""
    if index % 3 == 1:
        return "  "
    return " " if index % 7 == 5 else ""


def to_txt(draft: SeedDraft, encoding: str = "utf-8", newline: str = "\n", indent: bool = False, blank_lines: bool = False) -> bytes:
    """The draft as a text file: one line a paragraph; indent=True types "　　" before running text and
    leaves trailing spaces on some lines; blank_lines=True puts an empty line between lines.
    GBK cannot hold a no-break space: it is written as a space, as Windows does."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    if newline not in NEWLINES:
        raise ValueError("newline must be \\n or \\r\\n")
    out = []
    for index, line in enumerate(draft.lines):
        text = line.text
        if indent:
            text = (INDENT if typed_indent(line) else "") + text + trailing_spaces(index)
        if encoding == "gbk":
            text = "".join(_GBK_BEST_FIT.get(ch, ch) for ch in text)
        out.append(text)
    separator = newline * 2 if blank_lines else newline
    return (separator.join(out) + newline).encode(encoding)


# ---------------------------------------------------------------------------------------------
# Markdown, as people write it
# ---------------------------------------------------------------------------------------------

MARKDOWN_PREFIX = {"title": "# ", "heading1": "## ", "heading2": "### ", "heading3": "#### ", "heading4": "##### "}


def to_markdown(draft: SeedDraft) -> str:
    """The draft in Markdown: "# " title, "## " 一、 headings, "### " （一） headings (numbers kept in
    the text), "#### " 1. headings; run-in headings stay in their paragraph; blank lines between
    paragraphs; a line cut by a page break follows its paragraph on the next line (one paragraph).
    Placeholders such as * are not escaped (as people type them)."""
    blocks: list[str] = []
    for line in draft.lines:
        text = line.text.strip(_EDGE_SPACE)
        if line.continues and blocks:
            blocks[-1] += "\n" + text
            continue
        prefix = "" if line.runin else MARKDOWN_PREFIX.get(line.role, "")
        blocks.append(prefix + text)
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------------------------
# An unformatted Word document: Word 2016's defaults, everything in Normal
# ---------------------------------------------------------------------------------------------

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Word 2016's namespace declarations, as the foreign-drafts builder writes them.
from drafts import NS_DECL, THEME_COLORS, WORD_COMPAT, word_settings_tail, zip_parts  # noqa: E402

CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

# Word's default page: A4 (11906 x 16838 twips), margins 2.54 cm (1440) and 3.18 cm (1800).
PAGE = {"width": 11906, "height": 16838, "top": 1440, "bottom": 1440, "left": 1800, "right": 1800}
RSID = "00C41F7A"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(text: str) -> str:
    preserve = ' xml:space="preserve"' if text != text.strip(" \t") else ""
    return f"<w:t{preserve}>{_esc(text)}</w:t>"


def _document_xml(draft: SeedDraft) -> str:
    body = "".join(f'<w:p w:rsidR="{RSID}" w:rsidRDefault="{RSID}"><w:r>{_text(line.text)}</w:r></w:p>' for line in draft.lines)
    sect = (
        f'<w:sectPr w:rsidR="{RSID}"><w:pgSz w:w="{PAGE["width"]}" w:h="{PAGE["height"]}"/>'
        f'<w:pgMar w:top="{PAGE["top"]}" w:right="{PAGE["right"]}" w:bottom="{PAGE["bottom"]}" w:left="{PAGE["left"]}" '
        'w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>'
    )
    return f"{XML_HEAD}<w:document {NS_DECL}><w:body>{body}{sect}</w:body></w:document>"


def _heading_style(level: int, spacing: str, size: int, major: bool) -> str:
    fonts = (
        '<w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/>'
        if major
        else ""
    )
    kern = '<w:kern w:val="44"/>' if level == 1 else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{level}"><w:name w:val="heading {level}"/><w:basedOn w:val="a"/>'
        f'<w:next w:val="a"/><w:link w:val="{level}0"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing {spacing}/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr>{fonts}<w:b/><w:bCs/>{kern}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{level}0"><w:name w:val="标题 {level} 字符"/>'
        f'<w:basedOn w:val="a0"/><w:link w:val="{level}"/><w:uiPriority w:val="9"/>'
        f'<w:rPr>{fonts}<w:b/><w:bCs/>{kern}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


HEADING_STYLES = (
    (1, 'w:before="340" w:after="330" w:line="578" w:lineRule="auto"', 44, False),
    (2, 'w:before="260" w:after="260" w:line="416" w:lineRule="auto"', 32, True),
    (3, 'w:before="260" w:after="260" w:line="416" w:lineRule="auto"', 32, False),
    (4, 'w:before="280" w:after="290" w:line="376" w:lineRule="auto"', 28, True),
)


def _styles_xml() -> str:
    """styles.xml as Word 2016 (Chinese) writes a new document's: theme fonts, 五号 (sz 21), Normal."""
    defaults = (
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" '
        'w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
    )
    latent = (
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" w:defUnhideWhenUsed="0" '
        'w:defQFormat="0" w:count="376"><w:lsdException w:name="Normal" w:uiPriority="0" w:qFormat="1"/>'
        '<w:lsdException w:name="heading 1" w:uiPriority="9" w:qFormat="1"/>'
        + "".join(
            f'<w:lsdException w:name="heading {n}" w:semiHidden="1" w:uiPriority="9" w:unhideWhenUsed="1" w:qFormat="1"/>'
            for n in range(2, 10)
        )
        + '<w:lsdException w:name="caption" w:semiHidden="1" w:uiPriority="35" w:unhideWhenUsed="1" w:qFormat="1"/>'
        '<w:lsdException w:name="Title" w:uiPriority="10" w:qFormat="1"/>'
        '<w:lsdException w:name="Default Paragraph Font" w:semiHidden="1" w:uiPriority="1" w:unhideWhenUsed="1"/>'
        '<w:lsdException w:name="Subtitle" w:uiPriority="11" w:qFormat="1"/></w:latentStyles>'
    )
    normal = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
    )
    headings = "".join(_heading_style(*row) for row in HEADING_STYLES)
    rest = (
        '<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/>'
        '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
        '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="a2"><w:name w:val="No List"/><w:uiPriority w:val="99"/>'
        "<w:semiHidden/><w:unhideWhenUsed/></w:style>"
    )
    return f"{XML_HEAD}<w:styles {NS_DECL}>{defaults}{latent}{normal}{headings}{rest}</w:styles>"


def _settings_xml() -> str:
    return (
        f"{XML_HEAD}<w:settings {NS_DECL}>"
        '<w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>'
        '<w:proofState w:spelling="clean" w:grammar="dirty"/><w:defaultTabStop w:val="420"/>'
        '<w:drawingGridVerticalSpacing w:val="156"/><w:displayHorizontalDrawingGridEvery w:val="0"/>'
        '<w:displayVerticalDrawingGridEvery w:val="2"/><w:characterSpacingControl w:val="compressPunctuation"/>'
        + WORD_COMPAT
        + f'<w:rsids><w:rsidRoot w:val="{RSID}"/><w:rsid w:val="{RSID}"/></w:rsids>'
        + word_settings_tail(spidmax=1026)
        + '<w14:docId w14:val="5B2E7D10"/><w15:chartTrackingRefBased/>'
        '<w15:docId w15:val="{8D0C3E62-1A7B-4F59-B3C2-7E4A9D1F6B05}"/></w:settings>'
    )


def _theme_xml() -> str:
    """theme1.xml: the Office theme, Calibri / Calibri Light with 等线 / 等线 Light for Simplified Chinese."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    colors = THEME_COLORS
    fonts = (
        '<a:majorFont><a:latin typeface="Calibri Light" panose="020F0302020204030204"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Hans" typeface="等线 Light"/><a:font script="Hant" typeface="新細明體"/></a:majorFont>'
        '<a:minorFont><a:latin typeface="Calibri" panose="020F0502020204030204"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Hans" typeface="等线"/><a:font script="Hant" typeface="新細明體"/></a:minorFont>'
    )
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = (
        '<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
        '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    )
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    fmt = (
        f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>{line * 3}</a:lnStyleLst>'
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst><a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
    )
    return (
        f'{XML_HEAD}<a:theme xmlns:a="{a}" name="Office 主题"><a:themeElements><a:clrScheme name="Office">{colors}</a:clrScheme>'
        f'<a:fontScheme name="Office">{fonts}</a:fontScheme>{fmt}</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>'
    )


def _font_table_xml() -> str:
    fonts = (
        ("等线", "DengXian", "02010600030101010101", "86", "auto", "A00002BF", "38CF7CFD", "00000016", "00000000", "0004000F"),
        ("Times New Roman", "", "02020603050405020304", "00", "roman", "E0002EFF", "C000785B", "00000009", "00000000", "000001FF"),
        ("等线 Light", "DengXian Light", "02010600030101010101", "86", "auto", "A00002BF", "38CF7CFD", "00000016", "00000000", "0004000F"),
    )
    parts = []
    for name, alt, panose, charset, family, u0, u1, u2, u3, c0 in fonts:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        parts.append(
            f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/>'
            f'<w:sig w:usb0="{u0}" w:usb1="{u1}" w:usb2="{u2}" w:usb3="{u3}" w:csb0="{c0}" w:csb1="00000000"/></w:font>'
        )
    return f"{XML_HEAD}<w:fonts {NS_DECL}>{''.join(parts)}</w:fonts>"


def _core_xml() -> str:
    return (
        f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title></dc:title><dc:subject></dc:subject><dc:creator>张伟</dc:creator><cp:keywords></cp:keywords>"
        "<dc:description></dc:description><cp:lastModifiedBy>张伟</cp:lastModifiedBy><cp:revision>2</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-11T02:05:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-11T02:31:00Z</dcterms:modified></cp:coreProperties>'
    )


def _app_xml(draft: SeedDraft) -> str:
    chars = sum(len(line.text) for line in draft.lines)
    pages = max(1, -(-chars // 1700))  # about 39 characters x 44 lines a page in Word's defaults
    lines = max(1, chars // 39)
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>Normal.dotm</Template><TotalTime>26</TotalTime><Pages>{pages}</Pages><Words>{chars // 2}</Words>"
        f"<Characters>{chars}</Characters><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>"
        f"<Lines>{lines}</Lines><Paragraphs>{len(draft.lines)}</Paragraphs><ScaleCrop>false</ScaleCrop>"
        f"<LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>{chars}</CharactersWithSpaces>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
    )


def _rels(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rels)
    return f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def _content_types() -> str:
    overrides = (
        ("/word/document.xml", CT + "document.main+xml"),
        ("/word/styles.xml", CT + "styles+xml"),
        ("/word/settings.xml", CT + "settings+xml"),
        ("/word/webSettings.xml", CT + "webSettings+xml"),
        ("/word/fontTable.xml", CT + "fontTable+xml"),
        ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    )
    body = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>'
    )


def to_plain_docx(draft: SeedDraft) -> bytes:
    """The draft as typed into a new Word document: one paragraph a line, all in Normal, no direct
    formatting, Word 2016's default styles (headings defined, unused), A4 with Word's margins."""
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _rels(
            [
                ("rId3", RT + "extended-properties", "docProps/app.xml"),
                ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
                ("rId1", RT + "officeDocument", "word/document.xml"),
            ]
        ),
        "word/document.xml": _document_xml(draft),
        "word/_rels/document.xml.rels": _rels(
            [
                ("rId3", RT + "webSettings", "webSettings.xml"),
                ("rId2", RT + "settings", "settings.xml"),
                ("rId1", RT + "styles", "styles.xml"),
                ("rId5", RT + "theme", "theme/theme1.xml"),
                ("rId4", RT + "fontTable", "fontTable.xml"),
            ]
        ),
        "word/styles.xml": _styles_xml(),
        "word/settings.xml": _settings_xml(),
        "word/webSettings.xml": f"{XML_HEAD}<w:webSettings {NS_DECL}><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>",
        "word/fontTable.xml": _font_table_xml(),
        "word/theme/theme1.xml": _theme_xml(),
        "docProps/core.xml": _core_xml(),
        "docProps/app.xml": _app_xml(draft),
    }
    return zip_parts(parts)
