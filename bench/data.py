"""Synthetic batch data: the shared fields of examples/circular_batch.xlsx with N made-up cities.

The workbook keeps every sheet of the example (字段, 举措, 存在问题, 下一步要求.事项) and
replaces the rows of 城市 and 城市.做法 with ``count`` cities named 示例市0001, 示例市0002, ...
Figures are plausible and reproducible (fixed seed): 帮扶企业数 20-200, 收集问题数 50-700,
解决问题数 70-99 % of them, 融资额 in 元 (0.3-60 亿元, to the 万元), 产值增速 -3.0…+10.0 %
(about a quarter negative, a few exactly 0), and 1-2 做法 per city taken from the example's
做法 texts, each under a different 举措 key.

    python bench/data.py 1000 /tmp/cities.xlsx
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_WORKBOOK = ROOT / "examples" / "circular_batch.xlsx"
EXAMPLE_YAML = ROOT / "examples" / "circular.yaml"
SEED = 9704


def city_name(index: int) -> str:
    return f"示例市{index:04d}"


def practices_by_measure() -> dict[str, list[str]]:
    """举措 key -> the 做法 texts the example gives under it."""
    example = yaml.safe_load(EXAMPLE_YAML.read_text(encoding="utf-8"))
    pool: dict[str, list[str]] = {item["键"]: [] for item in example["举措"]}
    for city in example["城市"]:
        for practice in city.get("做法", []):
            pool[practice["举措"]].append(practice["内容"])
    return pool


def synthetic_cities(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    pool = practices_by_measure()
    keys = sorted(pool)
    cities = []
    for index in range(1, count + 1):
        collected = rng.randint(50, 700)
        growth = round(rng.uniform(-3.0, 10.0), 1)
        if rng.random() < 0.02:
            growth = 0.0
        measures = rng.sample(keys, rng.choice((1, 2)))
        cities.append(
            {
                "名称": city_name(index),
                "帮扶企业数": rng.randint(20, 200),
                "收集问题数": collected,
                "解决问题数": round(collected * rng.uniform(0.70, 0.99)),
                "融资额": rng.randint(3_000, 600_000) * 10_000,
                "产值增速": growth,
                "做法": [{"举措": key, "内容": rng.choice(pool[key])} for key in measures],
            }
        )
    return cities


def _clear_rows(sheet) -> None:
    if sheet.max_row > 1:
        sheet.delete_rows(2, sheet.max_row - 1)


def write_workbook(count: int, path: Path, seed: int = SEED) -> Path:
    """The example workbook with ``count`` synthetic cities; returns ``path``."""
    book = openpyxl.load_workbook(EXAMPLE_WORKBOOK)
    cities, practices = book["城市"], book["城市.做法"]
    _clear_rows(cities)
    _clear_rows(practices)
    for city in synthetic_cities(count, seed):
        cities.append([city["名称"], city["帮扶企业数"], city["收集问题数"], city["解决问题数"], city["融资额"], city["产值增速"]])
        for practice in city["做法"]:
            practices.append([city["名称"], practice["举措"], practice["内容"]])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


if __name__ == "__main__":
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    print(write_workbook(size, target))
