"""The figures of a summary: a choice's share with its interval, a set of numbers.

>>> share = ChoiceShare("3", "Plutôt satisfait·e", 30, 100, 0.3, 0.219, 0.396)
>>> share.text().replace("\\xa0", " ")
'Plutôt satisfait·e : 30 % (IC à 95 % : 22 % – 40 %), 30 réponses sur 100'
>>> NumberSummary.of([2, 3, 4, 3, 3], 0.95).mean_ci
(2.1220..., 3.8779...)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from analysis import french
from analysis.survey_stats.intervals import median_interval, t_interval
from analysis.survey_stats.jsonable import number


@dataclasses.dataclass(frozen=True)
class ChoiceShare:
    """A choice's count among those who answered, its share and the share's interval."""

    name: str
    label: str
    count: int
    answered: int
    share: float
    ci_low: float
    ci_high: float
    confidence: float = 0.95

    def text(self) -> str:
        """``Très satisfait·e : 40 % (IC à 95 % : 17 % – 69 %), 4 réponses sur 10``."""
        return (
            f"{self.label} : {french.percent(self.share)} (IC à {french.percent(self.confidence)} : "
            f"{french.percent(self.ci_low)} – {french.percent(self.ci_high)}), "
            f"{french.plural(self.count, 'réponse')} sur {self.answered}"
        )

    def to_dict(self, suppressed: bool = False) -> dict[str, Any]:
        shown = not suppressed
        return {
            "name": self.name,
            "label": self.label,
            "count": self.count if shown else None,
            "share": number(self.share) if shown else None,
            "ci_low": number(self.ci_low) if shown else None,
            "ci_high": number(self.ci_high) if shown else None,
            "suppressed": suppressed,
            "text": self.text() if shown else f"{self.label} : secret statistique",
        }


@dataclasses.dataclass(frozen=True)
class NumberSummary:
    """Mean (t interval), median (order-statistics interval), quartiles and range of numbers."""

    n: int
    mean: float
    sd: float
    mean_ci: tuple[float, float]
    median: float
    median_ci: tuple[float, float]
    quartiles: tuple[float, float]
    minimum: float
    maximum: float

    @classmethod
    def of(cls, numbers: Sequence[float], confidence: float) -> NumberSummary:
        x = np.asarray(numbers, dtype=float)
        mean, low, high = t_interval(x, confidence)
        median, m_low, m_high = median_interval(x, confidence)
        empty = x.size == 0
        return cls(
            n=int(x.size),
            mean=mean,
            sd=float(x.std(ddof=1)) if x.size > 1 else float("nan"),
            mean_ci=(low, high),
            median=median,
            median_ci=(m_low, m_high),
            quartiles=(float("nan"), float("nan"))
            if empty
            else (float(np.quantile(x, 0.25)), float(np.quantile(x, 0.75))),
            minimum=float("nan") if empty else float(x.min()),
            maximum=float("nan") if empty else float(x.max()),
        )

    def to_dict(self, public: bool) -> dict[str, Any]:
        # A minimum or a maximum is one respondent's answer: never published.
        return {
            "n": self.n,
            "mean": number(self.mean),
            "sd": number(self.sd),
            "mean_ci": [number(self.mean_ci[0]), number(self.mean_ci[1])],
            "median": number(self.median),
            "median_ci": [number(self.median_ci[0]), number(self.median_ci[1])],
            "quartiles": [number(self.quartiles[0]), number(self.quartiles[1])],
            "min": None if public else number(self.minimum),
            "max": None if public else number(self.maximum),
        }

    def text(self) -> str:
        return (
            f"moyenne {french.number(self.mean, 2)} (IC : {french.number(self.mean_ci[0], 2)} – "
            f"{french.number(self.mean_ci[1], 2)}), médiane {french.number(self.median, 1)}, "
            f"{french.plural(self.n, 'réponse')}"
        )
