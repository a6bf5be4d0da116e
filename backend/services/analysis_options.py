"""The options each kind of analysis takes (``POST /analyses`` ``parameters``), checked when the
analysis is asked for: a bad option is a 422 at once, never a job that fails later."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from backend.services import Invalid

Check = Callable[[str, Any], Any]
FILTERS = ("territory", "theme", "polarity", "since", "until", "campaign")


def _refuse(key: str, expected: str) -> Invalid:
    message = f"Paramètre « {key} » : {expected}."
    return Invalid(message, {"parameters": {key: [message]}})


def integer(low: int, high: int, *, auto: bool = False) -> Check:
    def check(key: str, value: Any) -> Any:
        if auto and value == "auto":
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            extra = " (ou « auto »)" if auto else ""
            raise _refuse(key, f"un entier entre {low} et {high} est attendu{extra}")
        return value

    return check


def number(low: float, high: float) -> Check:
    def check(key: str, value: Any) -> Any:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise _refuse(key, f"un nombre entre {low:g} et {high:g} est attendu")
        return value

    return check


def one_of(*choices: Any) -> Check:
    def check(key: str, value: Any) -> Any:
        if value not in choices:
            shown = ", ".join("rien" if c is None else str(c) for c in choices)
            raise _refuse(key, f"une de ces valeurs est attendue : {shown}")
        return value

    return check


def boolean(key: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise _refuse(key, "true ou false est attendu")
    return value


def variable(key: str, value: Any) -> Any:
    """A variable to cross: one of the observations' (``theme``…) or a survey question's name."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][\w./-]{0,99}", value):
        raise _refuse(
            key,
            "le nom d'une variable (theme, polarity, territory, month, cluster ou une question)",
        )
    return value


OPTIONS: dict[str, dict[str, Check]] = {
    "counts": {},
    "text_clusters": {
        "n_clusters": integer(2, 40, auto=True),
        "method": one_of("auto", "guided", "free", "mixed"),
        "guided": boolean,
        "random_state": integer(0, 2**31 - 1),
    },
    "hotspots": {
        "by": one_of(None, "theme", "polarity"),
        "radius_m": number(20, 2000),
        "min_points": integer(2, 1000),
    },
    "typology": {"n_classes": integer(2, 8)},
    "crossing": {"row": variable, "column": variable},
}
REQUIRED: dict[str, tuple[str, ...]] = {"crossing": ("row", "column")}


def check_options(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    """The options, checked for this kind of analysis; raises :class:`Invalid` (422)."""
    allowed = OPTIONS.get(kind, {})
    for key, value in options.items():
        if key in FILTERS:
            message = (
                f"« {key} » se donne au premier niveau de la demande, pas dans « parameters »."
            )
            raise Invalid(message, {"parameters": {key: [message]}})
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "aucune"
            message = f"Option inconnue pour cette analyse : « {key} » (possibles : {known})."
            raise Invalid(message, {"parameters": {key: [message]}})
        allowed[key](key, value)
    for key in REQUIRED.get(kind, ()):
        if key not in options:
            message = f"Paramètre « {key} » : obligatoire pour cette analyse."
            raise Invalid(message, {"parameters": {key: [message]}})
    return options
