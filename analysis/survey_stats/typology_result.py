"""A typology of a survey's respondents, with French class descriptions and a JSON form.

:func:`survey_typology` turns the chosen questions into categorical variables (a group stands
for its choice questions, a multiple choice for one yes/no variable per choice, and "not asked
or not answered" is a modality of its own), fits :class:`RespondentTypology` on them, and
describes each class by the active and the supplementary (illustrative) variables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import french
from analysis.survey_stats.disclosure import DEFAULT_THRESHOLD, is_small, suppression_mask
from analysis.survey_stats.errors import NotEnoughDataError, UnknownVariableError
from analysis.survey_stats.jsonable import number
from analysis.survey_stats.respondents import MISSING, YES, RespondentTable, read_responses
from analysis.survey_stats.typology import RespondentTypology
from analysis.survey_stats.vtest import ClassDescription, ModalityTest, describe_classes
from surveys import ExportTables, PreparedSurvey

CITED = 5
"""Modalities cited per side in a class's sentence (``to_dict`` lists them all)."""
NAME_PARTS = 3
"""Over-represented answers a class's name is made of."""
_GENERIC = {"oui", "non", "sans réponse", "ne sait pas", "je ne sais pas", "nsp", "autre"}


def _generic(answer: str) -> bool:
    """An answer that means nothing without its question (« Oui », « 3 », « Plutôt »)."""
    text = answer.strip().lower()
    return text in _GENERIC or text.isdigit() or len(text) <= 3


def _short(question: str) -> str:
    """A question as a heading: without its question mark, cut at 60 characters."""
    text = question.strip().rstrip(" ?:").strip()
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


@dataclasses.dataclass
class Typology:
    """The fitted estimator, the variables' labels and each class's description."""

    estimator: RespondentTypology
    table: RespondentTable
    active: list[str]
    supplementary: list[str]
    classes: list[ClassDescription]
    """Described by active and supplementary variables; ``label`` is 0-based as in ``labels_``."""
    language: str | None
    disclosure_threshold: int

    @property
    def labels(self) -> pd.Series:
        """Each response's class, numbered from 1 as the texts number them."""
        return pd.Series(self.estimator.labels_ + 1, index=self.table.ids(), name="classe")

    def modality_label(self, test: ModalityTest) -> str:
        question = self.table.variable_label(test.variable, self.language)
        return f"{question} = {french.quote(self.table.value_label(test.variable, test.modality, self.language))}"

    def class_text(
        self, description: ClassDescription, *, public: bool = False, size_hidden: bool = False
    ) -> str:
        """« Classe 2 (34 répondants, 28 %) : surreprésentés — … (v-test 4,1), … ; sous-représentés — … »."""
        number_ = description.label + 1
        if public and is_small(description.size, self.disclosure_threshold):
            return (
                f"Classe {number_} : moins de {self.disclosure_threshold} répondants, non diffusée."
            )
        head = f"Classe {number_} ({french.plural(description.size, 'répondant')}, {french.percent(description.share)})"
        if public and size_hidden:
            head = f"Classe {number_} (effectif non diffusé)"
        parts = []
        for word, tests in (
            ("surreprésentés", description.over),
            ("sous-représentés", description.under),
        ):
            shown = [t for t in tests if not (public and self._withheld(t))][:CITED]
            if shown:
                cited = ", ".join(
                    f"{self.modality_label(t)} (v-test {french.number(t.v_test, 1)})" for t in shown
                )
                more = len([t for t in tests if not (public and self._withheld(t))]) - len(shown)
                parts.append(f"{word} — {cited}" + (f", et {more} autre(s)" if more > 0 else ""))
        return (
            f"{head} : "
            + (" ; ".join(parts) if parts else "aucune modalité ne la distingue nettement")
            + "."
        )

    def class_name(self, description: ClassDescription, *, public: bool = False) -> str:
        """A name saying what sets the class apart, from its two or three most
        over-represented answers: « Locataire · Transports : pas du tout satisfait ».

        A choice of a multiple question reads as its choice (« Propreté » for ``changer``
        = oui); a bare answer (« Oui », « 2 », « Pas du tout ») keeps its question.
        """
        if public and is_small(description.size, self.disclosure_threshold):
            return "Classe non diffusée (trop peu de répondants)"
        parts: list[str] = []
        for test in description.over:
            if public and self._withheld(test):
                continue
            if test.modality == MISSING:
                continue
            part = self._name_part(test)
            if part not in parts:
                parts.append(part)
            if len(parts) == NAME_PARTS:
                break
        if not parts:
            return "Profil sans réponse qui le distingue"
        name = " · ".join(parts)
        return name[:1].upper() + name[1:]

    def _name_part(self, test: ModalityTest) -> str:
        question = self.table.variable_label(test.variable, self.language)
        answer = self.table.value_label(test.variable, test.modality, self.language)
        if "/" in test.variable:  # a choice of a multiple question: « … / Propreté » = oui
            choice = question.rpartition(" / ")[2]
            return choice if test.modality == YES else f"pas « {choice} »"
        if not _generic(answer) and self._answer_is_unique(answer):
            return answer
        return f"{_short(question)} : {answer[:1].lower() + answer[1:]}"

    def _answer_is_unique(self, answer: str) -> bool:
        """True when no other variable described has an answer of that label (« 18-29 ans »
        speaks alone; « Pas du tout satisfait·e » needs its question)."""
        seen = 0
        for key in [*self.active, *self.supplementary]:
            spec = self.table.survey.by_key.get(key)
            choices = spec.choices if spec is not None else {}
            labels = {self.table.value_label(key, value, self.language) for value in choices}
            seen += answer in labels
        return seen <= 1

    def _withheld(self, test: ModalityTest) -> bool:
        threshold = self.disclosure_threshold
        return is_small(test.count, threshold) or is_small(test.modality_size, threshold)

    def _modality(self, test: ModalityTest, public: bool = False) -> dict[str, Any]:
        figures = test.to_dict()
        if public:  # shares to the percent and no raw counts: no subtracting down to a small class
            figures |= {"count": None, "modality_size": None}
            for share in ("class_in_modality", "modality_in_class", "overall"):
                figures[share] = round(figures[share], 2) if figures[share] is not None else None
        return figures | {
            "variable_label": self.table.variable_label(test.variable, self.language),
            "modality_label": self.table.value_label(test.variable, test.modality, self.language),
            "active": test.variable in self.active,
        }

    def _class(
        self, description: ClassDescription, public: bool, size_hidden: bool
    ) -> dict[str, Any]:
        hidden = public and is_small(description.size, self.disclosure_threshold)
        result: dict[str, Any] = {
            "class": description.label + 1,
            "name": self.class_name(description, public=public),
            "size": None if hidden or size_hidden else description.size,
            "share": None if hidden or size_hidden else number(description.share),
            "suppressed": hidden,
            "text": self.class_text(description, public=public, size_hidden=size_hidden),
        }
        for side in ("over", "under"):
            tests = [] if hidden else list(getattr(description, side))
            kept = [t for t in tests if not (public and self._withheld(t))]
            result[side] = [self._modality(t, public) for t in kept]
            result[f"{side}_withheld"] = len(tests) - len(kept)
        return result

    def to_dict(self, *, public: bool = False) -> dict[str, Any]:
        """JSON-ready. ``public=True``: small classes and modalities withheld, sizes protected
        by secondary suppression, shares rounded to the percent, no raw counts, no assignments."""
        model = self.estimator
        sizes = [description.size for description in self.classes]
        size_hidden = (
            suppression_mask(sizes, self.disclosure_threshold) if public else [False] * len(sizes)
        )
        return {
            "method": {
                "mca": "prince.MCA (analyse des correspondances du tableau disjonctif complet)",
                "axes_rule": "parallel_analysis" if model.n_components is None else "fixed",
                "n_components": model.n_components_,
                "n_permutations": model.n_permutations if model.n_components is None else None,
                "clustering": "ward",
                "n_classes_rule": "forced"
                if model.n_classes is not None
                else "largest_relative_inertia_loss",
                "min_classes": model.min_classes,
                "max_classes": model.max_classes,
                "consolidation": "kmeans" if model.consolidate else None,
                "v_test_threshold": model.v_test_threshold,
                "random_state": model.random_state if isinstance(model.random_state, int) else None,
            },
            "n_respondents": len(model.labels_),
            "active": [
                {"key": k, "label": self.table.variable_label(k, self.language)}
                for k in self.active
            ],
            "supplementary": [
                {"key": k, "label": self.table.variable_label(k, self.language)}
                for k in self.supplementary
            ],
            "eigenvalues": [number(v) for v in model.eigenvalues_],
            "explained_inertia": [number(v) for v in model.explained_inertia_],
            "axis_thresholds": None
            if model.axis_thresholds_ is None
            else [number(v) for v in model.axis_thresholds_[: len(model.eigenvalues_)]],
            "within_inertia": {str(k): number(v) for k, v in model.within_inertia_.items()},
            "inertia_ratios": {str(k): number(v) for k, v in model.inertia_ratios_.items()},
            "n_classes": model.n_classes_,
            "classes": [
                self._class(description, public, bool(hidden))
                for description, hidden in zip(self.classes, size_hidden, strict=True)
            ],
            "assignments": None if public else {str(k): int(v) for k, v in self.labels.items()},
            "disclosure_threshold": self.disclosure_threshold,
            "public": public,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per class × cited modality, with its figures (for notebooks)."""
        rows = [
            {"classe": d.label + 1, "side": side} | self._modality(t)
            for d in self.classes
            for side in ("over", "under")
            for t in getattr(d, side)
        ]
        return pd.DataFrame(rows)


def survey_typology(
    survey: Mapping[str, Any] | PreparedSurvey,
    responses: Iterable[Any] | pd.DataFrame | ExportTables | RespondentTable,
    *,
    questions: Sequence[str] | None = None,
    supplementary: Sequence[str] = (),
    n_classes: int | None = None,
    min_classes: int = 2,
    max_classes: int = 8,
    n_components: int | None = None,
    consolidate: bool = True,
    v_test_threshold: float = 2.0,
    random_state: Any = None,
    language: str | None = None,
    disclosure_threshold: int = DEFAULT_THRESHOLD,
) -> Typology:
    """Classes of respondents from their answers to ``questions`` (ACM + CAH).

    ``questions`` (default: every top-level ``select_one``) may name groups (their choice
    questions) and multiple choices (one yes/no variable per choice). ``supplementary``
    variables (``tranche_age``, ``territory``…) describe the classes without shaping them.
    """
    table = (
        responses if isinstance(responses, RespondentTable) else read_responses(survey, responses)
    )
    active = _variables(table, questions)
    extra = (
        [key for key in _variables(table, supplementary) if key not in active]
        if supplementary
        else []
    )
    data = typology_frame(table, active)
    if len(data) < 3:
        raise NotEnoughDataError(
            f"{french.plural(len(data), 'répondant')} : trop peu pour une typologie"
        )
    estimator = RespondentTypology(
        n_classes=n_classes, min_classes=min_classes, max_classes=max_classes,
        n_components=n_components, consolidate=consolidate,
        v_test_threshold=v_test_threshold, random_state=random_state,
    ).fit(data)  # fmt: skip
    described = pd.concat([data, typology_frame(table, extra)], axis=1) if extra else data
    classes = describe_classes(estimator.labels_, described, v_test_threshold)
    return Typology(estimator, table, active, extra, classes, language, disclosure_threshold)


def typology_frame(table: RespondentTable, keys: Sequence[str]) -> pd.DataFrame:
    """One column of strings per variable; "not asked or not answered" is ``MISSING``."""
    columns = {key: table.categorical(key).astype(object).fillna(MISSING) for key in keys}
    return pd.DataFrame(columns, index=table.ids())


def _variables(table: RespondentTable, keys: Sequence[str] | None) -> list[str]:
    """Categorical variables for ``keys``: groups and multiple choices expanded."""
    top = [spec for spec in table.specs if spec.repeat is None]
    if keys is None:
        return [spec.key for spec in top if spec.type == "select_one"]
    variables: list[str] = []
    for key in keys:
        spec = table.survey.by_key.get(key)
        if spec is not None and spec.type == "group":
            inner = [s for s in table.survey.walk(spec.children) if s in top]
            found = [s.key for s in inner if s.type == "select_one"]
            found += [
                f"{s.key}/{c}" for s in inner if s.type == "select_multiple" for c in s.choices
            ]
        elif spec is not None and spec.type == "select_multiple":
            found = [f"{spec.key}/{choice}" for choice in spec.choices]
        else:
            table.categorical(key)  # raises with a French message if it is not usable
            found = [key]
        if not found:
            raise UnknownVariableError(f"« {key} » ne contient aucune question à choix")
        variables += [v for v in found if v not in variables]
    return variables
