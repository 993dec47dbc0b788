"""公文工作台 benchmark: `briefgen serve` -- the preview of the bundled circular after upload, and validation feedback.

    python bench/web_bench.py            # full run (about 2 minutes on 2 cores), written into bench/RESULTS.md
    python bench/web_bench.py --quick    # fewer runs, printed only

``run(quick)`` returns the Markdown section (bench/run.py includes it). Without ``--quick`` the
section also replaces the text between ``<!-- web-bench:start -->`` and ``<!-- web-bench:end -->``
in bench/RESULTS.md (appended with its heading if missing).

What is measured (targets from the issue):

1. Preview through the web app: ``python -m briefgen serve --port <free>`` as a subprocess;
   ``POST /api/generate`` (kind=circular, data=examples/circular.xlsx), timed from sending the
   request until its JSON has arrived **and** the first page's PNG has been fetched. The app
   starts its kept-alive LibreOffice in a background thread when it is created; the script waits
   until that office's UNO pipe is open and LibreOffice is idle, then times the server's first
   preview on its own and the following ones (median, min–max). The first preview is measured on
   several fresh servers; one more set of fresh servers is asked as soon as they answer (the user
   who uploads while LibreOffice is still starting). Target: < 2 s.
2. The same conversion in this process, LibreOffice started per preview
   (``briefgen.docx.pdf.convert_to_pdf`` + ``page_pictures``, what the app falls back to without
   the UNO bridge) against a kept-alive ``Office().start()`` + ``to_pdf`` + ``page_pictures``,
   interleaved (ABBA), so the ratio is clear.
3. Validation: ``POST /api/validate`` with examples/circular_batch.xlsx (14 cities), one untimed
   warm-up, then timed runs. Target: < 0.5 s.

The server (and the LibreOffice it started) is stopped at the end, also on errors.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _path in (str(BENCH), str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from common import ResultsSection, Stat, cpu_model, load_average, version  # bench/ is on sys.path
from format_bench import git_commit, libreoffice_version

PREVIEW_TARGET_S = 2.0
VALIDATE_TARGET_S = 0.5
# runs: previews after the first on one server, fresh servers for the first preview (office ready),
# fresh servers asked at once, in-process conversions per side, validations
RUNS = {"full": {"later": 7, "first": 3, "at_once": 3, "inproc": 5, "validate": 10},
        "quick": {"later": 3, "first": 1, "at_once": 1, "inproc": 2, "validate": 4}}
CIRCULAR_XLSX = ROOT / "examples" / "circular.xlsx"
CIRCULAR_YAML = ROOT / "examples" / "circular.yaml"
BATCH_XLSX = ROOT / "examples" / "circular_batch.xlsx"  # 14 cities
RESULTS = BENCH / "RESULTS.md"
START, END = "<!-- web-bench:start -->", "<!-- web-bench:end -->"
HEADING = "## 公文工作台 (briefgen serve): preview and validation"
SECTION = ResultsSection(HEADING, START, END)
ANSWER_SECONDS = 60  # the server answering after launch
OFFICE_SECONDS = 90  # its LibreOffice's pipe open and LibreOffice idle
REQUEST_SECONDS = 120


# -- the server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """``python -m briefgen serve`` in its own process group; ``stop`` ends it and what it started."""

    work: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    launched: float = 0.0
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log = self.work / f"serve-{self.port}.log"
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.work / "pycache")
        self.launched = time.perf_counter()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "briefgen", "serve", "--port", str(self.port)], cwd=ROOT,
                                            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def wait_answering(self) -> float:
        """Seconds from launch until ``GET /api/kinds`` answers."""
        deadline = time.perf_counter() + ANSWER_SECONDS
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"briefgen serve exited ({self.process.returncode}): {self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/api/kinds", timeout=2) as response:
                    response.read()
                return time.perf_counter() - self.launched
            except (TimeoutError, urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        raise RuntimeError(f"briefgen serve did not answer within {ANSWER_SECONDS} s: {self.tail()}")

    def office_pipe(self) -> Path | None:
        """The UNO pipe of the office this server started (briefgen/docx/office.py names it
        ``briefgen-<pid>-…``; LibreOffice makes it /tmp/OSL_PIPE_<uid>_<name>), if open."""
        for pipe in Path("/tmp").glob(f"OSL_PIPE_*_briefgen-{self.process.pid}-*"):
            try:
                if pipe.stat().st_mtime >= time.time() - (time.perf_counter() - self.launched) - 1:
                    return pipe
            except OSError:
                pass
        return None

    def wait_office(self) -> float:
        """Seconds from launch until the kept-alive office's pipe is open and LibreOffice has been
        idle for 0.5 s (its start-up done; the bridge's worker connects within 0.1 s of the pipe)."""
        deadline = time.perf_counter() + OFFICE_SECONDS
        while self.office_pipe() is None:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the kept-alive office of briefgen serve did not open its pipe: {self.tail()}")
            time.sleep(0.05)
        opened = time.perf_counter() - self.launched
        wait_idle(self.process.pid, deadline)
        return opened

    def tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-1500:].strip() or "(no output)"
        except (OSError, AttributeError):
            return "(no output)"

    def stop(self) -> None:
        """Ctrl-C first (the app closes its office), then SIGTERM, SIGKILL to the process group."""
        process = self.process
        if process is None:
            return
        self.process = None
        for sig, seconds in ((signal.SIGINT, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if process.poll() is not None:
                break
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                pass
        try:  # anything left in the group (an office whose parent is gone)
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def descendants(pid: int) -> list:
    try:
        import psutil
    except ImportError:
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def cpu_seconds(processes: list) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(Exception):  # a process that ended meanwhile
            times = process.cpu_times()
            total += times.user + times.system
    return total


def wait_idle(pid: int, deadline: float, quiet_for: float = 0.5) -> None:
    """Until the processes below ``pid`` use under 2 % CPU over ``quiet_for`` seconds (1 s sleep without psutil)."""
    if not descendants(pid):
        time.sleep(1.0)
        return
    while time.perf_counter() < deadline:
        before = cpu_seconds(descendants(pid))
        time.sleep(quiet_for)
        if cpu_seconds(descendants(pid)) - before < 0.02 * quiet_for:
            return


# -- requests ---------------------------------------------------------------------------------------


def multipart(fields: dict[str, str], files: dict[str, Path]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, path in files.items():
        parts.append((f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{path.name}"\r\n'
                      "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(server: Server, path: str, body: bytes, content_type: str) -> dict:
    request = urllib.request.Request(server.base + path, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"POST {path}: HTTP {error.code}: {error.read()[:500].decode(errors='replace')}") from None


def get(server: Server, url: str) -> bytes:
    path = urllib.parse.quote(url, safe="/%?=&")  # the page names are Chinese (第1页.png)
    with urllib.request.urlopen(server.base + path, timeout=REQUEST_SECONDS) as response:
        return response.read()


@dataclass
class Preview:
    total: float  # request sent → JSON and the first page's PNG in hand
    json: float  # request sent → JSON in hand
    pages: int
    png_bytes: int


def preview(server: Server) -> Preview:
    body, content_type = multipart({"kind": "circular"}, {"data": CIRCULAR_XLSX})
    start = time.perf_counter()
    answer = post(server, "/api/generate", body, content_type)
    answered = time.perf_counter()
    if not answer.get("ok") or not answer.get("pages"):
        raise RuntimeError(f"/api/generate gave no pages: {json.dumps(answer, ensure_ascii=False)[:500]}")
    png = get(server, answer["pages"][0])
    done = time.perf_counter()
    if not png.startswith(b"\x89PNG"):
        raise RuntimeError("the first page is not a PNG")
    return Preview(done - start, answered - start, len(answer["pages"]), len(png))


def validation(server: Server, data: Path = BATCH_XLSX) -> tuple[float, dict]:
    body, content_type = multipart({"kind": "circular"}, {"data": data})
    start = time.perf_counter()
    answer = post(server, "/api/validate", body, content_type)
    seconds = time.perf_counter() - start
    if "ok" not in answer:
        raise RuntimeError(f"/api/validate gave no verdict: {json.dumps(answer, ensure_ascii=False)[:500]}")
    return seconds, answer


# -- the measurements -------------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, flush=True)


def measure_web(work: Path, runs: dict) -> dict:
    """Fresh servers, each once its office is ready: the first preview on its own (``first`` servers;
    on the first of them also the later previews and the validations); the page's flow (``first``
    servers: a first validation of the 14 cities, the validation the page sends when circular.xlsx
    is chosen, then the first preview); and the first preview sent as soon as a server answers
    (``at_once``)."""
    result = {"first": [], "later": [], "flow": [], "at_once": [], "answer": [], "office": [], "validate": [],
              "validate_first": [], "validate_answer": None}

    def fresh() -> Server:
        server = Server(work)
        server.start()
        result["answer"].append(server.wait_answering())
        return server

    warm = Server(work)  # untimed: fills this run's bytecode cache (every module the requests import) and the OS file cache
    try:
        warm.start()
        warm.wait_answering()
        warm.wait_office()
        validation(warm)
        preview(warm)
    finally:
        warm.stop()
    say("[web] untimed warm-up server done")
    for index in range(runs["first"]):
        server = fresh()
        try:
            result["office"].append(server.wait_office())
            first = preview(server)
            result["first"].append(first)
            say(f"[web] server {index + 1}: answers {result['answer'][-1]:.2f} s, office pipe {result['office'][-1]:.2f} s "
                f"after launch; first preview {first.total:.3f} s ({first.pages} pages)")
            if index == 0:
                for _ in range(runs["later"]):
                    result["later"].append(preview(server))
                say(f"[web] later previews: {Stat([p.total for p in result['later']]).show('{:.3f}')} s")
                validation(server)  # untimed warm-up
                for _ in range(runs["validate"]):
                    seconds, answer = validation(server)
                    result["validate"].append(seconds)
                    result["validate_answer"] = answer
                say(f"[web] validate: {Stat(result['validate']).show('{:.3f}')} s, answer ok={answer.get('ok')}, "
                    f"{len(answer.get('problems', []))} problem(s)")
        finally:
            server.stop()
    for index in range(runs["first"]):
        server = fresh()
        try:
            result["office"].append(server.wait_office())
            first_validation, _ = validation(server)
            chosen, _ = validation(server, CIRCULAR_XLSX)
            first = preview(server)
            result["validate_first"].append(first_validation)
            result["flow"].append((chosen, first))
            say(f"[web] page flow, server {index + 1}: first validation (14 cities) {first_validation:.3f} s, "
                f"validation of circular.xlsx {chosen:.3f} s, then first preview {first.total:.3f} s")
        finally:
            server.stop()
    for index in range(runs["at_once"]):
        server = fresh()
        try:
            first = preview(server)
            result["at_once"].append((result["answer"][-1], first))
            say(f"[web] server asked at once ({result['answer'][-1]:.2f} s after launch): first preview {first.total:.3f} s")
        finally:
            server.stop()
    return result


def measure_in_process(work: Path, runs: int) -> dict:
    """LibreOffice started per preview against a kept-alive ``Office``, interleaved A B B A …"""
    from briefgen.api import render_bytes
    from briefgen.docx.office import Office, page_pictures
    from briefgen.docx.pdf import convert_to_pdf

    docx = work / "circular.docx"
    docx.write_bytes(render_bytes("circular", str(CIRCULAR_YAML)))
    office = Office()
    try:
        started = time.perf_counter()
        if not office.start():
            raise RuntimeError("Office().start() failed: no LibreOffice or no Python with its UNO bridge (python3-uno)")
        start_seconds = time.perf_counter() - started
        counter = iter(range(10**6))

        def per_preview() -> float:
            folder = work / f"fresh-{next(counter)}"
            begin = time.perf_counter()
            pdf = convert_to_pdf([docx], folder)[docx]
            page_pictures(pdf, folder / "pages")
            return time.perf_counter() - begin

        def kept_alive() -> float:
            folder = work / f"kept-{next(counter)}"
            folder.mkdir()
            begin = time.perf_counter()
            pdf = office.to_pdf(docx, folder / "document.pdf")
            page_pictures(pdf, folder / "pages")
            return time.perf_counter() - begin

        first_kept = kept_alive()  # the office's first document
        per_preview()  # untimed warm-up (OS file cache)
        sides = {"per": per_preview, "kept": kept_alive}
        times: dict[str, list[float]] = {"per": [], "kept": []}
        for index in range(runs):
            for key in ("per", "kept") if index % 2 == 0 else ("kept", "per"):
                times[key].append(sides[key]())
        if not office.kept_alive:
            raise RuntimeError("the kept-alive office fell back to per-conversion LibreOffice during the run")
        return {"start": start_seconds, "first_kept": first_kept, "per": Stat(times["per"]), "kept": Stat(times["kept"]),
                "pairs": [p / k for p, k in zip(times["per"], times["kept"])]}
    finally:
        office.close()
        shutil.rmtree(office._work, ignore_errors=True)


# -- the report -------------------------------------------------------------------------------------


def servers(stat: Stat) -> str:
    return f"{len(stat.values)} server" + ("s" if len(stat.values) != 1 else "")


def verdict(seconds: float, target: float) -> str:
    if seconds < target:
        return f"met ({target - seconds:.3f} s under)"
    return f"**missed** ({seconds - target:.3f} s over)"


def report(web: dict, inproc: dict, info: dict, runs: dict) -> str:
    first = Stat([p.total for p in web["first"]])
    first_json = Stat([p.json for p in web["first"]])
    later = Stat([p.total for p in web["later"]])
    later_json = Stat([p.json for p in web["later"]])
    flow = Stat([p.total for _, p in web["flow"]])
    flow_chosen = Stat([c for c, _ in web["flow"]])
    valid_first = Stat(web["validate_first"])
    at_once = Stat([p.total for _, p in web["at_once"]])
    at_once_from_launch = Stat([a + p.total for a, p in web["at_once"]])
    answer, office = Stat(web["answer"]), Stat(web["office"])
    valid = Stat(web["validate"])
    sample = web["first"][0]
    checked = web["validate_answer"] or {}
    per, kept = inproc["per"], inproc["kept"]
    pairs = Stat(inproc["pairs"])

    def cell(stat: Stat) -> str:
        return f"{stat.seconds()} | {stat.seconds_spread()}"

    lines = [
        (f"Written by `python bench/web_bench.py` on {info['date']} UTC; section measured in {info['elapsed']:.0f} s. "
         f"Machine: {os.cpu_count()} cores ({info['cpu']}), load average {info['load_start']} at start, "
         f"{info['load_end']} at end (shared machine; nothing else of this run measured meanwhile). Python "
         f"{platform.python_version()}, briefgen {version('briefgen')} ({info['git']}), Flask {version('flask')}, "
         f"waitress {version('waitress')}, {info['libreoffice']}, UNO bridge through `{info['uno_python']}`."),
        "",
        ("**What was chosen**: the app keeps one LibreOffice running for its previews (`briefgen/docx/office.py` "
        "`Office`): LibreOffice headless listening on a private pipe, driven through python3-uno's bridge by a small "
        "worker in the Python that has `uno` (`office_worker.py`, one JSON request a line); `create_app` starts it "
        "in a background thread, so the server answers at once and the office is usually ready before the first "
        "upload. Without LibreOffice's UNO bridge (or if that office dies or hangs) each preview starts LibreOffice "
        "afresh (`convert_to_pdf`, as `render --pdf`). A preview is then `pdftoppm` at 60 dpi of the first 12 pages."),
        "",
        (f"Document: the bundled circular from `examples/circular.xlsx` ({sample.pages} pages; first page PNG "
        f"{sample.png_bytes / 1024:.0f} KB). Each preview is timed from sending `POST /api/generate` (multipart "
        "kind=circular, data=circular.xlsx) until its JSON has arrived and the first page's PNG (`GET` of "
        "`pages[0]`) has been read -- what the page waits for before it shows the preview. Every server is a fresh "
        "`python -m briefgen serve --port <free>` process, Python's bytecode cache on in this run's folder, filled by "
        "one untimed warm-up server first (as an installed package has its .pyc files); one server at a time."),
        "",
        "### Preview through `briefgen serve`",
        "",
        "| measurement | median | min–max | runs | target | result |",
        "| --- | ---: | --- | ---: | --- | --- |",
        (f"| first preview of a fresh server, its office ready | {cell(first)} | {servers(first)} | "
         f"< {PREVIEW_TARGET_S:g} s | {verdict(first.median, PREVIEW_TARGET_S)} |"),
        (f"| later previews (2nd … {len(later.values) + 1}th on the same server) | {cell(later)} | {len(later.values)} | "
         f"< {PREVIEW_TARGET_S:g} s, faster than the first | {verdict(later.median, PREVIEW_TARGET_S)}; "
         f"{'faster' if later.median < first.median else '**not faster**'}: the first takes "
         f"{first.median / later.median:.2f}× as long |"),
        (f"| of which until the JSON arrived: first / later | {first_json.seconds()} / {later_json.seconds()} | "
        f"{first_json.seconds_spread()} / {later_json.seconds_spread()} | | – | – |"),
        (f"| first preview of a fresh server in the page's flow (after the `/api/validate` the page sends when a "
         f"workbook is chosen) | {cell(flow)} | {servers(flow)} | < {PREVIEW_TARGET_S:g} s | "
         f"{verdict(flow.median, PREVIEW_TARGET_S)} |"),
        (f"| first preview sent as soon as a fresh server answers (office still starting) | {cell(at_once)} | "
         f"{servers(at_once)} | (reported) | {'under' if at_once.median < PREVIEW_TARGET_S else 'over'} "
         f"{PREVIEW_TARGET_S:g} s |"),
        "",
        (f"A fresh server answered {answer.median:.2f} s after launch (median, {answer.spread()} s, "
         f"{servers(answer)}); its office's pipe was open {office.median:.2f} s after launch "
         f"({office.spread()} s). \"Office ready\": that pipe open (`/tmp/OSL_PIPE_<uid>_briefgen-<pid>-…`) and "
         "LibreOffice's processes idle for 0.5 s; then the first preview. The user who uploads at once waits "
         f"{at_once_from_launch.median:.2f} s from the server's launch (median) -- the preview joins the office's "
         "start-up, which the lock in `Office` makes it wait for, rather than starting a second LibreOffice."),
        "",
        "### LibreOffice started per preview against kept alive (in-process)",
        "",
        ("The same circular rendered with `briefgen.api.render_bytes(\"circular\", \"examples/circular.yaml\")`, then "
         "PDF and page pictures in this process: per preview `convert_to_pdf([docx], out)` + `page_pictures(pdf, …)`; "
         "kept alive `Office().start()` once, then `office.to_pdf(docx, pdf)` + `page_pictures(pdf, …)`. One untimed "
         "run of each, then the two alternating A B B A …"),
        "",
        "| measurement | median | min–max | runs |",
        "| --- | ---: | --- | ---: |",
        f"| LibreOffice started per preview (the fallback) | {cell(per)} | {len(per.values)} |",
        f"| kept-alive LibreOffice, through the UNO bridge | {cell(kept)} | {len(kept.values)} |",
        f"| `Office().start()` (once, when the app is created) | {inproc['start']:.3f} s | – | 1 |",
        f"| kept-alive office's first document after its start (untimed run above) | {inproc['first_kept']:.3f} s | – | 1 |",
        "",
        (f"**Ratio**: starting LibreOffice per preview takes **{per.median / kept.median:.1f}×** as long as the "
         f"kept-alive office (per A/B pair {pairs.spread('{:.1f}')}×)."),
        "",
        "### Validation feedback",
        "",
        "| measurement | median | min–max | runs | target | result |",
        "| --- | ---: | --- | ---: | --- | --- |",
        (f"| `POST /api/validate` kind=circular, `examples/circular_batch.xlsx` (14 cities, "
         f"{BATCH_XLSX.stat().st_size / 1024:.0f} KB), request sent → JSON | {cell(valid)} | {len(valid.values)} | "
         f"< {VALIDATE_TARGET_S:g} s | {verdict(valid.median, VALIDATE_TARGET_S)} |"),
        (f"| the same, first request of a fresh server (its office ready) | {cell(valid_first)} | "
         f"{servers(valid_first)} | < {VALIDATE_TARGET_S:g} s | {verdict(valid_first.median, VALIDATE_TARGET_S)} |"),
        (f"| then the page's validation of `examples/circular.xlsx` (before the page-flow preview above) | "
         f"{cell(flow_chosen)} | {servers(flow_chosen)} | < {VALIDATE_TARGET_S:g} s | "
         f"{verdict(flow_chosen.median, VALIDATE_TARGET_S)} |"),
        "",
        (f"The first row: after one untimed warm-up, on the server of the later previews above. Its answer: "
         f"ok={checked.get('ok')}, {len(checked.get('problems', []))} problem(s). The first request of a fresh "
         "server also pays the imports and the template's first load in the server process."),
        "",
        ("Reproduce: `python bench/web_bench.py` (this section of RESULTS.md; `--quick` for fewer runs, printed only). "
        "Needs LibreOffice, poppler-utils and python3-uno (scripts/setup-debian.sh)."),
    ]
    return "\n".join(lines) + "\n"


# -- running ----------------------------------------------------------------------------------------


def section(quick: bool = False) -> str:
    """The measured section's body (between the markers)."""
    from briefgen.docx.office import uno_python

    started = time.perf_counter()
    runs = RUNS["quick" if quick else "full"]
    info = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"), "load_start": load_average(),
            "cpu": cpu_model(), "git": git_commit(), "libreoffice": libreoffice_version(),
            "uno_python": uno_python() or "none"}
    work = Path(tempfile.mkdtemp(prefix="briefgen-web-bench-"))
    try:
        web = measure_web(work, runs)
        inproc = measure_in_process(work, runs["inproc"])
        say(f"[in-process] per preview {inproc['per'].show('{:.3f}')} s, kept alive {inproc['kept'].show('{:.3f}')} s")
        info["load_end"] = load_average()
        info["elapsed"] = time.perf_counter() - started
        return report(web, inproc, info, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(quick: bool = False) -> str:
    """The Markdown section, heading and markers included (for bench/run.py)."""
    return SECTION.wrap(section(quick))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; printed, not written into RESULTS.md")
    args = parser.parse_args(argv)
    body = section(args.quick)
    print(SECTION.wrap(body))
    if not args.quick:
        SECTION.write(body, RESULTS)
        print(f"written into {RESULTS}")


if __name__ == "__main__":
    main()
