"""Responses read once into one table: each question's answers and whether it was asked.

Accepted inputs, all normalised to the same :class:`RespondentTable`:

- responses as the backend stores them, ``{"id", "territory", …, "answers": {…}}``
  (keys other than ``answers`` become response fields, usable as groups);
- bare normalised answer dicts ``{question: value}`` (``ValidatedResponse.answers``);
- the DataFrame of :func:`surveys.flatten_responses` (``headers="names"``, ``values="names"``),
  or its :class:`surveys.ExportTables` to include the questions of repeats.

A question is *asked* of a respondent when it and its groups are relevant for their answers
(the form's ``relevant`` expressions, evaluated by the surveys interpreter); it is *answered*
when a value is present. Questions inside repeats count once per repeat instance.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.survey_stats.errors import UnknownVariableError, UnsupportedVariableError
from surveys import ExportTables, PreparedSurvey, prepare_survey
from surveys.expressions import EvaluationContext, ExpressionError, NodeSet, to_boolean, to_string
from surveys.prepared import QuestionSpec

SKIPPED = frozenset({"group", "repeat", "note"})
MISSING = "__sans_reponse__"
"""The modality that stands for "not asked or not answered" where one is needed (typology)."""
YES, NO = "oui", "non"


@dataclasses.dataclass
class Unit:
    """One occasion to answer a question: a respondent, or one instance of a repeat."""

    respondent: int
    asked: bool
    value: Any


@dataclasses.dataclass
class RespondentTable:
    """Every respondent's fields and, per question key, its answering units in form order."""

    survey: PreparedSurvey
    fields: list[dict[str, Any]]
    units: dict[str, list[Unit]]
    warnings: list[str]

    def __len__(self) -> int:
        return len(self.fields)

    @property
    def specs(self) -> list[QuestionSpec]:
        """The questions that can be summarised, in form order.

        A choice question with ``appearance: label`` is the header row of a ``table-list``
        (the choices shown once above the table): nobody answers it.
        """
        return [
            spec
            for spec in self.survey.walk()
            if spec.type not in SKIPPED and spec.node.get("appearance") != "label"
        ]

    def spec(self, key: str) -> QuestionSpec:
        spec = self.survey.by_key.get(key)
        if spec is None or spec.type in SKIPPED:
            raise UnknownVariableError(f"question inconnue dans l’enquête : « {key} »")
        return spec

    def field_names(self) -> list[str]:
        names: list[str] = []
        for fields in self.fields:
            names += [name for name in fields if name not in names]
        return names

    def text(self, translated: Any, language: str | None) -> str:
        return self.survey.text(translated, language)

    def ids(self) -> pd.Index:
        """The responses' ids when each has one, else their positions."""
        ids = [fields.get("id") for fields in self.fields]
        if all(value is not None for value in ids) and len(set(map(str, ids))) == len(ids):
            return pd.Index([str(value) for value in ids], name="id")
        return pd.RangeIndex(len(self.fields), name="position")

    def categorical(self, key: str) -> pd.Series:
        """One categorical value per respondent (NA when not asked or not answered).

        ``key`` is a top-level ``select_one`` question, a choice of a ``select_multiple``
        written ``question/choice`` (``oui``/``non`` among those who answered), or a response
        field (``territory``).
        """
        categories: list[str]
        if key in self.field_names() and key not in self.survey.by_key:
            values = [_field_value(fields.get(key)) for fields in self.fields]
            categories = sorted({value for value in values if value is not None})
            return pd.Series(
                pd.Categorical(values, categories=categories), index=self.ids(), name=key
            )
        question, _, choice = key.rpartition("/")
        if question and question in self.survey.by_key and key not in self.survey.by_key:
            spec = self.spec(question)
            if spec.type != "select_multiple" or choice not in spec.choices:
                raise UnknownVariableError(f"choix inconnu : « {key} »")
            values = [
                None if value is None else (YES if choice in value else NO)
                for value in self._per_respondent(spec)
            ]
            return pd.Series(
                pd.Categorical(values, categories=[YES, NO]), index=self.ids(), name=key
            )
        spec = self.spec(key)
        if spec.type != "select_one":
            raise UnsupportedVariableError(
                f"« {key} » ({spec.type}) n’est pas une question à choix unique : "
                "choisissez une question select_one, un choix « question/choix » d’une "
                "question à choix multiples, ou un champ de la réponse (territoire…)"
            )
        values = [None if value is None else str(value) for value in self._per_respondent(spec)]
        categories = list(spec.choices)
        categories += sorted({v for v in values if v is not None and v not in spec.choices})
        return pd.Series(pd.Categorical(values, categories=categories), index=self.ids(), name=key)

    def _per_respondent(self, spec: QuestionSpec) -> list[Any]:
        if spec.repeat is not None:
            raise UnsupportedVariableError(
                f"« {spec.key} » est dans une répétition : une valeur par répondant est attendue"
            )
        values: list[Any] = [None] * len(self.fields)
        for unit in self.units.get(spec.key, []):
            values[unit.respondent] = unit.value
        return values

    def variable_label(self, key: str, language: str | None = None) -> str:
        """The question's label (``question / choice label`` for a choice), else the key."""
        spec = self.survey.by_key.get(key)
        if spec is not None:
            return self.text(spec.node.get("label"), language) or key
        question, _, choice = key.rpartition("/")
        spec = self.survey.by_key.get(question)
        if spec is not None and choice in spec.choices:
            label = self.text(spec.node.get("label"), language) or question
            return f"{label} / {self.value_label(question, choice, language)}"
        return key

    def value_label(self, key: str, value: str, language: str | None = None) -> str:
        """The label of a choice (``oui``/``non`` for a choice of a multiple question)."""
        if value == MISSING:
            return "sans réponse"
        spec = self.survey.by_key.get(key)
        if spec is not None and value in spec.choices:
            return self.text(spec.choices[value].get("label"), language) or value
        return {YES: "oui", NO: "non"}.get(value, value) if "/" in key else value


def read_responses(
    survey: Mapping[str, Any] | PreparedSurvey,
    responses: Iterable[Any] | pd.DataFrame | ExportTables,
) -> RespondentTable:
    """A :class:`RespondentTable` from any accepted input (see the module's docstring)."""
    prepared = prepare_survey(survey)
    warnings: list[str] = []
    records: list[tuple[dict[str, Any], Mapping[str, Any]]]
    if isinstance(responses, ExportTables):
        records = list(_from_frame(prepared, responses.responses, responses.repeats, warnings))
    elif isinstance(responses, pd.DataFrame):
        records = list(_from_frame(prepared, responses, {}, warnings))
    else:
        records = [_record(item) for item in responses]
    table = RespondentTable(prepared, [fields for fields, _ in records], {}, warnings)
    for spec in prepared.walk():
        if spec.type not in SKIPPED:
            table.units[spec.key] = []
    for index, (_, answers) in enumerate(records):
        _Walker(prepared, table.units, index).scope(prepared.children, answers, {}, 1, True)
    return table


def _record(item: Any) -> tuple[dict[str, Any], Mapping[str, Any]]:
    if hasattr(item, "answers") and not isinstance(item, Mapping):  # ValidatedResponse
        return {}, item.answers
    if isinstance(item, Mapping) and isinstance(item.get("answers"), Mapping):
        return {k: v for k, v in item.items() if k != "answers"}, item["answers"]
    if isinstance(item, Mapping):
        return {}, item
    raise UnsupportedVariableError(f"réponse illisible : {type(item).__name__}")


def _field_value(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return str(value)


class _Walker:
    """Evaluates relevance the way the validator does, and records each question's unit."""

    def __init__(self, survey: PreparedSurvey, units: dict[str, list[Unit]], respondent: int):
        self.survey = survey
        self.units = units
        self.respondent = respondent

    def scope(
        self,
        specs: list[QuestionSpec],
        answers: Mapping[str, Any],
        outer: Mapping[str, Any],
        position: int,
        parent_relevant: bool,
    ) -> dict[str, Any]:
        values: dict[str, Any] = dict(outer)
        self.load(specs, answers, values)
        context = EvaluationContext(values, position=position)
        self.calculate(specs, answers, context, values)
        self.walk(specs, answers, context, values, parent_relevant)
        return values

    def load(
        self, specs: list[QuestionSpec], answers: Mapping[str, Any], values: dict[str, Any]
    ) -> None:
        for spec in specs:
            if spec.type == "group":
                self.load(spec.children, answers, values)
            elif spec.type == "repeat":
                names = [spec.name, *(child.name for child in self.survey.walk(spec.children))]
                for name in names:  # until walked: as seen from outside, per instance
                    values[name] = NodeSet([])
            elif spec.key in answers and not _is_empty(answers[spec.key]):
                values[spec.name] = _odk(answers[spec.key])

    def calculate(
        self,
        specs: list[QuestionSpec],
        answers: Mapping[str, Any],
        context: EvaluationContext,
        values: dict[str, Any],
    ) -> None:
        for spec in specs:
            if spec.type == "group":
                self.calculate(spec.children, answers, context, values)
            elif spec.calculation is not None and spec.type != "repeat" and spec.key not in answers:
                try:
                    values[spec.name] = to_string(spec.calculation.evaluate(context))
                except ExpressionError:
                    values[spec.name] = ""

    def walk(
        self,
        specs: list[QuestionSpec],
        answers: Mapping[str, Any],
        context: EvaluationContext,
        values: dict[str, Any],
        parent_relevant: bool,
    ) -> None:
        for spec in specs:
            relevant = parent_relevant and self.relevant(spec, context, values)
            if spec.type == "group":
                self.walk(spec.children, answers, context, values, relevant)
            elif spec.type == "repeat":
                instances = list(answers.get(spec.key) or []) if relevant else []
                seen = [
                    self.scope(spec.children, instance, values, number, True)
                    for number, instance in enumerate(instances, start=1)
                ]
                for name in [spec.name, *(c.name for c in self.survey.walk(spec.children))]:
                    values[name] = NodeSet(to_string(v.get(name, "")) for v in seen)
            elif spec.type != "note":
                value = answers.get(spec.key)
                value = None if _is_empty(value) else value
                self.units[spec.key].append(
                    Unit(self.respondent, relevant or value is not None, value)
                )

    def relevant(
        self, spec: QuestionSpec, context: EvaluationContext, values: dict[str, Any]
    ) -> bool:
        if spec.relevant is None:
            return True
        context.current = values.get(spec.name, "")
        try:
            return to_boolean(spec.relevant.evaluate(context))
        except ExpressionError:
            return True  # as the validator does: a relevance that cannot run does not hide


def _is_empty(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str | list) and len(value) == 0


def _odk(value: Any) -> str:
    """A normalised answer as ODK encodes it, for the expressions."""
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    if isinstance(value, Mapping) and "coordinates" in value:
        lon, lat = value["coordinates"][:2]
        return f"{lat} {lon}"
    if isinstance(value, bool):
        return "OK" if value else ""
    return str(value)


def _from_frame(
    survey: PreparedSurvey,
    main: pd.DataFrame,
    repeats: Mapping[str, pd.DataFrame],
    warnings: list[str],
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Rows of a Kobo-style export back into ``(fields, answers)``."""
    top = [s for s in survey.walk() if s.type not in SKIPPED and s.repeat is None]
    generated = {f"{s.key}/{c}" for s in top if s.type == "select_multiple" for c in s.choices}
    generated |= {
        f"{s.key}_{a}" for s in top if s.type == "geopoint" for a in ("latitude", "longitude")
    }
    questions = {s.key: s for s in top if s.key in main.columns}
    field_columns = [c for c in main.columns if c not in questions and c not in generated]
    records: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for row in main.to_dict(orient="records"):
        fields = {column: _python(row[column]) for column in field_columns}
        answers = {
            key: _cell(spec, row[key])
            for key, spec in questions.items()
            if not _is_empty(_python(row[key]))
        }
        records.append((fields, answers))
    if repeats:
        _attach_repeats(survey, records, repeats, warnings)
    return records


def _attach_repeats(
    survey: PreparedSurvey,
    records: list[tuple[dict[str, Any], dict[str, Any]]],
    repeats: Mapping[str, pd.DataFrame],
    warnings: list[str],
) -> None:
    by_id = {str(fields.get("id")): answers for fields, answers in records}
    for path, frame in repeats.items():
        spec = survey.by_key.get(path)
        if (
            spec is None
            or spec.type != "repeat"
            or spec.repeat is not None
            or "_parent_index" in frame
        ):
            warnings.append(
                f"répétition « {path} » ignorée : seules les répétitions de premier niveau sont lues"
            )
            continue
        children = {s.key: s for s in survey.walk(spec.children) if s.type not in SKIPPED}
        for row in frame.sort_values(["_response_id", "_index"]).to_dict(orient="records"):
            answers = by_id.get(str(row["_response_id"]))
            if answers is None:
                continue
            instance = {
                key: _cell(child, row[key])
                for key, child in children.items()
                if key in row and not _is_empty(_python(row[key]))
            }
            answers.setdefault(spec.key, []).append(instance)


def _python(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return None if _is_empty(value) else value


def _cell(spec: QuestionSpec, value: Any) -> Any:
    value = _python(value)
    if spec.type in ("select_multiple", "rank") and isinstance(value, str):
        return value.split()
    if spec.type == "integer":
        return int(value)
    if spec.type == "decimal":
        return float(value)
    if spec.type == "range":
        number = float(value)
        return int(number) if number.is_integer() else number
    if spec.type == "select_one":
        return str(value)
    return value
