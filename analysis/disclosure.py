"""Disclosure control for anything that leaves the platform: coarse points, suppressed small
counts, masked personal identifiers in quotes.

Pure functions on plain values and pandas objects, shared by syntheses, exports and retention.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

METRES_PER_DEGREE = 111_320.0


def snap_to_grid(lon: float, lat: float, metres: float = 100.0) -> tuple[float, float]:
    """The centre of the ``metres``-wide grid cell holding the point.

    The grid is regular in metres along latitude and, at each latitude band, along longitude,
    so a public point never says more than "somewhere in this cell".

    >>> snap_to_grid(1.40093, 43.57235, 100)
    (1.400459, 43.572134)
    """
    lat_step = metres / METRES_PER_DEGREE
    cell_lat = (math.floor(lat / lat_step) + 0.5) * lat_step
    lon_step = metres / (METRES_PER_DEGREE * math.cos(math.radians(cell_lat)))
    cell_lon = (math.floor(lon / lon_step) + 0.5) * lon_step
    return round(cell_lon, 6), round(cell_lat, 6)


def snap_points(
    lons: np.ndarray, lats: np.ndarray, metres: float = 100.0
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`snap_to_grid`."""
    lat_step = metres / METRES_PER_DEGREE
    cell_lat = (np.floor(np.asarray(lats) / lat_step) + 0.5) * lat_step
    lon_step = metres / (METRES_PER_DEGREE * np.cos(np.radians(cell_lat)))
    cell_lon = (np.floor(np.asarray(lons) / lon_step) + 0.5) * lon_step
    return np.round(cell_lon, 6), np.round(cell_lat, 6)


@dataclasses.dataclass(frozen=True)
class DisclosureRule:
    """The two thresholds of everything published, and the one test they share.

    ``people``: any count of people (contributors, survey respondents) below it is withheld.
    ``contributors``: any count of *reports* is withheld when fewer distinct residents than
    this stand behind it — thirty reports from two people would point at them, while three
    reports from three different neighbours point at no one.
    """

    people: int = 11
    contributors: int = 3

    def __post_init__(self) -> None:
        if self.people < 1 or self.contributors < 1:
            raise ValueError("Les seuils de diffusion valent au moins 1.")


def suppression_mask(counts: Any, threshold: int = 11, *, behind: Any = None) -> np.ndarray:
    """``True`` where a cell of a 1-D or 2-D table of counts must not be published.

    Primary: a cell whose ``behind`` (the distinct people behind it; by default the count
    itself, for counts of people) is 1 to ``threshold − 1``. Secondary: where a row or a column
    whose total is published would then hide a single cell, the smallest other non-zero cell of
    that line is hidden too, so that no hidden count is recovered by subtraction. With
    ``behind``, every line is protected (its total's people are not the sum of its cells').

    >>> suppression_mask([40, 3, 20], 11).tolist()  # 3 hidden; 20 too, or 63 − 40 − 20 gives it
    [False, True, True]
    >>> suppression_mask([30, 4, 9], 3, behind=[2, 4, 5]).tolist()  # 30 reports of 2 people
    [True, True, False]
    """
    table = np.atleast_2d(np.asarray(counts, dtype=float))
    people = table if behind is None else np.atleast_2d(np.asarray(behind, dtype=float))
    hidden = (people > 0) & (people < threshold)
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
                if (behind is None and total < threshold) or line_mask.sum() != 1:
                    continue
                candidates = np.where(~line_mask & (line > 0))[0]
                if candidates.size:
                    line_mask[candidates[np.argmin(line[candidates])]] = True
                    changed = True
    return hidden.reshape(np.shape(counts)) if np.ndim(counts) == 1 else hidden


def suppress_small(counts: pd.Series, threshold: int = 11, behind: Any = None) -> pd.Series:
    """Counts :func:`suppression_mask` withholds become missing (primary and secondary).

    >>> suppress_small(pd.Series({"a": 40, "b": 3, "c": 12}), 11).to_dict()
    {'a': 40.0, 'b': nan, 'c': nan}
    """
    values = counts.astype(float).copy()
    if len(values):
        people = None if behind is None else np.asarray(behind, dtype=float)
        values[suppression_mask(values.to_numpy(), threshold, behind=people)] = np.nan
    return values


PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TITLED_NAME = re.compile(
    r"\b(M\.|Mme|Mlle|Mr|Monsieur|Madame|Mademoiselle|Dr|Docteur)\s+"
    r"([A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+)?)"
)
PLATE = re.compile(r"\b[A-Z]{2}[- ]?\d{3}[- ]?[A-Z]{2}\b")


def mask_identifiers(text: str) -> str:
    """Mask what obviously identifies a person in a quote: phone numbers, e-mail addresses,
    names after a title (« M. Dupont », « Mme Martin »), French number plates.

    >>> mask_identifiers("Appelez Mme Martin au 06 12 34 56 78 ou martin@exemple.fr")
    'Appelez Mme [nom masqué] au [téléphone masqué] ou [e-mail masqué]'
    """
    text = EMAIL.sub("[e-mail masqué]", text)
    text = PHONE.sub("[téléphone masqué]", text)
    text = TITLED_NAME.sub(lambda m: f"{m.group(1)} [nom masqué]", text)
    return PLATE.sub("[plaque masquée]", text)


def _comparable(text: str) -> str:
    """A quote or a text reduced to what a published quote keeps of it: masked, one space,
    lower case, without the ellipsis of a cut quote."""
    return " ".join(mask_identifiers(str(text)).casefold().split()).rstrip("…").strip()


def without_quotes_of(content: Any, texts: Iterable[str]) -> tuple[Any, int]:
    """``content`` (a stored result: any JSON) with every quote taken from one of ``texts``
    removed, and every group named after one of them renamed by its words; and how many
    quotes went. Used when a resident erases their account: their words leave every stored
    analysis and issued synthesis, the figures stay."""
    erased = [t for t in (_comparable(text) for text in texts) if t]
    if not erased:
        return content, 0
    removed = 0

    def spoken(quote: Any) -> bool:
        said = _comparable(quote["text"] if isinstance(quote, dict) else quote)
        return bool(said) and any(text.startswith(said) or said in text for text in erased)

    def walk(node: Any) -> Any:
        nonlocal removed
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: walk(value) for key, value in node.items()}
        if isinstance(node.get("quotes"), list):
            kept = [quote for quote in node["quotes"] if not spoken(quote)]
            removed += len(node["quotes"]) - len(kept)
            node["quotes"] = kept
            for key in ("name", "label"):
                if isinstance(node.get(key), str) and spoken(node[key]):
                    words = [str(w) for w in node.get("words") or []][:4]
                    node[key] = ", ".join(words) if words else "Sujet sans nom"
        return node

    return walk(content), removed
