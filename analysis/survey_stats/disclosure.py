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

import numpy as np
from numpy.typing import ArrayLike, NDArray

DEFAULT_THRESHOLD = 11
"""INSEE's rule for counts of households, the project's default (DESIGN.md)."""


def is_small(count: float | int | None, threshold: int) -> bool:
    """Whether a count of respondents is below the threshold (and not zero)."""
    return count is not None and 0 < count < threshold


def suppression_mask(counts: ArrayLike, threshold: int = DEFAULT_THRESHOLD) -> NDArray[np.bool_]:
    """``True`` where a cell of a 1-D or 2-D table of counts must not be published."""
    table = np.atleast_2d(np.asarray(counts, dtype=float))
    hidden = (table > 0) & (table < threshold)
    changed = True
    while changed:
        changed = False
        for lines, mask, totals in (
            (table, hidden, table.sum(axis=1)),
            (table.T, hidden.T, table.sum(axis=0)),
        ):
            if lines.shape[1] < 2:  # a single-cell line equals its total: nothing to protect
                continue
            for line, line_mask, total in zip(lines, mask, totals, strict=True):
                if total < threshold or line_mask.sum() != 1:
                    continue
                candidates = np.where(~line_mask & (line > 0))[0]
                if candidates.size:
                    line_mask[candidates[np.argmin(line[candidates])]] = True
                    changed = True
    return hidden.reshape(np.shape(counts)) if np.ndim(counts) == 1 else hidden
