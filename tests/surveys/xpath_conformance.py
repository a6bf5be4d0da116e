"""Running tests/data/xpath_conformance.json (Enketo's, JavaRosa's and the ODK spec's cases).

Shared by the Python test and the Chromium one: a case's outcome is the same small dict in both
(``{"ok": bool, "got": str}``), so the two engines are held to one list of known deviations.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from tests.conftest import DATA

DOCUMENT = json.loads((DATA / "xpath_conformance.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DOCUMENT["cases"]
DEVIATIONS: dict[str, str] = DOCUMENT["format"]["deviations"]
MINIMUM_PASS_RATE = 0.97


def case_key(case: dict[str, Any]) -> str:
    """How the deviations list names a case: its source and its expression (and context)."""
    extra = f" [. = {case['context']!r}]" if "context" in case else ""
    extra += f" {json.dumps(case['answers'], ensure_ascii=False)}" if "answers" in case else ""
    return f"{case['source']} | {case['expression']}{extra}"


def parse_offset(text: str) -> dt.timezone:
    sign = -1 if text.startswith("-") else 1
    hours, minutes = text[1:].split(":")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def expected_number(value: Any) -> float:
    return float(value)  # 'NaN', 'Infinity' and '-Infinity' are strings in JSON


def judge(case: dict[str, Any], outcome: dict[str, Any]) -> bool:
    """Whether an engine's outcome (``kind``: refused | error | value, with its three
    conversions ``string``, ``number``, ``boolean``) is what the case expects."""
    expect = case["expect"]
    if expect == "refused":
        return outcome["kind"] == "refused"
    if expect == "runtime_error":
        return outcome["kind"] == "error"
    if outcome["kind"] != "value":
        return False
    if expect == "string":
        return outcome["string"] == case["value"]
    if expect == "boolean":
        return outcome["boolean"] is case["value"]
    got, wanted = expected_number(outcome["number"]), expected_number(case["value"])
    if "round" in case and math.isfinite(got):
        got = math.floor(got * case["round"] + 0.5) / case["round"]
    if math.isnan(wanted):
        return math.isnan(got)
    return got == wanted or abs(got - wanted) <= case.get("tolerance", 0)


def report(outcomes: list[dict[str, Any]]) -> tuple[float, list[str], list[str]]:
    """The pass rate, the failing cases that are not listed deviations, and the listed
    deviations that now pass (the list must be kept true)."""
    failing = {case_key(c) for c, o in zip(CASES, outcomes, strict=True) if not judge(c, o)}
    passed = len(CASES) - sum(1 for c, o in zip(CASES, outcomes, strict=True) if not judge(c, o))
    unexpected = sorted(failing - DEVIATIONS.keys())
    fixed = sorted(DEVIATIONS.keys() - failing)
    return passed / len(CASES), unexpected, fixed
