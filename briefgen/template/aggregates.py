"""Totals and ranks over a table, over the records that reported the figure, computed once per table.

A record may leave a figure out (a city that did not report its financing): a total adds the
records that have it, a rank places only them (ties share a place, said as 并列), and a total
that no record has is none, never 0. In a batch every document sees the same table (all the
cities): a province total or a city's rank computed in the template would cost a pass over the
table per document, and the batch would grow with the square of its size. These filters
remember their answer for the table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

_remembered: dict[tuple[int, str, str], tuple[Any, Any]] = {}
MAX_REMEMBERED = 64


def _remember(items: list[Any], kind: str, key: str, compute):
    slot = (id(items), kind, key)
    found = _remembered.get(slot)
    if found is not None and found[0] is items:  # the same list object, not a reused id
        return found[1]
    if len(_remembered) >= MAX_REMEMBERED:
        _remembered.clear()
    value = compute()
    _remembered[slot] = (items, value)
    return value


def _field(item: Any, name: str) -> Any:
    value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _has(item: Any, names: tuple[str, ...]) -> bool:
    return all(_field(item, name) is not None for name in names)


def total(items: list[Any], attribute: str) -> Any:
    """The sum of ``attribute`` over the records that have it; none when no record has it."""

    def compute():
        values = [value for value in (_field(item, attribute) for item in items) if value is not None]
        return sum(values) if values else None

    return _remember(items, "total", attribute, compute)


def summary(items: list[Any], *attributes: str) -> dict[str, Any]:
    """What the records that have every one of ``attributes`` add up to:
    ``{合计: sum (or {name: sum} for several), 报送数: how many have them, 总数: how many records,
    全部: whether all have them}``; 合计 is none when no record has them."""

    def compute():
        having = [item for item in items if _has(item, attributes)]
        sums = {name: sum(_field(item, name) for item in having) if having else None for name in attributes}
        return {
            "合计": sums[attributes[0]] if len(attributes) == 1 else sums,
            "报送数": len(having),
            "总数": len(items),
            "全部": len(having) == len(items),
        }

    return _remember(items, "summary", "\x00".join(attributes), compute)


def _ratio(item: Any, numerator: str, denominator: str) -> float | None:
    """numerator (or numerator / denominator) of a record that has them, else None."""
    top = _field(item, numerator)
    if top is None:
        return None
    if not denominator:
        return float(top)
    bottom = _field(item, denominator)
    return top / bottom if bottom else None


def _ordered(items: list[Any], numerator: str, denominator: str) -> list[float]:
    return _remember(
        items, "rank", f"{numerator}/{denominator}",
        lambda: sorted(value for value in (_ratio(i, numerator, denominator) for i in items) if value is not None),
    )


def rank(item: Any, items: list[Any], numerator: str, denominator: str = "") -> int | None:
    """1 for the record with the highest value (``numerator``, or ``numerator / denominator``)
    among those that have it, equal values sharing a place; none for a record without it:
    ``{{ 记录 | 名次(城市, '解决问题数', '收集问题数') }}``."""
    value = _ratio(item, numerator, denominator)
    if value is None:
        return None
    ordered = _ordered(items, numerator, denominator)
    return len(ordered) - bisect_right(ordered, value) + 1


def rank_text(item: Any, items: list[Any], numerator: str, denominator: str = "", whole: str = "全省", unit: str = "个市州") -> str:
    """The rank as an official sentence says it: "居全省第3位", "居全省并列第3位", or, when some
    records lack the figure, "在报送该项数据的12个市州中居第3位"; "" for a record without it."""
    value = _ratio(item, numerator, denominator)
    if value is None:
        return ""
    ordered = _ordered(items, numerator, denominator)
    place = len(ordered) - bisect_right(ordered, value) + 1
    tied = bisect_right(ordered, value) - bisect_left(ordered, value) > 1
    position = f"{'并列' if tied else ''}第{place}位"
    if len(ordered) == len(items):
        return f"居{whole}{position}"
    return f"在报送该项数据的{len(ordered)}{unit}中居{position}"
