"""Totals and ranks over a table, computed once per table and reused.

In a batch every document sees the same table (all the cities): a province total or a city's
rank computed in the template would cost a pass over the table per document, and the batch
would grow with the square of its size. These filters remember their answer for the table.
"""

from __future__ import annotations

from bisect import bisect_right
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
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def total(items: list[Any], attribute: str) -> Any:
    """The sum of ``attribute`` over the table's items (missing or empty count as 0)."""
    return _remember(items, "total", attribute, lambda: sum(_field(item, attribute) or 0 for item in items))


def _ratio(item: Any, numerator: str, denominator: str) -> float:
    top, bottom = _field(item, numerator) or 0, _field(item, denominator) if denominator else 1
    return top / bottom if bottom else 0.0


def rank(item: Any, items: list[Any], numerator: str, denominator: str = "") -> int:
    """1 for the item with the highest value (``numerator``, or ``numerator / denominator``),
    equal values sharing a place: ``{{ 记录 | 名次(城市, '解决问题数', '收集问题数') }}``."""
    ordered = _remember(items, "rank", f"{numerator}/{denominator}", lambda: sorted(_ratio(i, numerator, denominator) for i in items))
    return len(ordered) - bisect_right(ordered, _ratio(item, numerator, denominator)) + 1
