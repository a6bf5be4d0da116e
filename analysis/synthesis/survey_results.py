"""The survey results that bear on a synthesis' theme, summarised for publication.

A question bears on a theme when its name carries the theme's code (``sat_proprete``), or when
it offers the theme as a choice (« Qu'est-ce qui devrait changer ? » → the share that chose
*Propreté*). A portrait (all themes) takes every choice question. Figures come from
``analysis.survey_stats.summarise_survey(...).to_dict(public=True)``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from analysis.french import number, percent
from analysis.survey_stats import summarise_survey
from analysis.synthesis.figures import count
from surveys import prepare_survey

CHOICE_TYPES = ("select_one", "select_multiple")
INTERNAL_PREFIX = "reserved_name_for_field_list_labels"


@dataclasses.dataclass
class SurveyInput:
    """One campaign of the territory: its survey definition and the answers it received."""

    title: str
    definition: Mapping[str, Any]
    answers: Sequence[Mapping[str, Any]]
    opens_at: str | None = None
    closes_at: str | None = None


def related_questions(definition: Mapping[str, Any], theme: str | None) -> dict[str, str | None]:
    """Question key → the choice to highlight (``None``: the whole question)."""
    related: dict[str, str | None] = {}
    pattern = re.compile(rf"(^|_){re.escape(theme)}($|_)") if theme else None
    for spec in prepare_survey(definition).walk():
        if spec.type not in CHOICE_TYPES or spec.repeat is not None:
            continue
        if spec.name.startswith(INTERNAL_PREFIX):  # a table-list's header row, not a question
            continue
        if pattern is None or pattern.search(spec.name):
            related[spec.key] = None
        elif theme in spec.choices:
            related[spec.key] = theme
    return related


def survey_section(item: SurveyInput, theme: str | None, threshold: int) -> dict[str, Any] | None:
    """The published summary of one campaign's related questions, or None if none relate."""
    related = related_questions(item.definition, theme)
    if not related:
        return None
    summary = summarise_survey(
        item.definition,
        list(item.answers),
        questions=list(related),
        disclosure_threshold=threshold,
    ).to_dict(public=True)
    overall = summary["overall"]
    respondents = count(len(item.answers), threshold)
    questions = [] if overall["suppressed"] else overall["questions"]
    return {
        "campaign": item.title,
        "survey": summary["title"],
        "opens_at": item.opens_at,
        "closes_at": item.closes_at,
        "respondents": respondents,
        "confidence": summary["confidence"],
        "questions": [
            _question(q, related.get(q["key"]), threshold)
            for q in questions
            if q["answered"] != 0  # nobody was asked it (relevance), or nobody answered
        ],
    }


def _question(question: dict[str, Any], highlight: str | None, threshold: int) -> dict[str, Any]:
    choices = question.get("choices", [])
    if highlight is not None:
        choices = [c for c in choices if c["name"] == highlight]
    shown = [
        {
            "name": c["name"],
            "label": c["label"],
            "share": c["share"],
            "ci": [c["ci_low"], c["ci_high"]],
            "display": percent(c["share"])
            if not c["suppressed"]
            else f"moins de\u00a0{threshold} réponses",
            "suppressed": c["suppressed"],
        }
        for c in choices
    ]
    result = {
        "key": question["key"],
        "label": question["label"],
        "kind": question["kind"],
        "answered": count(question["answered"], threshold, suppressed=question["suppressed"]),
        "choices": shown,
        "highlight": highlight,
        "score": None,
    }
    score = question.get("score")
    # The number of scored answers minus the answers would give the « ne sait pas »: the mean
    # is published without it when an excluded choice is suppressed.
    excluded_hidden = any(
        c["suppressed"]
        for c in question.get("choices", [])
        if c["name"] in question.get("excluded", [])
    )
    if score and score.get("mean") is not None and highlight is None:
        low, high = score["mean_ci"]
        result["score"] = {
            "mean": score["mean"],
            "mean_ci": score["mean_ci"],
            "scale_max": len(question.get("scale", [])) or None,
            "display": f"{number(score['mean'], 1)} (IC\u00a0: {number(low, 1)}\u00a0–\u00a0{number(high, 1)})",
            "n": None if excluded_hidden else score["n"],
        }
    return result
