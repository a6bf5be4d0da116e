"""Date functions: today(), now(), date(), decimal-date-time(), format-date()…

Every date is read in the evaluation's time zone (the device's): ``today()`` is the local
date, a date-time written without offset is local time, and date-times come out with the
local offset, as in Enketo and ODK Collect. An empty value gives an empty result and an
unreadable one NaN, never an error: an optional date left empty must not make a response
invalid.
"""

from __future__ import annotations

import datetime as dt
import math

from surveys.errors import ExpressionError
from surveys.expressions.context import EvaluationContext
from surveys.expressions.values import (
    NodeSet,
    Value,
    current_zone,
    days_since_epoch,
    parse_time,
    to_date,
    to_string,
)

# %b and %a in the form's language: French unless the form is in English.
MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip
WEEKDAYS = {
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def language_code(language: str | None) -> str:
    """``"English (en)"``, ``"en-GB"`` or ``"en"`` → ``"en"``; French otherwise."""
    text = (language or "").strip().lower()
    if text.endswith(")") and "(" in text:
        text = text.rsplit("(", 1)[1][:-1]
    return "en" if text.split("-")[0] in ("en", "english") else "fr"


def today(context: EvaluationContext) -> Value:
    """The date of the clock in the evaluation's zone."""
    return context.clock().astimezone(current_zone()).date()


def now(context: EvaluationContext) -> Value:
    """The clock's date and time, with the evaluation's offset."""
    return context.clock().astimezone(current_zone())


def _blank(value: Value) -> bool:
    return (isinstance(value, str) and not value.strip()) or (
        isinstance(value, NodeSet) and not to_string(value).strip()
    )


def date(context: EvaluationContext, value: Value) -> Value:
    """``date(x)``: ``""`` for an empty value, NaN for one that is not a date."""
    if _blank(value):
        return ""
    try:
        return to_date(value)
    except ExpressionError:
        return math.nan


def decimal_date_time(context: EvaluationContext, value: Value) -> Value:
    """Days since 1970-01-01 UTC, with the time as a fraction; NaN when not a date."""
    moment = date(context, value)
    if isinstance(moment, dt.date):
        return days_since_epoch(moment)
    return math.nan


def decimal_time(context: EvaluationContext, value: Value) -> Value:
    """The fraction of the local day a time (``HH:MM:SS[offset]``) stands for."""
    moment = parse_time(to_string(value))
    if moment is None:
        return math.nan
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    if moment.tzinfo is not None:
        offset = current_zone().utcoffset(None) or dt.timedelta()
        shift = offset - (moment.utcoffset() or dt.timedelta())
        seconds = (seconds + int(shift.total_seconds())) % 86400
    return (seconds + moment.microsecond / 1e6) / 86400.0


def format_date(context: EvaluationContext, value: Value, pattern: Value) -> Value:
    """ODK ``format-date(date, pattern)``; an empty or unreadable date gives ``""``."""
    moment = date(context, value)
    if not isinstance(moment, dt.date):
        return ""
    return _render(moment, to_string(pattern), language_code(context.language))


def _render(moment: dt.date, pattern: str, language: str) -> str:
    clock = moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())
    fields = {
        "Y": f"{clock.year:04d}", "y": f"{clock.year % 100:02d}",
        "m": f"{clock.month:02d}", "n": str(clock.month), "b": MONTHS[language][clock.month - 1],
        "d": f"{clock.day:02d}", "e": str(clock.day), "a": WEEKDAYS[language][clock.weekday()],
        "H": f"{clock.hour:02d}", "h": str(clock.hour), "M": f"{clock.minute:02d}",
        "S": f"{clock.second:02d}", "3": f"{clock.microsecond // 1000:03d}",
    }  # fmt: skip
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char != "%":
            out.append(char)
            continue
        code = next(chars, "")
        out.append(fields.get(code, "%" + code if code != "%" else "%"))
    return "".join(out)
