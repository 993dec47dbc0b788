"""The bundled circular on real data: every figure optional, none invented, the real 通报's structure."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from briefgen import figures
from briefgen.api import render_bytes
from briefgen.batch.plan import BatchOptions
from briefgen.batch.run import run_batch

EXAMPLE = ROOT / "examples" / "circular.yaml"
REAL = ROOT / "examples" / "circular_real.yaml"
CITY_FIGURES = ["帮扶企业数", "收集问题数", "解决问题数", "融资额", "产值增速"]
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def paragraphs(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]
    return [text for text in texts if text]


def with_figures_removed(seed: int) -> dict:
    """The example's data with each city figure (and the province growth) dropped at random."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    chance = random.Random(seed)
    for city in data["城市"]:
        for name in CITY_FIGURES:
            if chance.random() < 0.4:
                city.pop(name)
    if chance.random() < 0.5:
        data.pop("全省产值增速")
    return data


def _numbers_in_text(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_numbers_in_text(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_numbers_in_text(v) for v in value)) if value else set()
    return set(NUMBER.findall(str(value))) if isinstance(value, (str, int, float)) else set()


def allowed_numbers(data: dict) -> set[str]:
    """Every number a document made of ``data`` may print: the data's own (in its text and as
    each figure's wordings) and what follows from them alone (sums over the cities that gave a
    figure, rates, ranks, counts, differences). A figure the data did not give is not here."""
    allowed = _numbers_in_text({k: v for k, v in data.items() if k != "城市"})
    allowed |= {str(n) for n in range(1, len(data["城市"]) + 1)}  # ranks, counts of cities, 一是/（一）
    allowed |= {"85"}  # the template's threshold for a low solve rate (options.low_solve_rate)
    cities = data["城市"]
    for city in cities:
        allowed |= _numbers_in_text(city.get("做法", []))

    def words(value, unit=""):
        forms = {figures.number(value), figures.number(abs(value)), figures.number(value, 1, trim=False), figures.number(abs(value), 1, trim=False)}
        if unit:
            forms |= {figures.scaled(value, unit)[: -len(unit)], figures.number(value / 1e8, 2, trim=False)}
        return {n for form in forms for n in NUMBER.findall(form)}

    for name, unit in (("帮扶企业数", "家"), ("收集问题数", "个"), ("解决问题数", "个"), ("融资额", "元"), ("产值增速", "")):
        having = [city[name] for city in cities if name in city]
        for value in having:
            allowed |= words(value, unit)
        if having:
            allowed |= words(sum(having), unit)
    pairs = [(c["解决问题数"], c["收集问题数"]) for c in cities if "解决问题数" in c and "收集问题数" in c and c["收集问题数"]]
    for solved, collected in pairs + ([tuple(map(sum, zip(*pairs)))] if pairs else []):
        allowed |= words(solved / collected * 100)
    province = data.get("全省产值增速")
    if province is not None:
        allowed |= words(province)
        allowed |= {n for c in cities if "产值增速" in c for n in words(round(c["产值增速"] - province, 10))}
    for year_month in ("2024", "1", "9", "10", "15", "16", "12"):
        allowed.add(year_month)  # dates and 统计期 given in the data
    return allowed


def figures_not_given(texts: list[str], data: dict) -> list[tuple[str, str]]:
    allowed = allowed_numbers(data)
    return [(number, text) for text in texts for number in NUMBER.findall(text) if number not in allowed]


def write(tmp_path: Path, data: dict, name: str = "d.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", range(6))
def test_no_figure_the_data_did_not_give_in_render_or_batch(tmp_path, seed):
    data = with_figures_removed(seed)
    path = write(tmp_path, data)
    rendered = paragraphs(render_bytes("circular", path))
    assert figures_not_given(rendered, data) == []
    out = tmp_path / "out"
    result = run_batch("circular", [path], BatchOptions(each="城市", out_dir=out, name="{名称}.docx", workers=1))
    assert not result.failures, result.failures
    for city in data["城市"]:
        texts = paragraphs((out / f"{city['名称']}.docx").read_bytes())
        assert figures_not_given(texts, data) == [], city["名称"]
        own = next((t for t in texts if t.startswith(("2024年1—9月，你市", "你市"))), "")
        _assert_only_given(city, own, data)


def _assert_only_given(city: dict, own: str, data: dict) -> None:
    """The city's own sentence has a clause for each figure it gave, and none for one it did not."""
    clauses = {"帮扶企业数": "共帮扶重点工业企业", "收集问题数": "收集企业问题", "解决问题数": "已解决", "融资额": "获得融资", "产值增速": "规模以上工业产值"}
    for name, words in clauses.items():
        assert (words in own) == (name in city), (city["名称"], name, own)
    has_rate = "解决问题数" in city and "收集问题数" in city
    assert ("问题解决率" in own) == has_rate and (("第" in own and "位" in own) == has_rate), own
    assert ("平均水平" in own) == ("产值增速" in city and "全省产值增速" in data), own


def test_an_absent_figure_is_never_zero_flat_or_ranked(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for city in data["城市"]:
        for name in CITY_FIGURES:
            city.pop(name, None)
    data.pop("全省产值增速")
    data["存在问题"] = data.get("存在问题", [])
    text = "".join(paragraphs(render_bytes("circular", write(tmp_path, data))))
    for wrong in (r"(?<![\d.])0(?:家|个|元|%)", "持平", r"第\d+位", "统计表", r"问题解决率(?:\d|低于)", "全省规模以上工业产值", "共帮扶"):
        assert not re.search(wrong, text), wrong
    assert "现将有关情况通报如下：" in text and "一、主要工作举措" in text


def test_partial_totals_say_how_many_cities_reported(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for city in data["城市"][:2]:
        city.pop("帮扶企业数")
    texts = paragraphs(render_bytes("circular", write(tmp_path, data)))
    total = sum(city["帮扶企业数"] for city in data["城市"] if "帮扶企业数" in city)
    assert any(f"共帮扶重点工业企业{total}家（12个市州报送）" in text for text in texts)
    table = [text for text in texts if text in ("—", "合计", "全省")]
    assert "—" in table and "合计" in table and "全省" not in table
    assert any(text.startswith("注：“—”表示该市州未报送此项数据") for text in texts)


def test_ties_are_said_as_such(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for city in data["城市"][:2]:
        city["收集问题数"], city["解决问题数"] = 100, 100
    path = write(tmp_path, data)
    out = tmp_path / "out"
    run_batch("circular", [path], BatchOptions(each="城市", out_dir=out, name="{名称}.docx", workers=1))
    text = "".join(paragraphs((out / "长沙市.docx").read_bytes()))
    assert "居全省并列第1位" in text


def test_the_switch_leaves_the_table_out(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["附统计表"] = False
    text = "".join(paragraphs(render_bytes("circular", write(tmp_path, data))))
    assert "统计表" not in text and "详见附件" not in text and "全省共帮扶重点工业企业" in text


def test_the_real_circular_has_the_seeds_sections_in_the_seeds_order():
    texts = paragraphs(render_bytes("circular", REAL))
    headings = [t for t in texts if re.match(r"^[一二三四五]、|^（[一二三四五六]）", t)]
    assert [h[:2] for h in headings if h[1] == "、"] == ["一、", "二、"]
    assert headings[0] == "一、主要工作举措" and headings[-4] == "二、下一步工作要求"
    measures = [h for h in headings if h.startswith("（")]
    assert len(measures) == 5 + 3
    body = "".join(texts)
    assert "娄底市委书记" in body and "张家界市工信局" in body and "娄底市市委" not in body
    assert "长沙高新区联络走访企业500家" in body and "株洲市芦淞区实施" in body and "岳阳县通过破产处置" in body
    assert "一是优化营商环境。" in body and "二是加强要素保障。" in body
    assert "统计表" not in body and "全省共帮扶" not in body  # the real document states no uniform figures
    assert figures_not_given(texts, yaml.safe_load(REAL.read_text(encoding="utf-8"))) == []


def test_the_real_circular_batches_city_by_city(tmp_path):
    out = tmp_path / "out"
    result = run_batch("circular", [ROOT / "examples" / "circular_real.xlsx"], BatchOptions(each="城市", out_dir=out, name="{名称}.docx", workers=1))
    assert not result.failures and len(list(out.glob("*.docx"))) == 14
    text = "".join(paragraphs((out / "岳阳市.docx").read_bytes()))
    assert "预计新增销售收入289亿元" in text and "岳阳县通过破产处置" in text
    assert "全省总体情况" not in text and "问题解决率" not in text and "居全省" not in text


def test_a_measure_a_city_names_wrongly_is_an_error(tmp_path):
    from briefgen.errors import DataError

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["城市"][0]["做法"][0]["举措"] = "不存在的举措"
    with pytest.raises(DataError, match="「长沙市」的做法写的举措「不存在的举措」不在“举措”中"):
        render_bytes("circular", write(tmp_path, data))
