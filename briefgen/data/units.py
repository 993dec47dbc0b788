"""Units written in headers and field names (融资额（亿元）): split off once, values brought to one unit once.

A spreadsheet header or a field name may carry its unit in brackets. The reader keeps the unit
beside the value (``DataDict.units``); ``convert_value`` brings a value to the unit a schema asks
for (``x-unit``), and ``to_base_units`` — for a template without a schema — to the unit without
its 万/亿 (486.27 亿元 → 48627000000 元), so the figure filters word it right either way. After a
conversion the node records the new unit, so converting twice is impossible.
"""

from __future__ import annotations

import re
from typing import Any

from .tree import DataDict, DataList

# Magnitude prefixes of a unit: 亿元 is 10^8 元, 万户 10^4 户.
PREFIXES = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3}
# Units a YAML or JSON key may carry in brackets (a spreadsheet header takes any bracketed text).
BASE_UNITS = (
    "元", "个", "家", "户", "人", "人次", "项", "件", "次", "场", "所", "台", "套", "吨", "亩", "公顷",
    "平方米", "平方公里", "公里", "千米", "米", "千瓦", "千瓦时", "度", "辆", "座", "份", "%", "‰", "个百分点",
)
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（）()]*)[）)]\s*$")


def split_unit(header: str) -> tuple[str, str]:
    """``产值（亿元）`` → (``产值``, ``亿元``); a header without a unit → (header, "")."""
    match = _BRACKETED.match(header)
    if match and match.group("name"):
        return match.group("name").strip(), match.group("unit").strip()
    return header.strip(), ""


def split_known_unit(key: str) -> tuple[str, str]:
    """Like ``split_unit``, but only for a unit this module can read (for YAML and JSON keys,
    where brackets may hold other words: 备注（可选） stays a key)."""
    name, unit = split_unit(key)
    return (name, unit) if unit and parse_unit(unit)[0] in BASE_UNITS else (key, "")


def parse_unit(unit: str) -> tuple[str, int]:
    """``亿元`` → (``元``, 10^8); ``家`` → (``家``, 1); ``%`` → (``%``, 1)."""
    unit = unit.strip().replace("％", "%")
    for prefix, factor in PREFIXES.items():
        if unit.startswith(prefix) and len(unit) > len(prefix) and unit[len(prefix):] in BASE_UNITS:
            return unit[len(prefix):], factor
    return unit, 1


def factor_between(unit: str, target: str) -> float | None:
    """How many ``target`` one ``unit`` is (亿元 → 元: 10^8; 亿元 → 万元: 10^4); None when the two
    measure different things (美元 and 元, 家 and 个)."""
    base, scale = parse_unit(unit)
    target_base, target_scale = parse_unit(target)
    if base != target_base:
        return None
    return scale / target_scale


def scale_value(value: Any, factor: float) -> Any:
    """``value`` × ``factor`` without binary noise: 56.3 亿 → 5630000000, not 5630000000.000001."""
    if factor == 1 or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    scaled = round(value * factor, 6)
    return int(scaled) if float(scaled).is_integer() else scaled


def convert_value(node: DataDict, key: Any, target: str) -> str:
    """Bring ``node[key]`` from the unit its header gave to ``target``; returns "" when done (or
    nothing to do), else the unit that cannot be converted, for the caller's message."""
    unit = node.units.get(key, "")
    if not unit or not target or unit == target:
        return ""
    factor = factor_between(unit, target)
    if factor is None:
        return unit
    node[key] = scale_value(node.get(key), factor)
    node.units[key] = target  # converted: a second pass leaves it alone
    return ""


def to_base_units(value: Any) -> Any:
    """Every value with a 万/亿 unit brought to the plain unit, through the whole tree (no schema)."""
    if isinstance(value, DataDict):
        for key in list(value):
            unit = value.units.get(key, "")
            if unit:
                convert_value(value, key, parse_unit(unit)[0])
            to_base_units(value[key])
    elif isinstance(value, DataList):
        for item in value:
            to_base_units(item)
    return value
