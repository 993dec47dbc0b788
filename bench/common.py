"""Shared helpers of the bench scripts: statistics (median and min–max spread), XML names, load average, timed processes."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def timed_process(command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of one process run from the repository root; an exit code not in ``ok`` raises with its stderr."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


@dataclass
class Stat:
    """Repeated measurements of one quantity; every figure is their median, with its spread (min–max)."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def spread(self, fmt: str = "{:.2f}") -> str:
        """``low–high``, each formatted with ``fmt``, no unit."""
        return f"{fmt.format(self.low)}–{fmt.format(self.high)}"

    def show(self, fmt: str = "{:.2f}") -> str:
        """``median (low–high)``, each formatted with ``fmt``, no unit."""
        return f"{fmt.format(self.median)} ({self.spread(fmt)})"

    def seconds(self) -> str:
        return f"{self.median:.3f} s"

    def seconds_spread(self) -> str:
        return f"{self.spread('{:.3f}')} s"

    def rate(self) -> str:
        return f"{self.median:,.1f}/s"

    def rate_spread(self) -> str:
        return f"{self.spread('{:,.1f}')}/s"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"



@dataclass(frozen=True)
class ResultsSection:
    """A bench's own section of RESULTS.md: its heading, and its body between two markers that
    let a later run replace it without touching the rest."""

    heading: str
    start: str
    end: str

    def wrap(self, body: str) -> str:
        return f"{self.heading}\n\n{self.start}\n{body}{self.end}\n"

    def write(self, body: str, path: Path) -> None:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if self.start in text and self.end in text.split(self.start, 1)[1]:
            before, rest = text.split(self.start, 1)
            text = f"{before}{self.start}\n{body}{self.end}{rest.split(self.end, 1)[1]}"
        else:
            text = text.rstrip("\n") + "\n\n" + self.wrap(body)
        path.write_text(text, encoding="utf-8")
