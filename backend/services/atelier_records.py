"""An atelier's record as files (JSON, CSV, XLSX, PDF through the synthesis' machinery), the
ateliers a synthesis quotes, and the cooperation barometer of a territory over time."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from analysis import atelier as pure
from analysis.synthesis import render as synthesis_render
from backend.models import Territory
from backend.services import ateliers, exports, survey_exports
from backend.services.scope import Permission, Scope, descendant_ids

COLUMNS = ("etape", "type", "question", "proposition", "nombre", "part", "reponses")


def rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per counted proposition, idea and role: what a spreadsheet shows."""
    out: list[dict[str, Any]] = []
    for step in record["steps"]:
        base = {
            "etape": step["number"] + 1,
            "type": step["label"],
            "question": step.get("question") or step.get("title"),
        }
        results = step.get("results")
        if results is not None:
            if not results["shown"]:
                out.append({**base, "reponses": results["answers"], "proposition": "(non publié)"})
            for text in results.get("texts", []):
                out.append({**base, "proposition": text, "reponses": results["answers"]})
            for row in results.get("rows", []):
                out.append(
                    {
                        **base,
                        "proposition": row["label"],
                        "nombre": row["count"],
                        "part": round(row["share"], 4) if row["share"] is not None else None,
                        "reponses": results["answers"],
                    }
                )
        for idea in step.get("ideas", []):
            out.append({**base, "proposition": idea["text"], "nombre": idea["supports"]})
    for role in record["attendance"]["by_role"]:
        out.append(
            {
                "type": "Présents",
                "proposition": role["label"],
                "nombre": role["count"],
                "reponses": record["attendance"]["total"],
            }
        )
    return out


def render(record: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "pdf":
        return synthesis_render.render_atelier_pdf(record)
    table = rows(record)
    if fmt == "csv":
        return exports.to_csv(table, COLUMNS)
    return survey_exports.to_xlsx({"atelier": pd.DataFrame(table, columns=list(COLUMNS))})


def for_synthesis(territory: Territory, *, limit: int = 3) -> list[dict[str, Any]]:
    """The latest ended ateliers held on the territory or inside it, newest first."""
    return ateliers.ended_records(descendant_ids({territory.id}), limit=limit)[::-1]


def barometer(scope: Scope, territory_code: str) -> dict[str, Any]:
    """The cooperation scale, atelier after atelier, on a territory the caller may read."""
    scope.require(Permission.READ_ATELIERS)
    territory = ateliers.territory_for(scope, territory_code)
    records = ateliers.ended_records(descendant_ids({territory.id}), limit=50)
    return {
        "territory": territory.code,
        "scale": [{"name": n, "label": label} for n, label in pure.COOPERATION_SCALE],
        "points": pure.barometer(records),
    }
