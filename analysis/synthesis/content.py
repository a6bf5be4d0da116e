"""The content of a synthesis: every figure, table, map layer, quote and note, as plain JSON.

:func:`build_synthesis` is the one entry point; it takes plain inputs (a DataFrame of the
observations, the territory's outline as GeoJSON, a DataFrame of indicator comparisons, the
surveys' definitions and answers) and applies the disclosure rules to everything it returns,
so its output can leave the platform as it is. Renderers (HTML, PDF, CSV) read only this.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.french import PARIS, SHORT_MONTHS, month_label
from analysis.synthesis import geo, notes
from analysis.synthesis.clusters import clusters_section
from analysis.synthesis.figures import count, disclosed_counts, disclosed_table, share
from analysis.synthesis.indicators import indicators_section
from analysis.synthesis.survey_results import SurveyInput, survey_section
from analysis.text.lexicon import THEME_LABELS

SCHEMA = "veilleurs.synthesis/1"
POLARITY_LABELS = {"difficulte": "Difficultés", "ressource": "Ressources", "idee": "Idées"}
KIND_LABELS = {
    "qpv": "Quartier prioritaire",
    "commune": "Commune",
    "iris": "IRIS",
    "epci": "EPCI",
    "departement": "Département",
    "custom": "Zone",
}
OBSERVATION_COLUMNS = ("id", "lon", "lat", "theme", "polarity", "text", "observed_at")


@dataclasses.dataclass
class Place:
    """The territory a synthesis is about; ``outline`` is its GeoJSON (Multi)Polygon."""

    code: str
    name: str
    kind: str
    outline: dict[str, Any] | None = None
    parent_name: str | None = None
    parent_code: str | None = None
    population: int | None = None
    children: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    """Territories inside it drawn on the map (a commune's QPV): ``code``, ``name``, ``outline``."""


def build_synthesis(
    observations: pd.DataFrame,
    place: Place,
    *,
    theme: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    indicators: pd.DataFrame | None = None,
    surveys: Sequence[SurveyInput] = (),
    ateliers: Sequence[dict[str, Any]] = (),
    threshold: int = 11,
    contributors: int = 3,
    grid_m: float = 100.0,
    theme_labels: dict[str, str] | None = None,
    max_cluster_texts: int = 4000,
    random_state: int = 0,
    generated_at: dt.datetime | None = None,
    package_version: str = "",
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """The synthesis of ``observations`` (columns ``id, lon, lat, theme, polarity, text,
    observed_at`` and optionally ``author``, an opaque id used only to count contributors)
    for ``place`` × ``theme`` (``None``: every theme, the *portrait de quartier*) × period.

    ``threshold`` applies to counts of people (contributors, respondents), and to text clusters
    and map cells; ``contributors`` to the distinct residents behind each count of reports —
    when ``author`` is known, else counts of reports take ``threshold`` too (the safe side)."""
    missing = set(OBSERVATION_COLUMNS) - set(observations.columns)
    if missing:
        raise ValueError(f"Colonnes manquantes : {', '.join(sorted(missing))}.")
    labels = theme_labels or THEME_LABELS
    frame = observations.reset_index(drop=True)
    people = _people(frame)
    reports = Reports(contributors if people is not None else threshold, people)
    total = count(len(frame), reports.threshold, behind=reports.behind_all(frame))
    content: dict[str, Any] = {
        "schema": SCHEMA,
        "title": _title(place, theme, labels),
        "territory": {
            "code": place.code,
            "name": place.name,
            "kind": place.kind,
            "kind_label": KIND_LABELS.get(place.kind, place.kind),
            "parent_name": place.parent_name,
            "parent_code": place.parent_code,
            "population": place.population,
        },
        "theme": {"code": theme, "label": labels.get(theme, theme)} if theme else None,
        "period": _period(frame, since, until),
        "issue": {"id": None, "issued_at": None, "frozen": False},
        "generated_at": (generated_at or dt.datetime.now(dt.UTC)).isoformat(),
        "package_version": package_version,
        "data_fingerprint": fingerprint,
        "disclosure": {
            "threshold": threshold,
            "contributors": reports.threshold if people is not None else None,
            "grid_m": grid_m,
        },
        "key_figures": {"observations": total, "contributors": _contributors(frame, threshold)},
    }
    if theme is None:
        content["themes"] = _themes(frame, reports, labels)
        content["polarity"] = content["themes"]["polarity"]
    else:
        content["polarity"] = _polarity(frame, total, reports)
    content["trend"] = _trend(frame, reports)
    content["map"] = _map(frame, place, threshold, grid_m, labels)
    content["clusters"] = clusters_section(
        frame, threshold, guided=theme is None, max_texts=max_cluster_texts, seed=random_state
    )
    content["surveys"] = [s for s in (survey_section(i, theme, threshold) for i in surveys) if s]
    content["ateliers"] = [dict(a) for a in ateliers]  # their records, as frozen (newest first)
    content["indicators"] = indicators_section(indicators, theme)
    content["disclosure"]["mostly_suppressed"] = mostly_suppressed(content)
    content["notes"] = notes.notes(content)
    return content


@dataclasses.dataclass
class Reports:
    """How counts of reports are judged: ``threshold`` applied to the distinct residents behind
    each (``people``: one opaque key per report), or to the count itself when authors are
    unknown."""

    threshold: int
    people: pd.Series | None

    def behind_all(self, frame: pd.DataFrame) -> int | None:
        return None if self.people is None else int(self.people.nunique())

    def behind(self, keys: pd.Series | list[pd.Series]) -> pd.Series | None:
        """Distinct residents per key (or per combination of keys)."""
        if self.people is None:
            return None
        return self.people.groupby(keys).nunique()


def _people(frame: pd.DataFrame) -> pd.Series | None:
    """One key per report naming its author; reports whose author is gone (an erased account)
    count together as one person — fewer people, so more is withheld, never less."""
    if "author" not in frame.columns:
        return None
    authors = frame["author"].astype(object)
    return authors.where(authors.notna(), "?").astype(str)


def mostly_suppressed(content: dict[str, Any]) -> bool:
    """Whether most figures of the document would be withheld: the reader gets a list of
    « masqué » rather than a picture (then a longer period, every theme or the commune)."""
    figures = [content["key_figures"]["observations"], *content["polarity"]]
    figures += [row for row in content.get("themes", {}).get("rows", []) if row["value"] != 0]
    figures += [item for item in content["trend"]["items"] if item["value"] != 0]
    hidden = sum(1 for f in figures if f["suppressed"])
    return bool(figures) and hidden * 2 > len(figures)


def _title(place: Place, theme: str | None, labels: dict[str, str]) -> str:
    if theme is None:
        return f"Portrait de quartier — {place.name}"
    return f"{labels.get(theme, theme)} — {place.name}"


def _period(frame: pd.DataFrame, since: dt.datetime | None, until: dt.datetime | None) -> dict:
    months = _months(frame) if len(frame) else []
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "first_month": min(months) if len(frame) else None,
        "last_month": max(months) if len(frame) else None,
    }


def _months(frame: pd.DataFrame) -> pd.Series:
    """The month of each observation as a French reader counts it (a report at 00:30 on the
    1st of March, Paris time, is a March report although it is still February in UTC)."""
    moments = pd.to_datetime(frame["observed_at"], utc=True)
    return moments.dt.tz_convert(PARIS).dt.strftime("%Y-%m")


def _contributors(frame: pd.DataFrame, threshold: int) -> dict[str, Any] | None:
    if "author" not in frame.columns:
        return None
    return count(int(frame["author"].dropna().nunique()), threshold)


def _polarity(frame: pd.DataFrame, total: dict, reports: Reports) -> list[dict[str, Any]]:
    counts = frame["polarity"].value_counts().reindex(list(POLARITY_LABELS), fill_value=0)
    rows = disclosed_counts(counts, reports.threshold, reports.behind(frame["polarity"]))
    return [
        {**row, "label": POLARITY_LABELS[row["key"]], "share": share(row, total)} for row in rows
    ]


def _themes(frame: pd.DataFrame, reports: Reports, labels: dict[str, str]) -> dict[str, Any]:
    """Themes × polarities, protected as one table (its margins give the polarity figures)."""
    codes = list(labels) + sorted(set(frame["theme"]) - set(labels))
    columns = list(POLARITY_LABELS)
    table = (
        pd.crosstab(frame["theme"], frame["polarity"])
        .reindex(index=codes, columns=columns, fill_value=0)
        .fillna(0)
    )
    behind = None
    if reports.people is not None:
        behind = np.zeros((len(codes) + 1, len(columns) + 1), dtype=int)
        cells = reports.behind([frame["theme"], frame["polarity"]])
        assert cells is not None
        behind[:-1, :-1] = (
            cells.unstack(fill_value=0).reindex(index=codes, columns=columns, fill_value=0)
        ).to_numpy(dtype=int)
        by_theme, by_polarity = reports.behind(frame["theme"]), reports.behind(frame["polarity"])
        assert by_theme is not None and by_polarity is not None
        behind[:-1, -1] = by_theme.reindex(codes, fill_value=0).to_numpy(dtype=int)
        behind[-1, :-1] = by_polarity.reindex(columns, fill_value=0).to_numpy(dtype=int)
        behind[-1, -1] = reports.behind_all(frame) or 0
    protected = disclosed_table(table, reports.threshold, behind)
    total = protected["total"]
    rows = []
    for code, cells, row_total in zip(
        protected["rows"], protected["cells"], protected["row_totals"], strict=True
    ):
        rows.append(
            {
                "key": code,
                "label": labels.get(code, code),
                **row_total,
                "share": share(row_total, total),
                "polarity": dict(zip(POLARITY_LABELS, cells, strict=True)),
            }
        )
    polarity = [
        {"key": code, "label": label, **cell, "share": share(cell, total)}
        for (code, label), cell in zip(
            POLARITY_LABELS.items(), protected["column_totals"], strict=True
        )
    ]
    return {"rows": rows, "polarity": polarity}


def _trend(frame: pd.DataFrame, reports: Reports) -> dict[str, Any]:
    """Observations per month, every month of the span (empty months are zeros) — or per
    quarter when most months are too small to publish: a row of « moins de 11 » says nothing."""
    if frame.empty:
        return {"period": "month", "items": []}
    months = _months(frame)
    span = pd.period_range(min(months), max(months), freq="M")
    counts = months.value_counts().reindex(span.strftime("%Y-%m"), fill_value=0)
    items = disclosed_counts(counts, reports.threshold, reports.behind(months))
    if len(items) > 2 and sum(i["suppressed"] for i in items) * 2 > len(items):
        quarters = months.map(lambda m: str(pd.Period(m, freq="Q")))
        quarter_span = pd.period_range(min(quarters), max(quarters), freq="Q").astype(str)
        counts = quarters.value_counts().reindex(quarter_span, fill_value=0)
        return {
            "period": "quarter",
            "items": [
                {
                    **row,
                    "label": f"{_ordinal(row['key'][-1])} trimestre {row['key'][:4]}",
                    "short_label": f"T{row['key'][-1]}",
                    "year_start": i == 0 or row["key"].endswith("Q1"),
                }
                for i, row in enumerate(
                    disclosed_counts(counts, reports.threshold, reports.behind(quarters))
                )
            ],
        }
    return {
        "period": "month",
        "items": [
            {
                **row,
                "label": month_label(row["key"]),
                "short_label": SHORT_MONTHS[int(row["key"][5:]) - 1],
                "year_start": i == 0 or row["key"].endswith("-01"),
            }
            for i, row in enumerate(items)
        ],
    }


def _ordinal(digit: str) -> str:
    return "1er" if digit == "1" else f"{digit}e"


def _map(
    frame: pd.DataFrame, place: Place, threshold: int, grid_m: float, labels: dict[str, str]
) -> dict[str, Any]:
    outline = geo.polygons(place.outline)
    shown = len(frame) >= threshold  # fewer reports than the threshold: no cell is drawn
    cells, dense = geo.public_cells(frame, grid_m, threshold) if shown else ([], [])
    return {
        "outline": outline,
        "children": [
            {"code": c["code"], "name": c["name"], "outline": geo.polygons(c["outline"])}
            for c in place.children
        ],
        "bounds": geo.bounds(outline, cells),
        "grid_m": grid_m,
        "cells": cells,
        "dense_cells": dense,
        "cells_withheld": not shown and len(frame) > 0,
        "hotspots": geo.public_hotspots(
            frame,
            grid_m=grid_m,
            threshold=threshold,
            territory_area_m2=geo.area_m2(outline),
            theme_labels=labels,
        )
        if shown
        else [],
    }
