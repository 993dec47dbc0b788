"""Batch production: one document per record of a table (one circular per city), in parallel,
with bad records isolated, atomic writes, a manifest for --resume, and optional combined
volume, zip and PDFs. See docs/batch.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
import sys
import time
import zipfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import __version__
from .catalog import TemplateInfo, find_template
from .errors import DataError, OutputError
from .files import atomic_write, check_writable, remove_stale_temporaries, safe_filename
from .load import DataDict, DataList, load_all, problems_error
from .number import number_headings
from .parse import parse_markup
from .render import render_markup
from .standard import Style

RECORD = "记录"  # the current record, as templates see it
INDEX = "批次序号"  # 1-based position of the record in the batch
MANIFEST, PARTIAL_MANIFEST, ERRORS = "manifest.csv", ".manifest.partial.csv", "errors.csv"
MANIFEST_COLUMNS = ["文件", "记录", "内容哈希", "文件SHA256", "状态", "说明"]
ERROR_COLUMNS = ["记录", "位置", "字段", "原因"]
GENERATED, UNCHANGED, FAILED = "已生成", "未变", "失败"
PDF_CHUNK = 100  # documents per LibreOffice call


class BatchInterrupted(OutputError):
    """Ctrl-C or a kill during a batch; what was finished is complete and recorded."""

    exit_code = 130


@dataclass
class Job:
    """One document to make: its record and what differs from the shared data."""

    index: int
    key: str
    file: str
    record: dict[str, Any]
    extras: dict[str, Any]  # 批次序号, and the 发文字号 number when numbered
    previous_hash: str = ""  # with --resume: the content hash of the intact file already there


def document_data(shared: dict[str, Any], job: Job) -> dict[str, Any]:
    """What the template sees for one document: the shared data, the record as 记录, extras."""
    data = dict(shared)
    data[RECORD] = job.record
    data.update(job.extras)
    return data


@dataclass
class Failure:
    key: str
    where: str
    field: str
    reason: str


@dataclass
class Outcome:
    job: Job
    status: str
    content_hash: str = ""
    sha256: str = ""
    note: str = ""


@dataclass
class BatchOptions:
    each: str
    out_dir: Path
    name: str = ""  # file name pattern, e.g. "{名称}通报.docx"
    key: str = ""  # the field that names a record
    number: tuple[str, int] | None = None  # (field, start): 发文字号 sequence
    workers: int = 0
    strict: bool = False
    force: bool = False
    resume: bool = False
    combined: Path | None = None
    restart_page_numbers: bool = True
    make_zip: bool = False
    pdf: bool = False
    executor: str = "local"
    scheduler: str = ""
    json_manifest: bool = False


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    extra_files: list[Path] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)


# -- planning ---------------------------------------------------------------------------------


def _table(data: DataDict, each: str) -> DataList:
    node: Any = data
    for part in each.split("."):
        if not isinstance(node, dict) or part not in node:
            raise DataError(
                f"数据中没有名为「{each}」的表格，无法逐条生成。",
                where=data.source,
                hint="--each 应写工作表名或数据中列表字段的名字，如 --each 城市。",
            )
        node = node[part]
    if not isinstance(node, list) or not node or not all(isinstance(item, dict) for item in node):
        raise DataError(f"「{each}」不是一张有记录的表格。", where=data.source, hint="请检查 --each 指定的字段。")
    return node


def _list_schema(schema: dict[str, Any] | None, each: str) -> dict[str, Any]:
    node = schema or {}
    for part in each.split("."):
        node = node.get("properties", {}).get(part, {})
    return node


def _key_field(records: list[dict[str, Any]], list_schema: dict[str, Any], chosen: str) -> str:
    if chosen:
        return chosen
    return list_schema.get("x-unique") or next(iter(records[0]), "")


def _check_records(
    records: DataList, list_schema: dict[str, Any], key: str, read_problems: list[str]
) -> tuple[list[DataDict], list[Failure]]:
    """Each record checked on its own; duplicates of the key are failures of the later record."""
    from .validate import record_problems

    good, failures, seen = [], [], {}
    item_schema = list_schema.get("items", {})
    by_row = _problems_by_row(read_problems)
    for position, record in enumerate(records, start=1):
        label = str(record.get(key, f"第 {position} 条"))
        problems = [Failure(label, p.where, p.title or p.path, p.message) for p in record_problems(record, item_schema)] if item_schema else []
        problems += [Failure(label, where, "", reason) for where, reason in by_row.get(_row_of(record.where()), [])]
        if label in seen and not problems:
            problems.append(Failure(label, record.where(key), key, f"与 {seen[label]} 的记录重复，无法区分两份文件"))
        seen.setdefault(label, record.where(key))
        if problems:
            failures += problems
        else:
            good.append(record)
    return good, failures


def _row_of(where: str) -> str:
    """"f.xlsx 城市!C7" → "f.xlsx 城市!7" (the sheet and row of a cell)."""
    head, _, cell = where.rpartition("!")
    return f"{head}!{cell.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}" if head else where


def _problems_by_row(problems: list[str]) -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for problem in problems:
        where, _, reason = problem.partition("：")
        rows.setdefault(_row_of(where), []).append((where, reason))
    return rows


def template_fingerprint(info: TemplateInfo, style: Style) -> str:
    """Changes when the template, its schema, the style or briefgen changes."""
    digest = hashlib.sha256(f"{__version__}{style!r}".encode())
    files = sorted(p for p in info.folder.rglob("*") if p.is_file())
    for path in files + ([info.schema] if info.schema else []):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(fingerprint: str, markup: str) -> str:
    """What decides a document's bytes: the template (fingerprint) and the markup the data made
    of it. Data the document does not show (another city's 做法) does not change it."""
    return hashlib.sha256((fingerprint + markup).encode("utf-8")).hexdigest()


def plan(info: TemplateInfo, data_files: list[Path], options: BatchOptions) -> tuple[dict[str, Any], list[Job], list[Failure]]:
    """Load, check and name every document before anything is written."""
    from .validate import load_schema, validate

    data = load_all(data_files)
    schema = load_schema(info.schema) if info.schema else None
    records = _table(data, options.each)
    list_schema = _list_schema(schema, options.each)
    key = _key_field(records, list_schema, options.key)
    good, failures = _check_records(records, list_schema, key, data.problems)
    if not good:
        raise problems_error([f"{f.where}：{f.field}{f.reason}" for f in failures], data.source, hint="没有一条记录可以生成。")
    records[:] = good  # the shared data sees only the good records (e.g. for province totals)
    data.problems = [p for p in data.problems if not any(p.startswith(f.where) for f in failures)]
    if schema is not None:
        validate(data, schema)
    elif data.problems:
        raise problems_error(data.problems, data.source)
    jobs = []
    for index, record in enumerate(good, start=1):
        extras: dict[str, Any] = {INDEX: index}
        if options.number:
            field_name, start = options.number
            extras[field_name] = start + index - 1
        name = _file_name(options.name, record, key, {**data, **extras})
        jobs.append(Job(index, str(record.get(key, index)), name, record, extras))
    _check_names(jobs)
    return data, jobs, failures


def _file_name(pattern: str, record: dict[str, Any], key: str, data: dict[str, Any]) -> str:
    fields = {**{k: v for k, v in data.items() if not isinstance(v, (dict, list))}, **record}
    pattern = pattern or f"{{{key}}}.docx"
    try:
        return safe_filename(pattern.format_map(fields))
    except KeyError as missing:
        raise DataError(
            f"文件名模板「{pattern}」中的字段 {missing} 在记录中不存在。",
            hint=f"可用的字段有：{'、'.join(map(str, record))}、{INDEX}。",
        ) from None
    except (ValueError, IndexError) as exc:
        raise DataError(f"文件名模板「{pattern}」写法有误：{exc}。", hint="字段名写在花括号中，如 {名称}通报.docx。") from None


def _check_names(jobs: list[Job]) -> None:
    seen: dict[str, Job] = {}
    for job in jobs:
        folded = job.file.casefold()
        if folded in seen:
            raise OutputError(
                f"记录「{seen[folded].key}」和「{job.key}」的文件名都是「{job.file}」，会互相覆盖；没有写出任何文件。",
                hint="请在 --name 中加入能区分记录的字段，如 {名称} 或 {批次序号}。",
            )
        seen[folded] = job


# -- the manifest -------------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """File name → manifest row, from a finished run and from an interrupted one."""
    rows: dict[str, dict[str, str]] = {}
    for name in (MANIFEST, PARTIAL_MANIFEST):
        path = out_dir / name
        if path.is_file():
            with open(path, encoding="utf-8-sig", newline="") as stream:
                for row in csv.DictReader(stream):
                    if row.get("文件"):
                        rows[row["文件"]] = row
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sort_out(jobs: list[Job], options: BatchOptions) -> None:
    """Refuse to overwrite what this tool did not make, unless --force; with --resume, note the
    content hash of each intact file made before, so that an unchanged document is not rewritten."""
    manifest = read_manifest(options.out_dir) if options.resume else {}
    blocked = []
    for job in jobs:
        target = options.out_dir / job.file
        row = manifest.get(job.file)
        if row and target.is_file() and row.get("文件SHA256") == _sha256(target):
            job.previous_hash = row.get("内容哈希", "")
        if target.exists() and not options.force and not (options.resume and row):
            blocked.append(job.file)
    if blocked:
        listed = "、".join(blocked[:5]) + (f" 等 {len(blocked)} 个" if len(blocked) > 5 else "")
        raise OutputError(
            f"输出文件夹中已有同名文件：{listed}；没有写出任何文件。",
            where=str(options.out_dir),
            hint="如需覆盖，请加 --force；继续上次未完成的批量生成，请加 --resume。",
        )


# -- running ------------------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def start_worker(info: TemplateInfo, style: Style, shared: dict[str, Any], jobs: Iterable[Job] = ()) -> None:
    """Per process, once: the template compiled, the style's package parts built, the shared
    data received (so that each task carries only its record), and, for a local pool, the jobs
    themselves (so that each task carries only its index: ``run_job_at``)."""
    from .render import compile_template
    from .write import base_package

    compile_template(info)
    base_package(style)
    _worker.update(info=info, style=style, shared=shared, fingerprint=template_fingerprint(info, style),
                   jobs={job.index: job for job in jobs})


def render_job(job: Job) -> tuple[str, bytes | None]:
    """(content hash, .docx bytes) of one document, in a process prepared by ``start_worker``;
    the bytes are None when the content hash equals ``job.previous_hash`` (nothing changed)."""
    from .write import write_docx

    info, style = _worker["info"], _worker["style"]
    markup = render_markup(info, document_data(_worker["shared"], job))
    digest = content_hash(_worker["fingerprint"], markup)
    if digest == job.previous_hash:
        return digest, None
    return digest, write_docx(number_headings(parse_markup(markup, source=str(info.main_path))), style)


def run_job_at(index: int) -> tuple[int, str, bytes | None, str]:
    """``run_job`` on a job the worker received when it started."""
    return run_job(_worker["jobs"][index])


def run_job(job: Job) -> tuple[int, str, bytes | None, str]:
    """(index, content hash, .docx bytes or None when unchanged, error message or "")."""
    from .errors import BriefgenError

    try:
        digest, content = render_job(job)
    except BriefgenError as error:
        return job.index, "", None, str(error)
    return job.index, digest, content, ""


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


JOBS_IN_FLIGHT_PER_WORKER = 16


def run_local(jobs: list[Job], info: TemplateInfo, style: Style, shared: dict[str, Any], workers: int, on_done: Callable) -> None:
    """The default executor: a pool of processes on this machine (or this process for one).

    Workers render; ``on_done(job, content hash, bytes or None, error)`` runs here, in the
    main process, which alone writes files and the manifest.
    """
    if workers <= 1 or len(jobs) <= 1:
        start_worker(info, style, shared)
        for job in jobs:
            on_done(job, *run_job(job)[1:])
        return
    waiting = iter(jobs)
    # The workers receive the jobs when they start (forked: shared, not copied) and each task
    # names only its job's index. Pickling each job's record per task touched every object of
    # it, which copied its pages in the main process: +4 KB per document, measured.
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(info, style, shared, jobs)) as pool:
        # A bounded number of tasks in flight: all of them submitted at once held a future and a
        # queued task per document (~40 MB more at the start of a 5,000-document run).
        in_flight = {pool.submit(run_job_at, job.index): job for job in itertools.islice(waiting, workers * JOBS_IN_FLIGHT_PER_WORKER)}
        try:
            while in_flight:
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    _, digest, content, error = future.result()
                    on_done(in_flight.pop(future), digest, content, error)
                    following = next(waiting, None)
                    if following is not None:
                        in_flight[pool.submit(run_job_at, following.index)] = following
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise


def run_batch(template: str | Path, data_files: list[Path], options: BatchOptions) -> BatchResult:
    from .api import style_for

    started = time.monotonic()
    info = find_template(template)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    shared, jobs, failures = plan(info, data_files, options)
    if failures and options.strict:
        return BatchResult([], failures, time.monotonic() - started)
    for extra in (options.combined,):
        if extra is not None:
            check_writable(extra, options.force)
    remove_stale_temporaries(options.out_dir)
    sort_out(jobs, options)
    to_run = jobs
    result = BatchResult([], failures)
    style = style_for(info)
    progress = Progress(len(to_run))
    partial = _PartialManifest(options.out_dir / PARTIAL_MANIFEST)

    def on_done(job: Job, digest: str, content: bytes | None, error: str) -> None:
        if error:
            result.failures.append(Failure(job.key, "", "", error))
            result.outcomes.append(Outcome(job, FAILED, note=error))
        elif content is None:
            outcome = Outcome(job, UNCHANGED, digest, _sha256(options.out_dir / job.file))
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
        if options.executor == "dask":
            from .distributed import run_dask

            run_dask(to_run, info, style, shared, options.scheduler, on_done)
        else:
            run_local(to_run, info, style, shared, options.workers or os.cpu_count() or 1, on_done)
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
    _finish(result, options, style)
    result.seconds = time.monotonic() - started
    return result


class _PartialManifest:
    """Rows appended as documents are finished, so an interrupted run can be resumed.
    The file is opened with the first row: a run that stops before any document leaves none."""

    def __init__(self, path: Path):
        self.path = path
        self.stream = None
        self.writer = None

    def add(self, outcome: Outcome) -> None:
        if self.stream is None:
            fresh = not self.path.exists()
            self.stream = open(self.path, "a", encoding="utf-8", newline="")
            self.writer = csv.writer(self.stream)
            if fresh:
                self.writer.writerow(MANIFEST_COLUMNS)
        self.writer.writerow(_manifest_row(outcome))
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def _manifest_row(outcome: Outcome) -> list[str]:
    job = outcome.job
    return [job.file, job.key, outcome.content_hash, outcome.sha256, outcome.status, outcome.note]


def _csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # with BOM: Excel opens it as UTF-8


def _finish(result: BatchResult, options: BatchOptions, style: Style) -> None:
    out = options.out_dir
    rows = [_manifest_row(outcome) for outcome in result.outcomes]
    atomic_write(out / MANIFEST, _csv_bytes(MANIFEST_COLUMNS, rows), force=True)
    (out / PARTIAL_MANIFEST).unlink(missing_ok=True)
    if options.json_manifest:
        manifest_json = [dict(zip(MANIFEST_COLUMNS, row)) for row in rows]
        atomic_write(out / "manifest.json", json.dumps(manifest_json, ensure_ascii=False, indent=2).encode("utf-8"), force=True)
    errors = out / ERRORS
    if result.failures:
        atomic_write(errors, _csv_bytes(ERROR_COLUMNS, ([f.key, f.where, f.field, f.reason] for f in result.failures)), force=True)
    else:
        errors.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
    made = [out / o.job.file for o in result.outcomes if o.status in (GENERATED, UNCHANGED)]
    if options.combined is not None and made:
        from .write import combine_docx

        volume = combine_docx([path.read_bytes() for path in made], style, options.restart_page_numbers)
        atomic_write(options.combined, volume, force=options.force)
        result.extra_files.append(options.combined)
    if options.pdf and made:
        from .pdf import pdfs_beside

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


__all__ = ["BatchOptions", "BatchResult", "run_batch", "plan", "render_job", "start_worker", "document_data"]
