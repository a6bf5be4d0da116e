"""Per-question summaries with confidence intervals, overall and by group (territory…).

For each question: how many were asked it (relevance) and answered it; for a choice, the
share of each choice among those who answered with its Wilson (or Agresti–Coull) interval —
for a multiple choice, each choice as a yes/no; for a number, the mean with its Student t
interval and the median with its order-statistics interval; for a Likert scale (a choice list
of consecutive whole numbers, ``1``…``4``, with perhaps ``nsp``), both the shares and the
mean score of the numbered choices.

>>> from surveys import templates
>>> survey = templates.load("vivre-dans-mon-quartier")
>>> answers = [{"satisfaction_globale": s, "changer": ["proprete"]} for s in "1123334444"]
>>> summary = summarise_survey(survey, answers, questions=["satisfaction_globale"])
>>> question = summary.overall.questions[0]
>>> question.kind, question.asked, question.answered, question.score.mean
('likert', 10, 10, 2.9)
>>> print(question.choices[3].text().replace("\\xa0", " "))  # French spacing is non-breaking
Très satisfait·e : 40 % (IC à 95 % : 17 % – 69 %), 4 réponses sur 10
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis import french
from analysis.survey_stats.disclosure import DEFAULT_THRESHOLD, suppression_mask
from analysis.survey_stats.errors import UnknownVariableError
from analysis.survey_stats.figures import ChoiceShare, NumberSummary
from analysis.survey_stats.intervals import (
    PROPORTION_METHODS,
    ProportionMethod,
    proportion_interval,
)
from analysis.survey_stats.respondents import RespondentTable, Unit, read_responses
from surveys import ExportTables, PreparedSurvey
from surveys.prepared import QuestionSpec

NUMERIC_TYPES = frozenset({"integer", "decimal", "range"})


def likert_scale(spec: QuestionSpec) -> tuple[list[str], list[str]] | None:
    """``(scale, excluded)`` when a ``select_one``'s choices are consecutive whole numbers.

    At least three numbered choices in list order, ascending or descending; the other
    choices (``nsp``, ``refus``…) are excluded from the score.
    """
    if spec.type != "select_one":
        return None
    numbered = [name for name in spec.choices if name.lstrip("-").isdigit()]
    if len(numbered) < 3:
        return None
    values = [int(name) for name in numbered]
    steps = set(np.diff(values).tolist())
    if steps not in ({1}, {-1}):
        return None
    return numbered, [name for name in spec.choices if name not in numbered]


@dataclasses.dataclass
class QuestionSummary:
    """One question's figures for one group of respondents."""

    key: str
    type: str
    kind: str
    """``single``, ``likert``, ``multiple``, ``numeric`` or ``other`` (text, dates…: counts only)."""
    label: str
    asked: int
    answered: int
    choices: list[ChoiceShare]
    score: NumberSummary | None
    """The numbers of a numeric question, or the scores of a Likert scale."""
    scale: list[str] = dataclasses.field(default_factory=list)
    excluded: list[str] = dataclasses.field(default_factory=list)

    def to_dict(
        self, *, public: bool = False, threshold: int = DEFAULT_THRESHOLD
    ) -> dict[str, Any]:
        """JSON-ready; with ``public``, counts under ``threshold`` are suppressed."""
        hidden = public and 0 < self.answered < threshold
        result: dict[str, Any] = {
            "key": self.key,
            "type": self.type,
            "kind": self.kind,
            "label": self.label,
            "asked": None if public and 0 < self.asked < threshold else self.asked,
            "answered": None if hidden else self.answered,
            "suppressed": hidden,
        }
        if self.kind in ("single", "likert", "multiple"):
            masks = self._masks(threshold) if public else [False] * len(self.choices)
            result["choices"] = [
                choice.to_dict(suppressed=hidden or bool(mask))
                for choice, mask in zip(self.choices, masks, strict=True)
            ]
        if self.kind == "likert":
            result["scale"], result["excluded"] = self.scale, self.excluded
        if self.score is not None:
            small = public and self.score.n < threshold
            result["score"] = None if small else self.score.to_dict(public)
        return result

    def _masks(self, threshold: int) -> list[bool]:
        counts = [choice.count for choice in self.choices]
        if self.kind == "multiple":  # each choice is its own yes/no table
            return [bool(suppression_mask([c, self.answered - c], threshold)[0]) for c in counts]
        return [bool(m) for m in suppression_mask(counts, threshold)]


@dataclasses.dataclass
class GroupSummary:
    """The summaries of every question for one group (or for every respondent)."""

    group: str | None
    label: str
    respondents: int
    questions: list[QuestionSummary]

    def to_dict(
        self, *, public: bool = False, threshold: int = DEFAULT_THRESHOLD, withheld: bool = False
    ) -> dict[str, Any]:
        """``withheld``: suppressed although not small, so that a small one cannot be deduced."""
        hidden = withheld or (public and 0 < self.respondents < threshold)
        return {
            "group": self.group,
            "label": self.label,
            "respondents": None if hidden else self.respondents,
            "suppressed": hidden,
            "questions": []
            if hidden
            else [q.to_dict(public=public, threshold=threshold) for q in self.questions],
        }


@dataclasses.dataclass
class SurveySummary:
    """What :func:`summarise_survey` found, overall and per group."""

    survey_id: str
    title: str
    by: str | None
    by_label: str | None
    confidence: float
    interval: str
    disclosure_threshold: int
    overall: GroupSummary
    groups: list[GroupSummary]
    warnings: list[str]
    ungrouped: int = 0
    """Respondents without a value for ``by``: in the overall figures only."""

    def to_dict(self, *, public: bool = False) -> dict[str, Any]:
        """JSON-ready; ``public=True`` applies the disclosure threshold (see ``disclosure``).

        Groups get secondary suppression too: the overall figures minus the published groups
        must not give away a small group, nor the few respondents without a group.
        """
        threshold = self.disclosure_threshold
        sizes = [group.respondents for group in self.groups] + [self.ungrouped]
        withheld = suppression_mask(sizes, threshold)[:-1] if public else [False] * len(self.groups)
        return {
            "survey": self.survey_id,
            "title": self.title,
            "by": self.by,
            "by_label": self.by_label,
            "confidence": self.confidence,
            "interval": self.interval,
            "disclosure_threshold": threshold,
            "public": public,
            "overall": self.overall.to_dict(public=public, threshold=threshold),
            "groups": [
                group.to_dict(public=public, threshold=threshold, withheld=bool(hidden))
                for group, hidden in zip(self.groups, withheld, strict=True)
            ],
            "warnings": list(self.warnings),
        }

    def to_frame(self) -> pd.DataFrame:
        """A long table for notebooks: one row per group × question × choice or statistic."""
        rows = []
        for group in [self.overall, *self.groups]:
            for q in group.questions:
                base = {"group": group.group, "question": q.key, "label": q.label, "kind": q.kind}
                for c in q.choices:
                    rows.append(base | {"item": c.name, "item_label": c.label, "count": c.count,
                                        "n": c.answered, "estimate": c.share, "ci_low": c.ci_low,
                                        "ci_high": c.ci_high})  # fmt: skip
                if q.score is not None and q.score.n:
                    s = q.score
                    rows.append(base | {"item": "mean", "item_label": "moyenne", "n": s.n,
                                        "estimate": s.mean, "ci_low": s.mean_ci[0], "ci_high": s.mean_ci[1]})  # fmt: skip
                    rows.append(base | {"item": "median", "item_label": "médiane", "n": s.n,
                                        "estimate": s.median, "ci_low": s.median_ci[0], "ci_high": s.median_ci[1]})  # fmt: skip
        return pd.DataFrame(rows, columns=["group", "question", "label", "kind", "item", "item_label",
                                           "count", "n", "estimate", "ci_low", "ci_high"])  # fmt: skip


def summarise_survey(
    survey: Mapping[str, Any] | PreparedSurvey,
    responses: Iterable[Any] | pd.DataFrame | ExportTables | RespondentTable,
    *,
    by: str | None = None,
    questions: Sequence[str] | None = None,
    confidence: float = 0.95,
    interval: ProportionMethod = "wilson",
    language: str | None = None,
    disclosure_threshold: int = DEFAULT_THRESHOLD,
) -> SurveySummary:
    """Summaries of ``questions`` (default: every question) overall and per value of ``by``.

    ``by`` is a response field (``territory``), a ``select_one`` question or a choice
    ``question/choice``; respondents without a value for it count only in the overall figures.
    """
    if interval not in PROPORTION_METHODS:
        raise ValueError(f"méthode d’intervalle inconnue : « {interval} » (wilson, agresti_coull)")
    table = (
        responses if isinstance(responses, RespondentTable) else read_responses(survey, responses)
    )
    specs = _selected(table, questions)
    summarise = _Summariser(table, specs, confidence, interval, language)
    everyone = np.ones(len(table), dtype=bool)
    overall = summarise.group(everyone, None, "Ensemble des répondants")
    groups: list[GroupSummary] = []
    warnings = list(table.warnings)
    by_label, missing = None, 0
    if by is not None:
        grouping = table.categorical(by)
        by_label = table.variable_label(by, language)
        for value in grouping.cat.categories:
            mask = (grouping == value).to_numpy()
            label = table.value_label(by, str(value), language)
            groups.append(summarise.group(mask, str(value), label))
        missing = int(grouping.isna().sum())
        if missing:
            warnings.append(
                f"{french.plural(missing, 'répondant')} sans valeur pour « {by_label} » : comptés dans l’ensemble seulement"
            )
    settings = table.survey.definition.get("settings", {})
    return SurveySummary(
        survey_id=str(settings.get("form_id", "")),
        title=str(settings.get("title", "")),
        by=by,
        by_label=by_label,
        confidence=confidence,
        interval=interval,
        disclosure_threshold=disclosure_threshold,
        overall=overall,
        groups=groups,
        warnings=warnings,
        ungrouped=missing,
    )


def _selected(table: RespondentTable, questions: Sequence[str] | None) -> list[QuestionSpec]:
    if questions is None:
        return table.specs
    specs = []
    for key in questions:
        spec = table.survey.by_key.get(key)
        if spec is None:
            raise UnknownVariableError(f"question inconnue dans l’enquête : « {key} »")
        inner = [s for s in table.survey.walk(spec.children) if s in table.specs]
        specs += inner if spec.type in ("group", "repeat") else [table.spec(key)]
    return specs


class _Summariser:
    def __init__(
        self,
        table: RespondentTable,
        specs: list[QuestionSpec],
        confidence: float,
        interval: ProportionMethod,
        language: str | None,
    ) -> None:
        self.table, self.specs = table, specs
        self.confidence, self.interval, self.language = confidence, interval, language

    def group(self, mask: np.ndarray, group: str | None, label: str) -> GroupSummary:
        questions = []
        for spec in self.specs:
            units = [u for u in self.table.units[spec.key] if mask[u.respondent]]
            questions.append(self.question(spec, units))
        return GroupSummary(group, label, int(mask.sum()), questions)

    def question(self, spec: QuestionSpec, units: list[Unit]) -> QuestionSummary:
        values = [u.value for u in units if u.value is not None]
        summary = QuestionSummary(
            key=spec.key,
            type=spec.type,
            kind="other",
            label=self.table.text(spec.node.get("label"), self.language) or spec.name,
            asked=sum(u.asked for u in units),
            answered=len(values),
            choices=[],
            score=None,
        )
        if spec.type in ("select_one", "select_multiple"):
            summary.kind = "single" if spec.type == "select_one" else "multiple"
            summary.choices = self.choices(spec, values)
            scale = likert_scale(spec)
            if scale is not None:
                summary.kind, (summary.scale, summary.excluded) = "likert", scale
                scores = [float(v) for v in values if v in summary.scale]
                summary.score = NumberSummary.of(scores, self.confidence)
        elif spec.type in NUMERIC_TYPES or (
            spec.type == "calculate" and values and _all_numbers(values)
        ):
            summary.kind = "numeric"
            summary.score = NumberSummary.of([float(v) for v in values], self.confidence)
        return summary

    def choices(self, spec: QuestionSpec, values: list[Any]) -> list[ChoiceShare]:
        names = list(spec.choices)
        counts = dict.fromkeys(names, 0)
        for value in values:
            for name in value if isinstance(value, list) else [value]:
                counts[str(name)] = counts.get(str(name), 0) + 1
        n = len(values)
        count_array = np.array(list(counts.values()))
        lows, highs = proportion_interval(
            count_array, n, confidence=self.confidence, method=self.interval
        )
        return [
            ChoiceShare(
                name=name,
                label=self.table.value_label(spec.key, name, self.language),
                count=int(count),
                answered=n,
                share=count / n if n else float("nan"),
                ci_low=float(low),
                ci_high=float(high),
                confidence=self.confidence,
            )
            for (name, count), low, high in zip(counts.items(), lows, highs, strict=True)
        ]


def _all_numbers(values: list[Any]) -> bool:
    try:
        [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    return True
