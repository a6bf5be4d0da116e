"""Cross-tabulations: who says what, with a test of association and the cells that stand out.

Counts, row and column shares, expected counts under independence, Pearson's χ² with its
p-value and Cramér's V. When an expected count is below 5 the χ² approximation is not
trusted: the p-value is then exact (Fisher's test) for a 2 × 2 table, else estimated by
Monte-Carlo over tables with the same margins (as R's ``chisq.test(simulate.p.value=TRUE)``),
and a French warning says so. Each cell gets its lift (observed / expected), its adjusted
standardised residual (Haberman) and its test-value with the exact hypergeometric p-value.

>>> import pandas as pd
>>> data = pd.DataFrame({"satisfait": ["oui"] * 60 + ["non"] * 40,
...                      "territoire": ["A"] * 45 + ["B"] * 15 + ["A"] * 10 + ["B"] * 30})
>>> table = cross_tabulate(None, data, "satisfait", "territoire")
>>> table.test, round(table.cramers_v, 2), table.p_value < 0.001
('chi2', 0.49, True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis import french
from analysis.survey_stats.disclosure import DEFAULT_THRESHOLD, suppression_mask
from analysis.survey_stats.errors import NotEnoughDataError, UnknownVariableError
from analysis.survey_stats.jsonable import number
from analysis.survey_stats.respondents import RespondentTable, read_responses
from analysis.survey_stats.vtest import hypergeometric_p_value, v_test
from surveys import ExportTables, PreparedSurvey

MIN_EXPECTED = 5.0
TESTS = {
    "chi2": "test du χ² de Pearson",
    "fisher_exact": "test exact de Fisher",
    "monte_carlo": "test du χ² par simulation de Monte-Carlo",
}


@dataclasses.dataclass
class Variable:
    """One side of the table: its key, label and categories ``(name, label)`` in order."""

    key: str
    label: str
    categories: list[tuple[str, str]]


@dataclasses.dataclass
class Crosstab:
    """A contingency table of ``row`` × ``column`` and what it shows."""

    row: Variable
    column: Variable
    counts: np.ndarray
    missing: int
    """Respondents left out for lack of a value on either side."""
    test: str
    """``chi2``, ``fisher_exact`` or ``monte_carlo`` (see ``TESTS``)."""
    statistic: float
    dof: int
    p_value: float
    cramers_v: float
    n_simulations: int | None
    alpha: float
    disclosure_threshold: int
    warnings: list[str]

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    @property
    def expected(self) -> np.ndarray:
        return np.outer(self.counts.sum(axis=1), self.counts.sum(axis=0)) / self.n

    @property
    def row_shares(self) -> np.ndarray:
        """Each row's distribution over the columns (rows add up to 1)."""
        return self.counts / self.counts.sum(axis=1, keepdims=True)

    @property
    def column_shares(self) -> np.ndarray:
        """Each column's distribution over the rows (columns add up to 1)."""
        return self.counts / self.counts.sum(axis=0, keepdims=True)

    @property
    def lift(self) -> np.ndarray:
        """Observed / expected: above 1, more often together than under independence."""
        return self.counts / self.expected

    @property
    def adjusted_residuals(self) -> np.ndarray:
        """Haberman's adjusted standardised residuals, ≈ N(0, 1) under independence."""
        rows = self.counts.sum(axis=1, keepdims=True) / self.n
        cols = self.counts.sum(axis=0, keepdims=True) / self.n
        return (self.counts - self.expected) / np.sqrt(self.expected * (1 - rows) * (1 - cols))

    @property
    def v_tests(self) -> np.ndarray:
        return v_test(
            self.counts,
            self.counts.sum(axis=1, keepdims=True),
            self.counts.sum(axis=0, keepdims=True),
            self.n,
        )

    @property
    def cell_p_values(self) -> np.ndarray:
        """Exact two-sided hypergeometric p-value of each cell (not corrected for the number of cells)."""
        margins = self.counts.sum(axis=1, keepdims=True), self.counts.sum(axis=0, keepdims=True)
        return hypergeometric_p_value(self.counts, *margins, self.n)

    @property
    def significant(self) -> bool:
        return self.p_value < self.alpha

    def representation(self) -> np.ndarray:
        """Per cell ``"sur"``, ``"sous"`` (at ``alpha``, exact cell test) or ``""``."""
        gap = np.sign(self.counts - self.expected)
        marked = self.cell_p_values < self.alpha
        return np.where(marked & (gap > 0), "sur", np.where(marked & (gap < 0), "sous", ""))

    def text(self) -> str:
        """A French sentence on the association, for a synthesis."""
        verdict = "lien significatif" if self.significant else "pas de lien significatif"
        p = "p < 0,001" if self.p_value < 0.001 else f"p = {french.number(self.p_value, 3)}"
        return (
            f"{self.row.label} × {self.column.label} : {verdict} ({TESTS[self.test]}, "
            f"χ² = {french.number(self.statistic, 1)}, ddl = {self.dof}, {p} ; "
            f"V de Cramér = {french.number(self.cramers_v, 2)} ; {french.plural(self.n, 'répondant')})."
        )

    def cell_text(self, i: int, j: int) -> str:
        """``« Pas du tout satisfait·e » surreprésenté parmi « QP031001 » (×1,8, v-test 3,2)``."""
        kind = {"sur": "surreprésenté", "sous": "sous-représenté", "": "ni sur- ni sous-représenté"}
        return (
            f"{french.quote(self.row.categories[i][1])} {kind[str(self.representation()[i, j])]} parmi "
            f"{french.quote(self.column.categories[j][1])} (×{french.number(float(self.lift[i, j]), 1)}, "
            f"v-test {french.number(float(self.v_tests[i, j]), 1)})"
        )

    def to_dict(self, *, public: bool = False) -> dict[str, Any]:
        """JSON-ready; ``public=True`` suppresses cells and margins under the threshold."""
        threshold = self.disclosure_threshold
        everything = public and self.n < threshold
        hidden = (
            np.ones(self.counts.shape, dtype=bool)
            if everything
            else suppression_mask(self.counts, threshold)
            if public
            else np.zeros(self.counts.shape, dtype=bool)
        )
        arrays = {
            "row_share": self.row_shares, "column_share": self.column_shares,
            "expected": self.expected, "lift": self.lift,
            "adjusted_residual": self.adjusted_residuals, "v_test": self.v_tests,
            "p_value": self.cell_p_values,
        }  # fmt: skip
        representation = self.representation()
        cells = []
        for (i, j), count in np.ndenumerate(self.counts):
            cell: dict[str, Any] = {
                "row": self.row.categories[i][0],
                "column": self.column.categories[j][0],
            }
            if hidden[i, j]:
                cells.append(
                    cell
                    | dict.fromkeys(["count", *arrays, "representation", "text"])
                    | {"suppressed": True}
                )
                continue
            cell["count"] = int(count)
            cell |= {name: number(values[i, j]) for name, values in arrays.items()}
            cell["representation"] = representation[i, j] or None
            cell["text"] = self.cell_text(i, j) if representation[i, j] else None
            cells.append(cell | {"suppressed": False})
        return {
            "row": self._side(
                self.row, self.counts.sum(axis=1), public and not everything, everything
            ),
            "column": self._side(
                self.column, self.counts.sum(axis=0), public and not everything, everything
            ),
            "n": None if everything else self.n,
            "missing": None if public and 0 < self.missing < threshold else self.missing,
            "test": {
                "method": self.test,
                "label": TESTS[self.test],
                "statistic": number(self.statistic),
                "dof": self.dof,
                "p_value": number(self.p_value, 8),
                "cramers_v": number(self.cramers_v),
                "n_simulations": self.n_simulations,
                "alpha": self.alpha,
                "significant": self.significant,
                "text": None if everything else self.text(),
            },
            "cells": cells,
            "warnings": list(self.warnings),
            "disclosure_threshold": threshold,
            "public": public,
        }

    def _side(
        self, side: Variable, totals: np.ndarray, public: bool, everything: bool
    ) -> dict[str, Any]:
        def total(value: int) -> int | None:
            return (
                None
                if everything or (public and 0 < value < self.disclosure_threshold)
                else int(value)
            )

        return {
            "key": side.key,
            "label": side.label,
            "categories": [
                {"name": name, "label": label, "total": total(int(t))}
                for (name, label), t in zip(side.categories, totals, strict=True)
            ],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per cell with every figure (for notebooks)."""
        rows = [
            (self.row.categories[i][0], self.column.categories[j][0])
            for i, j in np.ndindex(self.counts.shape)
        ]
        frame = pd.DataFrame(rows, columns=[self.row.key, self.column.key])
        frame["count"] = self.counts.ravel()
        for name, values in (("expected", self.expected), ("row_share", self.row_shares),
                             ("column_share", self.column_shares), ("lift", self.lift),
                             ("adjusted_residual", self.adjusted_residuals), ("v_test", self.v_tests),
                             ("p_value", self.cell_p_values)):  # fmt: skip
            frame[name] = values.ravel()
        frame["representation"] = self.representation().ravel()
        return frame


def cross_tabulate(
    survey: Mapping[str, Any] | PreparedSurvey | None,
    responses: Iterable[Any] | pd.DataFrame | ExportTables | RespondentTable,
    row: str,
    column: str,
    *,
    language: str | None = None,
    alpha: float = 0.05,
    n_simulations: int = 9999,
    random_state: int | np.random.Generator | None = None,
    disclosure_threshold: int = DEFAULT_THRESHOLD,
) -> Crosstab:
    """The table of ``row`` × ``column`` over the respondents who have both.

    With a survey, ``row`` and ``column`` are ``select_one`` questions, choices of a multiple
    question (``changer/proprete``) or response fields (``territory``). Without one
    (``survey=None``), ``responses`` is any DataFrame and they are two of its columns
    (observations' ``theme`` × ``polarity``, say).
    """
    row_side, column_side, rows, columns = _variables(survey, responses, row, column, language)
    known = rows.notna().to_numpy() & columns.notna().to_numpy()
    counts = pd.crosstab(
        pd.Categorical(rows[known], categories=[n for n, _ in row_side.categories]),
        pd.Categorical(columns[known], categories=[n for n, _ in column_side.categories]),
        dropna=False,
    ).to_numpy()
    warnings = []
    keep_rows, keep_columns = counts.sum(axis=1) > 0, counts.sum(axis=0) > 0
    for side, keep in ((row_side, keep_rows), (column_side, keep_columns)):
        empty = [label for (_, label), kept in zip(side.categories, keep, strict=True) if not kept]
        if empty:
            warnings.append(
                f"modalités sans effectif retirées de « {side.label} » : {', '.join(empty)}"
            )
        side.categories = [c for c, kept in zip(side.categories, keep, strict=True) if kept]
    counts = counts[keep_rows][:, keep_columns]
    if min(counts.shape) < 2:
        raise NotEnoughDataError(
            f"« {row_side.label} » × « {column_side.label} » : il faut au moins deux modalités "
            "présentes de chaque côté pour tester un lien"
        )
    expected = stats.contingency.expected_freq(counts)
    statistic, p_value, dof, _ = stats.chi2_contingency(counts, correction=False)
    n = int(counts.sum())
    cramers_v = float(np.sqrt(statistic / (n * (min(counts.shape) - 1))))
    test, simulations = "chi2", None
    small = int((expected < MIN_EXPECTED).sum())
    if small:
        where = (
            f"{small} cellule(s) sur {counts.size} ont un effectif théorique inférieur à 5 "
            f"(minimum {french.number(float(expected.min()), 1)}) : l’approximation du χ² n’est pas fiable"
        )
        if counts.shape == (2, 2):
            test, p_value = "fisher_exact", float(stats.fisher_exact(counts).pvalue)
            warnings.append(f"{where} ; p-value exacte (test de Fisher).")
        else:
            test, simulations = "monte_carlo", n_simulations
            p_value = _monte_carlo_p_value(counts, float(statistic), n_simulations, random_state)
            warnings.append(
                f"{where} ; p-value estimée par simulation de Monte-Carlo "
                f"({n_simulations} tables de mêmes marges)."
            )
    return Crosstab(
        row=row_side, column=column_side, counts=counts, missing=int((~known).sum()), test=test,
        statistic=float(statistic), dof=int(dof), p_value=float(p_value), cramers_v=cramers_v,
        n_simulations=simulations, alpha=alpha, disclosure_threshold=disclosure_threshold,
        warnings=warnings,
    )  # fmt: skip


def _monte_carlo_p_value(
    counts: np.ndarray,
    statistic: float,
    n_simulations: int,
    random_state: int | np.random.Generator | None,
) -> float:
    """Share of random tables with the same margins whose χ² is at least the observed one."""
    rng = np.random.default_rng(random_state)
    tables = stats.random_table(counts.sum(axis=1), counts.sum(axis=0)).rvs(
        size=n_simulations, random_state=rng
    )
    expected = stats.contingency.expected_freq(counts)
    simulated = ((tables - expected) ** 2 / expected).sum(axis=(1, 2))
    # the tolerance keeps ties (tables equal to the observed one) counted despite rounding
    extreme = int((simulated >= statistic * (1 - 1e-9)).sum())
    return (1 + extreme) / (1 + n_simulations)


def _variables(
    survey: Mapping[str, Any] | PreparedSurvey | None,
    responses: Any,
    row: str,
    column: str,
    language: str | None,
) -> tuple[Variable, Variable, pd.Series, pd.Series]:
    if survey is None:
        if not isinstance(responses, pd.DataFrame):
            raise UnknownVariableError(
                "sans définition d’enquête, les réponses doivent être un DataFrame"
            )
        sides = []
        for key in (row, column):
            if key not in responses.columns:
                raise UnknownVariableError(f"colonne inconnue : « {key} »")
            series = responses[key]
            if isinstance(series.dtype, pd.CategoricalDtype):
                names = [str(c) for c in series.cat.categories]
            else:
                names = sorted({str(v) for v in series.dropna()})
            values = (
                series.astype("object")
                .where(series.notna(), None)
                .map(lambda v: None if v is None else str(v))
            )
            sides.append((Variable(key, key, [(name, name) for name in names]), values))
        return sides[0][0], sides[1][0], sides[0][1], sides[1][1]
    table = (
        responses if isinstance(responses, RespondentTable) else read_responses(survey, responses)
    )
    out = []
    for key in (row, column):
        series = table.categorical(key)
        categories = [
            (str(c), table.value_label(key, str(c), language)) for c in series.cat.categories
        ]
        out.append(
            (
                Variable(key, table.variable_label(key, language), categories),
                series.astype("object"),
            )
        )
    return out[0][0], out[1][0], out[0][1], out[1][1]
