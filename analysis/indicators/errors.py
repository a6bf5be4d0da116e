"""The indicators package's errors and their kinds (messages are French); under
:class:`analysis.errors.AnalysisError`, like every error of ``analysis``."""

from analysis.errors import AnalysisError


class IndicatorError(AnalysisError):
    """Root of the errors of ``analysis.indicators``; the message is for the person who acts."""


class BadFile(IndicatorError):
    """A file that cannot be read as a table of indicators."""


class BadSpec(IndicatorError):
    """A composite index definition that breaks a rule."""
