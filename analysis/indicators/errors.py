"""The indicators package's one root exception and its kinds (messages are French)."""


class IndicatorError(Exception):
    """Root of the errors of ``analysis.indicators``; the message is for the person who acts."""


class BadFile(IndicatorError):
    """A file that cannot be read as a table of indicators."""


class BadSpec(IndicatorError):
    """A composite index definition that breaks a rule."""
