"""The tables behind every figure of a synthesis, as one tidy CSV: one row per published value.

Columns: ``table`` (which figure), ``category`` and ``label`` (what the row is about),
``measure`` (what is counted or measured), ``value`` (empty when suppressed), ``display``
(as printed, e.g. « moins de 11 »), ``unit``, ``period`` and ``source`` (for indicators),
``note``. Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from analysis import spreadsheet

COLUMNS = (
    "table",
    "category",
    "label",
    "measure",
    "value",
    "display",
    "unit",
    "period",
    "source",
    "note",
)


def neutralise(value: Any) -> Any:
    """The product's spreadsheet rule (:mod:`analysis.spreadsheet`), after the no-break spaces of
    French print became plain spaces for the programs that read CSV."""
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").replace("\u202f", " ")
    return spreadsheet.neutralise(value)


def _row(table: str, category: Any, label: Any, measure: str, cell: dict, **extra: Any) -> dict:
    return {
        "table": table,
        "category": category,
        "label": label,
        "measure": measure,
        "value": cell.get("value"),
        "display": cell.get("display"),
        **extra,
    }


def rows(content: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every published value of the content, figure by figure."""
    key = content["key_figures"]
    yield _row("chiffres_cles", "observations", "Signalements", "observations", key["observations"])
    if key.get("contributors"):
        yield _row(
            "chiffres_cles",
            "contributors",
            "Veilleurs ayant contribué",
            "contributeurs",
            key["contributors"],
        )
    for p in content["polarity"]:
        yield _row("polarites", p["key"], p["label"], "observations", p)
        yield _row(
            "polarites",
            p["key"],
            p["label"],
            "part",
            {"value": p["share"], "display": None},
            unit="part",
        )
    for t in content.get("themes", {}).get("rows", []):
        yield _row("themes", t["key"], t["label"], "observations", t)
        for polarity, cell in t["polarity"].items():
            yield _row("themes_polarites", f"{t['key']}/{polarity}", t["label"], polarity, cell)
    for m in content["trend"]["items"]:
        yield _row(
            "mois" if content["trend"]["period"] == "month" else "trimestres",
            m["key"],
            m["label"],
            "observations",
            m,
        )
    for h in content["map"]["hotspots"]:
        yield _row(
            "foyers",
            h["number"],
            h["main_theme"],
            "observations",
            {"value": h["count"], "display": str(h["count"])},
            note=f"densité × {h['density_ratio']}; centre {h['centre'][0]} {h['centre'][1]}",
        )
    yield from _cluster_rows(content["clusters"])
    yield from _survey_rows(content["surveys"])
    yield from _indicator_rows(content["indicators"])


def _cluster_rows(clusters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in clusters.get("items", []):
        yield _row(
            "sujets",
            item["number"],
            item["label"],
            "textes",
            item["size"],
            note=" | ".join(item["quotes"]),
        )
    if clusters.get("others"):
        yield _row("sujets", "autres", "Autres sujets", "textes", clusters["others"])


def _survey_rows(surveys: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for survey in surveys:
        table = f"enquete:{survey['campaign']}"
        yield _row(table, "respondents", "Répondants", "répondants", survey["respondents"])
        for q in survey["questions"]:
            for choice in q["choices"]:
                yield _row(
                    table,
                    f"{q['key']}/{choice['name']}",
                    f"{q['label']} — {choice['label']}",
                    "part",
                    {"value": choice["share"], "display": choice["display"]},
                    unit="part",
                    note=f"IC : {choice['ci'][0]} – {choice['ci'][1]}"
                    if choice["share"] is not None
                    else "",
                )
            if q.get("score"):
                yield _row(
                    table,
                    q["key"],
                    q["label"],
                    "note moyenne",
                    {"value": q["score"]["mean"], "display": q["score"]["display"]},
                )


def _indicator_rows(indicators: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for row in indicators["rows"]:
        extra = {"unit": row["unit"], "period": row["period"], "source": row["source"]}
        yield _row("indicateurs", row["indicator"], row["label"], "territoire", row, **extra)
        for level, ref in row["references"].items():
            yield _row(
                "indicateurs",
                row["indicator"],
                row["label"],
                level,
                ref,
                unit=row["unit"],
                period=ref["period"],
                source=ref["source"],
                note=" ".join(filter(None, [ref.get("difference_display"), ref.get("warning")])),
            )


def to_csv(content: dict[str, Any]) -> bytes:
    """UTF-8 CSV (with a BOM, so that French Excel reads the accents), comma-separated."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(content):
        writer.writerow({k: neutralise(row.get(k)) for k in COLUMNS})
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
