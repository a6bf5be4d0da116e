"""The statistical indicators of a synthesis: the territory beside its commune, EPCI and France,
each value with its source and vintage (from ``analysis.indicators``' comparison table)."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from analysis.french import NBSP, number, signed

# Shown in every synthesis, then those of the theme (codes of the INSEE QPV files and of
# Filosofi; an indicator the territory has no value for is simply absent).
CORE = ("pop_mun", "ind_jeune", "tp60", "disp_q2", "med", "brev", "percou")
BY_THEME: dict[str, tuple[str, ...]] = {
    "emploi_insertion": (
        "tx_tot_empl",
        "tx_f_empl",
        "tx_tot_eprec",
        "part_chomprinc",
        "abcde",
        "abc_capbep",
        "abc_supbac",
    ),
    "education_jeunesse": ("ind_jeune", "ec_mat", "ec_elem", "coll", "brev"),
    "sante": ("ens_sante", "serv_par"),
    "commerces_services": ("nbetab", "serv_par", "serv_tot", "auto_ent"),
    "logement": ("pmimp", "percou", "a"),
    "lien_social": ("tx_tot_et", "tx_f", "ind_jeune"),
}
LEVEL_LABELS = {"commune": "Commune", "epci": "EPCI", "france": "France", "FR": "France"}
COLUMNS = ("indicator", "label", "unit", "value", "period", "source")


def wanted(theme: str | None) -> list[str]:
    codes = list(CORE) + list(BY_THEME.get(theme or "", ()))
    return list(dict.fromkeys(codes))


def value_display(value: Any, unit: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n.\u00a0d."
    unit = unit or ""
    if unit == "%":
        return f"{number(value, 1)}{NBSP}%"
    if unit == "€":
        return f"{number(value)}{NBSP}€"
    if unit in ("indice", "pour 1 000 hab."):
        return number(value, 1) + (f"{NBSP}{unit}" if unit != "indice" else "")
    return number(value, 0 if float(value).is_integer() else 1)


def difference_display(gap: Any, kind: str | None) -> str:
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return ""
    if kind == "écart en points":
        return f"{signed(gap, 1)}{NBSP}pt"
    if kind == "rapport":
        return f"×{NBSP}{number(gap, 2)}"
    return signed(gap, 1)


def _clean(value: Any) -> Any:
    """Plain JSON: NaN is None, numpy scalars are Python numbers, whole floats are ints
    (pandas reads a column of years with a gap as floats: 2016.0)."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def indicators_section(comparisons: pd.DataFrame | None, theme: str | None) -> dict[str, Any]:
    """Rows of the theme's indicators with each reference level, and the sources cited."""
    if comparisons is None or comparisons.empty:
        return {"levels": [], "rows": [], "sources": []}
    frame = comparisons[comparisons["indicator"].isin(wanted(theme))]
    order = {code: i for i, code in enumerate(wanted(theme))}
    levels: list[dict[str, str]] = []
    rows: dict[str, dict[str, Any]] = {}
    for record in frame.to_dict("records"):
        code = record["indicator"]
        row = rows.setdefault(
            code,
            {
                **{k: _clean(record.get(k)) for k in COLUMNS},
                "period": _year(record.get("period")),
                "display": value_display(_clean(record.get("value")), record.get("unit")),
                "references": {},
            },
        )
        level = str(_clean(record.get("reference_level")) or "")
        if not level:
            continue
        if level not in [item["level"] for item in levels]:
            name = _clean(record.get("reference_name")) or LEVEL_LABELS.get(level, level)
            levels.append(
                {"level": level, "name": str(name), "code": str(record.get("reference_code") or "")}
            )
        reference_value = _clean(record.get("reference_value"))
        row["references"][level] = {
            "value": reference_value,
            # No value at that level (an indicator only the QPV files have): a dash, not « n. d. ».
            "display": value_display(reference_value, record.get("unit"))
            if reference_value is not None
            else "—",
            "period": _year(record.get("reference_period")),
            "source": _clean(record.get("reference_source")),
            "difference": _clean(record.get("difference")),
            "difference_display": difference_display(
                _clean(record.get("difference")), record.get("difference_kind")
            ),
            "warning": _clean(record.get("warning")) or None,
        }
    ordered = sorted(rows.values(), key=lambda r: order.get(r["indicator"], len(order)))
    return {
        "levels": levels,
        "rows": ordered,
        "sources": _sources(ordered),
        "notes": _notes(ordered),
    }


_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZÀ-Ý])")


def _notes(rows: list[dict[str, Any]]) -> list[str]:
    """The comparisons' warnings, each sentence once (the same vintage gap or method note
    otherwise repeats for every indicator and level)."""
    seen: dict[str, None] = {}
    for row in rows:
        for ref in row["references"].values():
            for sentence in _SENTENCE_END.split(ref.get("warning") or ""):
                if sentence.strip():
                    seen.setdefault(sentence.strip(), None)
    return list(seen)


def _year(value: Any) -> int | None:
    value = _clean(value)
    return int(value) if value is not None else None


def _sources(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source cited once, with the vintages used from it."""
    periods: dict[str, set[int]] = {}
    for row in rows:
        pairs = [(row["source"], row["period"])] + [
            (ref["source"], ref["period"]) for ref in row["references"].values()
        ]
        for source, period in pairs:
            if source:
                periods.setdefault(str(source), set())
                if period is not None:
                    periods[str(source)].add(int(period))
    return [{"source": s, "periods": sorted(p)} for s, p in periods.items()]
