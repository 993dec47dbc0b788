"""Totals and ranks over a table, remembered per table."""

from briefgen.template.aggregates import rank, total

CITIES = [
    {"名称": "甲", "收集": 100, "解决": 90, "企业": 5},
    {"名称": "乙", "收集": 200, "解决": 190, "企业": 7},
    {"名称": "丙", "收集": 50, "解决": 45, "企业": None},
    {"名称": "丁", "收集": 0, "解决": 0},
]


def test_total_treats_missing_as_zero_and_is_remembered_per_table():
    assert total(CITIES, "企业") == 12
    other = [dict(city) for city in CITIES]
    other[0]["企业"] = 100
    assert total(other, "企业") == 107  # a different table is not confused with the first
    assert total(CITIES, "企业") == 12


def test_rank_by_ratio_with_ties_sharing_a_place():
    ranks = [rank(city, CITIES, "解决", "收集") for city in CITIES]
    assert ranks == [2, 1, 2, None]  # 95% first; 90% and 90% share second; no questions: no rate, no rank
    assert rank({"解决": 1, "收集": 1}, CITIES, "解决", "收集") == 1


def test_rank_by_a_plain_field():
    assert [rank(city, CITIES, "收集") for city in CITIES] == [2, 1, 3, 4]
