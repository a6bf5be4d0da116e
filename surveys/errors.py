"""The package's exceptions: one root, :class:`SurveyError`, and one subclass per concern."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from surveys.issues import ImportIssue


class SurveyError(Exception):
    """Root of every error raised by the ``surveys`` package."""


class ExpressionError(SurveyError):
    """An XLSForm expression could not be parsed or evaluated; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidSurveyError(SurveyError):
    """A survey (XLSForm file or JSON definition) has errors; ``issues`` lists them all."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        self.issues = issues
        errors = [issue for issue in issues if issue.severity == "error"]
        first = errors[0].message if errors else "formulaire invalide"
        more = f" (et {len(errors) - 1} autre(s) erreur(s))" if len(errors) > 1 else ""
        super().__init__(first + more)


class SurveyTooLargeError(InvalidSurveyError):
    """A survey file or definition goes past a size bound (bytes, rows, cells, questions)."""


class TemplateNotFoundError(SurveyError, LookupError):
    """No built-in survey template has this name."""
