"""Batch production on a Dask cluster (--executor dask): a local cluster on loopback stands in
for other machines; the documents must equal the local executor's."""

import csv
import io
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import distributed  # in the test extra: CI always has it, so nothing here is skipped
import openpyxl
import pytest
from conftest import ROOT

from briefgen.api import style_for
from briefgen.batch.dask import _prepare, _render_chunk
from briefgen.batch.jobs import Work, run_job, start_worker
from briefgen.batch.plan import BatchOptions, plan
from briefgen.template.catalog import find_template

WORKBOOK = ROOT / "examples" / "circular_batch.xlsx"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def briefgen(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True, timeout=timeout)


def batch(out, *extra, data=WORKBOOK):
    return briefgen("batch", "circular", data, "-o", out, "--each", "城市", "--name", "{名称}通报.docx", *extra)


def on_dask(cluster, out, data=WORKBOOK):
    return batch(out, "--executor", "dask", "--scheduler", cluster.scheduler_address, data=data)


def manifest(out):
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def document_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read("word/document.xml")


def test_the_cluster_makes_the_documents_the_local_executor_makes(cluster, tmp_path):
    result = on_dask(cluster, tmp_path / "dask")
    assert result.returncode == 0, result.stderr
    local = batch(tmp_path / "local", "--executor", "local")
    assert local.returncode == 0, local.stderr
    made = sorted(path.name for path in (tmp_path / "dask").glob("*.docx"))
    assert len(made) == 14 and made == sorted(path.name for path in (tmp_path / "local").glob("*.docx"))
    rows = manifest(tmp_path / "dask")
    assert len(rows) == 14 and {row["状态"] for row in rows} == {"已生成"}
    assert {row["文件"] for row in rows} == set(made)
    for name in made:
        assert document_xml((tmp_path / "dask" / name).read_bytes()) == document_xml((tmp_path / "local" / name).read_bytes()), name
    # The same content hashes: --resume works across executors.
    assert {row["文件"]: row["内容哈希"] for row in rows} == {row["文件"]: row["内容哈希"] for row in manifest(tmp_path / "local")}


def test_a_bad_record_is_skipped_and_listed(cluster, tmp_path):
    book = openpyxl.load_workbook(WORKBOOK)
    cities = book["城市"]
    header = [cell.value for cell in cities[1]]
    cities.cell(row=3, column=header.index("帮扶企业数（家）") + 1, value="十二")  # 株洲市
    bad = tmp_path / "一行有误.xlsx"
    book.save(bad)
    out = tmp_path / "o"
    result = on_dask(cluster, out, data=bad)
    assert result.returncode == 1, result.stderr
    assert len(list(out.glob("*.docx"))) == 13 and not (out / "株洲市通报.docx").exists()
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        errors = list(csv.DictReader(stream))
    assert [error["记录"] for error in errors] == ["株洲市"]


def test_an_unreachable_scheduler_is_named_in_chinese(tmp_path):
    result = batch(tmp_path / "o", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1")
    assert result.returncode == 2
    assert "无法连接 Dask 调度器「tcp://127.0.0.1:1」" in result.stderr
    assert "Traceback" not in result.stderr and not list((tmp_path / "o").glob("*.docx"))


def test_without_distributed_installed_the_message_says_what_to_install(tmp_path):
    args = ["batch", "circular", str(WORKBOOK), "-o", str(tmp_path / "o"), "--each", "城市", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    code = f"import sys; sys.modules['distributed'] = None; from briefgen.cli import main; main({args!r})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "pip install 'briefgen[dask]'" in result.stderr and "Traceback" not in result.stderr


def test_a_worker_without_the_template_folder_renders_from_the_shipped_files(cluster, tmp_path):
    info = find_template("circular")
    style = style_for(info)
    shared, jobs, _ = plan(info, [WORKBOOK], BatchOptions(each="城市", out_dir=tmp_path))
    work = Work(info, style, shared)
    prepared = _prepare(work)
    elsewhere = Path("/nonexistent/briefgen-client")  # the client's paths, absent on the worker
    moved = replace(info, folder=elsewhere / "circular", schema=elsewhere / info.schema.name)
    with distributed.Client(cluster, set_as_default=False) as client:
        remote = client.submit(_render_chunk, replace(prepared, work=replace(work, info=moved)), jobs[:3]).result()
    start_worker(work)
    for job, (index, digest, content, error) in zip(jobs, remote):
        assert error is None and index == job.index
        _, local_digest, local_content, _ = run_job(job)
        assert digest == local_digest  # the same template fingerprint from the copy
        assert document_xml(content) == document_xml(local_content)


def test_workers_without_briefgen_are_named_before_anything_is_sent(tmp_path):
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as bare:
        blocked = (
            "import sys; sys.modules['briefgen'] = None\n"  # as on a machine without briefgen
            "from distributed.cli.dask_worker import main\n"
            f"sys.argv = ['dask-worker', {bare.scheduler_address!r}, '--nthreads', '1', '--no-nanny', '--no-dashboard']\n"
            "main()\n"
        )
        worker = subprocess.Popen([sys.executable, "-c", blocked], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with distributed.Client(bare, set_as_default=False) as client:
                client.wait_for_workers(1, timeout=60)
            result = batch(tmp_path / "o", "--executor", "dask", "--scheduler", bare.scheduler_address)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert result.returncode == 2
    assert "没有安装 briefgen" in result.stderr and "（未安装）" in result.stderr and "Traceback" not in result.stderr
    assert not list((tmp_path / "o").glob("*.docx"))
