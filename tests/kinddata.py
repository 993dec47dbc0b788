"""Shared by the tests of the bundled kinds: an example's data, data written back, invented figures."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

# A figure of nothing: 0家, 0.0%, 0亿元, 0个百分点 … (a date's or a number's inner 0 is no match).
ZERO_FIGURE = re.compile(r"(?<![\d.])0(?:\.0+)?(?:%|个百分点|万|亿|元|家|个|户|人|项|份)")
PLACEHOLDER = re.compile(r"None|nan|NaN|null|XX|××|\{\{|\}\}|[*＊]|——")


def example(name: str) -> dict:
    return yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))


def write(tmp_path, data: dict, name: str = "d.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
