"""Each piece of work's private folder: uploads stored under names briefgen chooses, results registered for download, everything deleted after a while."""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import BriefgenError
from ..files import safe_filename

_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class JobError(BriefgenError):
    """A job that does not exist (any more), or a file it does not have."""


@dataclass
class Job:
    id: str
    folder: Path
    created: float = field(default_factory=time.monotonic)
    files: dict[str, Path] = field(default_factory=dict)  # download name → file in the folder
    state: str = "done"  # running / done / failed
    done: int = 0
    total: int = 0
    result: dict = field(default_factory=dict)
    error: dict = field(default_factory=dict)
    future: Future | None = None

    def upload(self, stem: str, original_name: str, content: bytes, allowed: tuple[str, ...]) -> Path:
        """An uploaded file saved as ``stem`` plus its (allowed) suffix: the name the user's file
        had is only a hint for the suffix, never a path."""
        suffix = Path(original_name or "").suffix.lower()
        if suffix not in allowed:
            raise BriefgenError(f"不能上传「{suffix or '无扩展名'}」文件。", where=safe_filename(original_name or "上传的文件", ""), hint=f"这里可以上传：{'、'.join(allowed)}。")
        path = self.folder / f"{stem}{suffix}"
        path.write_bytes(content)
        return path

    def offer(self, path: Path, name: str | None = None) -> str:
        """Make ``path`` (inside the job's folder) downloadable under a safe name; returns its URL."""
        download = safe_filename(name or path.name, "")
        self.files[download] = path
        return f"/jobs/{self.id}/{download}"


class JobStore:
    """The jobs of one server: folders in a private temporary folder, a pool for long work,
    a sweeper that deletes jobs older than ``keep_seconds``."""

    def __init__(self, keep_seconds: float = 3600, workers: int | None = None):
        self.root = Path(tempfile.mkdtemp(prefix="briefgen-web-"))
        os.chmod(self.root, 0o700)
        self.keep_seconds = keep_seconds
        self.pool = ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2))
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._sweep, name="briefgen-web-sweeper", daemon=True).start()
        atexit.register(self.close)  # a server that stops takes every job's files with it

    def new(self) -> Job:
        job_id = secrets.token_urlsafe(18)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        job = Job(job_id, folder)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id) if _JOB_ID.match(job_id or "") else None
        if job is None:
            raise JobError("找不到这项工作：它可能已过期被清理。", hint="请重新上传文件。")
        return job

    def file(self, job_id: str, name: str) -> Path:
        path = self.get(job_id).files.get(name)
        if path is None or not path.is_file():
            raise JobError(f"这项工作没有名为「{name}」的文件。")
        return path

    def run(self, job: Job, work: Callable[[Job], dict]) -> None:
        """Run ``work`` in the pool; its result (or its error, as the command line words it) is
        kept on the job for the page to poll."""
        job.state = "running"

        def body() -> None:
            try:
                job.result = work(job)
                job.state = "done"
            except BriefgenError as error:
                job.error, job.state = error_dict(error), "failed"
            except Exception:  # noqa: BLE001 - shown as an internal error, never a traceback
                job.error, job.state = INTERNAL_ERROR, "failed"

        job.future = self.pool.submit(body)

    def _sweep(self) -> None:
        while not self._stop.wait(max(1.0, min(60.0, self.keep_seconds / 2))):
            self.expire()

    def expire(self) -> int:
        """Delete the jobs older than the keeping time; returns how many."""
        now = time.monotonic()
        with self._lock:
            old = [job for job in self._jobs.values() if now - job.created > self.keep_seconds and job.state != "running"]
            for job in old:
                del self._jobs[job.id]
        for job in old:
            shutil.rmtree(job.folder, ignore_errors=True)
        return len(old)

    def close(self) -> None:
        self._stop.set()
        self.pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)


INTERNAL_ERROR = {"message": "briefgen 内部出错，这不是您的操作问题。", "where": "", "hint": "请把操作步骤告诉维护者。"}


def error_dict(error: BriefgenError) -> dict:
    return {"message": error.message, "where": error.where, "hint": error.hint}
