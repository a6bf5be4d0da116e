"""Crossing benchmark: why « Croisements » runs as a job, not inside the request.

Baseline, measured in the same run on the same synthetic observations: ``pd.crosstab`` then
``scipy.stats.chi2_contingency`` — the bare test. Ours adds the cell figures, the Monte-Carlo
p-value when Cochran's rule fails, and the disclosure audit (linear algebra, then two linear
programmes per hidden value, repeated while a hidden value can be recovered), which dominates
on sparse tables. Ratio = baseline time / our time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.crossing import cross_observations
from bench.common import Result, best_time


def observations(n: int, themes: int, territories: int) -> pd.DataFrame:
    """``n`` observations, themes and territories drawn with uneven weights (some cells small)."""
    rng = np.random.default_rng(0)
    theme_weights = rng.dirichlet(np.ones(themes) * 0.8)
    territory_weights = rng.dirichlet(np.ones(territories) * 0.8)
    return pd.DataFrame(
        {
            "theme": rng.choice([f"t{i:02d}" for i in range(themes)], size=n, p=theme_weights),
            "territory": rng.choice(
                [f"q{j:02d}" for j in range(territories)], size=n, p=territory_weights
            ),
        }
    )


def bench_crossing(n: int, themes: int, territories: int) -> Result:
    frame = observations(n, themes, territories)
    baseline = best_time(
        lambda: stats.chi2_contingency(pd.crosstab(frame["theme"], frame["territory"]))
    )
    ours = best_time(
        lambda: cross_observations(frame, "theme", "territory", threshold=11), repeat=1
    )
    return Result(
        name=f"croisement {themes} × {territories}, {n} observations",
        value=ours,
        unit="s",
        baseline=baseline,
        baseline_label="pd.crosstab + chi2_contingency",
        higher_is_better=False,
        note="figures par case, Monte-Carlo si Cochran échoue, audit des cases masquées",
    )


def run() -> list[Result]:
    return [bench_crossing(5000, 12, 12), bench_crossing(2000, 12, 30)]
