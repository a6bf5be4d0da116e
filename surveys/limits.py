"""Bounds on what a survey may weigh, checked before anything is parsed in full.

An XLSX is a zip of XML: 154 KB can unpack to 150 MB, and a sheet can declare a billion cells
in a few bytes. The file is measured first (archive, rows, cells, text per cell, streaming
through the sheets pyxform reads), then the definition it makes (bytes, questions, choices):
beyond a bound, :class:`SurveyTooLargeError` says which one, in French.

>>> check_definition_size({"settings": {}, "children": [{"type": "text", "name": "a"}]})
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any
from xml.parsers import expat

import defusedxml
from defusedxml import ElementTree

from surveys.errors import SurveyTooLargeError
from surveys.issues import IssueCode, issue

MAX_FILE_BYTES = 20_000_000
MAX_UNPACKED_BYTES = 30_000_000  # an XLSX's XML, all parts together
MAX_COMPRESSION_RATIO = 100  # real workbooks stay around 5–20:1; zip bombs go past 1,000:1
RATIO_CHECKED_FROM = 5_000_000  # small parts may compress well: their depth is checked instead
MAX_ARCHIVE_MEMBERS = 500
MAX_XML_DEPTH = 64  # a worksheet's XML is about 6 levels deep
MAX_ROWS = 60_000  # per sheet: a choice list of every French commune fits (35,000)
MAX_COLUMNS = 500  # labels, hints and media in many languages
MAX_CELLS = 2_000_000
MAX_CELL_CHARS = 20_000
MAX_DEFINITION_BYTES = 5_000_000  # the normalised definition, as stored and sent to phones
MAX_QUESTIONS = 3_000
MAX_CHOICES = 60_000


def _refuse(message: str) -> SurveyTooLargeError:
    return SurveyTooLargeError([issue(IssueCode.TOO_LARGE, "error", message)])


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def check_file(content: bytes, suffix: str) -> None:
    """Refuse a file that would be too costly to read, before pyxform reads it."""
    if len(content) > MAX_FILE_BYTES:
        raise _refuse(
            f"fichier trop volumineux ({_n(len(content))} octets ; au plus {_n(MAX_FILE_BYTES)})"
        )
    try:
        if suffix in (".xlsx", ".xlsm"):
            _check_archive(content)
        elif suffix == ".xls":
            _check_rows(_xls_rows(content))
        elif suffix == ".csv":
            text = content.decode("utf-8", errors="replace")
            _check_rows(_rows_of("survey", csv.reader(io.StringIO(text))))
        elif suffix == ".md":
            text = content.decode("utf-8", errors="replace")
            _check_rows(_rows_of("survey", (line.split("|") for line in text.splitlines())))
    except SurveyTooLargeError:
        raise
    except Exception:  # a file too broken to measure: pyxform refuses it, in its own words
        return


def check_definition_size(definition: dict[str, Any]) -> None:
    """Refuse a definition too heavy to store and send to every phone that answers it."""
    size = len(json.dumps(definition, ensure_ascii=False).encode("utf-8"))
    if size > MAX_DEFINITION_BYTES:
        raise _refuse(
            f"formulaire trop volumineux ({_n(size)} octets une fois converti ; au plus "
            f"{_n(MAX_DEFINITION_BYTES)})"
        )
    questions = sum(1 for _ in _elements(definition.get("children") or []))
    if questions > MAX_QUESTIONS:
        raise _refuse(f"trop de questions ({_n(questions)} ; au plus {_n(MAX_QUESTIONS)})")
    lists = definition.get("choices") or {}
    choices = sum(len(options) for options in lists.values()) if isinstance(lists, dict) else 0
    if choices > MAX_CHOICES:
        raise _refuse(f"trop de choix ({_n(choices)} au total ; au plus {_n(MAX_CHOICES)})")


def _elements(children: Iterable[Any]) -> Iterator[Any]:
    stack = list(children)
    while stack:
        element = stack.pop()
        if isinstance(element, dict):
            yield element
            stack.extend(element.get("children") or [])


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            _check_sizes(members)
            names = _sheet_names(archive)
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_xml(archive, member, names.get(member.filename))
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return  # not a sound zip: pyxform says the file is unreadable


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name, for messages that name it."""
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError, defusedxml.DefusedXmlException):
        return {}
    targets = {
        r.get("Id"): "xl/" + (r.get("Target") or "").lstrip("/").removeprefix("xl/") for r in rels
    }
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {
        targets.get(sheet.get(relation), ""): sheet.get("name") or "?"
        for sheet in book.iter()
        if sheet.tag.endswith("}sheet")
    }


class _PartMeasure:
    """Streams one XML part through expat (no tree is built): bounded nesting, no entity
    declarations; in a worksheet, the cells that hold something, counted as the rows go."""

    def __init__(self, part: str, sheet: str | None) -> None:
        self.part, self.sheet = part, sheet
        self.depth = self.rows = self.cells = 0
        self.row = 0
        self.row_counted = False
        self.cell_ref = ""
        self.text = 0
        self.in_text = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise _refuse(
                f"XML anormalement imbriqué dans « {self.part} » (plus de {MAX_XML_DEPTH} niveaux)"
            )
        name = tag.rsplit("}", 1)[-1]
        if name == "row":
            number = attributes.get("r") or ""
            self.row = int(number) if number.isdigit() else self.row + 1
            self.row_counted = False
        elif name == "c":
            self.cell_ref = attributes.get("r") or ""
        elif name in ("v", "t"):
            self.text, self.in_text = 0, True
            if self.sheet is not None and self.cell_ref:
                self._count_cell()

    def _count_cell(self) -> None:
        place = f"feuille « {self.sheet} », cellule {self.cell_ref}"
        if _column_number(self.cell_ref) > MAX_COLUMNS:
            raise _refuse(f"{place} : trop de colonnes (au plus {_n(MAX_COLUMNS)})")
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _refuse(f"trop de cellules remplies dans le classeur (au plus {_n(MAX_CELLS)})")
        if not self.row_counted:
            self.row_counted = True
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise _refuse(_too_many_rows(self.sheet or "?", self.rows))
        self.cell_ref = ""  # a rich text cell has several <t>: count it once

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.in_text = False

    def characters(self, data: str) -> None:
        if not self.in_text:
            return
        self.text += len(data)
        if self.text > MAX_CELL_CHARS:
            where = f"feuille « {self.sheet} »" if self.sheet else f"« {self.part} »"
            raise _refuse(
                f"{where} : texte trop long (plus de {_n(MAX_CELL_CHARS)} caractères dans une cellule)"
            )

    def entity(self, *_: object) -> None:
        raise _refuse(f"déclaration d'entité XML interdite dans « {self.part} »")


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, sheet: str | None) -> None:
    measure = _PartMeasure(member.filename, sheet)
    parser = expat.ParserCreate()
    parser.StartElementHandler = measure.start
    parser.EndElementHandler = measure.end
    parser.CharacterDataHandler = measure.characters
    parser.EntityDeclHandler = measure.entity
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        return  # malformed: openpyxl and pyxform refuse it as unreadable


def _column_number(ref: str) -> int:
    """``XFD1048576`` → 16384."""
    number = 0
    for char in ref:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _refuse(f"archive XLSX anormale ({_n(len(members))} parties)")
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    suspicious = unpacked > RATIO_CHECKED_FROM and unpacked > MAX_COMPRESSION_RATIO * packed
    if unpacked > MAX_UNPACKED_BYTES or suspicious:
        raise _refuse(
            f"classeur trop volumineux une fois décompressé ({_n(unpacked // 1_000_000)} Mo pour "
            f"{_n(max(packed // 1000, 1))} Ko compressés ; au plus {_n(MAX_UNPACKED_BYTES // 1_000_000)} Mo)"
        )


def _read_sheet(name: str) -> bool:
    from pyxform.constants import SUPPORTED_SHEET_NAMES

    return name.lower() in SUPPORTED_SHEET_NAMES


def _xls_rows(content: bytes) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True, ragged_rows=True)
    except Exception:
        return
    try:
        names = book.sheet_names()
        for index, name in enumerate(names):
            if len(names) == 1 or _read_sheet(name):
                sheet = book.sheet_by_index(index)
                rows = (tuple(sheet.row_values(r)) for r in range(sheet.nrows))
                yield from _rows_of(name, rows)
    finally:
        book.release_resources()


def _rows_of(
    sheet: str, rows: Iterable[Iterable[Any]]
) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    for number, row in enumerate(rows, start=1):
        yield sheet, number, tuple(row)


def _too_many_rows(sheet: str, rows: int) -> str:
    return f"feuille « {sheet} » : trop de lignes remplies (plus de {_n(MAX_ROWS)})"


def _check_rows(rows: Iterable[tuple[str, int, tuple[Any, ...]]]) -> None:
    """Count as the rows stream by: stop at the first bound passed, never read further.

    Empty rows do not count (Excel writes a million formatted ones); openpyxl fills the gaps
    between rows with one shared empty row, skipped by identity without looking inside.
    """
    cells, filled_rows, current = 0, 0, ""
    empty: tuple[Any, ...] | None = None
    for sheet, number, row in rows:
        if sheet != current:
            current, filled_rows = sheet, 0
        if row is empty:
            continue
        filled = [value for value in row if value is not None and value != ""]
        if not filled:
            empty = row
            continue
        filled_rows += 1
        if filled_rows > MAX_ROWS:
            raise _refuse(_too_many_rows(sheet, filled_rows))
        width = len(row) - next(i for i, v in enumerate(reversed(row)) if v is not None and v != "")
        if width > MAX_COLUMNS:
            raise _refuse(
                f"feuille « {sheet} », ligne {number} : trop de colonnes (au plus {_n(MAX_COLUMNS)})"
            )
        cells += len(filled)
        if cells > MAX_CELLS:
            raise _refuse(f"trop de cellules remplies dans le classeur (au plus {_n(MAX_CELLS)})")
        for value in filled:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                column = row.index(value) + 1
                raise _refuse(
                    f"feuille « {sheet} », ligne {number}, colonne {_column_name(column)} : texte "
                    f"trop long ({_n(len(value))} caractères ; au plus {_n(MAX_CELL_CHARS)})"
                )


def _column_name(number: int) -> str:
    """1 → A, 27 → AA, as a spreadsheet names its columns."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name
