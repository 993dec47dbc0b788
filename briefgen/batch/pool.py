"""The local executor: a pool of worker processes on this machine (or this process for one)."""

from __future__ import annotations

import itertools
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .jobs import Executor, Job, OnDone, Work, run_job, run_job_at, start_worker

JOBS_IN_FLIGHT_PER_WORKER = 16


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
    # The workers receive the jobs when they start (forked: shared, not copied) and each task
    # names only its job's index. Pickling each job's record per task touched every object of
    # it, which copied its pages in the main process: +4 KB per document, measured.
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(work, jobs)) as pool:
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
