"""Run a batch on a Dask cluster (``briefgen batch --executor dask --scheduler ADDRESS``).

Its one job: render the batch's documents on the cluster's workers and hand each result back
to ``run_batch`` here, in the client process, which alone writes files and the manifest.

- The workers may be other machines that do not share this machine's file system. A task
  returns the .docx bytes and never writes; ``on_done`` (from ``run_batch``) writes each file
  atomically as its result arrives.
- Everything a worker needs is sent to the cluster once, as one ``_Prepared`` value broadcast
  to every worker: the shared data, the template's description and style, and the *contents*
  of the template folder and of its data schema (a few kB). ``TemplateInfo.folder`` is a path
  on this machine; a worker whose own copy at that path is missing or differs writes the
  shipped files to a temporary folder, once per process, and renders from there. Each worker
  process then prepares itself once per run (``start_worker``: template compiled, style parts
  built); a task carries only its records.
- Jobs travel in chunks of up to ``CHUNK`` documents, so that scheduler overhead does not
  dominate thousands of small documents, and only a few chunks per worker thread are in
  flight at a time, so that neither the client nor the workers hold every result.
- The workers need briefgen installed, at the client's version; ``distributed`` comes with
  ``pip install 'briefgen[dask]'``. Rendering holds the GIL: start workers with one thread
  each (``dask worker ADDRESS --nworkers N --nthreads 1``).
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import math
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import BriefgenError
from ..template.catalog import TemplateInfo
from ..version import __version__
from .jobs import Executor, Job, OnDone, Work, run_job, start_worker

CHUNK = 20  # documents per task, at most
CHUNKS_PER_THREAD = 4  # aim for at least this many chunks per worker thread (small batches)
IN_FLIGHT_PER_THREAD = 2  # chunks submitted but not yet collected, per worker thread
CONNECT_TIMEOUT = 10  # seconds to reach the scheduler, and to wait for a first worker


@dataclass(frozen=True)
class _Prepared:
    """What every worker process needs for one run; broadcast to the cluster once."""

    token: str  # this run: a worker prepares itself once per run
    work: Work  # as the client has it: the template folder is a path on the client's machine
    files: dict[str, bytes]  # the template folder's files by relative POSIX path
    schema: bytes | None  # the data schema's content (it may live outside the folder)
    digest: str  # of files and schema: names a worker's local copy


def dask_executor(scheduler: str) -> Executor:
    """The executor of ``--executor dask --scheduler ADDRESS``."""

    def execute(jobs: list[Job], work: Work, on_done: OnDone) -> None:
        run_dask(jobs, work, scheduler, on_done)

    return execute


def run_dask(jobs: list[Job], work: Work, scheduler: str, on_done: OnDone) -> None:
    """Render ``jobs`` on the Dask cluster at ``scheduler``.

    As with the local pool, ``on_done(job, content hash, bytes or None, error)`` runs here,
    once per job, as results arrive; a ``BriefgenError`` while rendering a job becomes its
    ``error``. Other exceptions, and errors in preparing a worker, propagate.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BriefgenError(
            "未安装 Dask 分布式组件（distributed），无法使用 --executor dask。",
            hint="请运行 pip install 'briefgen[dask]' 安装；或去掉 --executor dask，在本机生成。",
        ) from None
    if not jobs:
        return
    prepared = _prepare(work)
    client = _connect(Client, scheduler)
    try:
        _check_workers(client, scheduler)
        threads = max(sum(client.nthreads().values()), 1)
        size = max(1, min(CHUNK, math.ceil(len(jobs) / (threads * CHUNKS_PER_THREAD))))
        chunks = iter([jobs[start : start + size] for start in range(0, len(jobs), size)])
        by_index = {job.index: job for job in jobs}
        # A list around it: scatter() would send a dict's values as separate pieces.
        [state] = client.scatter([prepared], broadcast=True, hash=False)

        def submit(chunk: list[Job]):
            return client.submit(_render_chunk, state, chunk, pure=False, key=f"briefgen-{prepared.token}-{chunk[0].index}")

        running = as_completed([submit(chunk) for chunk in _take(chunks, threads * IN_FLIGHT_PER_THREAD)], loop=client.loop)
        try:
            for future in running:
                results = future.result()
                future.release()
                for chunk in _take(chunks, 1):
                    running.add(submit(chunk))
                for index, digest, content, error in results:
                    on_done(by_index[index], digest, content, error)
        except BaseException:
            running.clear()  # cancels what was not collected
            raise
    finally:
        client.close()


def _take(chunks, count: int) -> list[list[Job]]:
    return [chunk for _, chunk in zip(range(count), chunks)]


def _connect(client_class, scheduler: str):
    """A client of the scheduler, or a BriefgenError naming the address.

    The address is tried first with a bare handshake in an event loop of our own: a Client
    that fails to connect is left half-made, and closing it later can hang and print a
    traceback (distributed's ``Client.__del__``).
    """
    from distributed.comm import connect

    async def handshake() -> None:
        comm = await connect(scheduler, timeout=CONNECT_TIMEOUT)
        await comm.close()

    problem = ""
    try:
        with ThreadPoolExecutor(1) as pool:  # its own thread: the caller may be in an event loop
            pool.submit(asyncio.run, handshake()).result()
        return client_class(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (ValueError, TypeError):
        problem = "地址写法有误。"
    except (OSError, TimeoutError, asyncio.TimeoutError):
        problem = f"{CONNECT_TIMEOUT} 秒内没有连上。"
    except Exception:  # noqa: BLE001 - something answers there, but not as a Dask scheduler does
        problem = "该地址上的服务没有按 Dask 调度器的方式应答。"
    # Raised out here, not from the handlers, so that nothing keeps a half-made client alive.
    raise BriefgenError(
        f"无法连接 Dask 调度器「{scheduler}」：{problem}",
        hint="请检查调度器是否已启动（dask scheduler）、地址和端口是否正确（应写成 tcp://主机:端口，如 tcp://10.0.0.5:8786），以及防火墙设置。",
    )


def _check_workers(client, scheduler: str) -> None:
    """At least one worker, each with briefgen at this version installed."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, asyncio.TimeoutError):
        raise BriefgenError(
            f"Dask 调度器「{scheduler}」上没有可用的工作进程（等待了 {CONNECT_TIMEOUT} 秒）。",
            hint="请在工作机器上启动工作进程：dask worker 调度器地址 --nthreads 1。",
        ) from None

    def installed() -> str:  # local, so pickled by value: it runs where briefgen is missing
        try:
            from briefgen import __version__ as version
        except ImportError:
            return ""
        return version

    versions = client.run(installed)
    wrong = {worker: version for worker, version in versions.items() if version != __version__}
    if wrong:
        listed = "、".join(f"{worker}（{version or '未安装'}）" for worker, version in sorted(wrong.items())[:5])
        raise BriefgenError(
            f"有 {len(wrong)} 个 Dask 工作进程没有安装 briefgen {__version__}：{listed}。",
            hint=f"请在这些工作机器上安装与本机相同的版本：pip install 'briefgen[dask]=={__version__}'，然后重启工作进程。",
        )


def _prepare(work: Work) -> _Prepared:
    info = work.info
    files = {path.relative_to(info.folder).as_posix(): path.read_bytes() for path in sorted(info.folder.rglob("*")) if path.is_file()}
    schema = info.schema.read_bytes() if info.schema else None
    digest = hashlib.sha256()
    for name, content in files.items():
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    if schema is not None:
        digest.update(f"{info.schema.name}\0".encode() + schema)
    return _Prepared(uuid.uuid4().hex, work, files, schema, digest.hexdigest())


# -- on the workers -------------------------------------------------------------------------------

_lock = threading.Lock()  # one run's state per process (jobs._worker); threads take turns
_ready = {"token": ""}
_copies: dict[str, TemplateInfo] = {}  # digest → the template as written to a temporary folder


def _render_chunk(prepared: _Prepared, chunk: list[Job]) -> list[tuple[int, str, bytes | None, str]]:
    """(index, content hash, .docx bytes or None, error) of each job, as ``jobs.run_job``."""
    with _lock:
        if _ready["token"] != prepared.token:
            start_worker(replace(prepared.work, info=_local_template(prepared)))
            _ready["token"] = prepared.token
        return [run_job(job) for job in chunk]


def _local_template(prepared: _Prepared) -> TemplateInfo:
    """The template as this machine has it: at its own path when the files there are the ones
    shipped, else a copy written once per process to a temporary folder."""
    info = prepared.work.info
    if _same_files(info, prepared):
        return info
    if prepared.digest not in _copies:
        root = Path(tempfile.mkdtemp(prefix="briefgen-template-"))
        atexit.register(shutil.rmtree, root, True)
        folder = root / info.folder.name  # the same names: the template's fingerprint is unchanged
        for name, content in prepared.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        folder.mkdir(parents=True, exist_ok=True)
        schema = None
        if info.schema is not None and prepared.schema is not None:
            schema = root / info.schema.name  # outside the folder, as at home
            schema.write_bytes(prepared.schema)
        _copies[prepared.digest] = replace(info, folder=folder, schema=schema)
    return _copies[prepared.digest]


def _same_files(info: TemplateInfo, prepared: _Prepared) -> bool:
    try:
        if not info.folder.is_dir():
            return False
        here = {path.relative_to(info.folder).as_posix(): path for path in info.folder.rglob("*") if path.is_file()}
        if here.keys() != prepared.files.keys() or any(here[name].read_bytes() != content for name, content in prepared.files.items()):
            return False
        if info.schema is not None:
            return info.schema.is_file() and info.schema.read_bytes() == prepared.schema
        return True
    except OSError:
        return False


__all__ = ["run_dask"]
