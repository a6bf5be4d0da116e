"""Which counts of a two-way table, and of its margins, may be shown.

Primary suppression: a cell or a margin of 1 to ``threshold − 1`` is hidden (zeros are shown).
Secondary suppression: a hidden value must not be recoverable from what is shown. The table
and its margins are linear equations (each row adds up to its total, each column too, the
totals to ``n``); a hidden value is *exposed* when these equations, with every hidden value at
least 1 (zeros are shown, so a hidden value is never 0), leave it a single possible value.
While a value is exposed, the smallest shown non-zero value on one of its lines is hidden too.

>>> p = protect([[40, 3, 20], [25, 30, 12]], 11)
>>> p.cells.tolist(), p.rows.tolist(), p.columns.tolist()
([[False, True, True], [False, True, True]], [False, False], [False, False, False])
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import linalg, optimize

TOLERANCE = 1e-7


@dataclasses.dataclass(frozen=True)
class Protection:
    """``True`` where a value must not be shown."""

    cells: NDArray[np.bool_]
    rows: NDArray[np.bool_]
    columns: NDArray[np.bool_]
    total: bool

    @property
    def any(self) -> bool:
        return bool(self.total or self.cells.any() or self.rows.any() or self.columns.any())


class _Table:
    """The table and its margins as one vector of values: cells (row-major), row totals,
    column totals, n (always shown); and the equations tying them (``equations @ values = 0``)."""

    def __init__(self, counts: NDArray[np.int64]) -> None:
        self.shape = counts.shape
        r, c = counts.shape
        n = counts.sum()
        self.values = np.concatenate([counts.ravel(), counts.sum(axis=1), counts.sum(axis=0), [n]])
        size = r * c + r + c + 1
        equations = np.zeros((r + c + 2, size))
        for i in range(r):
            equations[i, i * c : (i + 1) * c] = 1
            equations[i, r * c + i] = -1
        for j in range(c):
            equations[r + j, j : r * c : c] = 1
            equations[r + j, r * c + r + j] = -1
        equations[r + c, r * c : r * c + r] = 1  # row totals add up to n,
        equations[r + c + 1, r * c + r : r * c + r + c] = 1  # column totals too
        equations[r + c : r + c + 2, -1] = -1
        self.equations = equations
        self.n = int(counts.sum())

    def lines_of(self, k: int) -> list[int]:
        """The values sharing an equation with value ``k``."""
        touching = np.nonzero(self.equations[:, k])[0]
        near = {int(i) for i in np.nonzero(self.equations[touching].any(axis=0))[0]}
        return sorted(near - {k, len(self.values) - 1})

    def exposed(self, hidden: NDArray[np.bool_], *, bounds: bool = True) -> list[int]:
        """Hidden values that the shown ones determine (linear algebra, then with bounds)."""
        unknown = np.nonzero(hidden)[0]
        if unknown.size == 0:
            return []
        known = ~hidden
        a = self.equations[:, unknown]
        b = -self.equations[:, known] @ self.values[known]
        null = linalg.null_space(a)
        fixed = [
            int(unknown[i])
            for i in range(unknown.size)
            if not np.abs(null[i]).max(initial=0) > TOLERANCE
        ]
        if fixed or not bounds:
            return fixed
        # Every hidden value is ≥ 1: the equations may leave a single value all the same.
        pinned = []
        limits = [(1, None)] * unknown.size
        for i in self._uncertain(null, self._slack(a, b, self.values[unknown])):
            goal = np.zeros(unknown.size)
            goal[i] = 1
            low = optimize.linprog(goal, A_eq=a, b_eq=b, bounds=limits, method="highs")
            high = optimize.linprog(-goal, A_eq=a, b_eq=b, bounds=limits, method="highs")
            if low.status == 0 and high.status == 0 and -high.fun - low.fun < 1 - TOLERANCE:
                pinned.append(int(unknown[i]))
        return pinned

    @staticmethod
    def _slack(
        a: NDArray[np.float64], b: NDArray[np.float64], true: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """How far above 1 each hidden value is at a feasible point as deep inside as one
        linear programme finds (``x ≥ 1 + t``, ``t`` largest); the true values otherwise."""
        m = a.shape[1]
        result = optimize.linprog(
            np.r_[np.zeros(m), -1.0],
            A_ub=np.hstack([-np.eye(m), np.ones((m, 1))]),
            b_ub=-np.ones(m),
            A_eq=np.hstack([a, np.zeros((a.shape[0], 1))]),
            b_eq=b,
            bounds=[(None, None)] * m + [(0, float(max(true.max(initial=1), 1)))],
            method="highs",
        )
        if result.status == 0 and -result.fun > TOLERANCE:
            return np.asarray(result.x[:m], dtype=float) - 1.0
        return true.astype(float) - 1.0

    @staticmethod
    def _uncertain(null: NDArray[np.float64], slack: NDArray[np.float64]) -> list[int]:
        """The hidden values the true table does not prove free. From the true values, moving
        along ``d`` (``e_i`` projected on the free directions) keeps every value ≥ 1 for a
        while each way; if value ``i`` then spans at least 1, it is not pinned. Only the
        others need their two linear programmes."""
        left = []
        for i in range(null.shape[0]):
            d = null @ null[i]
            with np.errstate(divide="ignore"):
                up = np.min(np.where(d < -TOLERANCE, slack / -d, np.inf))
                down = np.min(np.where(d > TOLERANCE, slack / d, np.inf))
            if not (up + down) * d[i] >= 1 - TOLERANCE:
                left.append(i)
        return left


def protect(counts: ArrayLike, threshold: int) -> Protection:
    """What to hide of ``counts`` (a 2-D table of non-negative integers) and of its margins."""
    table_counts = np.asarray(counts, dtype=np.int64)
    if table_counts.ndim != 2:
        raise ValueError("a two-way table is expected")
    table = _Table(table_counts)
    r, c = table.shape
    if table.n < threshold:
        return Protection(np.ones((r, c), bool), np.ones(r, bool), np.ones(c, bool), True)
    values = table.values
    hidden = (values > 0) & (values < threshold)
    hidden[-1] = False  # n: shown
    for bounds in (False, True):  # the quick linear check first, then with the bounds
        while exposed := table.exposed(hidden, bounds=bounds):
            hidden[_rectangle(table, hidden, exposed[0])] = True
    cells = hidden[: r * c].reshape(r, c)
    rows, columns = hidden[r * c : r * c + r].copy(), hidden[r * c + r : -1].copy()
    return Protection(cells, rows, columns, False)


def _rectangle(table: _Table, hidden: NDArray[np.bool_], k: int) -> list[int]:
    """Values to hide with ``k``: the cheapest rectangle of non-zero values through it in the
    table bordered by its margins (a rectangle of hidden values leaves one degree of freedom),
    margins counting double; failing that, every value on its lines."""
    r, c = table.shape
    values = table.values

    def index(i: int, j: int) -> int | None:  # position in the bordered (r + 1) × (c + 1) table
        if i < r and j < c:
            return i * c + j
        if i < r:
            return r * c + i
        if j < c:
            return r * c + r + j
        return None  # n, always shown

    i0, j0 = (
        (k // c, k % c) if k < r * c else (k - r * c, c) if k < r * c + r else (r, k - r * c - r)
    )
    best: tuple[float, list[int]] | None = None
    for i in range(r + 1):
        for j in range(c + 1):
            corners = [index(i0, j), index(i, j0), index(i, j)]
            if i == i0 or j == j0 or None in corners:
                continue
            if any(values[x] == 0 for x in corners):
                continue
            new = [x for x in corners if not hidden[x]]
            if not new:
                continue
            cost = sum(float(values[x]) * (2 if x >= r * c else 1) for x in new)
            if best is None or cost < best[0]:
                best = (cost, new)  # type: ignore[assignment]
    if best is not None:
        return best[1]
    return [x for x in table.lines_of(k) if values[x] > 0 and not hidden[x]] or [
        int(x) for x in np.nonzero(~hidden[:-1] & (values[:-1] > 0))[0]
    ]
