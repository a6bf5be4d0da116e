"""The Python engine against cases ported from Enketo's and JavaRosa's own XPath suites.

At least 97 % must pass, every expression those suites refuse must be refused when compiled
(so a form using it is refused at import), and the few deviations left are listed, each with
its reason, in the file itself (``format.deviations``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from surveys.expressions import (
    EvaluationContext,
    ExpressionError,
    compile_expression,
    to_boolean,
    to_number,
    to_string,
)
from surveys.expressions.values import evaluation_zone, format_number
from tests.surveys.xpath_conformance import (
    CASES,
    DEVIATIONS,
    MINIMUM_PASS_RATE,
    case_key,
    parse_offset,
    report,
)


def outcome(case: dict[str, Any]) -> dict[str, Any]:
    """What the Python engine makes of one case."""
    try:
        expression = compile_expression(case["expression"])
    except ExpressionError as error:
        return {"kind": "refused", "code": error.code}
    now = dt.datetime.fromisoformat(case["now"]) if "now" in case else None
    context = EvaluationContext(
        case.get("answers", {}),
        current=case.get("context", ""),
        clock=(lambda: now) if now else None,
        zone=parse_offset(case.get("timezone", "+00:00")),
        language=case.get("language"),
    )
    try:
        value = expression.evaluate(context)
    except ExpressionError as error:
        return {"kind": "error", "code": error.code}
    with evaluation_zone(context.zone):  # a date converts to a number in the device's zone
        return {
            "kind": "value",
            "string": to_string(value),
            "number": format_number(to_number(value)),
            "boolean": to_boolean(value),
        }


def test_the_suite_is_broad_and_says_where_each_case_comes_from():
    sources = {case["source"].split(":")[0] for case in CASES}
    assert sources == {"enketo", "javarosa", "odk-spec"}
    assert len(CASES) >= 1000
    assert sum(case["expect"] == "refused" for case in CASES) >= 50
    for reason in DEVIATIONS.values():
        assert len(reason) > 20, "each deviation says why"


def test_the_python_engine_passes_the_conformance_suite():
    rate, unexpected, fixed = report([outcome(case) for case in CASES])
    print(f"conformité XPath (Python) : {rate:.1%} de {len(CASES)} cas")
    assert unexpected == [], "new failures (fix them, or list them with a reason)"
    assert fixed == [], "listed deviations that now pass: remove them from the list"
    assert rate >= MINIMUM_PASS_RATE


def test_every_expression_the_suites_refuse_is_refused_when_compiled():
    accepted = [
        case_key(case)
        for case in CASES
        if case["expect"] == "refused" and outcome(case)["kind"] != "refused"
    ]
    assert sorted(accepted) == sorted(k for k in DEVIATIONS if k in accepted)
    assert len(accepted) <= 2  # the two listed: number() and a union of absolute paths
