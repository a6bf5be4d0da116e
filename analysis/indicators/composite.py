"""Composite indicators (*indicateurs agrégés*) from a small declarative definition (TOML/JSON).

A definition names its components (indicator, direction, weight), a standardisation (z-score
or min-max) computed across the territories given, and how missing values are handled; the
result comes with a French paragraph saying how it was computed, to be printed beside it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.indicators.errors import BadSpec

DIRECTIONS = {"hausse_defavorable": 1.0, "hausse_favorable": -1.0}
STANDARDISATIONS = ("zscore", "minmax")
MISSING = ("renormaliser", "exclure")


@dataclass(frozen=True)
class Component:
    indicator: str
    direction: str
    weight: float
    label: str = ""


@dataclass(frozen=True)
class CompositeSpec:
    code: str
    label: str
    components: tuple[Component, ...]
    standardisation: str = "zscore"
    missing: str = "renormaliser"
    min_components: int | None = None
    source: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CompositeSpec:
        """Validate a definition (the TOML's tables as a dict); :class:`BadSpec` says what is wrong."""
        head = data.get("indice")
        if not isinstance(head, Mapping):
            raise BadSpec("Section [indice] absente (code, libelle, standardisation…).")
        raw = data.get("composantes")
        if not isinstance(raw, list) or not raw:
            raise BadSpec("Au moins une composante attendue ([[composantes]]).")
        components = []
        for number, item in enumerate(raw, start=1):
            if not isinstance(item, Mapping) or not item.get("indicateur"):
                raise BadSpec(f"Composante n° {number} : « indicateur » manquant.")
            direction = item.get("sens", "hausse_defavorable")
            if direction not in DIRECTIONS:
                raise BadSpec(
                    f"Composante n° {number} ({item['indicateur']}) : sens « {direction} » "
                    f"inconnu ; possibles : {', '.join(DIRECTIONS)}."
                )
            weight = item.get("poids", 1)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                raise BadSpec(
                    f"Composante n° {number} ({item['indicateur']}) : le poids doit être un "
                    "nombre strictement positif."
                )
            components.append(
                Component(
                    str(item["indicateur"]),
                    direction,
                    float(weight),
                    str(item.get("libelle", "")),
                )
            )
        codes = [c.indicator for c in components]
        if len(set(codes)) != len(codes):
            raise BadSpec("Une même composante apparaît deux fois.")
        standardisation = head.get("standardisation", "zscore")
        if standardisation not in STANDARDISATIONS:
            raise BadSpec(
                f"Standardisation « {standardisation} » inconnue ; possibles : zscore, minmax."
            )
        missing = head.get("valeurs_manquantes", "renormaliser")
        if missing not in MISSING:
            raise BadSpec(
                f"valeurs_manquantes « {missing} » inconnu ; possibles : {', '.join(MISSING)}."
            )
        minimum = head.get("composantes_minimum")
        if minimum is not None and not (isinstance(minimum, int) and 1 <= minimum <= len(codes)):
            raise BadSpec(f"composantes_minimum doit être un entier entre 1 et {len(codes)}.")
        return cls(
            code=str(head.get("code") or "indice"),
            label=str(head.get("libelle") or head.get("code") or "Indice composite"),
            components=tuple(components),
            standardisation=standardisation,
            missing=missing,
            min_components=minimum,
            source=head.get("source"),
        )

    @classmethod
    def from_toml(cls, text: str) -> CompositeSpec:
        try:
            return cls.from_mapping(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            raise BadSpec(f"Définition TOML illisible : {exc}.") from exc


@dataclass
class CompositeResult:
    table: pd.DataFrame  # territory, score, rank, components used, standardised components
    method: str  # the French paragraph to print with the result


def _standardise(column: pd.Series, how: str) -> pd.Series:
    if how == "zscore":
        spread = column.std(ddof=0)
        return (column - column.mean()) / spread if spread > 0 else column * 0.0
    low, high = column.min(), column.max()
    return (column - low) / (high - low) if high > low else column * 0.0


def _fmt(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def composite_index(
    values: pd.DataFrame, spec: CompositeSpec, territories: Sequence[str], *, scope: str = ""
) -> CompositeResult:
    """The index for ``territories`` (standardised across them), highest score = most fragile
    when every direction is written as such; each indicator's latest vintage is used."""
    data = values[values["territory_code"].isin(territories)]
    if spec.source:
        data = data[data["source"] == spec.source]
    codes = [c.indicator for c in spec.components]
    absent = [c for c in codes if c not in set(data["indicator"])]
    if absent:
        raise BadSpec(
            f"Indicateur(s) sans aucune valeur pour ces territoires : {', '.join(absent)}."
        )
    data = data[data["indicator"].isin(codes)].sort_values("period")
    latest = data.drop_duplicates(["territory_code", "indicator"], keep="last")
    wide = latest.pivot(index="territory_code", columns="indicator", values="value")
    wide = wide.reindex(index=sorted(territories), columns=codes).astype(float)
    periods = latest.groupby("indicator")["period"].agg(lambda p: sorted(set(int(x) for x in p)))
    labels = latest.drop_duplicates("indicator").set_index("indicator")["label"]
    standardised = pd.DataFrame(index=wide.index)
    for component in spec.components:
        standard = _standardise(wide[component.indicator], spec.standardisation)
        sign = DIRECTIONS[component.direction]
        if spec.standardisation == "minmax" and sign < 0:
            standard = 1 - standard
        elif sign < 0:
            standard = -standard
        standardised[component.indicator] = standard
    weights = pd.Series({c.indicator: c.weight for c in spec.components})
    present = standardised.notna()
    used = present.sum(axis=1)
    minimum = spec.min_components or (len(codes) if spec.missing == "exclure" else 1)
    weighted = (standardised.fillna(0.0) * weights).sum(axis=1)
    score = weighted / present.mul(weights).sum(axis=1).replace(0, np.nan)
    score = score.where(used >= minimum)
    table = pd.DataFrame(
        {
            "territory": wide.index,
            "score": score.round(3).to_numpy(),
            "rank": score.rank(ascending=False, method="min").to_numpy(),
            "components_used": used.to_numpy(),
        }
    )
    for code in codes:
        table[f"{code}_value"] = wide[code].to_numpy()
        table[f"{code}_standardised"] = standardised[code].round(3).to_numpy()
    table = table.sort_values(["rank", "territory"], na_position="last").reset_index(drop=True)
    method = _method(spec, labels, periods, wide, table, minimum, scope)
    return CompositeResult(table=table, method=method)


def _method(
    spec: CompositeSpec,
    labels: pd.Series,
    periods: pd.Series,
    wide: pd.DataFrame,
    table: pd.DataFrame,
    minimum: int,
    scope: str,
) -> str:
    total = sum(c.weight for c in spec.components)
    parts = []
    for c in spec.components:
        sense = (
            "une hausse aggrave" if c.direction == "hausse_defavorable" else "une hausse améliore"
        )
        years = ", ".join(str(p) for p in periods.get(c.indicator, []))
        parts.append(
            f"{c.label or labels.get(c.indicator, c.indicator)} ({c.indicator}, {years} ; "
            f"{sense} ; poids {_fmt(c.weight)}, soit {_fmt(round(100 * c.weight / total, 1))} %)"
        )
    how = (
        "centré et réduit (z-score : écart à la moyenne divisé par l'écart-type)"
        if spec.standardisation == "zscore"
        else "ramené entre 0 et 1 (min-max : 0 pour la valeur la plus favorable, 1 pour la moins favorable)"
    )
    missing_cells = int(wide.isna().sum().sum())
    incomplete = int((table["components_used"] < len(spec.components)).sum())
    unscored = int(table["score"].isna().sum())
    if spec.missing == "renormaliser":
        missing_text = (
            f"Une valeur manquante (secret statistique ou absence) n'est jamais remplacée par zéro : "
            f"le score d'un territoire est la moyenne pondérée des composantes disponibles, poids "
            f"renormalisés, s'il en a au moins {minimum}."
        )
    else:
        missing_text = (
            "Un territoire auquel il manque une composante (secret statistique ou absence) "
            "n'a pas de score."
        )
    return (
        f"{spec.label} : moyenne pondérée de {len(spec.components)} indicateurs — "
        + " ; ".join(parts)
        + f". Chaque indicateur est {how}, calculé sur les {len(wide)} territoires retenus"
        + (f" ({scope})" if scope else "")
        + ", puis orientée pour qu'un score élevé signale une situation plus défavorable. "
        + missing_text
        + f" Ici : {missing_cells} valeur(s) manquante(s), {incomplete} territoire(s) au calcul "
        f"incomplet, {unscored} sans score. Le score est relatif à cet ensemble de territoires : "
        "il classe, il ne mesure pas un niveau absolu."
    )
