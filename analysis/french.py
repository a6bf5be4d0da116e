"""French typography for what a synthesis prints: numbers, percentages, months, punctuation.

Numbers group thousands with a narrow no-break space and use a decimal comma; « : ; ! ? »
and the inside of « guillemets » take no-break spaces, so a line never starts with « : ».

>>> number(1234.5, 1)
'1\\u202f234,5'
>>> percent(0.283)
'28\\xa0%'
>>> typography('Les habitants disent : "trop de bruit" !')
'Les habitants disent\\xa0: «\\xa0trop de bruit\\xa0»\\xa0!'
>>> month_label("2026-03")
'mars\\xa02026'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")  # the dates a French workshop reads
NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: the thousands separator of French print
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def number(value: float | int | None, digits: int = 0) -> str:
    """``1 234,5``: grouped thousands, decimal comma, a true minus sign; ``—`` when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    text = f"{abs(value):,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    return ("−" if value < 0 and float(text.replace(NNBSP, "").replace(",", ".")) else "") + text


def percent(share: float | None, digits: int = 0) -> str:
    """A share between 0 and 1 as ``28 %``."""
    if share is None or not math.isfinite(share):
        return "—"
    return f"{number(100 * share, digits)}{NBSP}%"


def signed(value: float | None, digits: int = 1) -> str:
    """A gap with its sign: ``+3,2``, ``−1,5``, ``0``."""
    if value is None or not math.isfinite(value):
        return "—"
    text = number(value, digits)
    return ("+" + text) if value > 0 else text


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 observation``, ``1 234 observations`` (0 and 1 take the singular in French)."""
    word = singular if abs(count) <= 1 else (plural_form or singular + "s")
    return f"{number(count)}{NBSP}{word}"


_BEFORE_DOUBLE = re.compile(r"\s*([;:!?])(?=\s|$|[»)])")
_QUOTES = re.compile(r'"([^"]+)"')
_OPEN = re.compile(r"«\s*")
_CLOSE = re.compile(r"\s*»")


def typography(text: str) -> str:
    """French spacing: no-break space before ``: ; ! ?`` and inside « » (straight quotes too)."""
    text = _QUOTES.sub(r"«\1»", text)
    text = _OPEN.sub(f"«{NBSP}", text)
    text = _CLOSE.sub(f"{NBSP}»", text)
    # "http://" and times like "18:30" have no space before the colon: left alone.
    return _BEFORE_DOUBLE.sub(lambda m: f"{NBSP}{m.group(1)}", text)


def quote(text: str) -> str:
    return typography(f"«{text}»")


def month_label(month: str, short: bool = False) -> str:
    """``2026-03`` → ``mars 2026`` (``mars 26`` when short)."""
    year, index = month.split("-")
    names = SHORT_MONTHS if short else MONTHS
    return f"{names[int(index) - 1]}{NBSP}{year[2:] if short else year}"


def date_label(value: str | dt.date | dt.datetime | None, *, exclusive_end: bool = False) -> str:
    """``2026-03-05`` → ``5 mars 2026`` (``1er`` for the first of the month), in French time.

    ``exclusive_end``: the value is the first instant *not* included (a period's ``until``),
    so the last day included is printed.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(PARIS)
        if exclusive_end:
            value -= dt.timedelta(microseconds=1)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}{NBSP}{MONTHS[value.month - 1]}{NBSP}{value.year}"


def fewer_than(threshold: int) -> str:
    """What a suppressed count reads as: ``moins de 11``."""
    return f"moins de{NBSP}{threshold}"
