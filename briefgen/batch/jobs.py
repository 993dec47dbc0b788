"""One document from one job: the batch core that every executor runs in its workers.

An executor (``pool``: processes on this machine; ``dask``: a cluster) is a callable
``executor(jobs, work, on_done)``: it prepares each worker once with ``start_worker(work)``, runs
``run_job`` (or ``run_job_at``) there, and calls ``on_done(job, content hash, bytes or None,
error)`` in the main process, which alone writes files and the manifest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..document.number import number_headings
from ..document.parse import parse_markup
from ..document.standard import Style
from ..errors import BriefgenError
from ..template.catalog import TemplateInfo
from ..template.render import render_markup
from ..version import __version__

RECORD = "记录"  # the current record, as templates see it
INDEX = "批次序号"  # 1-based position of the record in the batch


@dataclass
class Job:
    """One document to make: its record and what differs from the shared data."""

    index: int
    key: str
    file: str
    record: dict[str, Any]
    extras: dict[str, Any]  # 批次序号, and the 发文字号 number when numbered
    previous_hash: str = ""  # with --resume: the content hash of the intact file already there
    position: int = 0  # the record's place in the table (1-based): errors are listed in this order


@dataclass(frozen=True)
class Work:
    """What every worker needs for one batch, whatever the job: template, style, shared data."""

    info: TemplateInfo
    style: Style
    shared: dict[str, Any] = field(hash=False, compare=False)


@dataclass(frozen=True)
class JobError:
    """Why a job made no document: what is wrong, where (the template's line or the data's
    cell) and which data field, as errors.csv lists them."""

    message: str
    where: str = ""
    field: str = ""


# on_done(job, content hash, .docx bytes or None when unchanged, the error or None)
OnDone = Callable[["Job", str, "bytes | None", "JobError | None"], None]
# executor(jobs, work, on_done): renders every job somewhere and reports each through on_done.
Executor = Callable[[list["Job"], Work, OnDone], None]


def document_data(shared: dict[str, Any], job: Job) -> dict[str, Any]:
    """What the template sees for one document: the shared data, the record as 记录, extras."""
    data = dict(shared)
    data[RECORD] = job.record
    data.update(job.extras)
    return data


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


_worker: dict[str, Any] = {}


def start_worker(work: Work, jobs: Iterable[Job] = ()) -> None:
    """Per process, once: the template compiled, the style's package parts built, the shared
    data received (so that each task carries only its record), and, for a local pool, the jobs
    themselves (so that each task carries only its index: ``run_job_at``)."""
    from ..docx.write import base_package
    from ..template.render import compile_template

    compile_template(work.info)
    base_package(work.style)
    _worker.update(info=work.info, style=work.style, shared=work.shared, fingerprint=template_fingerprint(work.info, work.style),
                   jobs={job.index: job for job in jobs})


def render_job(job: Job) -> tuple[str, bytes | None]:
    """(content hash, .docx bytes) of one document, in a process prepared by ``start_worker``;
    the bytes are None when the content hash equals ``job.previous_hash`` (nothing changed)."""
    from ..docx.write import write_docx

    info, style = _worker["info"], _worker["style"]
    markup = render_markup(info, document_data(_worker["shared"], job))
    digest = content_hash(_worker["fingerprint"], markup)
    if digest == job.previous_hash:
        return digest, None
    return digest, write_docx(number_headings(parse_markup(markup, source=str(info.main_path))), style)


def run_job_at(index: int) -> tuple[int, str, bytes | None, JobError | None]:
    """``run_job`` on a job the worker received when it started."""
    return run_job(_worker["jobs"][index])


def run_job(job: Job) -> tuple[int, str, bytes | None, JobError | None]:
    """(index, content hash, .docx bytes or None when unchanged, the error or None)."""
    try:
        digest, content = render_job(job)
    except BriefgenError as error:
        reason = f"{error.message}{error.hint}" if error.hint else error.message
        return job.index, "", None, JobError(reason, error.where, error.field)
    except Exception as error:  # noqa: BLE001 - one record's failure, whatever it is, is that record's only
        return job.index, "", None, unexpected_failure(error)
    return job.index, digest, content, None


def unexpected_failure(error: BaseException) -> JobError:
    """What errors.csv says of a record that failed in a way no check foresaw."""
    if isinstance(error, RecursionError):
        return JobError("生成这份文件时嵌套层数超出限制（模板或数据嵌套过深），这份文件没有生成。")
    if isinstance(error, MemoryError):
        return JobError("生成这份文件所需的内存超出限制，这份文件没有生成；请检查这条记录的数据是否异常庞大。")
    return JobError(f"briefgen 内部出错（{type(error).__name__}），这份文件没有生成；其余记录不受影响。请把这条记录和模板发给开发者。")


# Why a record made no document when the process rendering it died (killed, out of memory).
WORKER_DIED = JobError("生成这份文件的工作进程意外终止（可能内存不足或被强制结束），这份文件没有生成；其余记录不受影响。")
