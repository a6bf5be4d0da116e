"""The observations' variables that can be crossed, with their French names and labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from analysis import french
from analysis.crossing.publish import MAX_CATEGORIES, CrossingError, publish
from analysis.survey_stats.crosstabs import cross_tabulate
from analysis.survey_stats.errors import NotEnoughDataError

OBSERVATION_VARIABLES = {
    "theme": "Thème",
    "polarity": "Type d’observation",
    "territory": "Territoire",
    "month": "Mois",
    "cluster": "Groupe de textes",
}
POLARITY_LABELS = {"difficulte": "Difficulté", "ressource": "Ressource", "idee": "Idée"}


def cross_observations(
    frame: pd.DataFrame,
    row: str,
    column: str,
    *,
    threshold: int,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    random_state: int = 0,
) -> dict[str, Any]:
    """``row`` × ``column`` over the observations of ``frame`` (columns ``theme``,
    ``polarity``, ``territory``, ``observed_at`` or ``month``, and ``cluster`` when crossed),
    published under ``threshold``. ``labels``: per variable, a French label per value."""
    for key in (row, column):
        if key not in OBSERVATION_VARIABLES:
            raise CrossingError(
                f"Variable inconnue : « {key} » (possibles : {', '.join(OBSERVATION_VARIABLES)})."
            )
    if row == column:
        raise CrossingError("Choisissez deux variables différentes.")
    data = frame.copy()
    if "month" in (row, column) and "month" not in data:
        data["month"] = [_month(d) for d in data["observed_at"]]
    names = {"polarity": POLARITY_LABELS, **(labels or {})}
    ordered = {"polarity": list(POLARITY_LABELS)}
    for key in (row, column):
        present = sorted({str(v) for v in data[key].dropna()})
        order = [v for v in ordered.get(key, present) if v in present]
        if len(order) > MAX_CATEGORIES:  # before the test: Monte-Carlo grows with the table
            raise CrossingError(
                f"Trop de valeurs à croiser pour « {OBSERVATION_VARIABLES[key]} » ({len(order)}) : "
                f"au plus {MAX_CATEGORIES}. Filtrez (un territoire, une période) avant de croiser."
            )
        data[key] = pd.Categorical(data[key].map(lambda v: None if v is None else str(v)), order)
    try:
        table = cross_tabulate(None, data, row, column, random_state=random_state)
    except NotEnoughDataError as error:
        raise CrossingError(
            f"Impossible de croiser « {OBSERVATION_VARIABLES[row]} » et "
            f"« {OBSERVATION_VARIABLES[column]} » : il faut au moins deux valeurs présentes "
            "de chaque côté."
        ) from error
    for side in (table.row, table.column):
        side.label = OBSERVATION_VARIABLES[side.key]
        side.categories = [(name, _label(side.key, name, names)) for name, _ in side.categories]
    return publish(table, threshold)


def _month(when: Any) -> str | None:
    """``2026-03``: the month in French time (an observation at 23:30 UTC on 31 March is April's)."""
    if when is None or pd.isna(when):
        return None
    if getattr(when, "tzinfo", None) is not None:
        when = when.astimezone(french.PARIS)
    return str(when.strftime("%Y-%m"))


def _label(key: str, value: str, names: Mapping[str, Mapping[str, str]]) -> str:
    if key == "month":
        return french.month_label(value)
    return names.get(key, {}).get(value, value)
