"""The one root exception of ``analysis`` and its subclasses."""

from __future__ import annotations


class AnalysisError(Exception):
    """Root of every error the analysis package raises on purpose."""


class InvalidInputError(AnalysisError, ValueError):
    """The input data cannot be analysed as given (wrong type, missing column, empty)."""


class InvalidParameterError(AnalysisError, ValueError):
    """A parameter is out of its allowed range or of the wrong kind."""


class InputFileError(AnalysisError):
    """An input file cannot be read as a CSV table or lacks the requested column."""
