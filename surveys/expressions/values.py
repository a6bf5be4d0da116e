"""XPath 1.0 values as ODK uses them, and the conversions between them.

An expression works on five kinds of value: ``str``, ``float``, ``bool``, dates
(:class:`datetime.date` / :class:`datetime.datetime`) and :class:`NodeSet` (the answers of
a question inside a repeat). Answers arrive as strings, as ODK encodes them.

Rules worth knowing (they are the shared test vectors' rules too):

- ``number("")`` and ``number("abc")`` are NaN; ``number(" 12.5 ")`` is 12.5; no exponent.
- a string that is an ISO date (``2024-03-01``) or date-time converts to a number of days
  since 1970-01-01 UTC (the ODK XForms spec's ``number()``), fractional for date-times. A date
  stands for midnight in the device's time zone, and a date-time written without offset for
  that wall-clock time there, as Enketo does: in UTC ``number('2024-03-01')`` is 19783, at
  -07:00 it is 19783.2917. The zone is the evaluation's (:func:`evaluation_zone`).
- ``string(number)``: integers print without a decimal point, NaN prints ``NaN``,
  infinities ``Infinity`` / ``-Infinity``, never an exponent.
"""

from __future__ import annotations

import contextlib
import contextvars
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
_LOOSE_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?")


ZONE: contextvars.ContextVar[dt.tzinfo] = contextvars.ContextVar("zone", default=dt.UTC)


@contextlib.contextmanager
def evaluation_zone(zone: dt.tzinfo):
    """Evaluate in ``zone``: the device's (the respondent's) UTC offset."""
    token = ZONE.set(zone)
    try:
        yield
    finally:
        ZONE.reset(token)


def current_zone() -> dt.tzinfo:
    """The time zone of the evaluation under way (UTC outside any)."""
    return ZONE.get()


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
    """A date-time; naive when written without offset (local time, see :func:`localise`)."""
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return dt.datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro,
        tzinfo=parse_zone(zone) if zone else None,
    )  # fmt: skip


def parse_zone(zone: str | None) -> dt.tzinfo:
    """The time zone of an ISO suffix (``Z``, ``+01:00``, ``-0500``); UTC when absent."""
    if not zone or zone == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def localise(moment: dt.datetime) -> dt.datetime:
    """An aware date-time in the evaluation's zone (a naive one is local time there)."""
    zone = current_zone()
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


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
    """Days since 1970-01-01 UTC; a date is midnight in the evaluation's zone."""
    if isinstance(value, dt.datetime):
        return localise(value).timestamp() / 86400.0
    days = float((value - EPOCH).days)
    offset = current_zone().utcoffset(None)
    return days - offset.total_seconds() / 86400.0 if offset else days


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
        return _string_to_number(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, dt.date):
        return days_since_epoch(value)
    return _string_to_number(to_string(value))


def _string_to_number(text: str) -> float:
    number = _plain_number(text)
    if number is not None:
        return number
    date = _cached_date(text)
    return days_since_epoch(date) if date is not None else math.nan


@functools.lru_cache(maxsize=4096)
def _plain_number(text: str) -> float | None:
    """Answers repeat across responses: their numeric reading is cached."""
    return float(text) if _NUMBER.fullmatch(text) else None


@functools.lru_cache(maxsize=4096)
def _cached_date(text: str) -> dt.date | None:
    return parse_date(text) if len(text) <= 40 else None


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
    """ODK ``date()``: a date or date-time from a date, a number of days or an ISO string.

    A date-time comes out in the evaluation's zone; a number of days that falls on a local
    midnight is a plain date. Raises ``invalid_date`` for anything else.
    """
    if isinstance(value, dt.datetime):
        return localise(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return moment_from_days(float(value))
    if isinstance(value, bool):
        raise ExpressionError("invalid_date", "un booléen n’est pas une date")
    text = to_string(value).strip()
    if _NUMBER.fullmatch(text):
        return moment_from_days(float(text))
    date = parse_date(text)
    if date is None:
        loose = _LOOSE_DATE.fullmatch(text)
        try:
            date = dt.date(*(int(part) for part in loose.groups())) if loose else None
        except ValueError:
            date = None
    if date is None:
        raise ExpressionError("invalid_date", f"« {text[:40]} » n’est pas une date")
    return localise(date) if isinstance(date, dt.datetime) else date


def moment_from_days(days: float) -> dt.date:
    """The instant ``days`` after 1970-01-01 UTC, in the evaluation's zone: a date when it is
    a local midnight, else a date-time."""
    date_from_days(days)  # refuses NaN, infinities and dates out of range
    try:
        moment = (dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(days=days)).astimezone(
            current_zone()
        )
    except OverflowError:
        raise ExpressionError("invalid_date", "date hors limites") from None
    if moment.time() == dt.time():
        return moment.date()
    return moment


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
    aware = value if value.tzinfo else localise(value)
    base = aware.strftime("%Y-%m-%dT%H:%M:%S")
    millis = f"{aware.microsecond // 1000:03d}"
    offset = aware.strftime("%z")
    return f"{base}.{millis}{offset[:3]}:{offset[3:]}"


def compare(symbol: str, left: Value, right: Value) -> bool:
    """XPath comparison: node-sets compare existentially, then boolean, number, string."""
    if type(left) is float and type(right) is float:
        if symbol == "=":
            return numbers_equal(left, right)
        if symbol == "!=":
            return not numbers_equal(left, right)
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


EQUALITY_TOLERANCE = 1e-12
"""Numbers this close are equal (JavaRosa's rule: ``6.1 - 7.8 = -1.7`` is true)."""


def numbers_equal(a: float, b: float) -> bool:
    return a == b or abs(a - b) < EQUALITY_TOLERANCE


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if isinstance(left, float | int) or isinstance(right, float | int):
        return numbers_equal(to_number(left), to_number(right))
    if (
        isinstance(left, dt.date)
        or isinstance(right, dt.date)
        or (_looks_like_date(left) and _looks_like_date(right))
    ):
        a, b = to_number(left), to_number(right)
        if not (math.isnan(a) or math.isnan(b)):
            return a == b
    return to_string(left) == to_string(right)


def _looks_like_date(value: Value) -> bool:
    """A string that spells an ISO date or date-time (``"2018-06-25" = "2018-06-25T00:00"``)."""
    return (
        isinstance(value, str)
        and 10 <= len(value) <= 40
        and value[:4].isdigit()
        and _cached_date(value) is not None
    )


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
