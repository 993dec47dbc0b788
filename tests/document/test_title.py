"""Titles broken as GB/T 9704 7.3.1 asks: between words, 梯形 or 菱形, no orphan, no more lines than needed.

Word boundaries are judged by jieba (a test-only dependency), which shares nothing with
briefgen's own lexicon: a break briefgen makes must fall where jieba sees a boundary.
"""

from __future__ import annotations

import itertools
import logging
import math
import random

import pytest

from briefgen.document.standard import DEFAULT_STYLE
from briefgen.document.title import line_capacity, split_title, text_width

jieba = pytest.importorskip("jieba")
jieba.setLogLevel(logging.WARNING)
jieba.add_word("入统", freq=100000)  # a statistics term jieba's dictionary lacks (it reads "入/统和/湖南省")
CAPACITY = line_capacity(DEFAULT_STYLE.layout.text_width_pt, DEFAULT_STYLE.layout.title_size_pt)


def jieba_boundaries(text: str) -> set[int]:
    positions, at = set(), 0
    for word in jieba.cut(text, HMM=False):
        at += len(word)
        positions.add(at)
    return positions


def good_shape(widths: list[float]) -> bool:
    if min(widths) < max(widths) / 3:
        return False
    if len(widths) < 3:
        return True
    peak = widths.index(max(widths))
    return all(a <= b for a, b in zip(widths[:peak], widths[1 : peak + 1])) and all(a >= b for a, b in zip(widths[peak:], widths[peak + 1 :]))


def feasible(text: str, count: int) -> bool:
    """Whether ``text`` can be cut into ``count`` fitting, well-shaped lines at jieba's boundaries."""
    cuts = sorted(p for p in jieba_boundaries(text) if 0 < p < len(text))
    for chosen in itertools.combinations(cuts, count - 1):
        edges = [0, *chosen, len(text)]
        widths = [text_width(text[a:b]) for a, b in zip(edges, edges[1:])]
        if max(widths) <= CAPACITY and good_shape(widths):
            return True
    return False


def assert_well_broken(title: str) -> list[str]:
    lines = split_title(title, CAPACITY)
    assert "".join(lines) == title
    widths = [text_width(line) for line in lines]
    assert max(widths) <= CAPACITY, lines
    boundaries = jieba_boundaries(title)
    position = 0
    for line in lines[:-1]:
        position += len(line)
        assert position in boundaries, (title, lines, "breaks inside a word")
    assert good_shape(widths), (lines, widths)
    fewest = math.ceil(text_width(title) / CAPACITY)
    if len(lines) > fewest:
        assert not feasible(title, fewest), (title, lines, f"{fewest} lines would have done")
    return lines


SEED_AND_BUNDLED = {
    # seed 004, the real circular: its own break ("…情况的 / 通报") left an orphan
    "关于全省重点骨干工业企业精准帮扶活动情况的通报": ["关于全省重点骨干工业企业", "精准帮扶活动情况的通报"],
    # the bundled circular (its old rule gave "…情况的 / 通报")
    "关于全省重点工业企业精准帮扶活动情况的通报": ["关于全省重点工业企业", "精准帮扶活动情况的通报"],
    # the bundled proposal reply
    "关于市政协十二届三次会议第128号提案的答复": ["关于市政协十二届三次会议", "第128号提案的答复"],
    # a per-city circular of the batch
    "关于全省重点工业企业精准帮扶活动郴州市工作情况的通报": None,
    # the bundled survey report
    "关于全市工业企业发展情况的调研报告": ["关于全市工业企业发展情况的调研报告"],
}


@pytest.mark.parametrize("title, expected", SEED_AND_BUNDLED.items())
def test_seed_and_bundled_titles(title, expected):
    lines = assert_well_broken(title)
    if expected is not None:
        assert lines == expected


PREFIXES = ["关于", "关于印发", "关于开展", "关于进一步加强", "关于做好", "关于加快推进", "关于表彰", "关于调整"]
SUBJECTS = [
    "全省重点骨干工业企业精准帮扶活动", "2024年度全市工业经济运行", "中小企业数字化转型", "工业互联网平台建设",
    "湖南省促进民营经济高质量发展若干措施", "安全生产专项整治三年行动", "经开区工业企业发展", "先进制造业集群培育",
    "重点产业链招商引资", "规模以上工业企业入统", "产业园区标准化厂房建设", "企业技术改造专项资金管理",
    "全省工业和信息化系统先进集体和先进个人", "新能源汽车产业发展", "营商环境优化年", "省级专精特新中小企业认定",
    "工业领域节能降碳", "制造业高质量发展", "产业项目建设年", "绿色制造体系建设",
]
CONNECTORS = ["和", "与", "及"]
TAILS = ["情况的通报", "工作的通知", "的意见", "工作的报告", "的请示", "的实施方案", "情况的调研报告", "的通知"]


def sweep_titles(seed: int = 7, per_length: int = 3) -> list[str]:
    """Titles of every length from 10 to 60 characters, built as offices write them."""
    chance = random.Random(seed)
    by_length: dict[int, list[str]] = {}
    for _ in range(40000):
        parts = [chance.choice(PREFIXES), chance.choice(SUBJECTS)]
        for _ in range(chance.choice([0, 0, 1, 2])):
            parts += [chance.choice(CONNECTORS), chance.choice(SUBJECTS)]
        title = "".join(parts) + chance.choice(TAILS)
        length = len(title)
        if 10 <= length <= 60 and len(by_length.setdefault(length, [])) < per_length:
            by_length[length].append(title)
    return [title for length in sorted(by_length) for title in by_length[length]]


SWEEP = sweep_titles()


def test_the_sweep_covers_10_to_60_characters():
    lengths = {len(title) for title in SWEEP}
    assert min(lengths) <= 12 and max(lengths) >= 58 and len(SWEEP) >= 100


@pytest.mark.parametrize("title", SWEEP)
def test_length_sweep(title):
    assert_well_broken(title)


def test_a_title_that_fits_stays_one_line():
    assert split_title("关于做好全省安全生产工作的通知", CAPACITY) == ["关于做好全省安全生产工作的通知"]


def test_the_break_prefers_a_conjunction():
    lines = split_title("关于加快推进全省工业互联网平台建设和中小企业数字化转型工作的意见", CAPACITY)
    assert lines[1].startswith("和")
