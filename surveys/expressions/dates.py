"""Date functions: today(), now(), date(), decimal-date-time(), format-date()…"""

from __future__ import annotations

import datetime as dt

from surveys.errors import ExpressionError
from surveys.expressions.context import EvaluationContext
from surveys.expressions.values import (
    Value,
    date_from_days,
    days_since_epoch,
    parse_time,
    to_date,
    to_string,
)

# %b and %a follow the product's language: French abbreviations, as in a French calendar.
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc.")  # fmt: skip
WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def today(context: EvaluationContext) -> Value:
    """The clock's date, in the clock's time zone."""
    return context.clock().date()


def now(context: EvaluationContext) -> Value:
    """The clock's date and time."""
    return context.clock()


def date(context: EvaluationContext, value: Value) -> Value:
    """``date(x)``: a date from an ISO string or a number of days since 1970-01-01."""
    return to_date(value)


def date_time(context: EvaluationContext, value: Value) -> Value:
    """``date-time(x)``: like ``date()`` but keeps the time of a date-time."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        date_from_days(float(value))  # refuses NaN, infinities and dates out of range
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=float(value))
    return to_date(value)


def decimal_date_time(context: EvaluationContext, value: Value) -> Value:
    """Days since 1970-01-01 (UTC), with the time as a fraction."""
    if isinstance(value, str) and value == "":
        return float("nan")
    return days_since_epoch(to_date(value))


def decimal_time(context: EvaluationContext, value: Value) -> Value:
    """The fraction of the day a time (``HH:MM:SS``) stands for, as written."""
    moment = parse_time(to_string(value))
    if moment is None:
        return float("nan")
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return (seconds + moment.microsecond / 1e6) / 86400.0


def format_date(context: EvaluationContext, value: Value, pattern: Value) -> Value:
    """ODK ``format-date(date, pattern)``; an empty or unreadable date gives ``""``."""
    if isinstance(value, str) and not value.strip():
        return ""
    try:
        moment = to_date(value)
    except ExpressionError:
        return ""
    return _render(moment, to_string(pattern))


def format_date_time(context: EvaluationContext, value: Value, pattern: Value) -> Value:
    """ODK ``format-date-time()``: ``format-date()`` that keeps the time."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = date_time(context, value)
    return format_date(context, value, pattern)


def _render(moment: dt.date, pattern: str) -> str:
    clock = moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())
    fields = {
        "Y": f"{clock.year:04d}", "y": f"{clock.year % 100:02d}",
        "m": f"{clock.month:02d}", "n": str(clock.month), "b": MONTHS[clock.month - 1],
        "d": f"{clock.day:02d}", "e": str(clock.day), "a": WEEKDAYS[clock.weekday()],
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
