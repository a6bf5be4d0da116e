"""The Base permanente des équipements (BPE): equipment counts per IRIS and type, aggregated to
communes as counts and as rates per 1,000 inhabitants.

The BPE lists every equipment, so a type absent from a commune that has others counts 0 (not
missing). IRIS codes map to their commune by their first 5 characters (``13001_0606`` →
``13001``); the arrondissements of Paris, Lyon and Marseille are also summed into their commune.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.indicators.dictionary import equipment_labels
from analysis.indicators.errors import BadFile
from analysis.indicators.reading import Table
from analysis.indicators.wide import LONG_COLUMNS, LongTable, parse_numbers

RATE_UNIT = "pour 1 000 hab."
# PLM arrondissements (INSEE codes) and the commune they belong to.
PLM = {
    **{f"132{n:02d}": "13055" for n in range(1, 17)},
    **{f"751{n:02d}": "75056" for n in range(1, 21)},
    **{f"6938{n}": "69123" for n in range(1, 10)},
}


def commune_of(codes: pd.Series) -> pd.Series:
    """The commune (5 characters) of IRIS codes written ``13001_0606`` or ``130010606``."""
    return codes.astype(str).str.strip().str[:5]


def _label(code: str) -> str:
    labels = equipment_labels()
    if code == "total":
        return "Équipements (tous types, BPE)"
    if len(code) == 1:
        return f"Équipements : {labels.get(code, 'domaine ' + code)} (domaine {code}, BPE)"
    return f"Équipements : {labels.get(code, 'type ' + code)} ({code}, BPE)"


def aggregate_equipment(
    table: Table,
    *,
    territory_field: str = "DCIRIS",
    type_field: str = "TYPEQU",
    count_field: str = "NB_EQUIP",
    period: int | None = None,
    types: Sequence[str] | None = None,
    populations: Mapping[str, float] | None = None,
    name: str = "fichier",
) -> LongTable:
    """Counts per commune × type (plus each domain A–G and the total), and per 1,000 inhabitants
    where the commune's population is known."""
    frame = table.frame
    missing = [c for c in (territory_field, type_field, count_field) if c not in frame.columns]
    if missing:
        raise BadFile(
            f"{name} : colonne(s) absente(s) pour l'agrégation BPE : {', '.join(missing)}. "
            f"Colonnes du fichier : {', '.join(frame.columns[:40])}."
        )
    counts, flags = parse_numbers(frame[count_field], decimal_comma=table.separator == ";")
    unreadable = counts.isna() & flags.isna()
    if unreadable.any():
        row = int(np.flatnonzero(unreadable.to_numpy())[0])
        raise BadFile(
            f"{name} : ligne {row + 2}, colonne {count_field} : « {frame[count_field].iloc[row]} » "
            "n'est pas un nombre. Rien n'a été importé."
        )
    if period is None:
        period = _period(frame, name)
    long = pd.DataFrame(
        {
            "commune": commune_of(frame[territory_field]),
            "type": frame[type_field].astype(str).str.strip(),
            "count": counts.fillna(0.0),
        }
    )
    if types:
        long = long[long["type"].isin(types) | long["type"].str[:1].isin(types)]
    arrondissements = long[
        long["commune"].isin(PLM) & ~long["commune"].map(PLM).isin(long["commune"])
    ]
    long = pd.concat([long, arrondissements.assign(commune=arrondissements["commune"].map(PLM))])
    by_type = long.pivot_table(
        index="commune", columns="type", values="count", aggfunc="sum", fill_value=0.0
    )
    domains = by_type.T.groupby(by_type.columns.str[:1]).sum().T
    wide = pd.concat([by_type, domains], axis=1)
    wide["total"] = by_type.sum(axis=1)
    population = pd.Series(populations or {}, dtype=float).reindex(wide.index)
    population = population.where(population > 0)
    result = LongTable(values=pd.DataFrame(columns=LONG_COLUMNS))
    stacked = wide.stack()
    stacked.index.names = ["territory_code", "code"]
    stacked = stacked.rename("value").reset_index()
    stacked["code"] = stacked["code"].astype(str)
    labels = {code: _label(code) for code in stacked["code"].unique()}
    counts_long = stacked.assign(
        indicator="bpe_" + stacked["code"].str.lower(),
        label=stacked["code"].map(labels),
        unit="nombre",
        flag=None,
    )
    rates = stacked["value"] / stacked["territory_code"].map(population) * 1000
    rates_long = stacked.assign(
        indicator="bpe_" + stacked["code"].str.lower() + "_p1000",
        label=stacked["code"].map(labels) + " pour 1 000 habitants",
        unit=RATE_UNIT,
        value=rates,
        flag=pd.Series("population inconnue", index=rates.index).where(rates.isna()),
    )
    values = pd.concat([counts_long, rates_long], ignore_index=True)
    values["period"] = period
    result.values = values[LONG_COLUMNS]
    without = sorted(set(wide.index) - set(population.dropna().index))
    result.notes.append(
        f"BPE agrégée à {len(wide)} communes ({len(by_type.columns)} types d'équipement, "
        f"{len(domains.columns)} domaines et le total) ; un type absent d'une commune compte 0."
    )
    if arrondissements.size:
        result.notes.append(
            "Arrondissements de Paris, Lyon et Marseille également additionnés dans leur commune."
        )
    if without:
        result.notes.append(
            f"Population inconnue pour {len(without)} commune(s) ({', '.join(without[:8])}"
            f"{'…' if len(without) > 8 else ''}) : taux pour 1 000 habitants laissés manquants, "
            "effectifs gardés."
        )
    return result


def _period(frame: pd.DataFrame, name: str) -> int:
    if "AN" in frame.columns:
        years = pd.to_numeric(frame["AN"], errors="coerce").dropna().unique()
        if len(years) == 1:
            return int(years[0])
    raise BadFile(f"{name} : millésime introuvable (colonne AN absente ou multiple) : --period.")
