"""XPath 1.0 values as ODK uses them, and the conversions between them.

An expression works on five kinds of value: ``str``, ``float``, ``bool``, dates
(:class:`datetime.date` / :class:`datetime.datetime`) and :class:`NodeSet` (the answers of
a question inside a repeat). Answers arrive as strings, as ODK encodes them.

Rules worth knowing (they are the shared test vectors' rules too):

- ``number("")`` and ``number("abc")`` are NaN; ``number(" 12.5 ")`` is 12.5; no exponent.
- a string that is an ISO date (``2024-03-01``) or date-time converts to a number of days
  since 1970-01-01 (fractional for date-times, in UTC), as dates do in ODK.
- ``string(number)``: integers print without a decimal point, NaN prints ``NaN``,
  infinities ``Infinity`` / ``-Infinity``, never an exponent.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
import re
from collections.abc import Callable
from decimal import Decimal

from surveys.errors import ExpressionError

EPOCH = dt.date(1970, 1, 1)
UTC = dt.UTC
_NUMBER = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?")


class NodeSet(tuple[str, ...]):
    """The string values of one question across the instances of a repeat."""

    __slots__ = ()


Value = str | float | bool | dt.date | NodeSet


def parse_date(text: str) -> dt.date | None:
    """The date or date-time that ``text`` spells in ISO 8601, or None."""
    text = text.strip()
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        match = _DATETIME.fullmatch(text)
        if match:
            return _datetime_from_match(match)
    except ValueError:
        return None
    return None


def _datetime_from_match(match: re.Match[str]) -> dt.datetime:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return dt.datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro,
        tzinfo=parse_zone(zone),
    )  # fmt: skip


def parse_zone(zone: str | None) -> dt.tzinfo:
    """The time zone of an ISO suffix (``Z``, ``+01:00``, ``-0500``); UTC when absent."""
    if not zone or zone == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(minutes=minutes))


def parse_time(text: str) -> dt.time | None:
    """The time of day ``text`` spells (``HH:MM[:SS[.sss]][zone]``), or None."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    hour, minute, second, fraction, zone = match.groups()
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        tz = parse_zone(zone) if zone else None
        return dt.time(int(hour), int(minute), int(second or 0), micro, tzinfo=tz)
    except ValueError:
        return None


def days_since_epoch(value: dt.date) -> float:
    """Days since 1970-01-01: whole for a date, fractional (UTC) for a date-time."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.timestamp() / 86400.0
    return float((value - EPOCH).days)


def date_from_days(days: float) -> dt.date:
    """The date ``days`` after 1970-01-01 (the fraction is dropped)."""
    if math.isnan(days) or math.isinf(days) or abs(days) > 2_000_000:
        raise ExpressionError("invalid_date", "date hors limites")
    try:
        return EPOCH + dt.timedelta(days=math.floor(days))
    except OverflowError:  # before year 1
        raise ExpressionError("invalid_date", "date hors limites") from None


def to_string(value: Value) -> str:
    """XPath ``string()``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return format_number(float(value))
    if isinstance(value, NodeSet):
        return value[0] if value else ""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    return value.isoformat()


def to_number(value: Value) -> float:
    """XPath ``number()``, extended to ISO dates (days since the epoch)."""
    kind = type(value)
    if kind is float:
        return value  # type: ignore[return-value]
    if kind is str:
        return _string_to_number(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, dt.date):
        return days_since_epoch(value)
    return _string_to_number(to_string(value))


@functools.lru_cache(maxsize=4096)
def _string_to_number(text: str) -> float:
    """Answers repeat across responses: their numeric reading is cached."""
    if _NUMBER.fullmatch(text):
        return float(text)
    date = parse_date(text) if len(text) <= 40 else None
    return days_since_epoch(date) if date is not None else math.nan


def to_boolean(value: Value) -> bool:
    """XPath ``boolean()``."""
    if value is True or value is False:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, NodeSet):
        return len(value) > 0
    if isinstance(value, str):
        return len(value) > 0
    return True


def to_date(value: Value) -> dt.date:
    """ODK ``date()``: a date from a date, a number of days or an ISO string."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return date_from_days(float(value))
    text = to_string(value)
    if _NUMBER.fullmatch(text):
        return date_from_days(float(text))
    date = parse_date(text)
    if date is None:
        raise ExpressionError("invalid_date", f"« {text[:40]} » n’est pas une date")
    return date


def format_number(number: float) -> str:
    """XPath's string form of a number: no exponent, no trailing ``.0``."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number) and abs(number) < 1e21:
        return str(int(number))
    text = repr(number)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def format_datetime(value: dt.datetime) -> str:
    """ODK's date-time form: ``2024-03-01T18:30:00.000+01:00``."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    base = aware.strftime("%Y-%m-%dT%H:%M:%S")
    millis = f"{aware.microsecond // 1000:03d}"
    offset = aware.strftime("%z")
    return f"{base}.{millis}{offset[:3]}:{offset[3:]}"


def compare(symbol: str, left: Value, right: Value) -> bool:
    """XPath comparison: node-sets compare existentially, then boolean, number, string."""
    if type(left) is float and type(right) is float:
        return _NUMERIC[symbol](left, right)
    if isinstance(left, NodeSet) or isinstance(right, NodeSet):
        return _compare_node_set(symbol, left, right)
    if symbol in ("=", "!="):
        equal = _equal(left, right)
        return equal if symbol == "=" else not equal
    a, b = to_number(left), to_number(right)
    if symbol == "<":
        return a < b
    if symbol == "<=":
        return a <= b
    if symbol == ">":
        return a > b
    return a >= b


_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if isinstance(left, float | int) or isinstance(right, float | int):
        return to_number(left) == to_number(right)
    if isinstance(left, dt.date) or isinstance(right, dt.date):
        a, b = to_number(left), to_number(right)
        if not (math.isnan(a) or math.isnan(b)):
            return a == b
    return to_string(left) == to_string(right)


def _compare_node_set(symbol: str, left: Value, right: Value) -> bool:
    if isinstance(left, NodeSet) and isinstance(right, NodeSet):
        return any(compare(symbol, a, b) for a in left for b in right)
    if isinstance(left, NodeSet):
        if isinstance(right, bool):
            return compare(symbol, to_boolean(left), right)
        return any(compare(symbol, item, right) for item in left)
    assert isinstance(right, NodeSet)
    if isinstance(left, bool):
        return compare(symbol, left, to_boolean(right))
    return any(compare(symbol, left, item) for item in right)
