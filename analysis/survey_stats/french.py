"""French number formatting for the labels that residents and organisers read.

>>> format_number(4.137)
'4,1'
>>> format_percent(0.2833)
'28\\xa0%'
>>> quote("pas du tout satisfait")
'«\\xa0pas du tout satisfait\\xa0»'
"""

from __future__ import annotations

NBSP = "\u00a0"


def format_number(value: float, digits: int = 1) -> str:
    """``value`` with a decimal comma and thin-space-free thousands (``1234,5``)."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def format_percent(share: float, digits: int = 0) -> str:
    """A share (0–1) as a French percentage: ``28 %`` (non-breaking space)."""
    return f"{format_number(100 * share, digits)}{NBSP}%"


def quote(text: str) -> str:
    """French quotation marks with non-breaking spaces inside."""
    return f"«{NBSP}{text}{NBSP}»"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 répondant``, ``34 répondants`` (French: 0 and 1 take the singular)."""
    word = singular if abs(count) <= 1 else (plural_form or singular + "s")
    return f"{count} {word}"
