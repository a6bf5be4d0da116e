"""The one exception family of :mod:`analysis.survey_stats`; messages are French."""

from __future__ import annotations

from analysis.errors import AnalysisError


class SurveyStatsError(AnalysisError, ValueError):
    """Root of every error raised by :mod:`analysis.survey_stats`."""


class UnknownVariableError(SurveyStatsError):
    """A question, choice or response field that the data or the survey does not have."""


class UnsupportedVariableError(SurveyStatsError):
    """A variable of a type that the requested analysis cannot use (e.g. text in a crosstab)."""


class NotEnoughDataError(SurveyStatsError):
    """Too few respondents or categories for the requested analysis."""
