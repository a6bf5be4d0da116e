"""Counts as a synthesis publishes them: small ones suppressed, and those a total would reveal.

A count is a JSON object ``{"value", "display", "suppressed"}``: ``value`` is ``None`` when
suppressed and ``display`` then reads « moins de 11 ». Every table is protected with its
total, so that no suppressed cell can be recovered by subtraction: the count hidden for that
reason (secondary suppression) is not small, so it reads « masqué », never « moins de 11 ».

>>> [c["display"] for c in disclosed_counts(pd.Series({"a": 40, "b": 3, "c": 12}), 11)]
['40', 'moins de\\xa011', 'masqué']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure import suppress_small, suppression_mask
from analysis.french import fewer_than, number

SECONDARY = "masqué"


def count(
    value: int | None, threshold: int, *, suppressed: bool | None = None, behind: int | None = None
) -> dict[str, Any]:
    """One published count; suppressed when small (1 to threshold − 1) or when told so (then
    a count that is not small reads « masqué »: it hides another by subtraction).

    ``behind``: for a count of reports, the distinct residents behind it, which the threshold
    is then applied to; a count withheld for that reason reads « masqué » too (its size says
    nothing of how small it is), with ``few_contributors``."""
    if behind is not None:
        few = 0 < behind < threshold
        hidden = few if suppressed is None else suppressed
        if hidden and value:
            return {"value": None, "display": SECONDARY, "suppressed": True, "secondary": True,
                    "few_contributors": few}  # fmt: skip
        return count(value, threshold, suppressed=False)
    small = value is not None and 0 < value < threshold
    hidden = small if suppressed is None else suppressed
    if value is None or (small and hidden):
        return {
            "value": None,
            "display": fewer_than(threshold),
            "suppressed": True,
            "secondary": False,
        }
    if hidden:
        return {"value": None, "display": SECONDARY, "suppressed": True, "secondary": True}
    return {
        "value": int(value),
        "display": number(int(value)),
        "suppressed": False,
        "secondary": False,
    }


def disclosed_counts(
    counts: pd.Series, threshold: int, behind: pd.Series | None = None
) -> list[dict[str, Any]]:
    """Each count of a breakdown whose total is published, with primary and secondary
    suppression (``analysis.disclosure.suppress_small``), in the series' order; ``behind``
    (distinct residents per key) makes it a count of reports judged by its contributors."""
    if counts.empty:
        return []
    people = None if behind is None else behind.reindex(counts.index, fill_value=0).astype(int)
    protected = suppress_small(counts.astype(int), threshold, people)
    return [
        {
            "key": str(key),
            **count(
                int(counts[key]),
                threshold,
                suppressed=bool(np.isnan(v)),
                behind=None if people is None else int(people[key]),
            ),
        }
        for key, v in protected.items()
    ]


def disclosed_table(
    table: pd.DataFrame, threshold: int, behind: np.ndarray | None = None
) -> dict[str, Any]:
    """A two-way table of counts with its margins, protected as a whole.

    The margins are placed in the table before suppression (each line then holds one linear
    relation: its cells sum to its total), so hiding a cell also hides what would give it
    away — another cell of its row or column, or the total itself. ``behind``: the distinct
    residents of each cell *and margin* (the table's shape plus one row and one column).
    """
    values = table.to_numpy(dtype=int)
    rows, cols = values.sum(axis=1), values.sum(axis=0)
    augmented = np.zeros((values.shape[0] + 1, values.shape[1] + 1), dtype=int)
    augmented[:-1, :-1], augmented[:-1, -1], augmented[-1, :-1] = values, rows, cols
    augmented[-1, -1] = values.sum()
    hidden = suppression_mask(augmented, threshold, behind=behind)

    def cell(i: int, j: int) -> dict[str, Any]:
        people = None if behind is None else int(behind[i, j])
        return count(int(augmented[i, j]), threshold, suppressed=bool(hidden[i, j]), behind=people)

    return {
        "rows": [str(r) for r in table.index],
        "columns": [str(c) for c in table.columns],
        "cells": [[cell(i, j) for j in range(len(table.columns))] for i in range(len(table))],
        "row_totals": [cell(i, -1) for i in range(len(table))],
        "column_totals": [cell(-1, j) for j in range(len(table.columns))],
        "total": cell(-1, -1),
    }


def share(part: dict[str, Any], whole: dict[str, Any]) -> float | None:
    """A share of two published counts (``None`` when either is suppressed)."""
    if part["value"] is None or not whole["value"]:
        return None
    return round(part["value"] / whole["value"], 4)
