"""Time budgets: stop work at a deadline, so that no input can keep briefgen busy for ever."""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator


def seconds_from_environment(name: str, default: float) -> float:
    """A budget in seconds that an environment variable may raise (docs/security.md)."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@contextmanager
def deadline(seconds: float, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``expired()`` in the work inside when ``seconds`` have passed. Only the main thread
    can take a timer signal; elsewhere (a thread of a server) the caller must bound the work
    another way (a subprocess)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum, _frame):
        raise expired()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


MEMORY_VARIABLE = "BRIEFGEN_MEMORY_MB"
DEFAULT_MEMORY_MB = 4096  # address space; a 5,000-document batch needs under 1,000 MB


def limit_memory() -> None:
    """Cap this process's address space (the soft limit: children such as LibreOffice lift it
    again, ``unlimited_memory``), so that one step of a hostile input that asks for gigabytes
    (``'x'.ljust(10**10)`` in a template) fails at once with MemoryError, which is reported,
    instead of swapping the machine. ``BRIEFGEN_MEMORY_MB=off`` turns it off."""
    chosen = os.environ.get(MEMORY_VARIABLE, str(DEFAULT_MEMORY_MB))
    if chosen == "off":
        return
    try:
        import resource

        megabytes = int(chosen)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass  # Windows, or a limit that cannot be set: the other budgets still hold


def unlimited_memory() -> None:
    """For a child process (``preexec_fn``): the soft limit lifted to the hard one."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
