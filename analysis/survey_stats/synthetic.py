"""Synthetic responses to a real survey, with a planted structure: for tests, demos, benchmarks.

Each *profile* is a group of residents: ``{question: {choice: weight}}`` for choice
questions, ``{question: callable(rng) -> value}`` for anything else. Questions a profile
does not mention are answered uniformly (choices) or left empty (text, numbers) unless
required. A multiple choice picks one to three choices by weight. Every response is checked
by :func:`surveys.validate_response`; answers to questions that do not apply are removed, so
relevance behaves as in the field.

>>> from surveys import templates
>>> survey = templates.load("vivre-dans-mon-quartier")
>>> rows = simulate_responses(survey, [{"satisfaction_globale": {"1": 1}}], [3], random_state=0)
>>> [row["answers"]["satisfaction_globale"] for row in rows], "difficultes" in rows[0]["answers"]
(['1', '1', '1'], True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from surveys import prepare_survey, validate_response
from surveys.prepared import QuestionSpec

Profile = Mapping[str, Mapping[str, float] | Callable[[np.random.Generator], Any]]


def simulate_responses(
    survey: Mapping[str, Any],
    profiles: Sequence[Profile],
    sizes: Sequence[int],
    *,
    random_state: int | np.random.Generator | None = None,
) -> list[dict[str, Any]]:
    """``sizes[i]`` responses drawn from ``profiles[i]``, as ``{"id", "profile", "answers"}``.

    ``profile`` is the index of the planted group: the truth a typology should recover.
    Top-level questions only (repeats are left empty).
    """
    if len(profiles) != len(sizes):
        raise ValueError("autant de tailles que de profils sont attendues")
    rng = np.random.default_rng(random_state)
    prepared = prepare_survey(survey)
    specs = [
        s for s in prepared.walk() if s.repeat is None and s.type not in ("group", "repeat", "note")
    ]
    specs = [s for s in specs if s.node.get("appearance") != "label" and s.calculation is None]
    responses: list[dict[str, Any]] = []
    for index, (profile, size) in enumerate(zip(profiles, sizes, strict=True)):
        for _ in range(size):
            answers = {
                s.key: v for s in specs if (v := _draw(s, profile.get(s.key), rng)) is not None
            }
            responses.append(
                {
                    "id": f"r{len(responses) + 1:05d}",
                    "profile": index,
                    "answers": _valid(prepared, answers),
                }
            )
    return responses


def _draw(spec: QuestionSpec, rule: Any, rng: np.random.Generator) -> Any:
    if callable(rule):
        return rule(rng)
    if spec.type in ("select_one", "select_multiple"):
        names = list(spec.choices)
        weights = np.array([float((rule or {}).get(name, 0.0 if rule else 1.0)) for name in names])
        if weights.sum() <= 0:
            return None
        probabilities = weights / weights.sum()
        if spec.type == "select_one":
            return str(rng.choice(names, p=probabilities))
        available = int((weights > 0).sum())
        count = int(rng.integers(1, min(3, available) + 1))
        return [str(n) for n in rng.choice(names, size=count, replace=False, p=probabilities)]
    if spec.type == "text" and spec.required is not False:
        return "Réponse libre."
    return None


def _valid(prepared: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """Validated answers: those that do not apply removed, required texts filled."""
    for _ in range(3):
        result = validate_response(prepared, answers)
        if result.is_valid:
            return result.answers
        for problem in result.problems:
            if problem.code == "not_relevant":
                answers.pop(problem.question, None)
            elif problem.code == "required":
                answers[problem.question] = "Réponse libre."
            else:
                raise ValueError(f"réponse simulée invalide : {problem}")
    raise ValueError(f"réponse simulée invalide : {result.problems}")
