"""The local executor: a pool of worker processes on this machine (or this process for one).

A worker that dies (killed, out of memory) fails only the record it was rendering: the jobs it
held are run again one at a time in a fresh process, which finds the culprit, and the rest of
the batch goes on in a new pool. The workers end with the main process, however it ends.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator

from .jobs import WORKER_DIED, Executor, Job, OnDone, Work, run_job, run_job_at, start_worker

JOBS_IN_FLIGHT_PER_WORKER = 16
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def pool_executor(workers: int) -> Executor:
    """The default executor, with ``workers`` processes."""

    def execute(jobs: list[Job], work: Work, on_done: OnDone) -> None:
        run_local(jobs, work, workers, on_done)

    return execute


def run_local(jobs: list[Job], work: Work, workers: int, on_done: OnDone) -> None:
    """Render ``jobs`` in ``workers`` processes; ``on_done`` runs here, in the main process."""
    if workers <= 1 or len(jobs) <= 1:
        start_worker(work)
        for job in jobs:
            on_done(job, *run_job(job)[1:])
        return
    waiting = iter(jobs)
    while True:
        suspects = _run_pool(waiting, jobs, work, workers, on_done)
        if not suspects:
            return
        for job in suspects:  # each alone: the one that kills its process again is the culprit
            if _run_pool(iter([job]), [job], work, 1, on_done):
                on_done(job, "", None, WORKER_DIED)


def _run_pool(waiting: Iterator[Job], jobs: list[Job], work: Work, workers: int, on_done: OnDone) -> list[Job]:
    """Run jobs from ``waiting`` until it is empty; if a worker dies, return the jobs that were
    in flight (one of them killed it) and leave the rest in ``waiting``."""
    # The workers receive the jobs when they start (forked: shared, not copied) and each task
    # names only its job's index. Pickling each job's record per task touched every object of
    # it, which copied its pages in the main process: +4 KB per document, measured.
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_pool_worker, initargs=(work, jobs, os.getpid())) as pool:
        # A bounded number of tasks in flight: all of them submitted at once held a future and a
        # queued task per document (~40 MB more at the start of a 5,000-document run).
        in_flight: dict[Future, Job] = {}

        def submit(job: Job) -> None:
            in_flight[pool.submit(run_job_at, job.index)] = job

        for job in itertools.islice(waiting, workers * JOBS_IN_FLIGHT_PER_WORKER):
            submit(job)
        try:
            while in_flight:
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        _, digest, content, error = future.result()
                    except BrokenProcessPool:
                        return _collect_in_flight(in_flight)
                    on_done(in_flight.pop(future), digest, content, error)
                    following = next(waiting, None)
                    if following is not None:
                        submit(following)
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise
    return []


def _collect_in_flight(in_flight: dict[Future, Job]) -> list[Job]:
    """The jobs of a broken pool that did not finish, in table order."""
    return sorted(in_flight.values(), key=lambda job: job.index)


def _start_pool_worker(work: Work, jobs: list[Job], main_pid: int) -> None:
    # The main process turns SIGTERM into an orderly stop; a worker, which writes nothing,
    # just ends (the handler a fork inherits would leave it waiting on a dead parent).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(main_pid)
    start_worker(work, jobs)


def _end_with_parent(main_pid: int) -> None:
    """Ask Linux to end this worker when the main process dies, even by SIGKILL (which leaves
    no chance to stop the workers from the main process). A worker writes no file: nothing of
    the user's is lost by ending it at once."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != main_pid:  # it died before the request was made: nothing will signal
        os._exit(1)
