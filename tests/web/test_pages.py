"""Each page of 公文工作台 end to end in a real (headless) Chromium: the example workbook uploaded, a
broken one's problems shown with their cells, the preview seen, the downloads checked with
briefgen's own checker; a screenshot of each page (BRIEFGEN_SCREENSHOTS=docs/web keeps them)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from webkit import chromium, fetch, require_browser, start_server, stop, wait_for

from briefgen.check.rules import check_docx, has_errors

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_browser()
    process, base = start_server()
    downloads = tmp_path_factory.mktemp("downloads")
    browser = chromium(downloads)
    yield browser, base, tmp_path_factory.mktemp("files")
    browser.quit()
    stop(process)


def shoot(browser, name: str, folder: Path) -> Path:
    keep = os.environ.get("BRIEFGEN_SCREENSHOTS")
    target = (Path(keep) if keep else folder) / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return Math.min(document.body.scrollHeight + 40, 3000)")
    browser.set_window_size(1280, max(height, 800))
    browser.save_screenshot(str(target))
    return target


def by(selector: str):
    from selenium.webdriver.common.by import By

    return (By.CSS_SELECTOR, selector)


def element(browser, selector: str):
    return browser.find_element(*by(selector))


def visible(selector: str):
    from selenium.webdriver.support import expected_conditions

    return expected_conditions.visibility_of_element_located(by(selector))


def choose(browser, selector: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(element(browser, selector)).select_by_value(value)


def checked_docx(content: bytes, folder: Path, name: str) -> list:
    path = folder / name
    path.write_bytes(content)
    return check_docx(path)


def test_the_home_page_links_every_job(site):
    browser, base, folder = site
    browser.get(base + "/")
    assert browser.title.startswith("公文工作台")
    links = {a.get_attribute("href").rsplit("/", 1)[1] for a in browser.find_elements(*by("a.card"))}
    assert links == {"generate", "batch", "compare", "check", "format"}
    shoot(browser, "首页", folder)


def test_generate_shows_the_preview_and_gives_a_document_that_passes_the_check(site):
    browser, base, folder = site
    browser.get(base + "/generate")
    choose(browser, "#kind", "circular")
    starter = fetch(browser, element(browser, "#starter-xlsx").get_attribute("href"))
    assert starter[:2] == b"PK"
    element(browser, "#data").send_keys(str(EXAMPLES / "circular.xlsx"))
    element(browser, "#generate").click()
    wait_for(browser, visible("#preview img"))
    pages = browser.find_elements(*by("#preview img"))
    assert len(pages) >= 2 and all(page.get_attribute("naturalWidth") != "0" for page in pages)
    shoot(browser, "生成", folder)
    document = fetch(browser, element(browser, "#download-docx").get_attribute("href"))
    assert not has_errors(checked_docx(document, folder, "通报.docx"))
    assert fetch(browser, element(browser, "#download-pdf").get_attribute("href"))[:4] == b"%PDF"


def test_a_broken_workbook_shows_its_problems_with_their_cells(site):
    browser, base, folder = site
    book = openpyxl.load_workbook(EXAMPLES / "circular.xlsx")
    sheet = book["城市"]
    sheet.cell(row=3, column=next(cell.column for cell in sheet[1] if cell.value and "融资" in str(cell.value))).value = "很多"
    broken = folder / "坏的.xlsx"
    book.save(broken)
    browser.get(base + "/generate")
    choose(browser, "#kind", "circular")
    element(browser, "#data").send_keys(str(broken))
    wait_for(browser, visible("#problems tbody tr"))
    rows = [row.text for row in browser.find_elements(*by("#problems tbody tr"))]
    assert any("城市!" in row and "很多" in row for row in rows), rows
    shoot(browser, "生成-数据问题", folder)


def test_batch_runs_with_progress_and_offers_every_document(site):
    browser, base, folder = site
    browser.get(base + "/batch")
    choose(browser, "#kind", "circular")
    element(browser, "#data").send_keys(str(EXAMPLES / "circular_batch.xlsx"))
    wait_for(browser, lambda b: b.find_elements(*by("#each option")))
    choose(browser, "#each", "城市")
    element(browser, "#name").send_keys("{名称}通报.docx")
    element(browser, "#number").send_keys("序号=158")
    element(browser, "#start").click()
    wait_for(browser, visible("#running"))
    wait_for(browser, visible("#result"), seconds=180)
    documents = browser.find_elements(*by("#documents a"))
    assert len(documents) == 14 and documents[0].text.endswith("通报.docx")
    shoot(browser, "批量", folder)
    archive = zipfile.ZipFile(io.BytesIO(fetch(browser, element(browser, "#download-zip").get_attribute("href"))))
    assert len([name for name in archive.namelist() if name.endswith(".docx")]) == 14
    volume = fetch(browser, element(browser, "#download-volume").get_attribute("href"))
    assert not has_errors(checked_docx(volume, folder, "汇编.docx"))


def _two_data(folder: Path) -> tuple[Path, Path]:
    """The circular's data twice, the second with one city's first figure changed."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "circular.yaml").read_text(encoding="utf-8"))
    old, new = folder / "旧数据.yaml", folder / "新数据.yaml"
    old.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    first = data["城市"][0]
    money = next(key for key, value in first.items() if isinstance(value, (int, float)) and not isinstance(value, bool))
    first[money] = first[money] + 7
    new.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return old, new


def _two_drafts(folder: Path) -> tuple[Path, Path]:
    from briefgen.api import render_bytes

    drafts = []
    for data, name in zip(_two_data(folder), ("旧稿.docx", "新稿.docx")):
        drafts.append(folder / name)
        drafts[-1].write_bytes(render_bytes("circular", data))
    return drafts[0], drafts[1]


def test_compare_lists_the_changed_figures_and_gives_a_redline(site):
    browser, base, folder = site
    old, new = _two_drafts(folder)
    browser.get(base + "/compare")
    element(browser, "#old").send_keys(str(old))
    element(browser, "#new").send_keys(str(new))
    element(browser, "#compare").click()
    wait_for(browser, visible("#figures tbody tr"))
    assert browser.find_elements(*by("#figures tbody tr"))
    wait_for(browser, lambda b: element(b, "#report").get_attribute("src").endswith(".html"))
    shoot(browser, "比较", folder)
    redline = fetch(browser, element(browser, "#download-redline").get_attribute("href"))
    with zipfile.ZipFile(io.BytesIO(redline)) as package:
        body = package.read("word/document.xml")
    assert b"<w:ins " in body and b"<w:del " in body


def test_compare_takes_two_data_files_and_a_kind(site):
    browser, base, folder = site
    old, new = _two_data(folder)
    browser.get(base + "/compare")
    choose(browser, "#kind", "circular")
    element(browser, "#old").send_keys(str(old))
    element(browser, "#new").send_keys(str(new))
    element(browser, "#compare").click()
    wait_for(browser, visible("#figures tbody tr"))
    assert browser.find_elements(*by("#figures tbody tr"))


def test_check_shows_the_findings_with_the_offending_text_marked(site):
    browser, base, folder = site
    draft = folder / "草稿.docx"
    from format_corpus import SEEDS, to_plain_docx

    draft.write_bytes(to_plain_docx(next(seed for seed in SEEDS if seed.name == "003")))
    browser.get(base + "/check")
    element(browser, "#document").send_keys(str(draft))
    element(browser, "#check").click()
    wait_for(browser, visible("#findings tbody tr"))
    rules = {row.find_elements(*by("td"))[1].text for row in browser.find_elements(*by("#findings tbody tr"))}
    assert "TEXT-ASCII-PUNCTUATION" in rules and len(rules) >= 3, rules
    assert browser.find_elements(*by("#findings mark"))
    shoot(browser, "检查", folder)


def test_format_shows_the_fixes_the_preview_and_gives_both_documents(site):
    browser, base, folder = site
    browser.get(base + "/format")
    element(browser, "#draft").send_keys(str(EXAMPLES / "草稿_通知.txt"))
    element(browser, "#format").click()
    wait_for(browser, visible("#preview img"))
    fixes = [row.text for row in browser.find_elements(*by("#fixes tbody tr"))]
    assert any("1—9月" in row for row in fixes) and any("〔2024〕" in row for row in fixes)
    shoot(browser, "排版", folder)
    document = fetch(browser, element(browser, "#download-docx").get_attribute("href"))
    assert not has_errors(checked_docx(document, folder, "排版.docx"))
    with zipfile.ZipFile(io.BytesIO(fetch(browser, element(browser, "#download-redline").get_attribute("href")))) as package:
        assert b"<w:ins " in package.read("word/document.xml")
