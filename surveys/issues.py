"""Problems found in a survey, as data: a code, a severity and a French message naming the place.

Errors make a survey unusable (:class:`surveys.errors.InvalidSurveyError` carries them);
warnings are returned beside the imported survey and never raised.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Literal

Severity = Literal["error", "warning"]


class IssueCode(enum.StrEnum):
    """Why a survey is refused (errors) or deserves a second look (warnings)."""

    # reading the file
    UNREADABLE_FILE = "unreadable_file"
    TOO_LARGE = "too_large"
    MISSING_SURVEY_SHEET = "missing_survey_sheet"
    DUPLICATE_COLUMN = "duplicate_column"
    CONFLICTING_COLUMNS = "conflicting_columns"
    INVALID_HEADER = "invalid_header"
    SIMILAR_SHEET_NAME = "similar_sheet_name"
    ROW_SKIPPED = "row_skipped"
    # the survey sheet
    MISSING_NAME = "missing_name"
    INVALID_NAME = "invalid_name"
    DUPLICATE_NAME = "duplicate_name"
    UNKNOWN_TYPE = "unknown_type"
    UNSUPPORTED_TYPE = "unsupported_type"
    UNSUPPORTED_INCLUDE = "unsupported_include"
    UNMATCHED_BEGIN = "unmatched_begin"
    UNMATCHED_END = "unmatched_end"
    MISSING_LABEL = "missing_label"
    MISSING_CALCULATION = "missing_calculation"
    INVALID_PARAMETERS = "invalid_parameters"
    UNKNOWN_REFERENCE = "unknown_reference"
    INVALID_EXPRESSION = "invalid_expression"
    UNSUPPORTED_FUNCTION = "unsupported_function"
    # the choices sheet
    UNKNOWN_CHOICE_LIST = "unknown_choice_list"
    MISSING_CHOICE_NAME = "missing_choice_name"
    DUPLICATE_CHOICE = "duplicate_choice"
    MISSING_CHOICE_LABEL = "missing_choice_label"
    # languages
    LANGUAGE_WITHOUT_CODE = "language_without_code"
    MISSING_TRANSLATION = "missing_translation"
    UNTRANSLATED_OTHER = "untranslated_other"
    # advice and catch-alls
    IMAGE_WITHOUT_MAX_PIXELS = "image_without_max_pixels"
    INVALID_DEFINITION = "invalid_definition"
    REJECTED_BY_PYXFORM = "rejected_by_pyxform"
    PYXFORM_WARNING = "pyxform_warning"


@dataclasses.dataclass(frozen=True)
class ImportIssue:
    """One problem: ``message`` is French and starts with the place (sheet, row, column)."""

    code: IssueCode
    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, str | int | None]:
        """A JSON-ready form, for the API's 422 answers and the organiser's screen."""
        return {
            "code": self.code.value,
            "severity": self.severity,
            "message": self.message,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }


def place(sheet: str | None, row: int | None, column: str | None) -> str:
    """``Feuille « survey », ligne 7, colonne « constraint »`` (the parts that are known)."""
    parts = []
    if sheet:
        parts.append(f"Feuille « {sheet} »")
    if row:
        parts.append(f"ligne {row}")
    if column:
        parts.append(f"colonne « {column} »")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] if text else ""


def issue(
    code: IssueCode,
    severity: Severity,
    detail: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> ImportIssue:
    """An issue whose message is the place followed by ``detail``."""
    where = place(sheet, row, column)
    message = f"{where} : {detail}" if where else detail[:1].upper() + detail[1:]
    return ImportIssue(code, severity, message, sheet, row, column)


def errors_in(issues: list[ImportIssue]) -> list[ImportIssue]:
    """The issues that make the survey unusable."""
    return [found for found in issues if found.severity == "error"]
