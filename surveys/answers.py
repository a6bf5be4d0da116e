"""One answer, as ODK/KoboToolbox encode it or as plain JSON, checked and normalised for its type.

Each reader returns ``(normalised, odk)``: the normalised value is plain JSON (``int``,
``float``, ``str``, a list of choice names, a GeoJSON point), the ODK string is what
expressions see (``"a b"`` for a multiple choice, ``"lat lon alt accuracy"`` for a point).
A value that cannot be read raises :class:`AnswerError` with a French message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from surveys.errors import SurveyError
from surveys.expressions.values import format_number, parse_date, parse_time
from surveys.prepared import QuestionSpec

_INTEGER = re.compile(r"[-+]?\d+")
_DECIMAL = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)")
ACKNOWLEDGED = {"ok", "true", "1", "yes", "oui"}


class AnswerError(SurveyError, ValueError):
    """An answer that does not fit its question's type; ``code`` says how."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_empty(value: Any) -> bool:
    """Unanswered: ``None``, an empty or blank string, an empty list or object."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict | tuple) and not value


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        number = float(value.strip().replace(",", "."))
    else:
        raise ValueError
    if not math.isfinite(number):
        raise ValueError
    return number


def read_text(value: Any) -> tuple[Any, str]:
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, int | float):
        value = format_number(float(value))
    if not isinstance(value, str):
        raise AnswerError("type", "du texte est attendu")
    return value, value


def read_integer(value: Any) -> tuple[Any, str]:
    try:
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            number = int(value.strip())
        else:
            decimal = _number(value)
            if decimal != int(decimal):
                raise ValueError
            number = int(decimal)
    except ValueError:
        raise AnswerError("type", "un nombre entier est attendu") from None
    return number, str(number)


def read_decimal(value: Any) -> tuple[Any, str]:
    try:
        number = _number(value)
    except ValueError:
        raise AnswerError("type", "un nombre est attendu (par exemple 12,5)") from None
    return number, format_number(number)


_DATE_ZONE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def read_date(value: Any) -> tuple[Any, str]:
    """``2026-11-20``, or XML Schema's date with a zone (``2026-11-20+01:00``), as some ODK
    clients send it: the calendar date is kept."""
    match = _DATE_ZONE.fullmatch(value.strip()) if isinstance(value, str) else None
    text = match.group(1) if match else ""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise AnswerError("type", "une date est attendue (AAAA-MM-JJ)") from None
    return text, text


def read_time(value: Any) -> tuple[Any, str]:
    text = value.strip() if isinstance(value, str) else ""
    if parse_time(text) is None:
        raise AnswerError("type", "une heure est attendue (HH:MM ou HH:MM:SS)")
    return text, text


def read_datetime(value: Any) -> tuple[Any, str]:
    text = value.strip() if isinstance(value, str) else ""
    if not isinstance(parse_date(text), dt.datetime):
        raise AnswerError("type", "une date et une heure sont attendues (ISO 8601)")
    return text, text


def read_geopoint(value: Any) -> tuple[Any, str]:
    """``"lat lon [alt [accuracy]]"`` (ODK) or a GeoJSON point ``[lon, lat(, alt)]``."""
    try:
        if isinstance(value, str):
            parts = [_number(part) for part in value.split()]
            if not 2 <= len(parts) <= 4:
                raise ValueError
            lat, lon = parts[0], parts[1]
            alt, accuracy = ([*parts[2:], None, None])[:2]
        elif isinstance(value, Mapping) and value.get("type") == "Point":
            coordinates = [_number(c) for c in value.get("coordinates", [])]
            if not 2 <= len(coordinates) <= 3:
                raise ValueError
            lon, lat = coordinates[0], coordinates[1]
            alt = coordinates[2] if len(coordinates) == 3 else None
            raw_accuracy = value.get("accuracy", value.get("accuracy_m"))
            accuracy = None if raw_accuracy is None else _number(raw_accuracy)
        else:
            raise ValueError
    except (ValueError, TypeError):
        raise AnswerError(
            "type", "un point est attendu (« latitude longitude » ou point GeoJSON)"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AnswerError("type", "coordonnées hors limites (latitude ±90, longitude ±180)")
    point: dict[str, Any] = {"type": "Point", "coordinates": [lon, lat]}
    if alt is not None:
        point["coordinates"].append(alt)
    if accuracy is not None:
        point["accuracy"] = accuracy
    odk = " ".join(format_number(x) for x in (lat, lon, alt or 0.0, accuracy or 0.0))
    return point, odk


def read_acknowledge(value: Any) -> tuple[Any, str]:
    if value is True or (isinstance(value, str) and value.strip().lower() in ACKNOWLEDGED):
        return "OK", "OK"
    raise AnswerError("type", "seule la réponse « OK » est possible")


def read_file(value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        raise AnswerError("type", "le nom d’un fichier est attendu")
    return value.strip(), value.strip()


def read_choice(value: Any, allowed: Collection[str]) -> tuple[Any, str]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = format_number(float(value))
    if not isinstance(value, str):
        raise AnswerError("type", "le nom d’un choix est attendu")
    choice = value.strip()
    if choice not in allowed:
        raise AnswerError("choice", f"« {choice} » ne fait pas partie des choix proposés")
    return choice, choice


def read_choices(value: Any, allowed: Collection[str]) -> tuple[Any, str]:
    """Several choice names: ``"a b"`` (ODK) or ``["a", "b"]``; order kept, duplicates dropped."""
    if isinstance(value, str):
        names = value.split()
    elif isinstance(value, list | tuple):
        names = [read_choice(item, allowed)[0] for item in value]
    else:
        raise AnswerError("type", "une liste de choix est attendue")
    unknown = [name for name in names if name not in allowed]
    if unknown:
        listed = ", ".join(f"« {name} »" for name in unknown)
        raise AnswerError("choice", f"{listed} ne fait pas partie des choix proposés")
    unique = list(dict.fromkeys(names))
    return unique, " ".join(unique)


Reader = Callable[[Any], tuple[Any, str]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "hidden": read_text,
    "metadata": read_text,
    "unsupported": read_text,
    "calculate": read_text,
    "integer": read_integer,
    "decimal": read_decimal,
    "range": read_decimal,
    "date": read_date,
    "time": read_time,
    "datetime": read_datetime,
    "geopoint": read_geopoint,
    "acknowledge": read_acknowledge,
    "image": read_file,
}


def read_answer(spec: QuestionSpec, raw: Any) -> tuple[Any, str]:
    """Read a submitted value for its question: type, choices and range bounds."""
    if spec.type == "select_one":
        return read_choice(raw, spec.choices)
    if spec.type in ("select_multiple", "rank"):
        return read_choices(raw, spec.choices)
    value, odk = READERS.get(spec.type, read_text)(raw)
    if spec.type == "range":
        _check_range(spec, value)
        if float(value).is_integer():
            value = int(value)
    return value, odk


def _check_range(spec: QuestionSpec, value: float) -> None:
    parameters = spec.node.get("parameters", {})
    try:
        start = float(parameters.get("start", 1))
        end = float(parameters.get("end", 10))
        step = float(parameters.get("step", 1))
    except ValueError:
        return
    low, high = min(start, end), max(start, end)
    steps = (value - start) / step if step else 0.0
    if not low <= value <= high or abs(steps - round(steps)) > 1e-9:
        raise AnswerError(
            "type", f"une valeur entre {low:g} et {high:g} par pas de {step:g} est attendue"
        )
