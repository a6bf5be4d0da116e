"""Response validation: types, choices, relevance, required answers, constraints, repeat counts.

>>> from surveys.xlsform import import_xlsform
>>> survey = import_xlsform('''
... | survey |
... |        | type    | name | label | required | constraint | constraint_message |
... |        | integer | age  | Âge   | yes      | . < 130    | Âge impossible     |
... ''').definition
>>> validate_response(survey, {"age": "150"}).problems_by_question()
{'age': ['Âge impossible']}
>>> validate_response(survey, {"age": "34"}).answers
{'age': 34}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from surveys import answers as readers
from surveys.errors import ExpressionError
from surveys.expressions import (
    Clock,
    EvaluationContext,
    Expression,
    NodeSet,
    Value,
    to_boolean,
    to_number,
    to_string,
)
from surveys.prepared import PreparedSurvey, QuestionSpec, prepare_survey
from surveys.response_input import Scope, collect

REQUIRED = "Cette question est obligatoire."
INVALID = "Réponse non valide."


@dataclasses.dataclass(frozen=True)
class ResponseProblem:
    """One problem of a response; ``question`` is its key (``age``, ``membres[2]/age``)."""

    question: str
    code: str
    """``type``, ``choice``, ``required``, ``constraint``, ``not_relevant``, ``repeat_count``,
    ``unknown_question`` or ``expression``."""
    message: str


@dataclasses.dataclass
class ValidatedResponse:
    """What :func:`validate_response` found: normalised answers, calculations, problems."""

    answers: dict[str, Any]
    calculated: dict[str, str]
    problems: list[ResponseProblem]

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def problems_by_question(self) -> dict[str, list[str]]:
        """``{question: [messages]}``, the ``errors.json.answers`` of the API's 422."""
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.question, []).append(problem.message)
        return grouped


def validate_response(
    survey: Mapping[str, Any] | PreparedSurvey,
    answers: Mapping[str, Any],
    *,
    language: str | None = None,
    clock: Clock | None = None,
) -> ValidatedResponse:
    """Check ``answers`` against ``survey``; never raises for a bad response.

    Messages use the form's own texts in ``language`` (default: the form's default
    language); ``clock`` gives ``today()`` and ``now()``.
    """
    prepared = prepare_survey(survey)
    run = _Run(prepared, language, clock)
    root = Scope(repeat=None)
    strays: list[Any] = []
    collect(prepared, answers, root, strays)
    for stray in strays:
        run.problem(stray.key, "unknown_question", stray.message)
    output: dict[str, Any] = {}
    run.scope(prepared.children, root, {}, output, "", 1)
    return ValidatedResponse(output, run.calculated, run.problems)


class _Context(EvaluationContext):
    """The evaluation context of one scope: its answers are a dict updated as we go."""

    answers: dict[str, Value]


class _Run:
    def __init__(self, survey: PreparedSurvey, language: str | None, clock: Clock | None):
        self.survey = survey
        self.language = language
        self.clock = clock
        self.problems: list[ResponseProblem] = []
        self.calculated: dict[str, str] = {}
        self.unreadable: set[str] = set()
        """Names of answers refused for their type: what depends on them is not judged."""

    def problem(self, key: str, code: str, message: str) -> None:
        self.problems.append(ResponseProblem(key, code, message))

    def scope(
        self,
        specs: list[QuestionSpec],
        scope: Scope,
        outer: Mapping[str, Value],
        output: dict[str, Any],
        where: str,
        position: int,
    ) -> dict[str, Value]:
        """Read, then evaluate, one scope; returns the ODK values it holds."""
        values: dict[str, Value] = {}
        for spec in _repeats_in(specs):  # until filled: no instance, an empty node-set
            _gather(spec, [], values, None)
        normalised: dict[int, Any] = {}
        self.read(specs, scope, values, normalised, where)
        visible: dict[str, Value] = {**outer, **values} if outer else values
        context = _Context(
            visible, clock=self.clock, position=position,
            choice_label=lambda q, c: self.survey.choice_label(q, c, self.language),
        )  # fmt: skip
        self.precompute(specs, scope, context, values)
        self.walk(specs, scope, context, values, normalised, output, where, True)
        return values

    def read(
        self,
        specs: list[QuestionSpec],
        scope: Scope,
        values: dict[str, Value],
        normalised: dict[int, Any],
        where: str,
    ) -> None:
        """Type-check and normalise every submitted answer of the scope."""
        for spec in specs:
            if spec.type == "group":
                self.read(spec.children, scope, values, normalised, where)
                continue
            raw = scope.raw.get(id(spec))
            if spec.type in ("repeat", "note") or readers.is_empty(raw):
                continue
            try:
                value, odk = readers.read_answer(spec, raw)
            except readers.AnswerError as exc:
                self.unreadable.add(spec.name)
                self.problem(
                    where + spec.key, exc.code, exc.message[:1].upper() + exc.message[1:] + "."
                )
                continue
            normalised[id(spec)] = value
            values[spec.name] = odk

    def precompute(
        self,
        specs: list[QuestionSpec],
        scope: Scope,
        context: _Context,
        values: dict[str, Value],
    ) -> None:
        """Calculations first, in form order, so that earlier questions may use later ones."""
        for spec in specs:
            if spec.type == "group":
                self.precompute(spec.children, scope, context, values)
            elif spec.calculation is not None and spec.type != "repeat":
                context.current = values.get(spec.name, "")
                result = to_string(self.evaluate(spec.calculation, context, ""))
                values[spec.name] = context.answers[spec.name] = result

    def walk(
        self,
        specs: list[QuestionSpec],
        scope: Scope,
        context: _Context,
        values: dict[str, Value],
        normalised: dict[int, Any],
        output: dict[str, Any],
        where: str,
        parent_relevant: bool,
    ) -> None:
        for spec in specs:
            key = where + spec.key
            relevant = parent_relevant and self.is_relevant(spec, context, values)
            if spec.type == "group":  # its questions answer for themselves
                self.walk(spec.children, scope, context, values, normalised, output, where,
                          relevant)  # fmt: skip
                continue
            if not relevant:
                if id(spec) in normalised or _has_instances(scope, spec):
                    self.problem(key, "not_relevant", "Cette question ne s’applique pas : la "
                                 "réponse aurait dû rester vide.")  # fmt: skip
                _blank(spec, values, context)
                continue
            if spec.type == "repeat":
                self.repeat(spec, scope, context, values, output, where)
            elif spec.calculation is not None:
                self.calculate(spec, context, values, output, key)
            else:
                self.check(spec, context, values, normalised, output, key)

    def is_relevant(self, spec: QuestionSpec, context: _Context, values: dict[str, Value]) -> bool:
        if spec.relevant is None or self.depends_on_unreadable(spec.relevant):
            return True
        context.current = values.get(spec.name, "")
        return to_boolean(self.evaluate(spec.relevant, context, True))

    def calculate(
        self,
        spec: QuestionSpec,
        context: _Context,
        values: dict[str, Value],
        output: dict[str, Any],
        key: str,
    ) -> None:
        assert spec.calculation is not None
        context.current = values.get(spec.name, "")
        result = to_string(self.evaluate(spec.calculation, context, ""))
        values[spec.name] = result
        context.answers[spec.name] = result
        self.calculated[key] = result
        if result != "":
            output[spec.key] = result

    def check(
        self,
        spec: QuestionSpec,
        context: _Context,
        values: dict[str, Value],
        normalised: dict[int, Any],
        output: dict[str, Any],
        key: str,
    ) -> None:
        odk = values.get(spec.name, "")
        context.current = odk
        if spec.name in self.unreadable:
            return
        if id(spec) not in normalised:
            required = spec.required
            if not isinstance(required, bool):
                required = to_boolean(self.evaluate(required, context, False))
            if required:
                message = self.text(spec.node.get("required_message")) or REQUIRED
                self.problem(key, "required", message)
            return
        if (
            spec.choice_filter is not None
            and not self.depends_on_unreadable(spec.choice_filter)
            and not self.choices_offered(spec, context, odk, key)
        ):
            return
        if spec.constraint is not None and not self.depends_on_unreadable(spec.constraint):
            outcome = self.evaluate(spec.constraint, context, None, key)
            if outcome is not None and not to_boolean(outcome):
                message = self.text(spec.node.get("constraint_message")) or INVALID
                self.problem(key, "constraint", message)
                return
        output[spec.key] = normalised[id(spec)]

    def choices_offered(self, spec: QuestionSpec, context: _Context, odk: Value, key: str) -> bool:
        """Whether every chosen item passes the question's ``choice_filter``."""
        assert spec.choice_filter is not None
        refused = []
        for name in str(odk).split():
            item = spec.choices.get(name)
            if item is None or name == "other":
                continue
            context.item = {k: v for k, v in item.items() if isinstance(v, str)}
            if not to_boolean(self.evaluate(spec.choice_filter, context, True)):
                refused.append(name)
        context.item = None
        for name in refused:
            self.problem(key, "choice", f"« {name} » n’est pas proposé pour cette réponse.")
        return not refused

    def repeat(
        self,
        spec: QuestionSpec,
        scope: Scope,
        context: _Context,
        values: dict[str, Value],
        output: dict[str, Any],
        where: str,
    ) -> None:
        instances = scope.instances.get(id(spec), [])
        key = where + spec.key
        if spec.repeat_count is not None:
            expected = to_number(self.evaluate(spec.repeat_count, context, math.nan))
            if not math.isnan(expected) and int(expected) != len(instances):
                self.problem(key, "repeat_count", f"{int(expected)} réponse(s) attendue(s) pour "
                             f"cette répétition, {len(instances)} reçue(s).")  # fmt: skip
        rows, per_instance = [], []
        for index, instance in enumerate(instances, start=1):
            row: dict[str, Any] = {}
            outer = dict(context.answers)
            per_instance.append(
                self.scope(spec.children, instance, outer, row, f"{key}[{index}]/", index)
            )
            rows.append(row)
        if rows:
            output[spec.key] = rows
        _gather(spec, per_instance, values, context)

    def depends_on_unreadable(self, expression: Expression) -> bool:
        return bool(self.unreadable) and not self.unreadable.isdisjoint(expression.references)

    def evaluate(
        self, expression: Expression, context: _Context, fallback: Any, key: str | None = None
    ) -> Any:
        try:
            return expression.evaluate(context)
        except ExpressionError as exc:
            if key is not None:
                self.problem(key, "expression", f"Vérification impossible : {exc.message}.")
            return fallback

    def text(self, translated: Any) -> str:
        return self.survey.text(translated, self.language)


def _has_instances(scope: Scope, spec: QuestionSpec) -> bool:
    return bool(scope.instances.get(id(spec)))


def _blank(spec: QuestionSpec, values: dict[str, Value], context: _Context) -> None:
    """A question that does not apply reads as empty to the expressions that follow."""
    if spec.type == "repeat":
        _gather(spec, [], values, context)
        return
    values[spec.name] = ""
    context.answers[spec.name] = ""
    for child in spec.children:
        _blank(child, values, context)


def _repeats_in(specs: list[QuestionSpec]) -> list[QuestionSpec]:
    """The repeats directly in a scope (through groups, not through other repeats)."""
    found = []
    for spec in specs:
        if spec.type == "repeat":
            found.append(spec)
        elif spec.type == "group":
            found += _repeats_in(spec.children)
    return found


def _gather(
    spec: QuestionSpec,
    per_instance: list[dict[str, Value]],
    values: dict[str, Value],
    context: _Context | None,
) -> None:
    """After a repeat, outer expressions see its answers as node-sets (one item per instance)."""
    names = {spec.name: NodeSet([""] * len(per_instance))}
    stack = list(spec.children)
    while stack:
        child = stack.pop()
        names[child.name] = NodeSet(
            to_string(instance.get(child.name, "")) for instance in per_instance
        )
        stack.extend(child.children)
    values.update(names)
    if context is not None:
        context.answers.update(names)
