"""Where a line may break in Chinese text: word boundaries from a lexicon of official-document words.

A title (7.3.1: broken "in meaningful units") and a table cell (a header word or a name is never
split) may only break between words. Chinese has no spaces, so the words are found by forward
maximum matching against the lexicon below — the vocabulary of 公文 titles and tables (kinds of
document, the verbs and nouns of their subjects, organs, places) — with digits, Latin letters
and bracketed units kept whole. A character that no word covers stands alone; a break beside it
is allowed but scores low (see ``document.title``).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

_LEXICON = """
关于 印发 转发 批转 做好 进一步 加强 加快 推进 推动 开展 实施 落实 深入 全面 建立 健全 完善 促进 支持 提升 强化 优化
规范 组织 召开 举办 表彰 批评 调整 成立 设立 撤销 公布 下达 分解 报送 申请 请求 批准 同意 确定 明确 做好 抓好 搞好
开展好 贯彻 贯彻落实 学习 宣传 部署 安排 检查 督查 考核 评价 评选 认定 申报 征集 启动 启用 废止 修订 修改 制定 编制
扎实 切实 持续 着力 大力 积极 稳步 有序 高效 精准 帮扶 扶持 服务 保障 推广 培育 引导 鼓励 规划 整治 治理 防范 化解
应对 处置 排查 监测 预警 调度 办理 答复 回复 解决 协调 对接 联系 挂点 联点 走访 调研 座谈 总结 汇报 报告 通报 通知
请示 意见 决定 决议 命令 公报 公告 通告 批复 议案 函 纪要 方案 办法 规定 细则 规则 条例 制度 机制 措施 要点 计划 规划
纲要 指南 指引 清单 名单 目录 标准 意见书 情况 工作 活动 行动 工程 专项 专项行动 试点 示范 典型 经验 做法 成效 问题
建议 提案 委员 代表 会议 大会 届 次 第 号 年度 年 月 日 上半年 下半年 全年 季度 第一季度 一季度 前三季度 期间 以来
工业 企业 经济 发展 高质量 高质量发展 民营 民营经济 中小 中小企业 小微 小微企业 规模 规模以上 规上 重点 骨干 龙头
龙头企业 工业企业 重点企业 标杆 精准帮扶 产业 产业链 产业集群 集群 园区 开发区 经开区 高新区 经济开发区 工业园区
营商 营商环境 环境 政策 资金 财政 金融 融资 贷款 信贷 税收 减税降费 降费 成本 要素 用地 用电 用工 用能 能源 电力
物流 市场 消费 投资 项目 项目建设 产业项目 建设 招商 招商引资 引资 外资 外贸 出口 进口 数字 数字化 智能 智能化
智能制造 制造 制造业 先进制造业 新型 工业化 信息化 两化融合 网络 平台 互联网 工业互联网 大数据 人工智能 软件 信息
技术 技术改造 技改 科技 科技创新 创新 研发 人才 质量 品牌 标准化 安全 安全生产 生产 监管 管理 统计 运行 监测 分析
形势 目标 任务 责任 考核 绩效 效益 效率 水平 能力 体系 基础 设施 基础设施 新能源 汽车 电子 有色 钢铁 化工 医药
生物医药 食品 纺织 建材 装备 机械 材料 新材料 节能 环保 绿色 低碳 循环 资源 生态 乡村 振兴 乡村振兴 农业 农村
教育 卫生 文化 旅游 交通 水利 住房 城乡 城市 社区 民生 就业 社会 保险 养老 医疗 疫情 防控 应急 稳增长 稳就业
省 市 县 区 州 乡 镇 村 全省 全市 全县 全区 全州 各市州 各市 各县 各县市区 市州 县市区 省直 市直 县直 各级 各地 各部门
湖南 湖南省 长沙 长沙市 株洲 株洲市 湘潭 湘潭市 衡阳 衡阳市 邵阳 邵阳市 岳阳 岳阳市 常德 常德市 张家界 张家界市
益阳 益阳市 郴州 郴州市 永州 永州市 怀化 怀化市 娄底 娄底市 湘西 湘西州 湘西自治州 土家族 苗族 自治州
人民政府 政府 办公厅 办公室 委员会 领导小组 工作领导小组 厅 局 委 办 中心 部门 单位 机关 党委 党组 政协 人大 常委会
工业和信息化厅 工业和信息化局 工信厅 工信局 发展和改革委员会 发改委 财政厅 财政局 统计局 商务厅 科技厅 人社厅
市场监管局 税务局 自然资源厅 生态环境厅 住房和城乡建设厅 交通运输厅 农业农村厅 应急管理厅 国资委
全国 国家 国务院 中央 党中央 省委 市委 县委 省政府 市政府 县政府 主题 主题教育 开门红 六稳 六保 十四五 十五五
的 和 与 及 暨 等 之 对 在 为 以 从 向 中 上 下 内 外 后 前 年度工作 工作情况 有关 有关事项 事项 相关 若干 部分 全体
实施细则 实施方案 实施意见 工作方案 管理办法 暂行办法 试行 暂行 市政协 省政协 县政协 市人大 省人大 全国人大 转型 升级
转型升级 数字化转型 发展规划 发展情况 基本情况 运行情况 进展情况 落实情况 专项资金 资金管理 表彰决定 先进集体 先进个人
工作会议 现场会 推进会 座谈会 培训班 培训 评估 验收 核查 审核 审查 登记 备案 许可 审批 行政 执法 综合 统筹 协同 联动
省级 市级 县级 国家级 专精特新 小巨人 单项冠军 隐形冠军 厂房 标准化厂房 入统 入规 认定 集体 个人 系统 节能 降碳 节能降碳
收集 获得 产值 增速 融资额 帮扶企业 收集问题 解决问题 获得融资 产值增速 工业产值 规上工业 增加值 解决率 营业收入 利润总额 优化年 建设年 攻坚年 提升年 三年 行动计划 三年行动 年度计划 产业园 产业园区 运行情况 培育 集群培育 新能源汽车 营商环境优化年 产业项目建设年 专项整治 整治
"""
# Characters that join phrases in a title: a break right before them (or right after 关于)
# falls on a natural joint (GB/T 9704 7.3.1: 回行时要做到词意完整).
CONJUNCTIONS = "和与及暨"
MAX_WORD = 9
_WHOLE = re.compile(
    r"[A-Za-z0-9０-９.%％·]+[届次号年月日项个家户条]?"  # 2024年, 128号, 10家
    r"|[一二三四五六七八九十百千零〇]+[届次号项个条批]"  # 十二届, 三次, 第一批
    r"|[（(][^（）()]{0,8}[）)]|《[^《》]{0,40}》"
)


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    return frozenset(_LEXICON.split())


@lru_cache(maxsize=512)
def words(text: str) -> tuple[str, ...]:
    """``text`` as words: lexicon words by forward maximum matching, numbers and bracketed units
    whole, other characters one by one: "关于全省重点骨干工业企业" → 关于|全省|重点|骨干|工业企业."""
    known = lexicon()
    found: list[str] = []
    position = 0
    while position < len(text):
        whole = _WHOLE.match(text, position)
        if whole is not None and whole.group(0) and not whole.group(0).startswith("《"):
            found.append(whole.group(0))
            position = whole.end()
            continue
        for length in range(min(MAX_WORD, len(text) - position), 1, -1):
            if text[position : position + length] in known:
                found.append(text[position : position + length])
                position += length
                break
        else:
            found.append(text[position])
            position += 1
    return tuple(found)


def boundaries(text: str) -> list[int]:
    """The positions between words (1 … len-1) where a line may break."""
    positions, at = [], 0
    for word in words(text)[:-1]:
        at += len(word)
        positions.append(at)
    return positions


def parts(word: str) -> list[str]:
    """A compound of the lexicon as its shorter words (数字化转型 → 数字化, 转型) when each of them
    is a word of two characters or more; any other word as itself."""
    if len(word) >= 4 and word in lexicon():
        found = _words_without(word)
        if len(found) > 1 and all(len(part) > 1 for part in found):
            return found
    return [word]


def inner_boundaries(text: str) -> list[int]:
    """Positions inside the lexicon's compound words (数字化|转型, 精准|帮扶): a break there keeps
    both halves whole words — a second choice, when no break between whole words fits."""
    positions, at = [], 0
    for word in words(text):
        positions += [at + offset for offset in itertools.accumulate(len(part) for part in parts(word)[:-1])]
        at += len(word)
    return positions


def _words_without(compound: str) -> list[str]:
    """``compound`` cut into the lexicon's shorter words (itself left out), as far as they cover it."""
    known = lexicon()
    found, position = [], 0
    while position < len(compound):
        for length in range(len(compound) - position - (position == 0), 1, -1):
            if compound[position : position + length] in known:
                found.append(compound[position : position + length])
                position += length
                break
        else:
            found.append(compound[position])
            position += 1
    return found


def known(word: str) -> bool:
    """A word of the lexicon, or a number, or a bracketed unit (not a lone unknown character)."""
    return word in lexicon() or bool(_WHOLE.fullmatch(word)) or len(word) > 1
