"""Batch-production benchmarks: briefgen against its peers, written to bench/RESULTS.md.

    pip install -e '.[bench]'
    python bench/run.py            # the full run (about 15-20 minutes on 2 cores)
    python bench/run.py --quick    # smoke check: 50 documents, 2 repetitions (under a minute)

What is measured (see bench/README.md):

1. Batch of 1,000 circulars: ``python -m briefgen batch circular DATA -o OUT --each 城市
   --name "{名称}.docx"`` (default workers = cores) against the stock docxtpl loop
   (bench/peer_docxtpl.py), each its own process, wall time from start to exit.
   Target: briefgen >= 5x docxtpl's documents per second.
2. Peak memory (RSS of the whole process tree, sampled every 50 ms) of briefgen batch for
   100, 1,000 and 5,000 documents, and of the docxtpl loop for comparison.
   Target: flat -- memory does not grow with the number of documents beyond what the bigger
   data itself takes.
3. Combined volume of 1,000 documents: ``briefgen.docx.write.combine_docx`` against docxcompose's
   ``Composer.append`` on the same files.

The script installs nothing and never changes briefgen; every figure is the median of several
runs with its spread (min-max), next to its peer measured in the same run, with the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import data as synthetic
import peer_docxtpl
from common import Stat, cpu_model, version

PY = sys.executable
BATCH_TARGET = 5.0  # briefgen >= 5x docxtpl's documents per second
COMBINE_LIMIT_S = 120.0  # a docxcompose run longer than this: measure at COMBINE_FALLBACK documents
COMBINE_FALLBACK = 200
PEER_5000_LIMIT_S = 300.0  # the docxtpl loop at the largest size only if predicted under 5 min
SAMPLE_EVERY_S = 0.05


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_s: float = 0.0  # user + system CPU time of the process and all its descendants
    peak_tree_mb: float = 0.0  # RSS summed over the process and all its descendants, at its peak
    peak_tree_pss_mb: float = 0.0  # PSS summed likewise: shared pages split between the processes sharing them
    peak_main_mb: float = 0.0  # RSS of the process itself, at its peak
    peak_main_uss_mb: float = 0.0  # private memory (USS) of the process itself, at its peak
    peak_worker_uss_mb: float = 0.0  # the largest private memory (USS) of one descendant, at its peak
    early_tree_pss_mb: float = 0.0  # peak tree PSS until the first 10 % of the documents were written
    late_tree_pss_mb: float = 0.0  # peak tree PSS from then on
    early_main_uss_mb: float = 0.0  # the main process's private memory likewise, until 10 % / from then on
    late_main_uss_mb: float = 0.0
    early_worker_uss_mb: float = 0.0  # the largest private memory of one descendant likewise
    late_worker_uss_mb: float = 0.0
    peak_processes: int = 0


class TreeSampler(threading.Thread):
    """Every 50 ms: RSS, PSS and USS of a process and its descendants (psutil), and every
    ~100 ms the number of .docx files written so far, so that memory can be seen against the
    number of documents made within one run."""

    def __init__(self, pid: int, out: Path | None, total: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.out, self.early_until = out, max(1, total // 10)
        self.stop = threading.Event()
        self.documents = 0
        self.peak_tree = self.peak_pss = self.peak_main = self.peak_main_uss = self.peak_worker_uss = 0
        self.early_pss = self.late_pss = 0
        self.phase_uss = {"early": [0, 0], "late": [0, 0]}  # phase → [main USS, largest worker USS]
        self.peak_processes = 0
        self.ticks = 0

    def count(self) -> None:
        if self.out is not None and self.ticks % 2 == 0:
            try:
                self.documents = sum(1 for entry in os.scandir(self.out) if entry.name.endswith(".docx"))
            except OSError:
                pass
        self.ticks += 1

    def sample(self) -> None:
        try:
            processes = [self.root] + self.root.children(recursive=True)
        except psutil.Error:
            return
        rss = pss = main_uss = worker_uss = 0
        for process in processes:
            try:
                info = process.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += info.pss
            if process.pid == self.root.pid:
                self.peak_main = max(self.peak_main, info.rss)
                main_uss = info.uss
            else:
                worker_uss = max(worker_uss, info.uss)
        self.peak_main_uss = max(self.peak_main_uss, main_uss)
        self.peak_worker_uss = max(self.peak_worker_uss, worker_uss)
        self.count()
        phase = self.phase_uss["early" if self.documents <= self.early_until else "late"]
        phase[0], phase[1] = max(phase[0], main_uss), max(phase[1], worker_uss)
        self.peak_tree, self.peak_pss = max(self.peak_tree, rss), max(self.peak_pss, pss)
        if self.documents <= self.early_until:
            self.early_pss = max(self.early_pss, pss)
        else:
            self.late_pss = max(self.late_pss, pss)
        self.peak_processes = max(self.peak_processes, len(processes))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_EVERY_S)


def run_process(command: list[str], memory: bool = False, out: Path | None = None, total: int = 0) -> Run:
    """Wall time of one process, from start to exit; with ``memory``, its tree's memory (and,
    given the output folder and the number of documents, memory early and late in the run)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = None
    if memory:
        sampler = TreeSampler(process.pid, out, total)
        sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    if sampler is not None:
        sampler.stop.set()
        sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n{err.decode(errors='replace')[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes the workers, reaped by the process before it exits
    run = Run(seconds, cpu_s=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
    if sampler is not None:
        mb = 2**20
        run.peak_tree_mb, run.peak_tree_pss_mb, run.peak_main_mb = sampler.peak_tree / mb, sampler.peak_pss / mb, sampler.peak_main / mb
        run.peak_worker_uss_mb, run.peak_main_uss_mb = sampler.peak_worker_uss / mb, sampler.peak_main_uss / mb
        run.early_tree_pss_mb = sampler.early_pss / mb
        # a run too short for a sample after its first 10 % of documents: no growth seen
        run.late_tree_pss_mb = (sampler.late_pss or sampler.early_pss) / mb
        early, late = sampler.phase_uss["early"], sampler.phase_uss["late"]
        run.early_main_uss_mb, run.early_worker_uss_mb = early[0] / mb, early[1] / mb
        run.late_main_uss_mb, run.late_worker_uss_mb = (late[0] or early[0]) / mb, (late[1] or early[1]) / mb
        run.peak_processes = sampler.peak_processes
    return run


def briefgen_command(data: Path, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "briefgen", "batch", "circular", str(data), "-o", str(out), "--each", "城市", "--name", "{名称}.docx", *extra]


def peer_command(data: Path, template: Path, out: Path) -> list[str]:
    return [PY, str(BENCH / "peer_docxtpl.py"), str(data), str(template), str(out)]


def count_docx(folder: Path) -> int:
    return sum(1 for _ in folder.glob("*.docx"))


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def say(text: str) -> None:
    print(text, flush=True)


# -- the machine -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    memory = psutil.virtual_memory()
    return {
        "CPU": cpu_model(),
        "Cores": f"{os.cpu_count()} logical, {psutil.cpu_count(logical=False)} physical (as reported)",
        "Memory": f"{memory.total / 2**30:.1f} GiB total, {memory.available / 2**30:.1f} GiB available at start",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Load average at start": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }


MEASURED = ["briefgen", "templates"]  # what the figures depend on; commits elsewhere (bench/, docs/) do not matter


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def git_state() -> tuple[str, str]:
    """(what to print: the commit and any uncommitted changes to briefgen/ or templates/, a key that
    changes whenever the content of briefgen/ or templates/ changes)."""
    try:
        head = _git("log", "-1", "--format=%h %s").strip()
        trees = _git("rev-parse", *(f"HEAD:{folder}" for folder in MEASURED))
        changes = _git("diff", "HEAD", "--", *MEASURED)
        untracked = _git("ls-files", "--others", "--exclude-standard", "--", *MEASURED).split()
        changed = [line[3:] for line in _git("status", "--porcelain", "--", *MEASURED).splitlines() if line.strip()]
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout", ""
    stamps = [f"{name}:{(ROOT / name).stat().st_mtime_ns}" for name in untracked if (ROOT / name).exists()]
    key = hashlib.sha256("\n".join([trees, changes, *stamps]).encode()).hexdigest()
    shown = f"git `{head[:80]}`" + (f", with uncommitted changes in {len(changed)} file(s): {', '.join(changed[:8])}" if changed else "")
    return shown, key


VERSIONS = ["briefgen", "python-docx", "lxml", "jinja2", "docxtpl", "docxcompose", "openpyxl", "psutil"]


# -- 1. the batch ------------------------------------------------------------------------------


def bench_batch(n: int, reps: int, data: Path, template: Path, work: Path) -> dict:
    say(f"[1] batch of {n}: {reps} repetitions of each, interleaved")
    ours, peer, ours_cpu, peer_cpu = Stat(), Stat(), Stat(), Stat()
    keep_b, keep_p = work / "equiv-briefgen", work / "equiv-docxtpl"
    for rep in range(reps):
        order = ("briefgen", "docxtpl") if rep % 2 == 0 else ("docxtpl", "briefgen")  # ABBA: drift hits both
        for side in order:
            out = fresh(work / f"batch-{side}")
            command = briefgen_command(data, out) if side == "briefgen" else peer_command(data, template, out)
            run = run_process(command)
            made = count_docx(out)
            if made != n:
                raise RuntimeError(f"{side} made {made} documents, {n} expected")
            (ours if side == "briefgen" else peer).values.append(run.seconds)
            (ours_cpu if side == "briefgen" else peer_cpu).values.append(run.cpu_s)
            say(f"    rep {rep + 1} {side:9s} {run.seconds:7.2f} s  {n / run.seconds:7.1f} docs/s  CPU {run.cpu_s:6.2f} s  "
                "load {:.2f}".format(os.getloadavg()[0]))
            if rep == 0:
                fresh(keep_b if side == "briefgen" else keep_p)
                out.rename(keep_b if side == "briefgen" else keep_p)
            else:
                shutil.rmtree(out)
    rates_ours = Stat([n / s for s in ours.values])
    rates_peer = Stat([n / s for s in peer.values])
    paired = Stat([p / o for o, p in zip(ours.values, peer.values)])  # per repetition: peer time / our time
    return {"n": n, "reps": reps, "ours": ours, "peer": peer, "rate_ours": rates_ours, "rate_peer": rates_peer,
            "ratio": rates_ours.median / rates_peer.median, "paired": paired, "dirs": (keep_b, keep_p),
            "cpu_ours": ours_cpu, "cpu_peer": peer_cpu}


def sample_cities(n: int) -> list[tuple[str, str]]:
    """Three cities that between them take every branch of the per-city template."""
    cities = synthetic.synthetic_cities(n)
    province = 7.1
    rate = lambda c: c["解决问题数"] / c["收集问题数"] * 100
    wanted = [
        ("first city", lambda c: True),
        ("output falling and solve rate < 85 % (both extra 下一步 items)", lambda c: c["产值增速"] < 0 and rate(c) < 85),
        ("above the province, two 做法, solve rate >= 85 %", lambda c: c["产值增速"] > province and len(c["做法"]) == 2 and rate(c) >= 85),
    ]
    chosen, names = [], set()
    for why, test in wanted:
        city = next((c for c in cities if test(c) and c["名称"] not in names), None) or next(c for c in cities if c["名称"] not in names)
        names.add(city["名称"])
        chosen.append((city["名称"], why))
    return chosen


def check_equivalence(n: int, ours_dir: Path, peer_dir: Path) -> list[dict]:
    """Paragraph texts (python-docx, non-empty) of three cities' documents, both sides."""
    from docx import Document

    def texts(path: Path) -> list[str]:
        return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]

    results = []
    for name, why in sample_cities(n):
        ours, peer = texts(ours_dir / f"{name}.docx"), texts(peer_dir / f"{name}.docx")
        differing = [(i, a, b) for i, (a, b) in enumerate(zip(ours, peer)) if a != b]
        results.append({"name": name, "why": why, "paragraphs": (len(ours), len(peer)), "same": ours == peer,
                        "differing": differing[:3], "extra": len(ours) != len(peer)})
    return results


# -- 2. memory ---------------------------------------------------------------------------------


def bench_memory(sizes: list[int], reps: int, datasets: dict[int, Path], template: Path, work: Path, batch: dict) -> dict:
    rows = []
    largest = max(sizes)
    peer_rate = batch["rate_peer"].median
    for n in sizes:
        say(f"[2] memory at {n} documents: {reps} repetitions of each")
        foot = json.loads(subprocess.run([PY, str(BENCH / "footprint.py"), str(datasets[n])], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout)
        row = {"n": n, "file_kb": datasets[n].stat().st_size / 1024, "loaded_mb": foot["loaded_mb"],
               "pickled_mb": foot["pickled_mb"], "ours": [], "peer": [], "peer_skipped": ""}
        predicted = n / peer_rate
        peer_reps = reps
        if n == largest and n > 1000:
            if predicted > PEER_5000_LIMIT_S:
                row["peer_skipped"] = f"skipped: predicted {predicted:.0f} s > {PEER_5000_LIMIT_S:.0f} s"
                peer_reps = 0
            else:
                peer_reps = 1  # one run: ~n / rate seconds
        for rep in range(reps):
            out = fresh(work / "mem-briefgen")
            run = run_process(briefgen_command(datasets[n], out), memory=True, out=out, total=n)
            assert count_docx(out) == n
            row["ours"].append(run)
            say(f"    rep {rep + 1} briefgen  RSS {run.peak_tree_mb:6.1f} MB, PSS {run.peak_tree_pss_mb:6.1f} MB (first 10 % "
                f"{run.early_tree_pss_mb:6.1f}, rest {run.late_tree_pss_mb:6.1f}; main RSS {run.peak_main_mb:6.1f}, worker USS "
                f"{run.peak_worker_uss_mb:5.1f}; {run.peak_processes} processes)  {run.seconds:6.2f} s")
            shutil.rmtree(out)
            if rep < peer_reps:
                out = fresh(work / "mem-docxtpl")
                run = run_process(peer_command(datasets[n], template, out), memory=True, out=out, total=n)
                assert count_docx(out) == n
                row["peer"].append(run)
                say(f"    rep {rep + 1} docxtpl   RSS {run.peak_tree_mb:6.1f} MB, PSS {run.peak_tree_pss_mb:6.1f} MB (first 10 % "
                    f"{run.early_tree_pss_mb:6.1f}, rest {run.late_tree_pss_mb:6.1f})  {run.seconds:6.2f} s")
                shutil.rmtree(out)
        rows.append(row)
    return {"rows": rows, "reps": reps}


# -- 3. combined volume ------------------------------------------------------------------------


def bench_combine(n: int, reps: int, data: Path, work: Path) -> dict:
    say(f"[3] combined volume of {n}: source documents made once with briefgen batch")
    source = fresh(work / "combine-src")
    run_process(briefgen_command(data, source))
    ours, peer = Stat(), Stat()
    sizes: dict[str, int] = {}
    count, note = n, ""

    def one(tool: str, count: int) -> float:
        out = work / f"volume-{tool}.docx"
        result = json.loads(subprocess.run([PY, str(BENCH / "combine_one.py"), tool, str(source), str(count), str(out)],
                                           cwd=ROOT, check=True, capture_output=True, text=True).stdout)
        sizes[tool] = result["bytes"]
        return result["seconds"]

    first = one("docxcompose", count)
    say(f"    rep 1 docxcompose {first:7.2f} s")
    if first > COMBINE_LIMIT_S:
        note = (f"docxcompose took {first:.0f} s for {n} documents (> {COMBINE_LIMIT_S:.0f} s), so all runs of both "
                f"sides were made with the first {COMBINE_FALLBACK} documents.")
        count = COMBINE_FALLBACK
    else:
        peer.values.append(first)
    for rep in range(reps):
        seconds = one("briefgen", count)
        ours.values.append(seconds)
        say(f"    rep {rep + 1} briefgen    {seconds:7.3f} s")
        if len(peer.values) < reps:
            seconds = one("docxcompose", count)
            peer.values.append(seconds)
            say(f"    rep {len(peer.values)} docxcompose {seconds:7.2f} s")
    from docx import Document

    shape = {}
    for tool in ("briefgen", "docxcompose"):
        volume = Document(str(work / f"volume-{tool}.docx"))
        shape[tool] = (len(volume.sections), sum(1 for paragraph in volume.paragraphs if paragraph.text.strip()))
    return {"n": count, "reps": reps, "ours": ours, "peer": peer, "ratio": peer.median / ours.median, "note": note,
            "sizes": sizes, "shape": shape}


# -- profile -----------------------------------------------------------------------------------

STAGES = [
    ("batch.py", "plan", "load + check the workbook, plan the jobs (once)"),
    ("render.py", "render_markup", "Jinja: template -> markup (per document)"),
    ("parse.py", "parse_markup", "markup -> document model (per document)"),
    ("number.py", "number_headings", "heading numbers (per document)"),
    ("write.py", "write_docx", "model -> .docx bytes (per document)"),
    ("batch.py", "content_hash", "content hash for --resume (per document)"),
    ("files.py", "atomic_write", "write the file atomically (per document)"),
    ("batch.py", "add", "manifest row, flushed (per document)"),
    ("batch.py", "_finish", "manifest.csv (once)"),
]


def profile_briefgen(n: int, data: Path, work: Path) -> dict:
    say(f"[profile] briefgen batch of {n} with --workers 1, without and with cProfile")
    plain = run_process(briefgen_command(data, fresh(work / "profile-plain"), "--workers", "1"))
    say(f"    --workers 1 without profiler: {plain.seconds:.2f} s")
    out, stats_file = fresh(work / "profile-out"), work / "briefgen.prof"
    command = [PY, "-m", "cProfile", "-o", str(stats_file), "-m", "briefgen", "batch", "circular", str(data), "-o", str(out),
               "--each", "城市", "--name", "{名称}.docx", "--workers", "1"]
    profiled = run_process(command)
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt
    stages = []
    for filename, function, label in STAGES:
        found = [(key, value) for key, value in stats.stats.items() if key[0].endswith(os.sep + filename) and key[2] == function]
        if found:
            cumulative = sum(value[3] for _, value in found)
            calls = sum(value[1] for _, value in found)
            stages.append((f"{filename}:{function}", label, calls, cumulative))
    text = io.StringIO()
    stats.stream = text
    stats.sort_stats("cumulative").print_stats(30)
    cumulative_text = _trim_profile(text.getvalue())
    text = io.StringIO()
    stats.stream = text
    stats.sort_stats("tottime").print_stats(20)
    tottime_text = _trim_profile(text.getvalue())
    return {"n": n, "plain": plain.seconds, "profiled": profiled.seconds, "total": total, "stages": stages,
            "cumulative": cumulative_text, "tottime": tottime_text}


def stage_costs(datasets: dict[int, Path]) -> dict[int, dict]:
    """bench/stages.py for each table size: per-document ms of render, parse, write."""
    say("[4] per-document cost by stage, for each table size")
    per_size = {}
    for size, path in sorted(datasets.items()):
        result = subprocess.run([PY, str(BENCH / "stages.py"), str(path), "50"], cwd=ROOT, check=True, capture_output=True, text=True)
        per_size[size] = json.loads(result.stdout)
        say(f"    {size} cities: " + ", ".join(f"{k} {per_size[size][k]:.2f} ms" for k in ("render", "parse", "write")))
    return per_size


def _trim_profile(text: str) -> str:
    """pstats output without the header noise, with paths relative to site-packages or the repo."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    prefixes = sorted({str(ROOT) + os.sep, *[p + os.sep for p in sys.path if p and "site-packages" in p],
                       os.path.dirname(os.__file__) + os.sep}, key=len, reverse=True)
    out = []
    for line in lines[start:]:
        for prefix in prefixes:
            line = line.replace(prefix, "")
        out.append(line.rstrip())
    return "\n".join(out).strip()


# -- the report --------------------------------------------------------------------------------


def report(args, info: dict, batch: dict, equivalence: list[dict], memory: dict, combine: dict, stages: dict[int, dict],
           profile: dict | None, total_s: float) -> str:
    n = batch["n"]
    lines = [
        "# Benchmark results — batch production",
        "",
        f"Written by `python bench/run.py{' --quick' if args.quick else ''}` on "
        f"{dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; the whole run took {total_s / 60:.1f} min.",
        "" if not args.quick else "\n**Quick (smoke) run: small sizes and 2 repetitions -- these figures are not the results.**",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in info.items() if key != "git"]
    lines += ["- Load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
              "- The machine is shared: other work may run at the same time, hence medians, spreads and",
              "  interleaved runs (briefgen and its peer alternate, ABBA), never a single timing.",
              "", "## Versions", "", "| package | version |", "| --- | --- |"]
    lines += [f"| {package} | {version(package)} |" for package in VERSIONS]
    at_end, end_key = git_state()
    start, start_key = info["git"]
    lines += ["", f"briefgen source at the start of the run: {start}."]
    if end_key != start_key:
        lines += ["", f"**briefgen/ or templates/ changed during the run** (others work in this checkout); at the end: {at_end}. "
                      "Figures measured before and after the change are mixed: run again."]
    else:
        lines += ["", "briefgen/ and templates/ were unchanged until the end of the run."]

    # 1
    ratio = batch["ratio"]
    met = ratio >= BATCH_TARGET
    lines += [
        "", f"## 1. Batch of {n:,} circulars: briefgen vs the stock docxtpl loop", "",
        f"Data: a workbook made by `bench/data.py` -- the shared fields, 举措, 下一步要求 of `examples/circular_batch.xlsx`, "
        f"{n:,} synthetic cities (示例市0001 …) and their 1–2 做法 ({batch['data_kb']:.0f} KB).",
        "",
        f"- **briefgen**: `python -m briefgen batch circular DATA -o OUT --each 城市 --name \"{{名称}}.docx\"` "
        f"(default workers = {os.cpu_count()} cores).",
        "- **docxtpl**: `python bench/peer_docxtpl.py DATA TEMPLATE OUT` -- reads the same workbook with openpyxl, computes the "
        "province totals and ranks once in Python, formats the figures the way briefgen words them, then the **stock docxtpl "
        "loop**: one `DocxTemplate(template)` + `render(context)` + `save()` per document, as docxtpl's docs show, in one process. "
        "The template (`.docx`, built by the same script with python-docx) holds the same paragraphs in the same order "
        "(red 版头, 发文字号 over a red line, two-line title, 主送, background, 一、二、三、 headings, figures, 做法, 下一步, "
        "署名, date, 版记), A4 with GB/T 9704 margins, 仿宋_GB2312 16 pt body, `— N —` page-number footer.",
        "- Wall time of each process from start to exit (`time.perf_counter` around the subprocess); "
        f"{batch['reps']} repetitions of each, interleaved; one untimed warm-up run of each before (fills briefgen's per-user "
        "cache and the OS file cache). Each run writes into an empty folder.",
        "",
        "| | briefgen | docxtpl (stock loop) | ratio |",
        "| --- | --- | --- | --- |",
        f"| wall time, s — median (min–max) | {batch['ours'].show()} | {batch['peer'].show()} | "
        f"{batch['peer'].median / batch['ours'].median:.2f}× less time |",
        f"| documents per second — median (min–max) | {batch['rate_ours'].show('{:.1f}')} | {batch['rate_peer'].show('{:.1f}')} | "
        f"**{ratio:.2f}×** (per-repetition pairs: {batch['paired'].spread()}) |",
        f"| CPU time of the process tree, s — median (min–max) | {batch['cpu_ours'].show()} | {batch['cpu_peer'].show()} | "
        f"{batch['cpu_peer'].median / batch['cpu_ours'].median:.2f}× less CPU |",
        f"| CPU ms per document | {batch['cpu_ours'].median / n * 1000:.2f} | {batch['cpu_peer'].median / n * 1000:.2f} | |",
        "",
        f"briefgen runs {os.cpu_count()} worker processes plus its main process, so it needs both cores; the docxtpl loop "
        "uses one. Anything else running on this shared machine therefore slows briefgen's wall time more than the peer's; "
        "CPU time (user + system of the process and all its descendants, from `getrusage(RUSAGE_CHILDREN)`) is less "
        "sensitive to that and is reported alongside.",
        "",
        f"Raw wall times (s): briefgen {', '.join(f'{v:.2f}' for v in batch['ours'].values)}; "
        f"docxtpl {', '.join(f'{v:.2f}' for v in batch['peer'].values)}.",
        "",
        f"**Target: briefgen ≥ {BATCH_TARGET:.0f}× docxtpl's documents per second — reached {ratio:.2f}×: "
        + ("met.**" if met else f"missed by {BATCH_TARGET - ratio:.2f}× ({ratio / BATCH_TARGET * 100:.0f} % of the target; "
                                 f"briefgen would need {batch['rate_peer'].median * BATCH_TARGET:.0f} documents/s, i.e. "
                                 f"{BATCH_TARGET / ratio:.2f}× its current speed).**"),
        "",
        "### Text equivalence of the two sides",
        "",
        "Checked once per run, on the documents of the first repetition: the texts of the non-empty paragraphs "
        "(python-docx `paragraphs[*].text`) of three cities chosen to take every branch of the per-city template.",
        "",
        "| city | why this one | paragraphs (briefgen / docxtpl) | result |",
        "| --- | --- | --- | --- |",
    ]
    for item in equivalence:
        result = "identical" if item["same"] else "DIFFERENT: " + "; ".join(
            f"#{i}: `{a[:40]}` vs `{b[:40]}`" for i, a, b in item["differing"]) + (" (paragraph counts differ)" if item["extra"] else "")
        lines.append(f"| {item['name']} | {item['why']} | {item['paragraphs'][0]} / {item['paragraphs'][1]} | {result} |")
    all_same = all(item["same"] for item in equivalence)
    lines += ["", ("All three are identical, paragraph for paragraph: the heading numbers briefgen generates (一、（一）…) are "
                   "hard-coded or counted in the docxtpl template, so no difference needed explaining."
                   if all_same else "**The texts differ -- see the table; the speed comparison is not like for like.**")]

    # 2
    rows = memory["rows"]
    lines += [
        "", "## 2. Peak memory of briefgen batch for growing batches", "",
        "Sampled every 50 ms by a thread of the benchmark with psutil, over the process and all its descendants (the "
        f"batch's main process and its {os.cpu_count()} worker processes); {memory['reps']} runs per size (the largest size "
        "of the docxtpl loop: one run). Two sums are reported:",
        "",
        "- **RSS summed over the tree** (the measure asked for). The workers are forked from the main process after it has "
        "loaded and checked the data, so each worker's RSS also counts every page it still shares with the main process: "
        "the summed RSS counts the shared memory once per process and overstates what the tree uses.",
        "- **PSS summed over the tree** (proportional set size: a page shared by k processes counts 1/k in each): the "
        "physical memory the tree actually uses. Worker USS = the private memory of one worker.",
        "",
        "Wall times here are measured with the sampler running (it reads /proc/PID/smaps_rollup).",
        "",
        "| documents | data file | data once loaded¹ | briefgen tree RSS, MB | briefgen tree PSS, MB | main RSS / USS, MB | "
        "worker USS, MB | briefgen docs/s | docxtpl RSS, MB | docxtpl docs/s | RSS docxtpl / briefgen | "
        "PSS docxtpl / briefgen |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]

    def med(runs, attribute):
        return Stat([getattr(run, attribute) for run in runs])

    for row in rows:
        ours = row["ours"]
        tree, pss = med(ours, "peak_tree_mb"), med(ours, "peak_tree_pss_mb")
        cells = (f"| {row['n']:,} | {row['file_kb']:.0f} KB | {row['loaded_mb']:.1f} MB (pickled {row['pickled_mb']:.2f} MB) | "
                 f"{tree.show('{:.0f}')} | {pss.show('{:.0f}')} | {med(ours, 'peak_main_mb').median:.0f} / "
                 f"{med(ours, 'peak_main_uss_mb').median:.0f} | "
                 f"{med(ours, 'peak_worker_uss_mb').show('{:.0f}')} | {Stat([row['n'] / r.seconds for r in ours]).show('{:.1f}')} | ")
        if row["peer"]:
            peer_tree, peer_pss = med(row["peer"], "peak_tree_mb"), med(row["peer"], "peak_tree_pss_mb")
            cells += (f"{peer_tree.show('{:.0f}')} | {Stat([row['n'] / r.seconds for r in row['peer']]).show('{:.1f}')} | "
                      f"{peer_tree.median / tree.median:.2f} | {peer_pss.median / pss.median:.2f} |")
        else:
            cells += f"{row['peer_skipped']} | – | – | – |"
        lines.append(cells)
    first, last = rows[0], rows[-1]

    def median_of(row, attribute, side="ours"):
        return statistics.median(getattr(run, attribute) for run in row[side])

    # (a) within one run, at a fixed table: memory while the first 10 % were made vs the rest of the run
    early, late = median_of(last, "early_tree_pss_mb"), median_of(last, "late_tree_pss_mb")
    in_run = late - early
    in_run_allowed = 0.10 * early
    in_run_flat = in_run <= in_run_allowed
    # (b) across sizes: split each run's peak into the baseline (data loaded and checked, workers started: the peak
    # until 10 % of the documents exist) and what came after; only the latter may depend on the number of documents
    base_first, late_first = median_of(first, "early_tree_pss_mb"), median_of(first, "late_tree_pss_mb")
    part_first, part_last = max(0.0, late_first - base_first), max(0.0, in_run)
    beyond = part_last - part_first
    pss_first, pss_last = median_of(first, "peak_tree_pss_mb"), median_of(last, "peak_tree_pss_mb")
    rss_first, rss_last = median_of(first, "peak_tree_mb"), median_of(last, "peak_tree_mb")
    main_first, main_last = median_of(first, "peak_main_uss_mb"), median_of(last, "peak_main_uss_mb")
    worker_first, worker_last = median_of(first, "peak_worker_uss_mb"), median_of(last, "peak_worker_uss_mb")
    data_growth = last["loaded_mb"] - first["loaded_mb"]
    allowed = 0.10 * pss_first
    across_flat = beyond <= allowed
    flat = in_run_flat and across_flat
    memory["verdict"] = {"in_run": in_run, "in_run_allowed": in_run_allowed, "beyond": beyond, "allowed": allowed,
                         "data_growth": data_growth, "flat": flat, "baseline_growth": early - base_first}
    lines += [
        "",
        "¹ `bench/footprint.py`: RSS growth of a process that loads the workbook with `briefgen.data.load.load_all` -- what the "
        "main process pays to plan; the pickled size is what a worker would receive if it were not forked "
        "(e.g. `--executor dask`).",
        "",
        f"**(a) Within one run** ({last['n']:,} documents, the same data throughout): the tree's PSS peaks at {early:.0f} MB "
        f"while the first 10 % of the documents are made (start-up, loading and checking the data, starting the workers) and "
        f"at {late:.0f} MB over the remaining 90 % ({in_run:+.0f} MB, {max(in_run, 0) * 2**20 / (0.9 * last['n']) / 1024:.1f} KB "
        "per document). " + ("Memory does not grow as documents are made." if in_run_flat else "Memory grows as documents are made."),
        "",
        f"**(b) Across sizes**: from {first['n']:,} to {last['n']:,} documents the tree's PSS grows by {pss_last - pss_first:.0f} MB "
        f"({pss_first:.0f} → {pss_last:.0f} MB; summed RSS {rss_first:.0f} → {rss_last:.0f} MB). Split at the point where 10 % "
        f"of the documents exist: the baseline (data loaded and checked, workers started, no documents yet to speak of) grows "
        f"from {base_first:.0f} to {early:.0f} MB; what comes after it -- the part that could depend on the number of "
        f"documents -- is {part_first:.0f} MB at {first['n']:,} and {part_last:.0f} MB at {last['n']:,} documents "
        f"({beyond:+.0f} MB).",
        "",
        f"The baseline grows with the data, not with the documents: the data file grows from {first['file_kb']:.0f} KB to "
        f"{last['file_kb']:.0f} KB and takes {data_growth:.0f} MB more once loaded and checked in the main process (its "
        f"private memory, USS: {main_first:.0f} → {main_last:.0f} MB). The workers are forked from it after the data is "
        "loaded and share its pages; as the main process goes on (freeing the workbook reader's objects, touching reference "
        "counts) the pages it changes become private copies, while the workers keep sharing the originals -- so the bigger "
        "data is held about twice in physical memory. Each worker's own private memory is "
        f"{worker_first:.0f} MB at {first['n']:,} documents and {worker_last:.0f} MB at {last['n']:,} (next paragraph). "
        "Summed RSS grows more still because each worker's RSS counts the shared pages again.",
        "",
        f"**What grows during a run** ({last['n']:,} documents; private memory, USS, while the first 10 % are made → "
        f"over the rest): the main process {median_of(last, 'early_main_uss_mb'):.1f} → "
        f"{median_of(last, 'late_main_uss_mb'):.1f} MB, the largest worker "
        f"{(median_of(last, 'early_worker_uss_mb') or float('nan')):.1f} → "
        f"{median_of(last, 'late_worker_uss_mb'):.1f} MB. Neither holds documents: a worker keeps nothing of a document "
        "once it is sent, the main process writes each one as it arrives, and no more than "
        "`JOBS_IN_FLIGHT_PER_WORKER` tasks per worker wait. What grows is copy-on-write of the data: the workers are "
        "forked after the data is loaded, and CPython writes a reference count into every object it reads, so the first "
        "time a worker reads a record (for its document) the memory pages holding that record become the worker's own "
        "copy; the main process likewise touches each job when its document comes back and keeps one manifest row per "
        "document. Both are bounded by the data (each record is read for one document), not by the work per document "
        "(section 4: every stage's cost per document is flat in the table's size). Removing it would mean keeping the "
        "records in a form whose reading touches no shared page (e.g. each record pickled into one bytes object, "
        f"{last['pickled_mb']:.1f} MB at {last['n']:,} cities) -- not done.",
        "",
        f"**Target: memory flat in the number of documents -- (a) growth within the largest run ≤ 10 % of its baseline "
        f"({in_run_allowed:.0f} MB) and (b) growth across sizes of the part beyond the baseline ≤ 10 % of the "
        f"{first['n']:,}-document PSS ({allowed:.0f} MB). Reached: (a) {in_run:+.0f} MB, (b) {beyond:+.0f} MB: "
        + ("met.**" if flat else "missed" + (f" -- (a) by {in_run - in_run_allowed:.0f} MB" if not in_run_flat else "")
           + (f" -- (b) by {beyond - allowed:.0f} MB" if not across_flat else "") + ".**"),
    ]
    peer_rows = [row for row in rows if row["peer"]]
    if len(peer_rows) > 1:
        peer_first, peer_last = median_of(peer_rows[0], "peak_tree_mb", "peer"), median_of(peer_rows[-1], "peak_tree_mb", "peer")
        p_early, p_late = median_of(peer_rows[-1], "early_tree_pss_mb", "peer"), median_of(peer_rows[-1], "late_tree_pss_mb", "peer")
        lines += ["", f"The docxtpl loop, for comparison (one process): {peer_first:.0f} MB at "
                      f"{peer_rows[0]['n']:,} documents, {peer_last:.0f} MB at {peer_rows[-1]['n']:,}; within its "
                      f"{peer_rows[-1]['n']:,}-document run {p_early:.0f} MB during the first 10 %, {p_late:.0f} MB at the end "
                      "-- it grows with every document."]

    # 3
    lines += [
        "", f"## 3. Combined volume of {combine['n']:,} documents: briefgen vs docxcompose", "",
        "The same documents (made once by `briefgen batch` on the synthetic data) combined into one volume, each measured "
        "in its own process (`bench/combine_one.py`), clock from reading the first file to the saved volume, imports outside "
        "it. briefgen: `briefgen.docx.write.combine_docx` on the files' bytes -- the step `batch --combined` runs at its end "
        "(page numbers per document, each document a section starting on an odd page). docxcompose: "
        "`Composer(Document(first))`, `append(Document(other))` for each other file, `save()`. "
        f"{combine['reps']} runs of each.",
        "",
    ]
    if combine["note"]:
        lines += [f"Note: {combine['note']}", ""]
    lines += [
        "| | briefgen `combine_docx` | docxcompose | ratio |",
        "| --- | --- | --- | --- |",
        f"| time, s — median (min–max) | {combine['ours'].show('{:.3f}')} | {combine['peer'].show('{:.2f}')} | "
        f"briefgen **{combine['ratio']:.0f}×** faster |",
        f"| per document, ms | {combine['ours'].median / combine['n'] * 1000:.2f} | {combine['peer'].median / combine['n'] * 1000:.1f} | |",
        f"| volume size | {combine['sizes'].get('briefgen', 0) / 1024:.0f} KB | {combine['sizes'].get('docxcompose', 0) / 1024:.0f} KB | |",
        f"| sections / non-empty paragraphs (python-docx) | {combine['shape']['briefgen'][0]:,} / {combine['shape']['briefgen'][1]:,} "
        f"| {combine['shape']['docxcompose'][0]:,} / {combine['shape']['docxcompose'][1]:,} | |",
        "",
        "The two volumes hold the same paragraphs but are not the same shape: briefgen's has one section per document "
        "(each starts on a new, odd page with its page numbers from 1), while docxcompose's stock `append` adds each "
        "document's body to the first document's only section -- the documents run on without a page break and with "
        "continuous page numbers (the comparison times the stock calls as they are).",
        "",
        "(No target was set for the combined volume.)",
    ]
    lines += stage_section(batch, memory, stages)

    # profile
    if profile is not None:
        lines += [
            "", "## What stands in the way", "",
            f"The batch target is missed by {BATCH_TARGET - ratio:.2f}×. Profile of briefgen's per-document path: "
            f"`python -m cProfile -m briefgen batch circular DATA ({profile['n']:,} cities) … --workers 1` "
            f"(one process, so the profile sees the workers' work). Without the profiler that run takes "
            f"{profile['plain']:.1f} s ({profile['n'] / profile['plain']:.0f} docs/s, "
            f"{profile['plain'] / profile['n'] * 1000:.1f} ms per document on one core); with it {profile['profiled']:.1f} s.",
            "",
            "Where the time goes (cumulative time under the profiler):",
            "",
            "| stage | what | calls | cumulative, s | share | per document, ms |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for name, label, calls, cumulative in profile["stages"]:
            lines.append(f"| `{name}` | {label} | {calls:,} | {cumulative:.2f} | {cumulative / profile['total'] * 100:.0f} % | "
                         f"{cumulative / profile['n'] * 1000:.2f} |")
        lines += ["", "Top of the profile by cumulative time:", "", "```", profile["cumulative"], "```", "",
                  "Top of the profile by own time:", "", "```", profile["tottime"], "```"]
        lines += obstacles(batch, stages, profile)
    at = lines.index("## Machine")
    lines[at:at] = summarize(batch, memory, combine)
    return "\n".join(lines) + "\n"


def summarize(batch: dict, memory: dict, combine: dict) -> list[str]:
    """The headline table: each figure, its peer, the ratio and the target."""
    ratio = batch["ratio"]
    verdict = memory["verdict"]
    rows = memory["rows"]
    ours_mem = " / ".join(f"{statistics.median(r.peak_tree_mb for r in row['ours']):.0f}" for row in rows)
    peer_mem = " / ".join(f"{statistics.median(r.peak_tree_mb for r in row['peer']):.0f}" if row["peer"] else "–" for row in rows)
    ours_pss = " / ".join(f"{statistics.median(r.peak_tree_pss_mb for r in row['ours']):.0f}" for row in rows)
    peer_pss = " / ".join(f"{statistics.median(r.peak_tree_pss_mb for r in row['peer']):.0f}" if row["peer"] else "–" for row in rows)
    sizes = " / ".join(f"{row['n']:,}" for row in rows)
    batch_result = "met" if ratio >= BATCH_TARGET else f"**missed** by {BATCH_TARGET - ratio:.2f}×"
    memory_result = (("met" if verdict["flat"] else "**missed**") + f": {verdict['in_run']:+.0f} MB within the largest run, "
                     f"{verdict['beyond']:+.0f} MB across sizes beyond the baseline (which grows "
                     f"{verdict['baseline_growth']:+.0f} MB with the data: {verdict['data_growth']:.0f} MB more once loaded, "
                     "held by the main process and, forked, by the workers)")
    return [
        "## Summary", "",
        "| benchmark | briefgen | peer | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| batch of {batch['n']:,} circulars, documents/s (median) | {batch['rate_ours'].median:.1f} | docxtpl stock loop "
        f"{batch['rate_peer'].median:.1f} | {ratio:.2f}× | ≥ {BATCH_TARGET:.0f}× | {batch_result} |",
        f"| peak RSS of the process tree at {sizes} documents, MB (median) | {ours_mem} | docxtpl {peer_mem} | – | – | – |",
        f"| peak PSS of the process tree at {sizes} documents, MB (median) | {ours_pss} | docxtpl {peer_pss} | – | flat "
        f"(≤ {verdict['in_run_allowed']:.0f} MB within a run, ≤ {verdict['allowed']:.0f} MB across sizes) | {memory_result} |",
        f"| combined volume of {combine['n']:,} documents, s (median) | {combine['ours'].median:.3f} | docxcompose "
        f"{combine['peer'].median:.2f} | {combine['ratio']:.0f}× faster | – | – |",
        "",
    ]


def stage_section(batch: dict, memory: dict, sizes: dict[int, dict]) -> list[str]:
    """Section 4: the per-document cost of each stage for every table size."""
    smallest, largest = min(sizes), max(sizes)
    rows = memory["rows"]
    lines = [
        "", "## 4. Per-document cost by stage and table size (briefgen)", "",
        "`bench/stages.py`: one process plans the batch and prepares the worker as `batch` does, then times the stages of "
        "`render_job` for the first 50 documents (median ms per document, one core). The documents are of the same kind at "
        "every size; only the number of cities in the table (which the per-city circular uses for the province totals and "
        "the city's rank) changes.",
        "",
        "| cities in the table | render (Jinja) | parse + number | write .docx | sum | plan (once), s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for size, row in sorted(sizes.items()):
        total = row["render"] + row["parse"] + row["write"]
        lines.append(f"| {size:,} | {row['render']:.2f} ms | {row['parse']:.2f} ms | {row['write']:.2f} ms | {total:.2f} ms | "
                     f"{row['plan_s']:.2f} |")
    grow = sizes[largest]["render"] / sizes[smallest]["render"]
    rate_small = statistics.median(rows[0]["n"] / r.seconds for r in rows[0]["ours"])
    rate_large = statistics.median(rows[-1]["n"] / r.seconds for r in rows[-1]["ours"])
    lines.append("")
    if grow >= 1.5:
        lines.append(
            f"The render costs more per document the bigger the table: {sizes[smallest]['render']:.2f} ms with {smallest:,} "
            f"cities, {sizes[largest]['render']:.2f} ms with {largest:,} ({grow:.1f}×) -- work proportional to the table in "
            f"every document, quadratic over a batch. The whole command's rate goes from {rate_small:.0f} documents/s at "
            f"{rows[0]['n']:,} to {rate_large:.0f} at {rows[-1]['n']:,} (section 2).")
    else:
        lines.append(
            f"Every stage's cost per document is flat in the size of the table (render {sizes[smallest]['render']:.2f} ms with "
            f"{smallest:,} cities, {sizes[largest]['render']:.2f} ms with {largest:,}): no per-document work grows with the "
            f"table. What grows is `plan`, once per batch ({sizes[smallest]['plan_s']:.2f} → {sizes[largest]['plan_s']:.2f} s). "
            f"The whole command's rate: {rate_small:.0f} documents/s at {rows[0]['n']:,}, {rate_large:.0f} at "
            f"{rows[-1]['n']:,} (section 2; start-up and `plan` weigh more on small batches).")
    return lines


def obstacles(batch: dict, sizes: dict[int, dict], profile: dict) -> list[str]:
    """What the profile says about the missed batch target."""
    n = batch["n"]
    at_n = sizes.get(n) or sizes[max(sizes)]
    per_doc = at_n["render"] + at_n["parse"] + at_n["write"]
    cores = os.cpu_count() or 1
    need = batch["rate_peer"].median * BATCH_TARGET
    largest = max(profile["stages"], key=lambda stage: stage[3] if "plan" not in stage[0] else 0, default=None)
    atomic = next((c / profile["n"] * 1000 for name, _, _, c in profile["stages"] if name.endswith("atomic_write")), 0.0)
    lines = [
        "", "### Reading the profile", "",
        f"- The target needs {need:.0f} documents/s from the whole command; the workers' share of a document costs "
        f"{per_doc:.1f} ms of one core (render {at_n['render']:.1f}, parse {at_n['parse']:.1f}, write {at_n['write']:.1f}; "
        f"section 4), i.e. at most ~{cores * 1000 / per_doc:.0f} documents/s on {cores} cores if nothing else ran.",
        f"- The main process adds per document: receiving the bytes, SHA-256, the fsync'd atomic write "
        f"(`atomic_write` {atomic:.2f} ms under the profiler) and a flushed manifest row -- on {cores} cores it competes "
        f"with the {cores} workers.",
        f"- Fixed, serial costs: start-up and `plan` ({at_n['plan_s']:.2f} s at {n:,} cities: the workbook read, every record "
        "checked) before any worker starts.",
    ]
    if largest is not None:
        lines.append(f"- Largest per-document stage under the profiler: `{largest[0]}` ({largest[3] / profile['n'] * 1000:.2f} ms "
                     "per document).")
    lines += ["", "(This section reports; briefgen's code was not changed by the benchmark.)"]
    return lines


# -- the other benchmarks of bench/ ----------------------------------------------------------------

OTHERS_TIMEOUT_S = 1800
_RUN_OTHER = """
import sys
sys.path.insert(0, sys.argv[1])
module = __import__(sys.argv[2])
text = module.run(quick=sys.argv[3] == "1")
open(sys.argv[4], "w", encoding="utf-8").write(text)
"""


def run_others(work: Path, quick: bool) -> list[str]:
    """Every other ``bench/*_bench.py`` with a ``run(quick)`` returning a Markdown section, each in
    its own process; a failure is reported in place of its section, never stops this run."""
    sections = []
    for path in sorted(BENCH.glob("*_bench.py")):
        name = path.stem
        say(f"[others] {name}.run(quick={quick})")
        out = work / f"{name}.md"
        started = time.perf_counter()
        try:
            result = subprocess.run([PY, "-c", _RUN_OTHER, str(BENCH), name, "1" if quick else "0", str(out)], cwd=ROOT,
                                    capture_output=True, text=True, timeout=OTHERS_TIMEOUT_S, check=False)
            failed = result.returncode != 0 or not out.is_file()
            detail = (result.stderr or result.stdout)[-2000:]
        except subprocess.TimeoutExpired:
            failed, detail = True, f"no result after {OTHERS_TIMEOUT_S} s"
        seconds = time.perf_counter() - started
        if failed:
            say(f"    {name} failed after {seconds:.0f} s")
            sections += ["", f"## `bench/{name}.py`: failed", "", f"`{name}.run()` did not return a section "
                         f"(after {seconds:.0f} s):", "", "```", detail.strip(), "```"]
        else:
            say(f"    {name}: {seconds:.0f} s")
            sections += ["", out.read_text(encoding="utf-8").strip(), "", f"(`bench/{name}.py`, run by `bench/run.py` "
                         f"in {seconds / 60:.1f} min.)"]
    return sections


# -- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke check: 50 documents, 2 repetitions")
    parser.add_argument("--output", type=Path, help="where to write the report (default: bench/RESULTS.md; "
                                                    "with --quick, RESULTS.quick.md in the temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (data, outputs, profile)")
    parser.add_argument("--batch-only", action="store_true", help="only the batch benchmarks, not the other bench/*_bench.py")
    args = parser.parse_args()

    started = time.perf_counter()
    info = machine()
    info_git = git_state()
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    info["git"] = info_git
    say(f"work folder: {work}")
    if args.quick:
        batch_n, reps, mem_sizes, mem_reps, combine_n, combine_reps = 50, 2, [25, 50], 2, 50, 2
    else:
        batch_n, reps, mem_sizes, mem_reps, combine_n, combine_reps = 1000, 7, [100, 1000, 5000], 3, 1000, 3
    try:
        datasets = {n: synthetic.write_workbook(n, work / f"cities-{n}.xlsx") for n in sorted({batch_n, combine_n, *mem_sizes})}
        template = peer_docxtpl.build_template(work / "docxtpl-circular.docx")
        say("warm-up: one untimed run of each side")
        run_process(briefgen_command(datasets[min(datasets)], fresh(work / "warm-briefgen")))
        run_process(peer_command(datasets[min(datasets)], template, fresh(work / "warm-docxtpl")))

        batch = bench_batch(batch_n, reps, datasets[batch_n], template, work)
        batch["data_kb"] = datasets[batch_n].stat().st_size / 1024
        equivalence = check_equivalence(batch_n, *batch["dirs"])
        say("[1] text equivalence: " + ", ".join(f"{e['name']} {'same' if e['same'] else 'DIFFERENT'}" for e in equivalence))
        memory = bench_memory(mem_sizes, mem_reps, datasets, template, work, batch)
        combine = bench_combine(combine_n, combine_reps, datasets[combine_n], work)
        stages = stage_costs({n: datasets[n] for n in mem_sizes})
        profile = profile_briefgen(batch_n, datasets[batch_n], work) if batch["ratio"] < BATCH_TARGET else None
        others = [] if args.quick or args.batch_only else run_others(work, quick=False)
        text = report(args, info, batch, equivalence, memory, combine, stages, profile, time.perf_counter() - started)
        if others:
            text += "\n# Other benchmarks\n\nThe other `bench/*_bench.py` modules, run after the batch benchmarks above.\n"
            text += "\n".join(others) + "\n"
        output = args.output or (work / "RESULTS.quick.md" if args.quick else BENCH / "RESULTS.md")
        if args.quick and args.output is None:
            args.keep = True
        output.write_text(text, encoding="utf-8")
        say(f"\nbatch: briefgen {batch['rate_ours'].median:.1f} docs/s, docxtpl {batch['rate_peer'].median:.1f} docs/s, "
            f"ratio {batch['ratio']:.2f}x (target {BATCH_TARGET:.0f}x)")
        say(f"combine: briefgen {combine['ours'].median:.3f} s, docxcompose {combine['peer'].median:.2f} s for {combine['n']}")
        say(f"report written to {output} in {(time.perf_counter() - started) / 60:.1f} min")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
