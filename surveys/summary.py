"""Per-question summary of a set of responses: counts and shares of choices, numeric figures.

Raw counts only: disclosure control (hiding counts under a threshold before publishing)
belongs to whoever publishes them (the backend's syntheses, the ``analysis`` package).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from surveys.prepared import PreparedSurvey, QuestionSpec, prepare_survey

CHOICE_TYPES = frozenset({"select_one", "select_multiple"})
NUMERIC_TYPES = frozenset({"integer", "decimal", "range"})
SUMMARISED = CHOICE_TYPES | NUMERIC_TYPES | {"text", "acknowledge", "calculate"}


def summarise_responses(
    survey: Mapping[str, Any] | PreparedSurvey,
    answer_sets: Iterable[Mapping[str, Any]],
    *,
    language: str | None = None,
) -> dict[str, dict[str, Any]]:
    """``{question key: summary}`` over validated answers (repeat instances pooled).

    A summary has ``type``, ``label``, ``answered`` (how many answers); for choices,
    ``counts`` and ``shares`` per choice name, in list order (shares of the answers: for a
    multiple choice they add up to more than 1); for numbers ``n``, ``mean``, ``median``,
    quartiles ``q1`` and ``q3``, ``min``, ``max`` (a shared summary drops the last two).
    """
    prepared = prepare_survey(survey)
    specs = [spec for spec in prepared.walk() if spec.type in SUMMARISED]
    collected: dict[str, list[Any]] = {spec.key: [] for spec in specs}
    for answers in answer_sets:
        for key, value in _answers(prepared.children, answers):
            if key in collected:
                collected[key].append(value)
    return {spec.key: _summary(prepared, spec, collected[spec.key], language) for spec in specs}


def _answers(specs: list[QuestionSpec], answers: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    for spec in specs:
        if spec.type == "group":
            yield from _answers(spec.children, answers)
        elif spec.type == "repeat":
            for instance in answers.get(spec.key) or []:
                yield from _answers(spec.children, instance)
        elif spec.key in answers:
            yield spec.key, answers[spec.key]


def _summary(
    survey: PreparedSurvey, spec: QuestionSpec, values: list[Any], language: str | None
) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "type": spec.type,
        "label": survey.text(spec.node.get("label"), language) or spec.name,
        "answered": len(values),
    }
    if spec.type in CHOICE_TYPES:
        counts: Counter[str] = Counter()
        for value in values:
            counts.update(value if isinstance(value, list) else [value])
        summary["counts"] = {name: counts.get(name, 0) for name in spec.choices}
        summary["shares"] = {
            name: (count / len(values) if values else 0.0)
            for name, count in summary["counts"].items()
        }
    elif spec.type in NUMERIC_TYPES:
        numbers = [float(value) for value in values]
        quartiles = statistics.quantiles(numbers, n=4) if len(numbers) >= 2 else [None] * 3
        summary |= {
            "n": len(numbers),
            "mean": statistics.fmean(numbers) if numbers else None,
            "median": statistics.median(numbers) if numbers else None,
            "q1": quartiles[0],
            "q3": quartiles[2],
            "min": min(numbers, default=None),
            "max": max(numbers, default=None),
        }
    return summary
