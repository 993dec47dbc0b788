"""One bad record never sinks the batch: an exception of any kind, a worker killed under it, a
closed stdout; the workers end with the main process, even when it is killed."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml
from conftest import ROOT

from briefgen.batch import jobs as batch_jobs
from briefgen.batch.plan import BatchOptions
from briefgen.batch.run import run_batch

pytestmark = pytest.mark.hostile  # part of the hostile-input suite (docs/security.md)


def cities(tmp_path, count: int):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    base = data["城市"]
    data["城市"] = [{**base[i % len(base)], "名称": f"示例市{i:03d}"} for i in range(count)]
    path = tmp_path / "cities.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def errors(out) -> dict[str, str]:
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        return {row["记录"]: row["原因"] for row in csv.DictReader(stream)}


def fail_on(monkeypatch, city: str, failure) -> None:
    """Make rendering ``city`` fail with ``failure()`` (forked workers inherit the patch)."""
    render = batch_jobs.render_job

    def failing(job):
        if job.key == city:
            failure()
        return render(job)

    monkeypatch.setattr(batch_jobs, "render_job", failing)


def recursion():
    raise RecursionError("maximum recursion depth exceeded")


def out_of_memory():
    raise MemoryError


def a_bug():
    raise AttributeError("'NoneType' object has no attribute 'x'")


def killed():
    os.kill(os.getpid(), signal.SIGKILL)


RAISED = [(recursion, "嵌套层数"), (out_of_memory, "内存"), (a_bug, "内部出错")]
# With one worker the batch runs in this process: a killed worker needs a pool.
CASES = [(*case, workers) for case in RAISED for workers in (1, 2)] + [(killed, "工作进程意外终止", 2)]


@pytest.mark.parametrize(("failure", "reason", "workers"), CASES)
def test_one_record_fails_alone_whatever_breaks(tmp_path, monkeypatch, failure, reason, workers):
    fail_on(monkeypatch, "示例市004", failure)
    out = tmp_path / "out"
    result = run_batch("circular", [cities(tmp_path, 12)], BatchOptions(each="城市", out_dir=out, workers=workers))
    assert [failure.key for failure in result.failures] == ["示例市004"]
    assert reason in errors(out)["示例市004"]
    made = sorted(path.name for path in out.glob("*.docx"))
    assert len(made) == 11 and not any("004" in name for name in made)


def test_killing_the_main_process_ends_its_workers(tmp_path):
    data = cities(tmp_path, 400)
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(data), "-o", str(tmp_path / "o"), "--each", "城市", "--workers", "2"]
    main = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children(main.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool did not start"
    main.send_signal(signal.SIGKILL)  # no chance to clean up: Linux ends the workers
    main.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as stream:
            return [int(child) for child in stream.read().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_a_closed_stdout_does_not_stop_the_batch(tmp_path):
    out = tmp_path / "o"
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(ROOT / "examples" / "circular.yaml"), "-o", str(out), "--each", "城市"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    process.stdout.close()  # `| head -1` that has read its line
    assert process.wait(timeout=300) == 0
    assert len(list(out.glob("*.docx"))) == 14 and (out / "manifest.csv").is_file()


def test_closed_standard_descriptors_are_not_reused_for_documents(tmp_path):
    out = tmp_path / "o"
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(ROOT / "examples" / "circular.yaml"), "-o", str(out), "--each", "城市"]
    process = subprocess.run(" ".join(f"'{part}'" for part in command) + " >&- 2>&-", shell=True, timeout=300)
    assert process.returncode == 0
    for path in out.glob("*.docx"):
        assert path.read_bytes().startswith(b"PK")


def test_sigterm_stops_the_batch_in_order(tmp_path):
    data = cities(tmp_path, 400)
    out = tmp_path / "o"
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(data), "-o", str(out), "--each", "城市", "--workers", "2"]
    main = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 10:
        time.sleep(0.02)
    workers = children(main.pid)
    main.send_signal(signal.SIGTERM)  # a service manager stopping it
    _, stderr = main.communicate(timeout=60)
    assert main.returncode == 130 and "--resume" in stderr
    assert not any(alive(pid) for pid in workers)
    assert not list(out.glob(".*.part"))
    finished = {path.name for path in out.glob("*.docx")}
    assert 10 <= len(finished) < 400
    resumed = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0 and len(list(out.glob("*.docx"))) == 400
