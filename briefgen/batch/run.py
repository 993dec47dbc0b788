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
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..document.standard import Style
from ..errors import OutputError
from ..files import atomic_write, check_writable, remove_stale_temporaries
from ..template.catalog import find_template
from .jobs import Executor, Job, JobError, Work
from .manifest import ERROR_COLUMNS, ERRORS, FAILED, GENERATED, MANIFEST, MANIFEST_COLUMNS, PARTIAL_MANIFEST, UNCHANGED, Failure, Outcome, PartialManifest, csv_bytes, file_sha256, manifest_row
from .plan import BatchOptions, plan, sort_out

PDF_CHUNK = 100  # documents per LibreOffice call


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


def run_batch(template: str | Path, data_files: list[Path], options: BatchOptions) -> BatchResult:
    from ..api import style_for

    started = time.monotonic()
    info = find_template(template)
    shared, jobs, failures = plan(info, data_files, options)
    warnings = list(getattr(shared, "warnings", ()))
    if failures and options.strict:
        return BatchResult([], failures, time.monotonic() - started, warnings=warnings)
    for extra in (options.combined,):
        if extra is not None and jobs:
            check_writable(extra, options.force)
    # Created only now: a batch that cannot start leaves no empty folder behind.
    options.out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(options.out_dir)
    sort_out(jobs, options)
    to_run = jobs
    result = BatchResult([], failures, warnings=warnings)
    style = style_for(info)
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
        done = result.count(GENERATED) + result.count(UNCHANGED)
        raise BatchInterrupted(
            f"已中止：已完成的 {done} 份文件完整保留，未完成的没有留下半截文件。",
            where=str(options.out_dir),
            hint="用同样的命令加 --resume 继续，只生成尚未完成的文件。",
        ) from None
    finally:
        partial.close()
    result.outcomes.sort(key=lambda outcome: outcome.job.index)
    result.failures.sort(key=lambda failure: failure.position)  # table order, as the user reads it
    _finish(result, options, style)
    result.seconds = time.monotonic() - started
    return result


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


def _finish(result: BatchResult, options: BatchOptions, style: Style) -> None:
    out = options.out_dir
    rows = _manifest_rows(result)
    atomic_write(out / MANIFEST, csv_bytes(MANIFEST_COLUMNS, rows), force=True)
    (out / PARTIAL_MANIFEST).unlink(missing_ok=True)
    if options.json_manifest:
        manifest_json = [dict(zip(MANIFEST_COLUMNS, row)) for row in rows]
        atomic_write(out / "manifest.json", json.dumps(manifest_json, ensure_ascii=False, indent=2).encode("utf-8"), force=True)
    errors = out / ERRORS
    if result.failures:
        atomic_write(errors, csv_bytes(ERROR_COLUMNS, ([f.key, f.where, f.field, f.reason] for f in result.failures)), force=True)
    else:
        errors.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
    made = [out / o.job.file for o in result.outcomes if o.status in (GENERATED, UNCHANGED)]
    if options.combined is not None and made:
        from ..docx.write import combine_docx

        volume = combine_docx([path.read_bytes() for path in made], style, options.restart_page_numbers)
        atomic_write(options.combined, volume, force=options.force)
        result.extra_files.append(options.combined)
    if options.pdf and made:
        from ..docx.pdf import pdfs_beside

        for start in range(0, len(made), PDF_CHUNK):
            result.extra_files += pdfs_beside(made[start : start + PDF_CHUNK], force=True)
    if options.make_zip:
        archive = out.with_name(out.name + ".zip")
        atomic_write(archive, _zip_folder(out, made + [p for p in result.extra_files if p.parent == out]), force=True)
        result.extra_files.append(archive)


def _zip_folder(folder: Path, files: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(set(files + [folder / MANIFEST, folder / ERRORS])):
            if path.is_file():
                archive.write(path, path.name)
    return buffer.getvalue()
