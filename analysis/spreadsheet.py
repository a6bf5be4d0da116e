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

import re
from typing import Any

import pandas as pd

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
