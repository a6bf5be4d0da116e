"""Reading the tables INSEE and CAF publish (CSV with `;` or `,`, BOM or not, or XLSX) as text.

Every cell is read as a string: codes keep their leading zeros (``01001``), and deciding what
is a number, a secret-statistique blank or an error is left to the caller, who knows the column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from analysis.indicators.errors import BadFile

MAX_BYTES = 200_000_000
# An XLSX is a zip: refuse archives that would unpack into something absurd (zip bombs).
MAX_UNZIPPED_BYTES = 500_000_000
MAX_ZIP_RATIO = 200
# A table INSEE or the CAF publishes: ~50,000 IRIS rows, a few hundred columns (BPE types).
MAX_ROWS = 1_000_000
MAX_COLUMNS = 2_000
MAX_CELL_CHARS = 10_000
SEPARATORS = (";", ",", "\t", "|")
SEPARATOR_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre"}


@dataclass
class Table:
    """A file's cells as strings, with what reading it taught us."""

    frame: pd.DataFrame
    format: str  # "csv" or "xlsx"
    separator: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    # (row number as a spreadsheet shows it, column) of cells that held a formula (XLSX)
    formulas: list[tuple[int, str]] = field(default_factory=list)
    # columns holding numeric XLSX cells, where a code may have lost its leading zeros
    numeric_columns: set[str] = field(default_factory=set)


def read_table(data: bytes, *, name: str = "fichier", sep: str | None = None) -> Table:
    """Read a CSV or XLSX file given as bytes; raise :class:`BadFile` with a French message."""
    if len(data) > MAX_BYTES:
        raise BadFile(f"{name} : fichier trop volumineux (plus de {MAX_BYTES // 1_000_000} Mo).")
    if not data.strip():
        raise BadFile(f"{name} : le fichier est vide.")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name)
    return _read_csv(data, name, sep)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:65536]:
        raise BadFile(
            f"{name} n'est pas un fichier CSV ou XLSX lisible (contenu binaire). "
            "Enregistrez-le en CSV (UTF-8) ou en XLSX."
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Older INSEE and CAF files are in Windows-1252; cp1252 leaves a few bytes undefined.
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError as exc:
            raise BadFile(f"{name} : encodage illisible (UTF-8 ou Windows-1252 attendu).") from exc


def _sniff(header: str) -> str | None:
    counts = {s: header.count(s) for s in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else None


def _read_csv(data: bytes, name: str, sep: str | None) -> Table:
    text, encoding = _decode(data, name)
    header = text.split("\n", 1)[0]
    sniffed = _sniff(header)
    if sep is None:
        if sniffed is None:
            raise BadFile(
                f"{name} : une seule colonne dans l'en-tête, aucun séparateur reconnu "
                "(; , tabulation ou |). Est-ce bien un tableau CSV ?"
            )
        sep = sniffed
    elif sep not in header:
        hint = (
            f" ; le fichier semble séparé par « {sniffed} » ({SEPARATOR_NAMES[sniffed]})"
            if sniffed
            else ""
        )
        raise BadFile(f"{name} : séparateur « {sep} » absent de la ligne d'en-tête{hint}.")
    columns = header.count(sep) + 1
    if columns > MAX_COLUMNS:
        raise BadFile(f"{name} : {columns} colonnes dans l'en-tête (au plus {MAX_COLUMNS}).")
    lines = text.count("\n")
    if lines > MAX_ROWS:
        raise BadFile(f"{name} : {lines} lignes (au plus {MAX_ROWS}).")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skipinitialspace=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise BadFile(f"{name} : CSV mal formé ({str(exc).strip()}).") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(frame, name)
    _check_cells(frame, name)
    return Table(frame=frame, format="csv", separator=sep, encoding=encoding)


def _check_cells(frame: pd.DataFrame, name: str) -> None:
    for column in frame.columns:
        longest = frame[column].str.len().max() if len(frame) else 0
        if longest and longest > MAX_CELL_CHARS:
            row = int(frame[column].str.len().idxmax()) + 2  # the header is line 1
            raise BadFile(
                f"{name}, ligne {row}, colonne « {column} » : texte trop long ({int(longest)} "
                f"caractères ; au plus {MAX_CELL_CHARS})."
            )


def _check_header(frame: pd.DataFrame, name: str) -> None:
    columns = list(frame.columns)
    if len(columns) != len(set(columns)):
        dup = sorted({c for c in columns if columns.count(c) > 1})
        raise BadFile(f"{name} : colonne(s) en double dans l'en-tête : {', '.join(dup)}.")


def _check_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise BadFile(f"{name} : archive XLSX corrompue.") from exc
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
        raise BadFile(
            f"{name} : archive XLSX suspecte ({unpacked / 1e6:.0f} Mo une fois décompressée, "
            f"taux de compression {unpacked / packed:.0f}:1) ; fichier refusé."
        )
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise BadFile(f"{name} : ce fichier zip n'est pas un classeur XLSX.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_row(cells: list, row_number: int, kept: int, name: str) -> None:
    if kept >= MAX_ROWS:
        raise BadFile(f"{name} : plus de {MAX_ROWS} lignes remplies.")
    if len(cells) > MAX_COLUMNS and cells[MAX_COLUMNS].value not in (None, ""):
        raise BadFile(f"{name}, ligne {row_number} : plus de {MAX_COLUMNS} colonnes.")
    for cell in cells:
        if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
            raise BadFile(
                f"{name}, ligne {row_number} : texte trop long ({len(cell.value)} caractères ; "
                f"au plus {MAX_CELL_CHARS})."
            )


def _read_xlsx(data: bytes, name: str) -> Table:
    _check_archive(data, name)
    # openpyxl parses the XML through defusedxml when it is installed (a dependency), so
    # entity-expansion attacks are refused; read_only streams the rows.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise BadFile(f"{name} : classeur XLSX illisible ({type(exc).__name__}).") from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        formulas: list[tuple[int, str]] = []
        header: list[str] = []
        numeric_cells: set[str] = set()
        # A sheet may declare 16,384 columns: read one past the bound, never the padding.
        gap: object = None
        for row_number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
            if row is gap:
                continue  # openpyxl fills the gaps between rows with one shared empty row
            if row_number > 1 and all(c.value is None for c in row):
                gap = row
                continue
            cells = list(row)
            _check_row(cells, row_number, len(rows), name)
            if row_number == 1:
                header = [_cell_text(c.value) for c in cells]
                while header and not header[-1]:
                    header.pop()
                continue
            values = []
            for position, cell in enumerate(cells[: len(header)]):
                if cell.data_type == "f":
                    formulas.append((row_number, header[position]))
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    numeric_cells.add(header[position])
                values.append(_cell_text(cell.value))
            values += [""] * (len(header) - len(values))
            if any(values):
                rows.append(values)
    finally:
        workbook.close()
    if not header:
        raise BadFile(f"{name} : la première feuille du classeur est vide.")
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    _check_header(frame, name)
    return Table(frame=frame, format="xlsx", formulas=formulas, numeric_columns=set(numeric_cells))
