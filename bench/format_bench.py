"""一键排版 benchmark: `briefgen format` of a 30-page draft against gongwen-skill `optimize` -- time and measured layout.

    python bench/format_bench.py            # full run (a few minutes on 2 cores), written into bench/RESULTS.md
    python bench/format_bench.py --quick    # fewer runs, printed only
    python bench/format_bench.py --keep     # keep the work folder (draft, outputs, PDFs) and print its path

``run(quick)`` returns the Markdown section (bench/run.py includes it). Without ``--quick`` the
section also replaces the text between ``<!-- format-bench:start -->`` and
``<!-- format-bench:end -->`` in bench/RESULTS.md (appended with its heading if missing).

Rules (bench/README.md): no single timing; each figure the median with its spread (min-max);
briefgen's process and the peer's interleaved (ABBA) after one untimed warm-up of each; ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _path in (str(BENCH), str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import draft30  # bench/ is on sys.path
import peer_gongwen
from common import ResultsSection, Stat, cpu_model, load_average, timed_process, version
from layout import measure_layout

TARGET_S = 0.5  # the issue: a 30-page draft formatted in under 0.5 s (warm, without --render)
RUNS = {"full": (15, 5), "quick": (5, 2)}  # (warm in-process runs, interleaved process runs per side)
RESULTS = BENCH / "RESULTS.md"
START, END = "<!-- format-bench:start -->", "<!-- format-bench:end -->"
HEADING = "## 一键排版 (briefgen format) against gongwen-skill optimize"
SECTION = ResultsSection(HEADING, START, END)

# GB/T 9704-2012 (and briefgen/document/standard.py): 22 lines x 28 characters of 3号 on a
# 156 x 225 mm 版心 28 mm from the left; 7.5: the page number 7 mm below the 版心, odd pages
# right and even pages left, one character (one 3号 汉字, 15.75 pt = 5.6 mm) in.
GB_LINES, GB_CHARS = 22, 28
GB_EDGE_MM, GB_BELOW_MM = 5.6, 7.0
EDGE_TOLERANCE_MM, BELOW_TOLERANCE_MM = 1.5, 2.0  # briefgen's TOLERANCES.text_edge_mm, .page_number_mm
LEVEL3 = re.compile(r"^\d+[.．、]")
HANZI = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Output:
    """One document measured: its layout figures, footer facts and text counts."""

    name: str
    layout: dict
    footer: dict
    text: dict


@dataclass
class Times:
    warm: Stat
    cold: Stat
    peer: Stat | None = None
    pairs: list[float] = field(default_factory=list)  # per ABBA pair: peer time / briefgen process time


# -- timing -------------------------------------------------------------------------------------


def child_env(work: Path) -> dict[str, str]:
    """Environment of briefgen's timed processes: Python's bytecode cache on, in this run's folder
    (the untimed warm-up compiles every module once; the checkout is not touched)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def briefgen_command(draft: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "briefgen", "format", str(draft), "-o", str(out), "-f"]


def time_warm(draft: Path, out: Path, runs: int) -> Stat:
    """``format_file`` in this process: one untimed warm-up (imports, caches), then ``runs`` timed."""
    from briefgen.format.run import FormatOptions, format_file

    format_file(draft, out, FormatOptions(), force=True)
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        format_file(draft, out, FormatOptions(), force=True)
        values.append(time.perf_counter() - start)
    return Stat(values)


def time_processes(draft: Path, work: Path, runs: int, with_peer: bool) -> tuple[Stat, Stat | None, list[float]]:
    """Whole-process wall times of ``python -m briefgen format`` and (if present) ``gongwen optimize``,
    one untimed warm-up of each, then ``runs`` of each interleaved A B B A …"""
    env = child_env(work)
    sides = {"briefgen": lambda: timed_process(briefgen_command(draft, work / "briefgen-cli.docx"), env, ok=(0, 1))}
    if with_peer:
        sides["gongwen"] = lambda: peer_gongwen.run_optimize(draft, work / "gongwen.docx")
    for call in sides.values():
        call()
    times: dict[str, list[float]] = {key: [] for key in sides}
    order = list(sides)
    for index in range(runs):
        for key in order if index % 2 == 0 else reversed(order):
            times[key].append(sides[key]())
    ours = times["briefgen"]
    if not with_peer:
        return Stat(ours), None, []
    peer = times["gongwen"]
    return Stat(ours), Stat(peer), [p / o for o, p in zip(ours, peer)]


# -- what the outputs are -------------------------------------------------------------------------


def footer_facts(docx: Path) -> dict:
    """Whether a footer holds a PAGE field, and whether odd and even pages have their own footers."""
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        footers = [archive.read(name).decode("utf-8") for name in names if re.fullmatch(r"word/footer\d*\.xml", name)]
        settings = archive.read("word/settings.xml").decode("utf-8") if "word/settings.xml" in names else ""
    field_code = re.compile(r"<w:instrText[^>]*>\s*PAGE\b|w:instr=\"\s*PAGE\b")
    even_odd = re.search(r"<w:evenAndOddHeaders(?:\s*/>|\s+w:val=\"(?:true|1|on)\")", settings) is not None
    return {"page_field": any(field_code.search(xml) for xml in footers), "even_odd": even_odd}


def text_facts(docx: Path) -> dict:
    """Non-empty paragraphs, 汉字 and paragraphs opening with a level-3 number (1. / 1、)."""
    from docx import Document

    texts = [p.text.strip() for p in Document(str(docx)).paragraphs if p.text.strip()]
    return {"paragraphs": len(texts), "hanzi": sum(len(HANZI.findall(t)) for t in texts),
            "level3": sum(1 for t in texts if LEVEL3.match(t))}


def measure(name: str, docx: Path, pdf: Path | None) -> Output:
    return Output(name, measure_layout(docx, keep_pdf=pdf), footer_facts(docx), text_facts(docx))


def same_document(a: Path, b: Path) -> bool:
    """Whether two .docx files hold the same word/document.xml."""
    with zipfile.ZipFile(a) as one, zipfile.ZipFile(b) as other:
        return one.read("word/document.xml") == other.read("word/document.xml")


# -- the machine and versions ---------------------------------------------------------------------


def libreoffice_version() -> str:
    from briefgen.docx.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return "not installed"
    try:
        result = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    words = result.stdout.split()
    return " ".join(words[:2]) if words else "unknown"


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    try:
        head = git("log", "-1", "--format=%h %s")[:80]
        changed = [line for line in git("status", "--porcelain", "--", "briefgen").splitlines() if line.strip()]
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"git `{head}`" + (f", with uncommitted changes in {len(changed)} file(s) of briefgen/" if changed else "")


# -- the report -----------------------------------------------------------------------------------


def verdict(stat: Stat) -> str:
    if stat.median < TARGET_S:
        return f"met ({TARGET_S - stat.median:.3f} s under)"
    return f"**missed** ({stat.median - TARGET_S:.3f} s over)"


def time_rows(times: Times, runs: tuple[int, int], peer_version: str | None) -> list[str]:
    warm_n, cold_n = runs
    rows = [
        "| measurement | median | min–max | runs | target | result |",
        "| --- | ---: | --- | ---: | --- | --- |",
        (f"| briefgen `format_file(draft, out, FormatOptions(), force=True)`, in-process, warm | {times.warm.seconds()} | "
        f"{times.warm.seconds_spread()} | {warm_n} | < {TARGET_S} s warm | {verdict(times.warm)} |"),
        (f"| briefgen `python -m briefgen format draft.docx -o out.docx -f`, whole process (cold: interpreter start, "
        f"imports) | {times.cold.seconds()} | {times.cold.seconds_spread()} | {cold_n} | (reported) | "
        f"{'under' if times.cold.median < TARGET_S else 'over'} {TARGET_S} s |"),
    ]
    if times.peer is not None:
        rows.append(f"| gongwen-skill {peer_version} `gongwen optimize draft.docx -o out.docx -t notice --apply "
                    f"--remove-ai-declaration`, whole process | {times.peer.seconds()} | {times.peer.seconds_spread()} | "
                    f"{cold_n} | – | – |")
    return rows


def ratio_lines(times: Times) -> list[str]:
    if times.peer is None:
        return []
    pairs = Stat(times.pairs)
    return [
        "",
        (f"**Ratio**: gongwen-skill's `optimize` takes **{times.peer.median / times.cold.median:.1f}×** as long as "
        f"briefgen's whole command (process against process; per ABBA pair {pairs.spread('{:.1f}')}×), and "
        f"{times.peer.median / times.warm.median:.0f}× as long as briefgen's warm in-process call."),
    ]


def page_number_cell(summary: dict, wanted: str) -> str:
    """Side, distance in from the text's edge on that side, distance below the text, each with ✓/✗."""
    if not summary.get("pages"):
        return "none"
    side, below = summary["position"], summary["below_text_mm"]
    below_text = f"{below:.1f} mm below {tick(abs(below - GB_BELOW_MM) <= BELOW_TOLERANCE_MM)}"
    if side not in ("left", "right"):
        return f"{side} ✗, {below_text}"
    gap = summary["gap_to_right_edge_mm"] if side == "right" else summary["gap_to_left_edge_mm"]
    return f"{side} {tick(side == wanted)}, {gap:.1f} mm in {tick(abs(gap - GB_EDGE_MM) <= EDGE_TOLERANCE_MM)}, {below_text}"


def tick(ok: bool) -> str:
    return "✓" if ok else "✗"


def mark(value, wanted) -> str:
    return "–" if value is None else f"{value:g} {tick(value == wanted)}"


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


def printed_number(layout: dict) -> str:
    numbers = layout.get("page_numbers") or []
    if not numbers:
        return "none"
    text = numbers[0]["text"]
    return f"`{text}` {tick('—' in text)}"


def layout_rows(outputs: list[Output]) -> list[str]:
    """The layout table: one column per measured document, then GB/T 9704's requirement."""
    header = "| | " + " | ".join(o.name for o in outputs) + " | GB/T 9704 |"
    rows = [header, "| --- |" + " --- |" * (len(outputs) + 1)]

    def row(label: str, cell, requirement: str) -> None:
        rows.append(f"| {label} | " + " | ".join(cell(o) for o in outputs) + f" | {requirement} |")

    row("pages", lambda o: str(o.layout["pages"]), "–")
    row("lines per full page (median of the grid lines of pages 2 … n−1)",
        lambda o: mark(o.layout["lines_per_page"], GB_LINES) + f" ({o.layout['full_pages']} pages)", f"{GB_LINES}")
    row("characters per full line (median, lines without Latin letters or digits)",
        lambda o: mark(o.layout["chars_per_line"], GB_CHARS) + f" ({o.layout['full_lines']} full lines)",
        f"{GB_CHARS}")
    row("line pitch, pt", lambda o: f"{o.layout['line_pitch_pt']:.1f}", "28.95 (225 mm / 22)")
    row("text block: left edge / width, mm", lambda o: f"{o.layout['text_left_mm']:.1f} / {o.layout['text_width_mm']:.1f}",
        "28 / 156")
    row("page number, odd pages (side; from the text's edge; below the text)",
        lambda o: page_number_cell(o.layout["page_number_odd"], "right"),
        f"right, one character in (≈ {GB_EDGE_MM} mm), {GB_BELOW_MM:g} mm below the 版心")
    row("page number, even pages",
        lambda o: page_number_cell(o.layout["page_number_even"], "left"),
        f"left, one character in, {GB_BELOW_MM:g} mm below the 版心")
    row("page number as printed on page 1 (as pdftotext reads it)", lambda o: printed_number(o.layout),
        "4号 半角 digits between 一字线: `— 1 —`")
    row("footer has a PAGE field / own even-page footer", lambda o: f"{yes(o.footer['page_field'])} / {yes(o.footer['even_odd'])}",
        "– / (needed for odd right, even left)")
    row("non-empty paragraphs / 汉字", lambda o: f"{o.text['paragraphs']} / {o.text['hanzi']:,}", "–")
    row("paragraphs opening with a level-3 number (1. / 1、)", lambda o: str(o.text["level3"]), "–")
    return rows


def draft_line(draft: Path) -> str:
    texts = draft30.paragraphs(30)
    wrong = sum(1 for t in texts if re.match(r"^\d+、", t))
    return (f"Draft: `bench/draft30.py` `make_draft(path, pages=30)` ({draft.stat().st_size / 1024:.0f} KB): a 通知 of "
            f"{len(texts)} paragraphs, {sum(len(HANZI.findall(t)) for t in texts):,} 汉字, as an unformatted Word draft "
            "(A4, Word's default margins, every paragraph in Normal 宋体 五号 single spacing, a centred PAGE field) that "
            "fills about 30 pages once laid out at 22 × 28; headings of four levels run in as drafts have them, "
            f"{wrong} level-3 numbers written 「1、」, half-width commas between 汉字, ranges like 1-9月.")


def report(times: Times, outputs: list[Output], info: dict, runs: tuple[int, int]) -> str:
    """The section's body (between the markers)."""
    peer_version = info["gongwen-skill"]
    lines = [
        (f"Written by `python bench/format_bench.py` on {info['date']} UTC; section measured in {info['elapsed']:.0f} s. "
        f"Machine: {os.cpu_count()} cores ({info['cpu']}), load average {info['load_start']} at start, "
        f"{info['load_end']} at end (shared machine). Python {platform.python_version()}, briefgen {version('briefgen')} "
        f"({info['git']}), gongwen-skill {peer_version or 'not installed'} (its own venv, {peer_gongwen.venv()}), "
        f"{info['libreoffice']} (layout only)."),
        "",
        draft_line(info["draft"]),
        "",
        "### Time (without --render: no PDF)",
        "",
        *time_rows(times, runs, peer_version),
        *ratio_lines(times),
        "",
    ]
    if times.peer is None:
        lines += [f"gongwen-skill: **skipped** -- {peer_gongwen.install_hint()}", ""]
    lines += [
        ("The in-process figure is `format_file` after one untimed call in the same process (read, recognise, fix, "
        "write the .docx, atomic write to disk). The process figures are wall time from start to exit "
        "(`perf_counter` around `subprocess.run`), one untimed warm-up of each side, then briefgen and gongwen-skill "
        "alternating A B B A …; briefgen's processes run with Python's bytecode cache on in a folder of this run. "
        f"The command's output has the same word/document.xml as `format_file`'s: {yes(info['same_output'])}."),
        "",
        "### Measured layout",
        "",
        ("Each document converted to PDF by LibreOffice headless (briefgen's converter and font mapping), its lines "
        "read with `briefgen.check.measure.read_pages`, the figures by `bench/layout.py` `measure_layout`: a full page "
        "is any but the first and the last; a full line runs from the text's left to its right edge; the page "
        "number's distances are from the measured text block (the body's edges and its last line on the full "
        f"pages). ✓ = as GB/T 9704 asks (page number: ±{EDGE_TOLERANCE_MM} mm in from the edge, ±{BELOW_TOLERANCE_MM:g} mm "
        "below, briefgen's own tolerances)."),
        "",
        *layout_rows(outputs),
    ]
    return "\n".join(lines) + "\n"


# -- running ----------------------------------------------------------------------------------------


def measure_all(work: Path, quick: bool) -> tuple[Times, list[Output], dict]:
    runs = RUNS["quick" if quick else "full"]
    with_peer = peer_gongwen.peer_available()
    info = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"), "load_start": load_average(),
            "cpu": cpu_model(), "git": git_commit(), "gongwen-skill": peer_gongwen.peer_version() if with_peer else None}
    draft = draft30.make_draft(work / "draft.docx", pages=30)
    info["draft"] = draft
    print(f"draft: {draft}; peer {'present' if with_peer else 'skipped'}", flush=True)
    warm = time_warm(draft, work / "briefgen.docx", runs[0])
    print(f"warm: {warm.show('{:.3f}')} s", flush=True)
    cold, peer, pairs = time_processes(draft, work, runs[1], with_peer)
    print(f"cold: {cold.show('{:.3f}')} s; peer: {peer.show('{:.3f}') if peer else 'skipped'}", flush=True)
    info["same_output"] = same_document(work / "briefgen.docx", work / "briefgen-cli.docx")
    documents = [("draft (as given)", draft), ("briefgen format", work / "briefgen.docx")]
    if with_peer:
        documents.append(("gongwen-skill optimize", work / "gongwen.docx"))
    outputs = [measure(name, path, path.with_suffix(".pdf")) for name, path in documents]
    info["libreoffice"] = libreoffice_version()
    info["load_end"] = load_average()
    return Times(warm, cold, peer, pairs), outputs, info


def section(quick: bool = False, keep: Path | None = None) -> str:
    """The measured section's body; ``keep``: work in that folder and leave it."""
    started = time.perf_counter()
    work = keep or Path(tempfile.mkdtemp(prefix="briefgen-format-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        times, outputs, info = measure_all(work, quick)
        info["elapsed"] = time.perf_counter() - started
        return report(times, outputs, info, RUNS["quick" if quick else "full"])
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(quick: bool = False) -> str:
    """The Markdown section, heading and markers included (for bench/run.py)."""
    return SECTION.wrap(section(quick))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; printed, not written into RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (draft, outputs, PDFs)")
    args = parser.parse_args(argv)
    keep = Path(tempfile.mkdtemp(prefix="briefgen-format-bench-")) if args.keep else None
    body = section(args.quick, keep)
    print(SECTION.wrap(body))
    if keep is not None:
        print(f"work folder kept: {keep}")
    if not args.quick:
        SECTION.write(body, RESULTS)
        print(f"written into {RESULTS}")


if __name__ == "__main__":
    main()
