"""Confidence intervals for shares, means and medians; vectorised where it helps simulations.

>>> low, high = wilson_interval(30, 100)
>>> round(float(low), 3), round(float(high), 3)
(0.219, 0.396)
>>> mean, low, high = t_interval([2, 3, 4, 3, 3])
>>> round(mean, 2), round(low, 2), round(high, 2)
(3.0, 2.12, 3.88)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

ProportionMethod = Literal["wilson", "agresti_coull"]
PROPORTION_METHODS: tuple[ProportionMethod, ...] = ("wilson", "agresti_coull")


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"niveau de confiance hors de ]0, 1[ : {confidence}")
    return float(stats.norm.ppf(0.5 + confidence / 2))


def wilson_interval(
    successes: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Wilson score interval of ``successes / n`` (Wilson 1927); NaN where ``n`` is 0."""
    z = _z(confidence)
    x, m = np.asarray(successes, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        denominator = 1 + z**2 / m
        centre = (p + z**2 / (2 * m)) / denominator
        half = z * np.sqrt(p * (1 - p) / m + z**2 / (4 * m**2)) / denominator
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def agresti_coull_interval(
    successes: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Agresti–Coull interval ("add z²/2 successes and failures", 1998); NaN where ``n`` is 0."""
    z = _z(confidence)
    x, m = np.asarray(successes, dtype=float), np.asarray(n, dtype=float)
    m_tilde = m + z**2
    p_tilde = (x + z**2 / 2) / m_tilde
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(p_tilde * (1 - p_tilde) / m_tilde)
        half = np.where(m > 0, half, np.nan)
    return np.clip(p_tilde - half, 0, 1), np.clip(p_tilde + half, 0, 1)


def proportion_interval(
    successes: ArrayLike,
    n: ArrayLike,
    *,
    confidence: float = 0.95,
    method: ProportionMethod = "wilson",
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The interval of a share by ``method`` (``wilson`` or ``agresti_coull``)."""
    if method == "wilson":
        return wilson_interval(successes, n, confidence)
    if method == "agresti_coull":
        return agresti_coull_interval(successes, n, confidence)
    raise ValueError(f"méthode d’intervalle inconnue : « {method} » (wilson, agresti_coull)")


def t_interval(
    values: Sequence[float] | ArrayLike, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Mean and its Student t interval; the bounds are NaN below two values."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    _z(confidence)
    half = float(stats.t.ppf(0.5 + confidence / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return mean, mean - half, mean + half


def median_interval(
    values: Sequence[float] | ArrayLike, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Median and its distribution-free interval from order statistics (binomial, at least ``confidence``).

    The interval is [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎] with the largest k such that P(B ≤ k−1) ≤ α/2,
    B ~ Binomial(n, ½); the bounds are NaN when n is too small for any such k (n < 6 at 95 %).
    """
    x = np.sort(np.asarray(values, dtype=float))
    if x.size == 0:
        return math.nan, math.nan, math.nan
    median = float(np.median(x))
    alpha = 1 - confidence
    j = int(stats.binom.ppf(alpha / 2, x.size, 0.5))
    if stats.binom.cdf(j, x.size, 0.5) > alpha / 2:
        j -= 1
    k = j + 1  # 1-based rank of the lower bound
    if k < 1:
        return median, math.nan, math.nan
    return median, float(x[k - 1]), float(x[x.size - k])
