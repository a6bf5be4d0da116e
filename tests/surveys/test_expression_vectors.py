"""The shared test vectors (tests/data/expression_vectors.json) against the Python interpreter.

The PWA's JavaScript evaluator runs the same file: a case that changes here changes there.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import pathlib

import pytest

from surveys.expressions import (
    ERROR_CODES,
    EvaluationContext,
    ExpressionError,
    evaluate,
    to_number,
    to_string,
)
from tests.surveys.xpath_conformance import parse_offset

VECTORS = pathlib.Path(__file__).parents[1] / "data" / "expression_vectors.json"
DOCUMENT = json.loads(VECTORS.read_text(encoding="utf-8"))
CASES = DOCUMENT["cases"]


def context_for(case: dict) -> EvaluationContext:
    now = dt.datetime.fromisoformat(case["now"]) if "now" in case else None
    labels = case.get("choice_labels", {})
    zone = parse_offset(case["timezone"]) if "timezone" in case else None
    return EvaluationContext(
        case["answers"],
        current=case.get("context", ""),
        clock=(lambda: now) if now else None,
        position=case.get("position", 1),
        choice_label=lambda question, choice: labels.get(question, {}).get(choice, ""),
        zone=zone if zone is not None or now is not None else dt.UTC,
        language=case.get("language"),
    )


def case_id(case: dict) -> str:
    text = case["expression"]
    return text if len(text) <= 60 else text[:57] + "…"


def test_the_file_documents_its_format_and_has_enough_cases():
    assert {"case", "rules", "error_codes"} <= DOCUMENT["format"].keys()
    assert len(CASES) >= 150
    assert set(DOCUMENT["format"]["error_codes"]) == set(ERROR_CODES)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_vector(case):
    context = context_for(case)
    if "error" in case:
        with pytest.raises(ExpressionError) as caught:
            evaluate(case["expression"], context)
        assert caught.value.code == case["error"]
        return
    result = evaluate(case["expression"], context)
    expected = case["expected"]
    if isinstance(expected, bool):
        assert result is expected
    elif isinstance(expected, int | float):
        assert isinstance(result, float) and not isinstance(result, bool)
        assert math.isclose(
            to_number(result), expected, rel_tol=0, abs_tol=case.get("tolerance", 0)
        )
    else:
        assert to_string(result) == expected


@pytest.mark.parametrize("case", [c for c in CASES if "error" not in c], ids=case_id)
def test_values_are_json_native(case):
    """Answers and expectations are plain JSON, so another language reads them as they are."""
    for value in case["answers"].values():
        assert isinstance(value, str) or all(isinstance(v, str) for v in value)
    assert isinstance(case["expected"], bool | int | float | str)
