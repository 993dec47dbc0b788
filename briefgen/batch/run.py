"""Run a batch: plan, render every job through an executor, write files and the manifest, then extras.

One document per record of a table (one circular per city), in parallel, with bad records
isolated, atomic writes, a manifest for --resume, and optional combined volume, zip and PDFs.
See docs/batch.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sys
import threading
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..document.standard import Style
from ..errors import OutputError
from ..files import atomic_write
from ..template.catalog import find_template
from .guard import folder_lock, record_written, remove_leftovers, sort_out
from .jobs import Executor, Job, JobError, Work
from .manifest import EDITED, ERROR_COLUMNS, ERRORS, FAILED, GENERATED, MANIFEST, MANIFEST_COLUMNS, PARTIAL_MANIFEST, UNCHANGED, Failure, Outcome, PartialManifest, csv_bytes, file_sha256, manifest_row
from .plan import BatchOptions, plan

PDF_CHUNK = 100  # documents per LibreOffice call
MANIFEST_JSON = "manifest.json"


class BatchInterrupted(OutputError):
    """Ctrl-C or a kill during a batch; what was finished is complete and recorded."""

    exit_code = 130


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    extra_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the data (unknown columns ...)
    stale: list[str] = field(default_factory=list)  # documents made before for records no longer in the data

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)


class Progress:
    """A progress bar on a terminal; plain lines every few seconds otherwise."""

    def __init__(self, total: int, stream=None, interval: float = 2.0):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval, self.last = interval, 0.0

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.tty or now - self.last >= self.interval or self.done == self.total:
            self.last = now
            self.show(now)

    def show(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        text = f"已完成 {self.done}/{self.total}（{self.done * 100 // max(self.total, 1)}%），每秒 {rate:.1f} 份，预计还需 {left:.0f} 秒"
        if self.tty:
            filled = self.done * 30 // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {text}   ")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def executor_for(options: BatchOptions) -> Executor:
    """The executor the options ask for; each depends on the batch core (``jobs``), not on this."""
    if options.executor == "dask":
        from .dask import dask_executor

        return dask_executor(options.scheduler)
    from .pool import pool_executor

    return pool_executor(options.workers or os.cpu_count() or 1)


def planned_extras(jobs: list[Job], options: BatchOptions) -> list[Path]:
    """Every file besides the documents that this run will write."""
    out = options.out_dir
    extras = [out / MANIFEST, out / ERRORS]
    if options.json_manifest:
        extras.append(out / MANIFEST_JSON)
    if options.make_zip:
        extras.append(zip_path(options))
    if options.combined is not None:
        extras.append(options.combined)
    if options.pdf:
        extras += [(out / job.file).with_suffix(".pdf") for job in jobs]
    return extras


def zip_path(options: BatchOptions) -> Path:
    return options.out_dir.with_name(options.out_dir.name + ".zip")


def run_batch(template: str | Path, data_files: list[Path], options: BatchOptions) -> BatchResult:
    from ..api import style_for

    started = time.monotonic()
    info = find_template(template)
    shared, jobs, failures = plan(info, data_files, options)
    warnings = list(getattr(shared, "warnings", ()))
    if failures and options.strict:
        return BatchResult([], failures, time.monotonic() - started, warnings=warnings)
    # Created only now: a batch that cannot start leaves no empty folder behind.
    options.out_dir.mkdir(parents=True, exist_ok=True)
    with folder_lock(options.out_dir), _terminate_as_interrupt():
        inventory = sort_out(jobs, planned_extras(jobs, options), options.out_dir, options.force, options.resume)
        remove_leftovers(options.out_dir, {job.file for job in jobs} | {path.name for path in planned_extras(jobs, options)})
        result = BatchResult([], failures, warnings=warnings, stale=inventory.stale)
        result.outcomes += [Outcome(job, EDITED, note="上次生成后被修改过，加 --force 才覆盖") for job in inventory.edited]
        edited = {id(job) for job in inventory.edited}
        _execute([job for job in jobs if id(job) not in edited], info, style_for(info), shared, options, result)
        result.outcomes.sort(key=lambda outcome: outcome.job.index)
        result.failures.sort(key=lambda failure: failure.position)  # table order, as the user reads it
        _finish(result, options, style_for(info))
    result.seconds = time.monotonic() - started
    return result


@contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a service stopping, kill) ends the batch as Ctrl-C does: what was finished is
    kept and recorded, the workers are stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _execute(to_run: list[Job], info, style: Style, shared, options: BatchOptions, result: BatchResult) -> None:
    """Render ``to_run`` through the chosen executor; write each document as it arrives."""
    progress = Progress(len(to_run))
    partial = PartialManifest(options.out_dir / PARTIAL_MANIFEST)

    def on_done(job: Job, digest: str, content: bytes | None, error: JobError | None) -> None:
        if error is not None:
            result.failures.append(Failure(job.key, error.where, error.field, error.message, job.position))
            result.outcomes.append(Outcome(job, FAILED, note=error.message))
        elif content is None:
            outcome = Outcome(job, UNCHANGED, digest, file_sha256(options.out_dir / job.file))
            result.outcomes.append(outcome)
            partial.add(outcome)
        else:
            # The manifest row first, then the file: a run killed in between leaves a row
            # whose file is missing or differs, which --resume makes again.
            outcome = Outcome(job, GENERATED, digest, hashlib.sha256(content).hexdigest())
            partial.add(outcome)
            atomic_write(options.out_dir / job.file, content, force=True)
            result.outcomes.append(outcome)
        progress.advance()

    try:
        executor_for(options)(to_run, Work(info, style, shared), on_done)
    except KeyboardInterrupt:
        # A stop that came in the middle of a write (between creating its temporary file and
        # the handler that removes it) leaves that file: the main process is the only writer
        # and writes nothing now, so what is left of this run's files goes (seen under load).
        remove_leftovers(options.out_dir, {job.file for job in to_run} | {PARTIAL_MANIFEST})
        done = result.count(GENERATED) + result.count(UNCHANGED)
        raise BatchInterrupted(
            f"已中止：已完成的 {done} 份文件完整保留，未完成的没有留下半截文件。",
            where=str(options.out_dir),
            hint="用同样的命令加 --resume 继续，只生成尚未完成的文件。",
        ) from None
    finally:
        partial.close()


def _manifest_rows(result: BatchResult) -> list[list[str]]:
    """A row per document made or failed, and per record that failed its check (no file), in
    table order."""
    rows = [(outcome.job.position, manifest_row(outcome)) for outcome in result.outcomes]
    rendered = {outcome.job.key for outcome in result.outcomes}
    unchecked: dict[str, Failure] = {}
    for failure in result.failures:
        if failure.key not in rendered:
            unchecked.setdefault(failure.key, failure)
    rows += [(failure.position, ["", failure.key, "", "", FAILED, failure.reason]) for failure in unchecked.values()]
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _pdfs(result: BatchResult, options: BatchOptions, present: list[Path]) -> None:
    """A PDF beside each document. The documents made in this run have their 版记 moved to an
    even page where LibreOffice put it on an odd one (so their hash is taken again); a
    document edited by hand, or left from an earlier run, is converted as it is."""
    from ..docx.pdf import pdfs_beside

    made_now = {options.out_dir / o.job.file: o for o in result.outcomes if o.status == GENERATED}
    for start in range(0, len(present), PDF_CHUNK):
        result.extra_files += pdfs_beside(present[start : start + PDF_CHUNK], force=True, ours=set(made_now))
    for path, outcome in made_now.items():
        outcome.sha256 = file_sha256(path)


def _finish(result: BatchResult, options: BatchOptions, style: Style) -> None:
    out = options.out_dir
    # A document corrected by hand belongs in the volume, the PDFs and the zip as it now is.
    present = [out / o.job.file for o in result.outcomes if o.status in (GENERATED, UNCHANGED, EDITED)]
    if options.combined is not None and present:
        # Before the PDFs: a document whose 版记 they move gains a section, and the volume
        # restarts page numbers in each document's first section (its only one, here).
        from ..docx.write import combine_docx

        volume = combine_docx([path.read_bytes() for path in present], style, options.restart_page_numbers)
        atomic_write(options.combined, volume, force=True)  # sort_out has approved it
        result.extra_files.append(options.combined)
    if options.pdf and present:
        _pdfs(result, options, present)
    rows = _manifest_rows(result)
    atomic_write(out / MANIFEST, csv_bytes(MANIFEST_COLUMNS, rows), force=True)
    (out / PARTIAL_MANIFEST).unlink(missing_ok=True)
    if options.json_manifest:
        manifest_json = [dict(zip(MANIFEST_COLUMNS, row)) for row in rows]
        atomic_write(out / MANIFEST_JSON, json.dumps(manifest_json, ensure_ascii=False, indent=2).encode("utf-8"), force=True)
    errors = out / ERRORS
    if result.failures:
        atomic_write(errors, csv_bytes(ERROR_COLUMNS, ([f.key, f.where, f.field, f.reason] for f in result.failures)), force=True)
    else:
        errors.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
    made = [out / o.job.file for o in result.outcomes if o.status in (GENERATED, UNCHANGED)]
    if options.make_zip:
        archive = zip_path(options)
        atomic_write(archive, _zip_folder(out, present + [p for p in result.extra_files if p.parent == out]), force=True)
        result.extra_files.append(archive)
    record = [out / MANIFEST, out / ERRORS, out / MANIFEST_JSON]
    record_written(out, made + result.extra_files + record)


def _zip_folder(folder: Path, files: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(set(files + [folder / MANIFEST, folder / ERRORS])):
            if path.is_file():
                archive.write(path, path.name)
    return buffer.getvalue()
