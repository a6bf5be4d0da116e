"""Column dictionaries: what a column of an INSEE/CAF table means (label, unit, vintage).

Two layouts are read: the project's own (``code,libelle,unite[,periode]``) and the one the
Hackaviz QPV file ships (``colonne,description,type_valeur,exemple``), where the unit is
inferred from the French description. Small dictionaries for Filosofi and BPE codes ship here.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import re
from dataclasses import dataclass

import pandas as pd

from analysis.indicators.errors import BadFile

CODE_COLUMNS = ("code", "colonne", "variable", "column", "indicateur")
LABEL_COLUMNS = ("libelle", "libellé", "description", "label", "intitule", "intitulé")
UNIT_COLUMNS = ("unite", "unité", "unit")
PERIOD_COLUMNS = ("periode", "période", "millesime", "millésime", "annee", "année", "period")


@dataclass(frozen=True)
class Entry:
    label: str
    unit: str
    period: int | None = None


def infer_unit(label: str) -> str:
    """The unit a French indicator label implies: %, €, nombre or indice ('' if unsure)."""
    text = label.lower()
    if "(%)" in text or re.match(r"\s*(dont\s+)?(part|taux|pourcentage|proportion)\b", text):
        return "%"
    if "€" in text or "euro" in text or re.search(r"\b(médiane|décile|quartile|revenu)", text):
        return "€"
    if re.match(r"\s*(indice|rapport|ratio)\b", text):
        return "indice"
    if re.match(r"\s*(nombre|cumul|population|effectif)\b", text):
        return "nombre"
    return ""


def _pick(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {c.lower().strip(): c for c in columns}
    return next((lowered[c] for c in candidates if c in lowered), None)


def parse_dictionary(frame: pd.DataFrame, name: str = "dictionnaire") -> dict[str, Entry]:
    """Entries keyed by lower-cased column (or indicator) code."""
    columns = [str(c) for c in frame.columns]
    code_col = _pick(columns, CODE_COLUMNS)
    label_col = _pick(columns, LABEL_COLUMNS)
    if code_col is None or label_col is None:
        raise BadFile(
            f"{name} : colonnes attendues « colonne » (ou « code ») et « description » "
            f"(ou « libelle ») ; trouvées : {', '.join(columns)}."
        )
    unit_col = _pick(columns, UNIT_COLUMNS)
    period_col = _pick(columns, PERIOD_COLUMNS)
    entries: dict[str, Entry] = {}
    for row in frame.to_dict("records"):
        code = str(row[code_col]).strip()
        if not code:
            continue
        label = " ".join(str(row[label_col]).split())
        unit = str(row[unit_col]).strip() if unit_col else ""
        period_text = str(row[period_col]).strip() if period_col else ""
        entries[code.lower()] = Entry(
            label=label,
            unit=unit or infer_unit(label),
            period=int(period_text) if period_text.isdigit() else None,
        )
    return entries


def _shipped(filename: str) -> pd.DataFrame:
    data = importlib.resources.files("analysis.indicators").joinpath("data").joinpath(filename)
    return pd.read_csv(io.BytesIO(data.read_bytes()), dtype=str, keep_default_na=False)


@functools.cache
def shipped_dictionary() -> dict[str, Entry]:
    """Labels and units for the Filosofi indicator codes (period suffix removed: ``med``)."""
    return parse_dictionary(_shipped("filosofi.csv"), "filosofi.csv")


@functools.cache
def equipment_labels() -> dict[str, str]:
    """BPE equipment types (``D201``) and domains (``D``) the project can name in French."""
    frame = _shipped("bpe.csv")
    return dict(zip(frame["code"], frame["libelle"], strict=True))


def shipped_table(filename: str) -> pd.DataFrame:
    """One of the small reference tables shipped with the package, as strings."""
    return _shipped(filename)
