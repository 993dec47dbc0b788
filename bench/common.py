"""Shared statistics for the bench scripts: the median and min–max spread of repeated measurements, formatted."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


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
