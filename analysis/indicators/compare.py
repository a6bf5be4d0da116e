"""A territory against the levels above it (commune, EPCI, France), as INSEE presents it:
the gap in points for rates and shares, the ratio for amounts, with each value's vintage
and a French warning when vintages, geographies or sources differ.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.indicators.dictionary import shipped_table

FRANCE = "FR"
COMPARISON_COLUMNS = [
    "indicator",
    "label",
    "unit",
    "territory",
    "value",
    "period",
    "source",
    "reference_level",
    "reference_code",
    "reference_name",
    "reference_indicator",
    "reference_value",
    "reference_period",
    "reference_source",
    "difference",
    "difference_kind",
    "warning",
]
# Indicators that measure the same thing under another producer's code: the QPV files give
# the median disposable income per consumption unit (disp_q2), Filosofi calls it MED.
EQUIVALENTS = (
    frozenset({"med", "disp_q2"}),
    frozenset({"d1", "disp_d1"}),
    frozenset({"d9", "disp_d9"}),
    frozenset({"pimp", "pmimp"}),
)
POINTS_UNITS = {"%"}
RATIO_UNITS = {"€"}
DIFFERENCE_UNITS = {"indice", "pour 1 000 hab."}


@dataclass(frozen=True)
class Place:
    """A territory in the hierarchy: its code, its level (qpv, commune, EPCI…) and name."""

    code: str
    level: str
    name: str = ""
    geography: str | None = None


def equivalents(indicator: str) -> list[str]:
    """The indicator itself first, then the codes that measure the same thing."""
    group = next((g for g in EQUIVALENTS if indicator in g), frozenset())
    return [indicator, *sorted(group - {indicator})]


@functools.cache
def commune_epci() -> dict[str, str]:
    """Commune (and PLM arrondissement) → EPCI SIREN, shipped for the regions in the data."""
    table = shipped_table("commune_epci.csv")
    return dict(zip(table["commune"], table["epci"], strict=True))


def france_references() -> pd.DataFrame:
    """The official France-level figures shipped with the package (cited in ``source``)."""
    table = shipped_table("france.csv")
    return pd.DataFrame(
        {
            "territory_code": FRANCE,
            "indicator": table["indicateur"],
            "label": table["libelle"],
            "unit": table["unite"],
            "period": table["periode"].astype(int),
            "value": table["valeur"].astype(float),
            "source": table["source"],
            "geography_version": None,
            "note": table["note"],
        }
    )


def difference(value: float, reference: float, unit: str) -> tuple[float | None, str]:
    """(gap, how it reads): points for rates, ratio for amounts, nothing for counts."""
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (value, reference)):
        return None, ""
    if unit in POINTS_UNITS:
        return round(value - reference, 1), "écart en points"
    if unit in RATIO_UNITS:
        if reference == 0:
            return None, ""
        return round(value / reference, 2), "rapport"
    if unit in DIFFERENCE_UNITS:
        return round(value - reference, 2), "écart"
    return None, "effectifs : non comparables entre territoires de tailles différentes"


def _family(geography: str) -> str:
    return "".join(ch for ch in geography if not ch.isdigit())


def _warning(subject: pd.Series, ref: pd.Series, place: Place, subject_place: Place) -> str:
    notes = []
    if subject["period"] != ref["period"]:
        notes.append(
            f"Millésimes différents : {subject_place.level} {subject['period']}, "
            f"{place.level} {ref['period']} — l'écart mêle les territoires et les années."
        )
    geo_a, geo_b = subject.get("geography_version"), ref.get("geography_version")
    if (
        isinstance(geo_a, str)
        and isinstance(geo_b, str)
        and geo_a != geo_b
        and _family(geo_a) == _family(geo_b)
    ):
        notes.append(f"Géographies différentes : {geo_a} et {geo_b}.")
    if ref["indicator"] != subject["indicator"]:
        notes.append(
            f"Indicateurs rapprochés : {subject['indicator']} ({subject['label']}) comparé à "
            f"{ref['indicator']} ({ref['label']})."
        )
    if subject["unit"] != ref["unit"] and ref["unit"]:
        notes.append(f"Unités différentes : {subject['unit']} et {ref['unit']}.")
    note = ref.get("note")
    if isinstance(note, str) and note:
        notes.append(note)
    return " ".join(notes)


def _best(candidates: pd.DataFrame, indicator: str, period: int) -> pd.Series | None:
    """Same indicator first, then an equivalent; the closest vintage, the latest on a tie."""
    for code in equivalents(indicator):
        rows = candidates[candidates["indicator"] == code]
        if not rows.empty:
            rows = rows.assign(_gap=(rows["period"] - period).abs()).sort_values(
                ["_gap", "period"], ascending=[True, False]
            )
            return rows.iloc[0]
    return None


def compare(
    values: pd.DataFrame,
    territory: Sequence[Place],
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per indicator of ``territory[0]`` × each level above it (``territory[1:]``).

    ``values`` is the long table (territory_code, indicator, label, unit, period, value,
    source, geography_version) for every code of the chain; ``references`` adds France-level
    figures (default: the official ones shipped with the package) used when ``values`` has
    none for ``FR``. Indicators with no value above keep a row with empty references.
    """
    subject_place, *levels = territory
    if references is None:
        references = france_references()
    values = values.copy()
    if "note" not in values:
        values["note"] = None
    france_codes = {p.code for p in levels if p.code == FRANCE}
    if france_codes:
        have = set(values.loc[values["territory_code"] == FRANCE, "indicator"])
        extra = references[~references["indicator"].isin(have)]
        values = pd.concat([values, extra], ignore_index=True)
    own = values[values["territory_code"] == subject_place.code]
    own = own[own["value"].notna()].sort_values(["indicator", "period"])
    own = own.drop_duplicates(["indicator"], keep="last")  # the latest vintage
    rows = []
    for _, subject in own.iterrows():
        for place in levels:
            candidates = values[(values["territory_code"] == place.code) & values["value"].notna()]
            ref = _best(candidates, subject["indicator"], subject["period"])
            row = {
                "indicator": subject["indicator"],
                "label": subject["label"],
                "unit": subject["unit"],
                "territory": subject_place.code,
                "value": subject["value"],
                "period": int(subject["period"]),
                "source": subject["source"],
                "reference_level": place.level,
                "reference_code": place.code,
                "reference_name": place.name,
            }
            if ref is not None:
                gap, kind = difference(subject["value"], ref["value"], subject["unit"])
                row |= {
                    "reference_indicator": ref["indicator"],
                    "reference_value": ref["value"],
                    "reference_period": int(ref["period"]),
                    "reference_source": ref["source"],
                    "difference": gap,
                    "difference_kind": kind,
                    "warning": _warning(subject, ref, place, subject_place),
                }
            rows.append(row)
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    table["reference_period"] = table["reference_period"].astype("Int64")
    return table
