"""A crossed table as an organiser reads it: counts, shares, lift, adjusted residuals, the
test's verdict in one sentence, Cochran's rule checked, and nothing a small count could be
recovered from.

What is withheld, and why:

- hidden cells and margins (:func:`~analysis.crossing.protection.protect`);
- a shown cell's expected count, lift, residual and shares when one of its margins is hidden
  (expected = row total × column total / n would give the hidden margin back);
- when anything is hidden, the χ² statistic, the exact p-value and Cramér's V (with the
  margins, the statistic narrows the hidden cells to one or two tables): the verdict keeps a
  band of p-values (« moins d'une chance sur mille ») and the strength in words.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from analysis import french
from analysis.crossing.protection import protect
from analysis.errors import AnalysisError
from analysis.survey_stats.crosstabs import TESTS, Crosstab
from analysis.survey_stats.jsonable import number

MAX_CATEGORIES = 30
RESIDUAL = 1.96  # |adjusted residual| above: the cell stands out at 5 %
STRONG_RESIDUAL = 3.29  # …at 1 ‰
P_BANDS = (
    (0.001, "moins d’une chance sur mille"),
    (0.01, "moins d’une chance sur cent"),
    (0.05, "moins d’une chance sur vingt"),
)


class CrossingError(AnalysisError):
    """A crossing that cannot be made (too many categories, a single one…), said in French."""


def strength(cramers_v: float) -> str:
    """Cramér's V in words (Cohen's usual marks)."""
    return "faible" if cramers_v < 0.1 else "modéré" if cramers_v < 0.3 else "fort"


def p_band(p_value: float) -> str:
    """``p < 0,001`` … ``p ≥ 0,05``: what is shown of a p-value when the table has hidden cells."""
    for limit, _ in P_BANDS:
        if p_value < limit:
            return f"p < {french.number(limit, 3).rstrip('0')}"
    return "p ≥ 0,05"


def cochran(expected: np.ndarray) -> dict[str, Any]:
    """Cochran's rule: no expected count below 1, at most 20 % of them below 5."""
    small = int((expected < 5).sum())
    tiny = int((expected < 1).sum())
    ok = tiny == 0 and small <= 0.2 * expected.size
    return {"ok": ok, "below_5": small, "below_1": tiny, "cells": int(expected.size)}


def verdict(table: Crosstab, rule: dict[str, Any], *, exact: bool) -> str:
    """One sentence a facilitator can read aloud."""
    row, column = table.row.label, table.column.label
    chance = next((words for limit, words in P_BANDS if table.p_value < limit), None)
    if table.significant and chance:
        sentence = (
            f"{french.quote(row)} et {french.quote(column)} sont liés (lien {strength(table.cramers_v)}) : "
            f"une répartition aussi inégale aurait {chance} d’être due au hasard"
        )
    else:
        sentence = (
            f"Pas de lien net entre {french.quote(row)} et {french.quote(column)} : "
            "les écarts observés pourraient être dus au hasard"
        )
    figures = f"{TESTS[table.test]}, "
    if exact:
        p = "p < 0,001" if table.p_value < 0.001 else f"p = {french.number(table.p_value, 3)}"
        figures += (
            f"χ² = {french.number(table.statistic, 1)}, ddl = {table.dof}, {p}, "
            f"V de Cramér = {french.number(table.cramers_v, 2)}"
        )
    else:
        figures += f"{p_band(table.p_value)}, détail non diffusé car des cases sont masquées"
    sentence += f" ({figures})."
    if not rule["ok"]:
        sentence += (
            " À prendre avec prudence : trop peu d’effectifs attendus dans certaines cases "
            "(règle de Cochran)."
        )
    return french.typography(sentence)


def _side(table: Crosstab, axis: int, hidden: np.ndarray) -> dict[str, Any]:
    side = table.row if axis == 0 else table.column
    totals = table.counts.sum(axis=1 - axis)
    return {
        "key": side.key,
        "label": side.label,
        "categories": [
            {"name": name, "label": label, "total": None if hide else int(total)}
            for (name, label), total, hide in zip(side.categories, totals, hidden, strict=True)
        ],
    }


def _cell_words(table: Crosstab, i: int, j: int, residual: float) -> str | None:
    if abs(residual) < RESIDUAL:
        return None
    kind = "sur-représenté" if residual > 0 else "sous-représenté"
    return french.typography(
        f"{french.quote(table.row.categories[i][1])} {kind} parmi "
        f"{french.quote(table.column.categories[j][1])} "
        f"(×{french.number(float(table.lift[i, j]), 1)} ; résidu {french.signed(residual, 1)})"
    )


def publish(table: Crosstab, threshold: int) -> dict[str, Any]:
    """The crossed table, JSON-ready and safe to show (see the module's docstring)."""
    if max(table.counts.shape) > MAX_CATEGORIES:
        raise CrossingError(
            f"Trop de modalités à croiser ({max(table.counts.shape)}) : au plus {MAX_CATEGORIES} "
            "de chaque côté. Filtrez (un territoire, une période) avant de croiser."
        )
    hidden = protect(table.counts, threshold)
    exact = not hidden.any
    residuals = table.adjusted_residuals
    rule = cochran(table.expected)
    derived = {
        "expected": table.expected, "lift": table.lift, "adjusted_residual": residuals,
        "row_share": table.row_shares, "column_share": table.column_shares,
    }  # fmt: skip
    cells = []
    for (i, j), count in np.ndenumerate(table.counts):
        cell: dict[str, Any] = {
            "row": table.row.categories[i][0],
            "column": table.column.categories[j][0],
            "suppressed": bool(hidden.cells[i, j]),
            "count": None if hidden.cells[i, j] else int(count),
        }
        margins_shown = not (hidden.rows[i] or hidden.columns[j] or hidden.total)
        show = margins_shown and not hidden.cells[i, j]
        cell |= {
            name: number(values[i, j], 4) if show else None for name, values in derived.items()
        }
        residual = float(residuals[i, j])
        cell["representation"] = (
            None if not show or abs(residual) < RESIDUAL else "sur" if residual > 0 else "sous"
        )
        cell["strong"] = bool(show and abs(residual) >= STRONG_RESIDUAL)
        cell["text"] = _cell_words(table, i, j, residual) if show else None
        cells.append(cell)
    return {
        "row": _side(table, 0, hidden.rows),
        "column": _side(table, 1, hidden.columns),
        "n": None if hidden.total else table.n,
        "missing": None if hidden.total or 0 < table.missing < threshold else table.missing,
        "cells": cells,
        "test": {
            "method": table.test,
            "label": TESTS[table.test],
            "statistic": number(table.statistic, 4) if exact else None,
            "dof": table.dof,
            "p_value": number(table.p_value, 6) if exact else None,
            "p_band": None if hidden.total else p_band(table.p_value),
            "cramers_v": number(table.cramers_v, 4) if exact else None,
            "strength": None if hidden.total else strength(table.cramers_v),
            "significant": None if hidden.total else table.significant,
            "n_simulations": table.n_simulations,
            "verdict": None if hidden.total else verdict(table, rule, exact=exact),
        },
        "cochran": rule,
        "warnings": [french.typography(w) for w in table.warnings if exact],
        "n_suppressed": int(hidden.cells.sum()),
        "margins_suppressed": int(hidden.rows.sum() + hidden.columns.sum()),
        "disclosure_threshold": threshold,
    }
