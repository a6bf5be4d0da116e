"""From the wide layout INSEE and CAF publish (one row per territory, one column per indicator)
to the long table the platform stores: territory, indicator, label, unit, period, value.

Secret-statistique blanks (``s``, ``nd``, ``n.d.``, ``ns``, ``c``, empty cells…) stay *missing*
— never zero —, and anything else that is not a number stops the import with the cell named.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.indicators.dictionary import Entry, shipped_dictionary
from analysis.indicators.errors import BadFile
from analysis.indicators.reading import Table

MISSING_MARKERS = frozenset(
    {"", "s", "nd", "n.d.", "n.d", "ns", "n.s.", "c", "nc", "na", "n/a", "-", "…", "...", "x"}
)
LONG_COLUMNS = ["territory_code", "indicator", "label", "unit", "period", "value", "flag"]
_SUFFIX = re.compile(r"^(?P<base>.*[A-Za-z].*?)(?P<yy>\d{2})$")
_PREFIX = re.compile(r"^(?P<head>[A-Za-z]{1,4})(?P<yy>\d{2})_(?P<base>.+)$")
_FORMULA = ("=", "@")


@dataclass
class LongTable:
    """The long values and what the conversion did, for the import report."""

    values: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)  # file column -> indicator code
    periods: dict[str, int] = field(default_factory=dict)  # file column -> period
    period_inferred: bool = False
    notes: list[str] = field(default_factory=list)


def _year(yy: str) -> int | None:
    # Two digits read as a plausible vintage only: "tp60" is a poverty threshold, not 2060.
    value = int(yy)
    return 2000 + value if value <= 35 else 1900 + value if value >= 90 else None


def _years(column: str) -> list[tuple[int, str]]:
    """(year, code without the year) readings of an INSEE column name: MED16, P17_POP1564."""
    found = []
    if (match := _SUFFIX.match(column)) and (year := _year(match["yy"])):
        found.append((year, match["base"]))
    if (match := _PREFIX.match(column)) and (year := _year(match["yy"])):
        found.append((year, f"{match['head']}_{match['base']}"))
    return found


def infer_period(columns: Sequence[str]) -> tuple[int, dict[str, str]] | None:
    """The vintage all the columns share (``MED16``, ``TP6016`` → 2016), with their codes."""
    common: set[int] | None = None
    for column in columns:
        years = {year for year, _ in _years(column)}
        common = years if common is None else common & years
    if not common or len(common) != 1:
        return None
    year = common.pop()
    codes = {}
    for column in columns:
        codes[column] = next(code for y, code in _years(column) if y == year)
    return year, codes


def indicator_code(text: str) -> str:
    code = re.sub(r"[^0-9a-z_]+", "_", text.strip().lower()).strip("_")
    return code or "indicateur"


def parse_numbers(raw: pd.Series, *, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """(values as floats, missing marker or None); unreadable cells are NaN with marker None."""
    text = raw.astype(str).str.strip()
    lowered = text.str.lower()
    missing = lowered.isin(MISSING_MARKERS)
    # Thousands written "20 809" (space, no-break or narrow no-break space) are numbers too.
    cleaned = text.str.replace(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", "", regex=True)
    if decimal_comma:
        cleaned = cleaned.str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned.where(~missing), errors="coerce")
    values = values.where(np.isfinite(values))
    flags = lowered.where(missing)
    return values.astype(float), flags


def _refuse_bad_cells(frame: pd.DataFrame, bad: Mapping[str, pd.Series], name: str) -> None:
    examples: list[str] = []
    total = 0
    formula = False
    for column, mask in bad.items():
        rows = np.flatnonzero(mask.to_numpy())
        total += len(rows)
        for row in rows[:3]:
            cell = str(frame[column].iloc[row])
            formula |= cell.startswith(_FORMULA)
            # +2: the header is line 1 and rows count from 1, as a spreadsheet shows them
            examples.append(f"ligne {row + 2}, colonne {column} : « {cell[:40]} »")
    if not total:
        return
    kind = "formules ou valeurs non numériques" if formula else "valeurs non numériques"
    raise BadFile(
        f"{name} : {total} {kind} (ni nombre ni blanc du secret statistique s, nd, n.d., ns, c) — "
        + " ; ".join(examples[:6])
        + ". Rien n'a été importé."
    )


def _refuse_formulas(frame: pd.DataFrame, name: str) -> None:
    for column in frame.columns:
        formulas = np.flatnonzero(frame[column].str.startswith("=").to_numpy())
        if len(formulas):
            row = int(formulas[0])
            raise BadFile(
                f"{name} : formule refusée ligne {row + 2}, colonne {column} : "
                f"« {frame[column].iloc[row][:40]} » ({len(formulas)} cellule(s) de ce genre dans "
                "la colonne). Enregistrez les valeurs seules. Rien n'a été importé."
            )


def _territory_codes(table: Table, column: str, notes: list[str]) -> pd.Series:
    codes = table.frame[column].astype(str).str.strip()
    if column in table.numeric_columns:
        # A spreadsheet turned 01001 into the number 1001: pad to the usual length again.
        width = int(codes.str.len().max())
        short = codes.str.isdigit() & (codes.str.len() < width)
        if short.any():
            codes = codes.where(~short, codes.str.zfill(width))
            notes.append(
                f"{int(short.sum())} codes numériques complétés par des zéros à gauche "
                f"(ex. {codes[short].iloc[0]})."
            )
    return codes


def wide_to_long(
    table: Table,
    *,
    territory_field: str,
    columns: Sequence[str] | None = None,
    period: int | None = None,
    dictionary: Mapping[str, Entry] | None = None,
    label_field: str | None = None,
    name: str = "fichier",
) -> LongTable:
    """Convert a wide table; raise :class:`BadFile` (French message) on anything doubtful."""
    frame = table.frame
    available = list(frame.columns)
    if territory_field not in available:
        raise BadFile(
            f"{name} : colonne de territoire « {territory_field} » absente. "
            f"Colonnes du fichier : {', '.join(available[:40])}."
        )
    if table.formulas:
        cells = ", ".join(f"ligne {row}, colonne {col}" for row, col in table.formulas[:5])
        raise BadFile(
            f"{name} : le classeur contient {len(table.formulas)} cellule(s) avec une formule "
            f"({cells}) : enregistrez les valeurs seules. Rien n'a été importé."
        )
    _refuse_formulas(frame, name)
    notes: list[str] = []
    codes = _territory_codes(table, territory_field, notes)
    empty = codes == ""
    if empty.any():
        notes.append(f"{int(empty.sum())} lignes sans code de territoire ignorées.")
    duplicated = codes[~empty & codes.duplicated(keep=False)]
    if not duplicated.empty:
        raise BadFile(
            f"{name} : le territoire {duplicated.iloc[0]} apparaît sur plusieurs lignes "
            f"({duplicated.nunique()} codes en double) : une ligne par territoire attendue."
        )
    decimal_comma = table.separator == ";"
    skip = {territory_field, *([label_field] if label_field else [])}
    if columns:
        unknown = [c for c in columns if c not in available]
        if unknown:
            raise BadFile(
                f"{name} : colonne(s) demandée(s) absente(s) : {', '.join(unknown)}. "
                f"Colonnes du fichier : {', '.join(available[:40])}."
            )
        selected = list(columns)
    else:
        selected = [c for c in available if c not in skip]
    parsed: dict[str, tuple[pd.Series, pd.Series]] = {}
    bad: dict[str, pd.Series] = {}
    text_columns = []
    for column in selected:
        values, flags = parse_numbers(frame[column], decimal_comma=decimal_comma)
        unreadable = values.isna() & flags.isna() & ~empty
        if not columns and unreadable.sum() > 0.5 * max((~empty & flags.isna()).sum(), 1):
            text_columns.append(column)  # a name or label column (LIBGEO, nom_qp…)
            continue
        if unreadable.any():
            bad[column] = unreadable
        parsed[column] = (values, flags)
    _refuse_bad_cells(frame, bad, name)
    if text_columns:
        notes.append(f"Colonnes de texte ignorées : {', '.join(text_columns)}.")
    if not parsed:
        raise BadFile(f"{name} : aucune colonne d'indicateur numérique trouvée.")
    result = LongTable(values=pd.DataFrame(columns=LONG_COLUMNS))
    result.notes = notes
    _name_columns(result, list(parsed), period, dictionary or {}, name)
    shipped = shipped_dictionary()
    pieces = []
    keep = ~empty.to_numpy()
    for column, (values, flags) in parsed.items():
        code = result.columns[column]
        entry = (dictionary or {}).get(column.lower()) or shipped.get(code)
        pieces.append(
            pd.DataFrame(
                {
                    "territory_code": codes.to_numpy()[keep],
                    "indicator": code,
                    "label": entry.label if entry else column,
                    "unit": entry.unit if entry else "",
                    "period": result.periods[column],
                    "value": values.to_numpy()[keep],
                    "flag": flags.to_numpy()[keep],
                }
            )
        )
    result.values = pd.concat(pieces, ignore_index=True)
    return result


def _name_columns(
    result: LongTable,
    columns: list[str],
    period: int | None,
    dictionary: Mapping[str, Entry],
    name: str,
) -> None:
    """Indicator code and period of each column: given, from the dictionary, or inferred."""
    inferred = infer_period(columns)
    if period is None and inferred is not None:
        year, codes = inferred
        result.period_inferred = True
        result.notes.append(
            f"Millésime {year} déduit des noms de colonnes (ex. {columns[0]} → "
            f"{indicator_code(codes[columns[0]])}, {year}) ; --period pour l'imposer."
        )
    for column in columns:
        entry = dictionary.get(column.lower())
        if inferred is not None and (period is None or period == inferred[0]):
            result.columns[column] = indicator_code(inferred[1][column])
            result.periods[column] = inferred[0]
        else:
            result.columns[column] = indicator_code(column)
            column_period = period or (entry.period if entry else None)
            if column_period is None:
                missing = [
                    c for c in columns if not (dictionary.get(c.lower()) or Entry("", "")).period
                ]
                raise BadFile(
                    f"{name} : millésime introuvable pour {len(missing)} colonne(s) "
                    f"({', '.join(missing[:8])}) : précisez --period (ex. --period 2015) ou "
                    "une colonne « periode » dans le dictionnaire."
                )
            result.periods[column] = column_period
    duplicated = [c for c, n in Counter(result.columns.values()).items() if n > 1]
    if duplicated:
        raise BadFile(f"{name} : plusieurs colonnes donnent l'indicateur {duplicated[0]}.")
