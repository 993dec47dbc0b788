"""Batch production: one circular per city, failure isolation, nothing lost, resume, manifest, volume."""

import csv
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import docx
import openpyxl
import pytest
import yaml
from conftest import ROOT

from briefgen.check.rules import check_docx
from briefgen.files import safe_filename

WORKBOOK = ROOT / "examples" / "circular_batch.xlsx"
CITIES = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市", "益阳市", "郴州市", "永州市", "怀化市", "娄底市", "湘西自治州"]


def briefgen(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, timeout=600, **kwargs)


def batch(out, *extra, data=WORKBOOK):
    return briefgen("batch", "circular", data, "-o", out, "--each", "城市", "--name", "{名称}通报.docx", *extra)


def manifest(out):
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def texts(path):
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


@pytest.fixture(scope="module")
def fourteen(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "通报"
    result = batch(out, "--number", "序号=158", "--combined", out.parent / "汇编.docx")
    assert result.returncode == 0, result.stderr
    return out, result


def test_the_example_workbook_gives_fourteen_circulars(fourteen):
    out, result = fourteen
    files = sorted(p.name for p in out.glob("*.docx"))
    assert files == sorted(f"{city}通报.docx" for city in CITIES)
    assert "已生成 14" in result.stdout


def test_each_circular_carries_its_own_city_and_number(fourteen):
    out, _ = fourteen
    numbers = []
    for city in CITIES:
        text = texts(out / f"{city}通报.docx")
        assert f"{city}工作情况的通报" in text and f"{city}工业和信息化局：" in text
        others = [other for other in CITIES if other != city and other not in city and city not in other]
        assert not any(f"{other}工业和信息化局" in text for other in others)
        numbers.append(int(re.search(r"湘工信〔2024〕(\d+)号", text).group(1)))
    assert numbers == list(range(158, 172))


def test_the_city_figures_are_the_citys(fourteen):
    out, _ = fourteen
    text = texts(out / "长沙市通报.docx")
    assert "你市共帮扶重点工业企业186家" in text and "帮助企业获得融资56.3亿元" in text
    text = texts(out / "郴州市通报.docx")
    assert "规模以上工业产值同比下降2.1%" in text and "全力稳住工业增长" in text


@pytest.mark.parametrize("city", CITIES)
def test_each_circular_passes_the_check(fourteen, city):
    out, _ = fourteen
    assert check_docx(out / f"{city}通报.docx") == []


def test_manifest_and_combined_volume(fourteen):
    out, _ = fourteen
    rows = manifest(out)
    assert [row["记录"] for row in rows] == CITIES
    assert all(row["状态"] == "已生成" and len(row["内容哈希"]) == 64 for row in rows)
    import hashlib

    for row in rows:
        assert row["文件SHA256"] == hashlib.sha256((out / row["文件"]).read_bytes()).hexdigest()
    volume = docx.Document(out.parent / "汇编.docx")
    assert len(volume.sections) == 14
    starts = volume.element.xpath("//w:sectPr/w:pgNumType/@w:start")
    assert starts == ["1"] * 14  # page numbers per document


def test_continuous_page_numbers_in_the_volume(tmp_path):
    out = tmp_path / "o"
    assert batch(out, "--combined", tmp_path / "v.docx", "--page-numbers", "continuous").returncode == 0
    volume = docx.Document(tmp_path / "v.docx")
    assert len(volume.sections) == 14 and not volume.element.xpath("//w:sectPr/w:pgNumType")


def two_bad_rows(tmp_path):
    book = openpyxl.load_workbook(WORKBOOK)
    cities = book["城市"]
    header = [c.value for c in cities[1]]
    cities.cell(row=3, column=header.index("帮扶企业数（家）") + 1, value="十二")  # 株洲市
    cities.cell(row=6, column=header.index("收集问题数（个）") + 1, value=-40)  # 邵阳市
    path = tmp_path / "两行有误.xlsx"
    book.save(path)
    return path


def test_two_bad_rows_give_twelve_documents_and_an_error_list(tmp_path):
    out = tmp_path / "o"
    result = batch(out, data=two_bad_rows(tmp_path))
    assert result.returncode == 1
    assert len(list(out.glob("*.docx"))) == 12
    assert not (out / "株洲市通报.docx").exists() and not (out / "邵阳市通报.docx").exists()
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        errors = list(csv.DictReader(stream))
    assert {(e["记录"], e["字段"]) for e in errors} == {("株洲市", "帮扶企业数"), ("邵阳市", "收集问题数")}
    assert {e["位置"].split()[-1] for e in errors} == {"城市!B3", "城市!C6"}
    assert "失败 2" in result.stdout and "株洲市" in result.stderr


def test_strict_writes_nothing_when_a_row_is_bad(tmp_path):
    out = tmp_path / "o"
    result = batch(out, "--strict", data=two_bad_rows(tmp_path))
    assert result.returncode == 1 and "--strict" in result.stderr
    assert not list(out.glob("*")) if out.exists() else True


def test_existing_files_are_not_overwritten_without_force(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "长沙市通报.docx").write_bytes(b"the secretary's own edit")
    result = batch(out)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (out / "长沙市通报.docx").read_bytes() == b"the secretary's own edit"
    assert len(list(out.glob("*.docx"))) == 1
    assert batch(out, "--force").returncode == 0
    assert (out / "长沙市通报.docx").read_bytes()[:2] == b"PK"


def test_name_collisions_stop_before_anything_is_written(tmp_path):
    out = tmp_path / "o"
    result = briefgen("batch", "circular", WORKBOOK, "-o", out, "--each", "城市", "--name", "通报.docx")
    assert result.returncode == 2 and "文件名都是" in result.stderr
    assert not list(out.glob("*.docx"))


@pytest.mark.parametrize(
    "name, safe",
    [("长沙市/株洲市", "长沙市_株洲市.docx"), ("..\\..\\etc", "____etc.docx"), ("CON", "_CON.docx"), ("a:b*c?", "a_b_c_.docx"), ("x" * 300, None)],
)
def test_file_names_from_data_are_safe(name, safe):
    made = safe_filename(name)
    if safe:
        assert made == safe
    assert len(made.encode("utf-8")) <= 200 and "/" not in made and "\\" not in made and made.endswith(".docx")


def test_zip_and_json_manifest(tmp_path):
    out = tmp_path / "o"
    assert batch(out, "--zip", "--json").returncode == 0
    with zipfile.ZipFile(tmp_path / "o.zip") as archive:
        names = set(archive.namelist())
    assert f"{CITIES[0]}通报.docx" in names and "manifest.csv" in names and len(names) == 15
    import json

    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))) == 14


def many_cities(tmp_path, count):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    base = data["城市"]
    data["城市"] = [{**base[i % len(base)], "名称": f"示例市{i:04d}"} for i in range(count)]
    path = tmp_path / "many.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_killed_run_leaves_only_complete_files_and_resume_finishes_it(tmp_path):
    data = many_cities(tmp_path, 300)
    out = tmp_path / "o"
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(data), "-o", str(out), "--each", "城市", "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 20:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, as a kill would
    process.wait()
    written = list(out.glob("*.docx"))
    assert 20 <= len(written) < 300, len(written)
    for path in written:  # only complete documents
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
        assert docx.Document(path).paragraphs
    before = {path.name: path.stat().st_mtime_ns for path in written}

    resumed = briefgen("batch", "circular", data, "-o", out, "--each", "城市", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert len(list(out.glob("*.docx"))) == 300 and not list(out.glob(".*.part"))
    rows = manifest(out)
    assert len(rows) == 300
    unchanged = [row["文件"] for row in rows if row["状态"] == "未变"]
    assert len(unchanged) >= len(before) - 2  # at most the files in flight at the kill are redone
    assert all(before[name] == (out / name).stat().st_mtime_ns for name in unchanged)


def test_resume_rewrites_only_documents_whose_content_changed(tmp_path):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "o"
    assert batch(out, data=path).returncode == 0
    # Another 做法 for 长沙市: only 长沙市's circular says it.
    data["城市"][0]["做法"].append({"举措": "问题办理", "内容": "开通企业诉求直通车"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = batch(out, "--resume", data=path)
    assert result.returncode == 0 and "已生成 1，未变 13" in result.stdout
    assert "开通企业诉求直通车" in texts(out / "长沙市通报.docx")
    # A province-wide figure changes every circular.
    data["全省产值增速"] = 6.5
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "已生成 14，未变 0" in batch(out, "--resume", data=path).stdout


def test_progress_lines_when_not_on_a_terminal(tmp_path):
    result = batch(tmp_path / "o")
    assert re.search(r"已完成 14/14（100%），每秒 [\d.]+ 份", result.stderr)


def test_unknown_table(tmp_path):
    result = briefgen("batch", "circular", WORKBOOK, "-o", tmp_path / "o", "--each", "区县")
    assert result.returncode == 2 and "没有名为「区县」的表格" in result.stderr


def test_pdfs_for_the_batch(tmp_path):
    import shutil

    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "o"
    result = batch(out, "--pdf")
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 14 and all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
    assert "PDF：14 份" in result.stdout


def test_the_pool_gets_indices_a_bounded_number_at_a_time(tmp_path, monkeypatch):
    """Memory flat in the number of documents: tasks carry a job's index, not its record (the
    workers received the jobs when they started), and only a few per worker wait at any time."""
    from concurrent.futures import ProcessPoolExecutor

    from briefgen.batch import pool as batch_module
    from briefgen.batch.plan import BatchOptions
    from briefgen.batch.pool import JOBS_IN_FLIGHT_PER_WORKER
    from briefgen.batch.run import run_batch

    seen = {"arguments": [], "outstanding": 0, "most": 0}

    class CountingPool(ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            seen["arguments"].append(args)
            seen["outstanding"] += 1
            seen["most"] = max(seen["most"], seen["outstanding"])
            future = super().submit(fn, *args, **kwargs)
            future.add_done_callback(lambda _: seen.__setitem__("outstanding", seen["outstanding"] - 1))
            return future

    monkeypatch.setattr(batch_module, "ProcessPoolExecutor", CountingPool)
    count = 120
    result = run_batch("circular", [many_cities(tmp_path, count)], BatchOptions(each="城市", out_dir=tmp_path / "out", workers=2))
    assert len(list((tmp_path / "out").glob("*.docx"))) == count
    assert not result.failures
    assert len(seen["arguments"]) == count
    assert all(len(args) == 1 and isinstance(args[0], int) for args in seen["arguments"])
    assert seen["most"] <= 2 * JOBS_IN_FLIGHT_PER_WORKER
