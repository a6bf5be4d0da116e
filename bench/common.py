"""What every benchmark reports: a figure, its raw baseline from the same run, and their ratio."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable


@dataclasses.dataclass
class Result:
    """One measured figure beside its baseline.

    ``higher_is_better`` says how to read the ratio: for rates (items/s) the ratio is
    figure / baseline; for durations it is baseline / figure, so that >= target is good in both.
    """

    name: str
    value: float
    unit: str
    baseline: float
    baseline_label: str
    higher_is_better: bool = True
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        if self.higher_is_better:
            return self.value / self.baseline if self.baseline else float("nan")
        return self.baseline / self.value if self.value else float("nan")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "OK" if self.ratio >= self.target else "SOUS LA CIBLE"

    def line(self) -> str:
        target = f"  cible ≥ {self.target:g}  {self.verdict}" if self.target is not None else ""
        note = f"  ({self.note})" if self.note else ""
        return (
            f"{self.name}: {self.value:,.3f} {self.unit}  |  {self.baseline_label}: "
            f"{self.baseline:,.3f} {self.unit}  |  ratio {self.ratio:.2f}{target}{note}"
        )


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best wall-clock time of ``repeat`` runs of ``fn`` (seconds): the least noisy estimate."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
