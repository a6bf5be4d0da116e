"""XLSForm import (``.xlsx``, ``.xls``, ``.csv``, Markdown tables) into a survey definition.

pyxform, the reference implementation, reads the sheets and decides whether the form is
valid; we keep its verdict, tell its messages in French, and add our own checks: question
types the application cannot ask are warnings, expressions it cannot evaluate are errors.

>>> result = import_xlsform('''
... | survey |
... |        | type    | name | label | constraint         | constraint_message |
... |        | integer | age  | Âge   | . >= 0 and . < 130 | Âge impossible      |
... ''')
>>> result.definition["children"][0]["constraint_message"]
{'default': 'Âge impossible'}
"""

from __future__ import annotations

import copy
import dataclasses
import os
import pathlib
import warnings as warnings_module
from io import BytesIO
from typing import IO, Any

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from surveys import limits, xlsform_messages
from surveys.definition import check_definition
from surveys.errors import InvalidSurveyError
from surveys.issues import ImportIssue, IssueCode, errors_in, issue
from surveys.xlsform_convert import Converter

Source = str | os.PathLike[str] | bytes | IO[bytes]
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".md"}


@dataclasses.dataclass
class ImportResult:
    """An imported survey: its definition and the warnings worth showing to its author."""

    definition: dict[str, Any]
    warnings: list[ImportIssue]


def import_xlsform(
    source: Source,
    *,
    filename: str | None = None,
    default_language: str | None = None,
) -> ImportResult:
    """Read an XLSForm and return its definition with the warnings.

    ``source`` is a path, the file's bytes, a binary file, or the text of a Markdown table.
    ``filename`` (e.g. the uploaded file's name) tells the format when ``source`` is bytes.
    Raises :class:`InvalidSurveyError` listing every error when the form is refused.
    """
    workbook = _read(source, filename)
    rows_by_name = _rows_by_name(workbook)
    pyxform_warnings: list[str] = []
    try:
        with warnings_module.catch_warnings():
            warnings_module.simplefilter("ignore")
            data = workbook_to_json(
                workbook_dict=workbook,
                fallback_form_name=workbook.fallback_form_name,
                default_language=default_language,
                warnings=pyxform_warnings,
            )
            converter = Converter(copy.deepcopy(data), rows_by_name)
            definition = converter.definition()
            survey = create_survey_element_from_dict(data)
            survey.to_xml(validate=False, warnings=pyxform_warnings)
    except PyXFormError as exc:
        raise InvalidSurveyError(
            [xlsform_messages.translate(str(exc), "error", rows_by_name)]
        ) from None
    except Exception as exc:  # pyxform's own bugs on odd files: refuse, say why
        raise InvalidSurveyError([_rejected(exc)]) from None
    issues = [
        xlsform_messages.translate(line, "warning", rows_by_name)
        for text in pyxform_warnings
        for line in _split_language_warnings(text)
    ]
    issues += converter.issues
    issues += check_definition(definition, rows=rows_by_name)
    if errors_in(issues):
        raise InvalidSurveyError(issues)
    return ImportResult(definition, issues)


def _read(source: Source, filename: str | None) -> DefinitionData:
    named = filename or (
        source if isinstance(source, str | os.PathLike) and not _looks_like_markdown(source) else ""
    )
    suffix = pathlib.PurePath(named).suffix.lower() if named else ""
    file_type = suffix if suffix in SUFFIXES else None
    content = _content(source)
    limits.check_file(content, file_type or _guess_type(content, source))
    if isinstance(source, bytes):
        source = BytesIO(source)
    elif not isinstance(source, str | os.PathLike):
        source = BytesIO(content)
    try:
        with warnings_module.catch_warnings():
            warnings_module.simplefilter("ignore")  # openpyxl warns about Excel extensions
            return get_xlsform(source, file_type=file_type)
    except PyXFormError as exc:
        found = xlsform_messages.translate(str(exc), "error")
        if found.code in (IssueCode.REJECTED_BY_PYXFORM,):
            found = _unreadable()
        raise InvalidSurveyError([found]) from None
    except Exception:
        raise InvalidSurveyError([_unreadable()]) from None


def _content(source: Source) -> bytes:
    """The file's bytes, to be measured before anything parses them."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and _looks_like_markdown(source):
        return source.encode("utf-8")
    if isinstance(source, str | os.PathLike):
        path = pathlib.Path(source)
        if path.stat().st_size > limits.MAX_FILE_BYTES:
            return path.read_bytes()[: limits.MAX_FILE_BYTES + 1]
        return path.read_bytes()
    return source.read(limits.MAX_FILE_BYTES + 1)


def _guess_type(content: bytes, source: Source) -> str:
    if content[:4] == b"PK\x03\x04":
        return ".xlsx"
    if content[:4] == b"\xd0\xcf\x11\xe0":
        return ".xls"
    return ".md" if isinstance(source, str) or b"|" in content[:4096] else ".csv"


def _looks_like_markdown(source: str | os.PathLike[str]) -> bool:
    return isinstance(source, str) and "|" in source


def _unreadable() -> ImportIssue:
    return issue(
        IssueCode.UNREADABLE_FILE,
        "error",
        "fichier illisible : un XLSForm est attendu au format .xlsx, .xls, .csv ou en tableau "
        "Markdown, avec une feuille « survey »",
    )


def _rejected(exc: Exception) -> ImportIssue:
    if isinstance(exc, TypeError | KeyError | AttributeError):
        return _unreadable()
    return xlsform_messages.translate(str(exc), "error")


def _split_language_warnings(text: str) -> list[str]:
    """pyxform joins one line per language in a warning: one issue each reads better."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(line.startswith("Language '") for line in lines):
        return lines
    return [text]


def _rows_by_name(workbook: DefinitionData) -> dict[str, int]:
    """Question name → its row on the ``survey`` sheet (the header is row 1).

    To place pyxform's messages that name a type or a choice list rather than a question,
    the first row of each type is also recorded under ``type:<type>``, of each choice list
    under ``list:<list name>``, and of ``include`` under ``included``.
    """
    rows: dict[str, int] = {}
    for index, row in enumerate(workbook.survey or (), start=2):
        if not isinstance(row, dict):
            continue
        name = row.get("name")
        if name and name not in rows:
            rows[str(name)] = index
        kind = " ".join(str(row.get("type", "")).split())
        rows.setdefault(f"type:{kind}", index)
        words = kind.split(" ")
        if len(words) >= 2:
            rows.setdefault(f"list:{words[1]}", index)
        if kind.startswith("include"):
            rows.setdefault("included", index)
    return rows
