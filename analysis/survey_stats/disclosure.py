"""Small-number safety: which counts may be published (primary and secondary suppression).

A count of 1 to ``threshold − 1`` respondents is suppressed (primary); zeros are published.
Where a row or a column whose total is published would then hide a single cell, the
smallest other non-zero cell of that line is suppressed too (secondary), so that no hidden
count can be recovered by subtraction. The same rule applies to a one-line table (the
choices of a question and their total).

>>> suppression_mask([40, 3, 20], 11).tolist()  # 3 hidden; 20 too, or 63 − 40 − 20 gives it
[False, True, True]
>>> suppression_mask([[40, 3, 20], [25, 30, 12]], 11).tolist()
[[False, True, True], [False, True, True]]
"""

from __future__ import annotations

from analysis import disclosure as _disclosure

DEFAULT_THRESHOLD = 11
"""INSEE's rule for counts of households, the project's default (DESIGN.md)."""


def is_small(count: float | int | None, threshold: int) -> bool:
    """Whether a count of respondents is below the threshold (and not zero)."""
    return count is not None and 0 < count < threshold


# One implementation for every published figure (syntheses, summaries, exports).
suppression_mask = _disclosure.suppression_mask
