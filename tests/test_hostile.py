"""Hostile and faulty input (issue 14): every trick of docs/security.md, tried as an attacker
would, through the command line. Each case asserts the exit code (2 for input that cannot be
processed, never 3), that the message names the place, a generous time and memory bound, and
that nothing was written outside the output (inputs untouched, temporary folder empty).

The inputs are built by code (tests/hostile.py), a few KB each. Batch isolation and overwrite
cases live beside the batch (tests/batch/test_isolation.py, test_guard.py), also marked hostile.
"""

from __future__ import annotations

import http.server
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import hostile
import pytest
from conftest import ROOT

pytestmark = pytest.mark.hostile

GB = 1024**3
EXAMPLE = ROOT / "examples" / "circular.yaml"


@dataclass
class Ran:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


class Case:
    """A folder per case: inputs/ (what the attacker sent), out/ (where briefgen may write),
    tmp/ (TMPDIR) and home/ (HOME), so that anything written elsewhere shows."""

    def __init__(self, root: Path):
        self.root = root
        self.inputs, self.out, self.tmp, self.home = (root / name for name in ("inputs", "out", "tmp", "home"))
        for folder in (self.inputs, self.out, self.tmp, self.home):
            folder.mkdir()

    def put(self, name: str, content: bytes | str) -> Path:
        path = self.inputs / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Every file outside out/ with its size and time; briefgen's own cache of compiled
        bundled templates (docs/security.md) is the one place it may write besides."""
        cache = self.home / ".cache" / "briefgen"
        return {str(path.relative_to(self.root)): (path.lstat().st_size, path.lstat().st_mtime_ns)
                for path in sorted(self.root.rglob("*"))
                if not path.is_relative_to(self.out) and not path.is_relative_to(cache) and not path.is_dir()}

    def run(self, *args, env: dict[str, str] | None = None, timeout: float = 120, memory: int = 4 * GB) -> Ran:
        """``briefgen args`` in out/, within ``memory`` of address space, timed and measured."""
        before = self.snapshot()
        environment = {**os.environ, "TMPDIR": str(self.tmp), "HOME": str(self.home), **(env or {})}
        stdout, stderr = self.root / "stdout.txt", self.root / "stderr.txt"
        started = time.monotonic()
        with open(stdout, "wb") as out, open(stderr, "wb") as err:
            process = subprocess.Popen([sys.executable, "-m", "briefgen", *map(str, args)], cwd=self.out, env=environment, stdout=out, stderr=err,
                                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, resource.RLIM_INFINITY)))
            timer = threading.Timer(timeout, lambda: os.kill(process.pid, signal.SIGKILL))
            timer.start()
            _, status, usage = os.wait4(process.pid, 0)
            timer.cancel()
        seconds = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        assert code != -signal.SIGKILL, f"still running after {timeout} s"
        ran = Ran(code, stdout.read_text(encoding="utf-8"), stderr.read_text(encoding="utf-8"), seconds, usage.ru_maxrss / 1024)
        stdout.unlink(), stderr.unlink()
        after = self.snapshot()
        assert after == before, f"written outside the output: {sorted(set(after.items()) ^ set(before.items()))}"
        assert not list(self.tmp.iterdir()), f"left in the temporary folder: {list(self.tmp.iterdir())}"
        return ran


@pytest.fixture
def case(tmp_path) -> Case:
    return Case(tmp_path)


def refused(ran: Ran, *where: str, within: float = 60, peak_mb: float = 1500) -> None:
    """Exit 2 with a located Chinese message, no traceback, within the bounds."""
    assert ran.code == 2, (ran.code, ran.err)
    assert "Traceback" not in ran.err and "内部出错" not in ran.err, ran.err
    for fragment in where:
        assert fragment in ran.err, (fragment, ran.err)
    assert ran.seconds < within, ran.seconds
    assert ran.peak_mb < peak_mb, ran.peak_mb


def nothing_written(case: Case) -> None:
    assert not list(case.out.iterdir()), list(case.out.iterdir())


# -- code execution and file reads through templates -----------------------------------------

def test_code_in_a_template_file_name_does_not_run(case):
    folder = hostile.code_in_a_file_name(case.inputs)
    ran = case.run("render", folder, EXAMPLE, "-o", "a.docx")
    assert ran.code in (0, 2) and "内部出错" not in ran.err, ran.err  # 3.1.6 compiles it harmlessly
    assert not list(case.root.rglob("PWNED"))


def test_str_format_through_attr_is_refused(case):
    folder = hostile.template_folder(case.inputs, hostile.FORMAT_THROUGH_ATTR)
    ran = case.run("render", folder, case.put("d.yaml", "记录: 1\n"), "-o", "a.docx")
    refused(ran, "document.j2:1")
    assert "class" not in ran.err
    nothing_written(case)


@pytest.mark.parametrize("target", ["/etc/passwd", "../secret.txt"])
def test_a_symlink_out_of_the_template_folder_is_not_followed(case, target):
    (case.inputs / "secret.txt").write_text("机密：不得外传", encoding="utf-8")
    folder = hostile.symlink_leak(case.inputs, target)
    ran = case.run("render", folder, case.put("d.yaml", "a: 1\n"), "-o", "a.docx")
    refused(ran, "leak.j2")
    nothing_written(case)


def test_a_main_template_that_is_a_symlink_is_refused(case):
    folder = hostile.template_folder(case.inputs, "")
    (folder / "document.j2").unlink()
    (folder / "document.j2").symlink_to("/etc/hostname")
    refused(case.run("render", folder, case.put("d.yaml", "a: 1\n"), "-o", "a.docx"), "document.j2")
    nothing_written(case)


# -- unbounded work from small inputs -----------------------------------------------------------

@pytest.mark.parametrize(("text", "fragment"), ids=["time", "output", "range", "power", "sequence", "recursion"], argvalues=[
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "秒"),
    ("{% for i in range(100000) %}{% for j in range(1000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}", "万字"),
    ("{% for i in range(10**9) %}{% endfor %}", "document.j2:1"),
    ("{{ 10**100000000 }}", "乘方"),
    ("{{ 'a' * 10**10 }}", "document.j2:1"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "递归"),
])
def test_a_template_that_would_run_for_ever_is_stopped(case, text, fragment):
    folder = hostile.template_folder(case.inputs, text + "\n")
    ran = case.run("render", folder, case.put("d.yaml", "a: 1\n"), "-o", "a.docx", env={"BRIEFGEN_RENDER_SECONDS": "5"})
    refused(ran, fragment, within=45)
    nothing_written(case)


@pytest.mark.parametrize("text", ["{{ 'x'.ljust(10**10) }}", "{{ 'x'|center(10**10) }}", "{{ '%10000000000d' % 1 }}"], ids=["method", "filter", "format"])
def test_one_step_that_asks_for_gigabytes_fails_at_once(case, text):
    folder = hostile.template_folder(case.inputs, text + "\n")
    # No limit from the test: briefgen's own address-space budget (BRIEFGEN_MEMORY_MB) acts.
    ran = case.run("render", folder, case.put("d.yaml", "a: 1\n"), "-o", "a.docx", memory=resource.RLIM_INFINITY)
    refused(ran, "document.j2:1", "内存", within=30)
    nothing_written(case)


def test_the_template_cannot_change_the_data(case):
    folder = hostile.template_folder(case.inputs, "{{ 城市.pop() }}{{ 城市 | length }}\n")
    ran = case.run("render", folder, case.put("d.yaml", "城市: [长沙市, 株洲市]\n"), "-o", "a.docx")
    refused(ran, "document.j2:1", "修改数据")
    nothing_written(case)


@pytest.mark.parametrize(("manifest", "fragment"), [
    ("layout:\n  blank_lines_before_signature_sealed: 50000000\n", "blank_lines_before_signature_sealed"),
    ("layout:\n  page_widht: 210\n", "page_widht"),
    ("fonts:\n  body: \"仿宋\\u0007GB2312\"\n", "fonts"),
    ("fonts:\n  bold_face: 黑体\n", "bold_face"),
    ("options:\n  - 是\n", "options"),
])
def test_template_yaml_values_are_checked_before_use(case, manifest, fragment):
    folder = hostile.template_folder(case.inputs, "正文\n", manifest)
    ran = case.run("render", folder, case.put("d.yaml", "a: 1\n"), "-o", "a.docx")
    refused(ran, "template.yaml", fragment)
    nothing_written(case)


def test_a_yaml_alias_bomb_is_refused_at_once(case):
    ran = case.run("render", "circular", case.put("bomb.yaml", hostile.YAML_ALIAS_BOMB), "-o", "a.docx", memory=2 * GB)
    refused(ran, "bomb.yaml", within=20, peak_mb=400)
    nothing_written(case)


@pytest.mark.parametrize(("name", "text"), [("deep.yaml", hostile.nested_yaml(100_000)), ("deep.json", hostile.nested_json(100_000))], ids=["yaml", "json"])
def test_deeply_nested_data_is_refused(case, name, text):
    ran = case.run("render", "circular", case.put(name, text), "-o", "a.docx")
    refused(ran, name, within=20, peak_mb=600)
    nothing_written(case)


def test_a_workbook_zip_bomb_is_refused_before_unpacking(case):
    ran = case.run("render", "circular", case.put("bomb.xlsx", hostile.workbook_bomb()), "-o", "a.docx", memory=2 * GB)
    refused(ran, "bomb.xlsx", "xl/worksheets/sheet1.xml", within=20, peak_mb=400)
    nothing_written(case)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_data_is_refused(case, device):
    ran = case.run("render", "circular", device, "-o", "a.docx", memory=2 * GB)
    refused(ran, device, within=20, peak_mb=300)
    nothing_written(case)


def test_a_fifo_as_data_is_refused_without_waiting(case):
    fifo = case.inputs / "pipe.yaml"
    os.mkfifo(fifo)
    refused(case.run("render", "circular", fifo, "-o", "a.docx", timeout=30), "pipe.yaml", within=20)
    nothing_written(case)


def test_a_million_character_record_name_is_cut_at_once(case):
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["城市"] = data["城市"][:2]
    data["城市"][0]["名称"] = "长" * 1_000_000
    ran = case.run("batch", "circular", case.put("d.yaml", yaml.safe_dump(data, allow_unicode=True)), "-o", "docs", "--each", "城市", "--name", "{名称}.docx")
    assert ran.code in (0, 1), ran.err
    assert ran.seconds < 60
    names = [path.name for path in (case.out / "docs").glob("*.docx")]
    assert names and all(len(name.encode("utf-8")) <= 255 for name in names)


def test_a_check_built_to_keep_it_busy_is_bounded(case):
    chain = case.put("chain.docx", hostile.style_chain_docx())
    labels = case.put("labels.docx", hostile.headings_and_labels_docx())
    ran = case.run("check", chain, labels, timeout=240)
    assert ran.code == 2 and "chain.docx" in ran.err and "超过 40 层" in ran.err, ran.err
    assert "labels.docx" in ran.out  # its report is printed, whatever the other file does
    assert ran.seconds < 150 and ran.peak_mb < 1500, (ran.seconds, ran.peak_mb)


def test_check_time_has_a_budget(case):
    labels = case.put("labels.docx", hostile.headings_and_labels_docx())
    ran = case.run("check", labels, env={"BRIEFGEN_CHECK_SECONDS": "0.5"})
    refused(ran, "labels.docx", "BRIEFGEN_CHECK_SECONDS")


def test_diff_of_one_long_paragraph_is_linear(case):
    old, new = hostile.long_paragraph_pair()
    ran = case.run("diff", case.put("old.docx", old), case.put("new.docx", new), "-o", "red.docx")
    assert ran.code == 0, ran.err
    assert ran.seconds < 30, ran.seconds
    assert (case.out / "red.docx").is_file()


# -- no network ---------------------------------------------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(hostile.PNG_1PX)

    do_HEAD = do_PROPFIND = do_OPTIONS = do_GET

    def log_message(self, *_args):
        pass


@pytest.fixture
def listener():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_check_render_never_fetches_what_a_document_links(case, listener):
    linking = case.put("linking.docx", hostile.linking_docx(listener))
    ran = case.run("check", "--render", "--json", linking, timeout=300, memory=16 * GB)
    assert ran.code in (0, 1), ran.err
    assert json.loads(ran.out)[0]["rendered"] is True
    assert _Recorder.requests == []
    # The control: LibreOffice given the file as it is fetches the linked picture.
    profile = case.root / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(case.root / "control"), str(linking)],
                   capture_output=True, timeout=180, env={**os.environ, "HOME": str(case.home)})
    assert _Recorder.requests, "the control conversion requested nothing: the test would prove nothing"


# -- crashes that looked like results ---------------------------------------------------------------

@pytest.mark.parametrize(("build", "fragment"), [
    (lambda d: hostile.with_member_flag(d, "word/document.xml", encrypted=True), "加密"),
    (lambda d: hostile.with_member_flag(d, "word/document.xml", method=9), "压缩方式"),
    (lambda d: hostile.with_corrupt_member(d, "word/document.xml"), "损坏"),
])
def test_broken_members_are_named(case, build, fragment):
    ran = case.run("check", case.put("bad.docx", build(hostile.good_docx())))
    refused(ran, "bad.docx", "word/document.xml", fragment)


def test_odd_font_sizes_do_not_crash_the_check(case):
    ran = case.run("check", case.put("sizes.docx", hostile.with_font_sizes(("²", "1e400", "-7", "NaN"))))
    assert ran.code in (0, 1), ran.err
    assert "内部出错" not in ran.err


def test_one_unreadable_file_does_not_lose_the_others_reports(case):
    good = case.put("good.docx", hostile.good_docx())
    bad = case.put("bad.docx", b"PK\x03\x04 not really a zip")
    other = case.put("other.docx", hostile.good_docx())
    ran = case.run("check", good, bad, other)
    assert ran.code == 2, ran.err
    assert "bad.docx" in ran.err
    assert ran.out.count("good.docx") >= 1 and ran.out.count("other.docx") >= 1


def test_a_full_disk_is_an_input_problem_not_a_crash(case):
    """/dev/full as the output's folder cannot be had; a file system that refuses the write can:
    the folder exists but is a file's name."""
    (case.out / "occupied").write_bytes(b"")
    ran = case.run("render", "circular", EXAMPLE, "-o", "occupied/a.docx")
    assert ran.code == 2 and "occupied" in ran.err and "内部出错" not in ran.err, ran.err


def test_a_read_only_output_folder_is_a_located_message(case):
    ran = case.run("render", "circular", EXAMPLE, "-o", "/proc/a.docx")
    assert ran.code == 2 and "/proc/a.docx" in ran.err and "内部出错" not in ran.err, ran.err


# -- input that is not what it says ---------------------------------------------------------------

def test_a_csv_in_two_encodings_is_refused_at_the_first_odd_line(case):
    ran = case.run("render", "circular", case.put("mixed.csv", hostile.mixed_encoding_csv()), "-o", "a.docx")
    refused(ran, "mixed.csv:3", "UTF-8")
    nothing_written(case)
