"""What a spreadsheet must not run: the one rule for every CSV or XLSX cell the product writes.

A text cell whose first character makes Excel, LibreOffice or Google Sheets read it as a formula
(``=HYPERLINK(…)`` typed by a resident, say) gets a leading apostrophe, which spreadsheets take as
"this is text" and do not show: OWASP's CSV-injection rule (``=`` ``+`` ``-`` ``@`` tab, carriage
return), with ASVS's null character, the line feed, and the full-width ``＝ ＋ － ＠`` that some
spreadsheets also accept. Numbers stay numbers: a numeric value is never touched, and a text that
is exactly a negative decimal number (``-12``, ``-3,5``, ``-0.25``) is left as it is, since a
spreadsheet reads it as that number and runs nothing; ``-3+4`` or ``-A1`` are neutralised.

The browser applies the same rule to the CSV the console makes (``backend/web/shared/csv.js``);
both run the cases of ``tests/data/spreadsheet_cells.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from analysis.french import PARIS

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠")
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:[.,][0-9]+)?")  # ASCII digits, as JavaScript's \d


def neutralise(value: Any) -> Any:
    """``value`` as a spreadsheet cell that cannot run: formula-like text gets a leading ``'``."""
    formula_like = isinstance(value, str) and value.startswith(TRIGGERS)
    return "'" + value if formula_like and not _NEGATIVE_NUMBER.fullmatch(value) else value


def neutralise_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells and column names are neutralised, ready to write."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise, na_action="ignore")
    out.columns = [neutralise(c) for c in out.columns]
    return out


# Headers and times: the one rule for what a person opens (French headers, Paris time) and what
# a program reads (``?headers=machine``: column names, ISO 8601 in UTC). Internal columns (the
# XLSForm converter's ``reserved_name_for_field_list_labels_…``) leave neither.
HEADER_STYLES = ("people", "machine")
INTERNAL_PREFIXES = ("reserved_name_for_field_list_labels_",)
LOCAL_TIME = "%d/%m/%Y %H:%M:%S"  # what French spreadsheets read as a date and time


def is_internal(column: object) -> bool:
    return str(column).startswith(INTERNAL_PREFIXES) or "/reserved_name_for_field_list_labels_" in str(column)  # fmt: skip


def local_time(value: Any) -> Any:
    """An aware moment (or its ISO 8601 text) as Paris local time, ``08/12/2026 14:30:05``;
    anything else as it is."""
    moment = value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment.astimezone(PARIS).strftime(LOCAL_TIME)
    return value


def presented(
    table: pd.DataFrame,
    style: str,
    *,
    labels: Mapping[str, str] | None = None,
    times: Iterable[str] = (),
) -> pd.DataFrame:
    """``table`` as ``style`` reads it: internal columns dropped; for ``people``, the columns in
    ``times`` in Paris time and every column under its label (when it has one)."""
    if style not in HEADER_STYLES:
        raise ValueError(f"En-têtes inconnus : {style}.")
    out = table.loc[:, [c for c in table.columns if not is_internal(c)]].copy()
    if style == "machine":
        return out
    for column in times:
        if column in out.columns:
            out[column] = out[column].map(local_time, na_action="ignore")
    return out.rename(columns=dict(labels or {}))
