"""Response validation: types, choices, relevance, required answers, constraints, repeat counts.

Two modes. ``strict`` (the live API): a problem refuses the response; an answer to a question
that no longer applies is dropped with a note, as ODK drops it when relevance turns false.
``lenient`` (importing existing ODK/Kobo data): every answer is kept as it came, each problem
becomes a note on its answer, nothing is refused. Either way the phone's calculated values
(``uuid()``, ``now()``, ``once()``…) are kept, and an expression that cannot be evaluated is a
problem of its question: it never counts as true or as absent (fail-closed).

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
from typing import Any, Literal

from surveys import answers as readers
from surveys.errors import ExpressionError
from surveys.expressions import (
    Clock,
    Expression,
    Value,
    to_boolean,
    to_number,
    to_string,
)
from surveys.prepared import PreparedSurvey, QuestionSpec, prepare_survey
from surveys.response_input import (
    Scope,
    ScopeContext,
    blank,
    collect,
    gather,
    has_instances,
    repeats_in,
)

REQUIRED = "Cette question est obligatoire."
INVALID = "Réponse non valide."
NOT_RELEVANT = "Cette question ne s’applique pas : la réponse a été ignorée."
Mode = Literal["strict", "lenient"]


@dataclasses.dataclass(frozen=True)
class ResponseProblem:
    """One problem of a response; ``question`` is its key (``age``, ``membres[2]/age``)."""

    question: str
    code: str
    """``type``, ``choice``, ``required``, ``constraint``, ``not_relevant``, ``repeat_count``,
    ``unknown_question`` or ``expression``."""
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"question": self.question, "code": self.code, "message": self.message}


@dataclasses.dataclass
class ValidatedResponse:
    """What :func:`validate_response` found: normalised answers, calculations, problems (which
    refuse the response) and notes (which do not: dropped answers, or every problem of a
    lenient validation)."""

    answers: dict[str, Any]
    calculated: dict[str, str]
    problems: list[ResponseProblem]
    notes: list[ResponseProblem] = dataclasses.field(default_factory=list)

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
    mode: Mode = "strict",
    recalculate: bool = False,
) -> ValidatedResponse:
    """Check ``answers`` against ``survey``; never raises for a bad response.

    Messages use the form's own texts in ``language`` (default: the form's default
    language); ``clock`` gives ``today()`` and ``now()``, and its UTC offset is the
    respondent's zone. ``recalculate`` recomputes calculations as the app does while the form
    is filled (only those that depend on nothing, such as ``uuid()``, keep a value given).
    """
    prepared = prepare_survey(survey)
    run = _Run(prepared, language, clock, lenient=mode == "lenient", recalculate=recalculate)
    root = Scope(repeat=None)
    output: dict[str, Any] = {}
    if not isinstance(answers, Mapping):
        run.problem("", "type", "Les réponses doivent être un objet (question → réponse).")
        return ValidatedResponse(output, run.calculated, run.problems, run.notes)
    strays: list[Any] = []
    collect(prepared, answers, root, strays)
    for stray in strays:
        run.problem(stray.key, "unknown_question", stray.message)
        if run.lenient:
            output[stray.key] = stray.value
    run.scope(prepared.children, root, {}, output, "", 1)
    return ValidatedResponse(output, run.calculated, run.problems, run.notes)


class _Run:
    def __init__(
        self,
        survey: PreparedSurvey,
        language: str | None,
        clock: Clock | None,
        *,
        lenient: bool,
        recalculate: bool,
    ):
        self.survey = survey
        self.language = language
        self.clock = clock
        self.lenient = lenient
        self.recalculate = recalculate
        self.problems: list[ResponseProblem] = []
        self.notes: list[ResponseProblem] = []
        self.calculated: dict[str, str] = {}
        self.unreadable: set[str] = set()
        """Names of answers refused for their type: what depends on them is not judged."""

    def problem(self, key: str, code: str, message: str) -> None:
        """A problem refuses the response, unless the validation is lenient: then a note."""
        (self.notes if self.lenient else self.problems).append(ResponseProblem(key, code, message))

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
        for spec in repeats_in(specs):  # until filled: no instance, an empty node-set
            gather(spec, [], values, None)
        normalised: dict[int, Any] = {}
        self.read(specs, scope, values, normalised, where)
        visible: dict[str, Value] = {**outer, **values} if outer else values
        context = ScopeContext(
            visible, clock=self.clock, position=position, language=self.language,
            choice_label=lambda q, c: self.survey.choice_label(q, c, self.language),
        )  # fmt: skip
        self.precompute(specs, scope, context, values, normalised)
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
                if self.lenient:  # kept as it came
                    normalised[id(spec)] = raw
                continue
            normalised[id(spec)] = value
            values[spec.name] = odk

    def precompute(
        self,
        specs: list[QuestionSpec],
        scope: Scope,
        context: ScopeContext,
        values: dict[str, Value],
        normalised: dict[int, Any],
    ) -> None:
        """Calculations first, in form order, so that earlier questions may use later ones."""
        for spec in specs:
            if spec.type == "group":
                self.precompute(spec.children, scope, context, values, normalised)
            elif spec.calculation is not None and spec.type != "repeat":
                if self.keeps_given(spec, normalised):
                    continue
                context.current = values.get(spec.name, "")
                result = to_string(self.evaluate(spec.calculation, context, "", None))
                values[spec.name] = context.answers[spec.name] = result

    def keeps_given(self, spec: QuestionSpec, normalised: Mapping[int, Any]) -> bool:
        """Whether the value the phone sent for a calculation is kept instead of recomputed:
        always for a submission (``uuid()`` must stay the roster's id); while filling the form,
        only for a calculation that depends on nothing (computed once, as ODK Collect does)."""
        if id(spec) not in normalised:
            return False
        if not self.recalculate:
            return True
        calculation = spec.calculation
        return calculation is not None and not (calculation.references or calculation.paths)

    def walk(
        self,
        specs: list[QuestionSpec],
        scope: Scope,
        context: ScopeContext,
        values: dict[str, Value],
        normalised: dict[int, Any],
        output: dict[str, Any],
        where: str,
        parent_relevant: bool,
    ) -> None:
        for spec in specs:
            key = where + spec.key
            relevant = parent_relevant and self.is_relevant(spec, context, values, key)
            if spec.type == "group":  # its questions answer for themselves
                self.walk(spec.children, scope, context, values, normalised, output, where,
                          relevant)  # fmt: skip
                continue
            if not relevant:
                if id(spec) in normalised or has_instances(scope, spec):
                    # ODK drops such an answer when relevance turns false: never a refusal.
                    self.notes.append(ResponseProblem(key, "not_relevant", NOT_RELEVANT))
                    if self.lenient:
                        output[spec.key] = normalised.get(id(spec), scope.raw.get(id(spec)))
                blank(spec, values, context)
                continue
            if spec.type == "repeat":
                self.repeat(spec, scope, context, values, output, where)
            elif spec.calculation is not None:
                self.calculate(spec, context, values, normalised, output, key)
            else:
                self.check(spec, context, values, normalised, output, key)

    def is_relevant(
        self, spec: QuestionSpec, context: ScopeContext, values: dict[str, Value], key: str
    ) -> bool:
        if spec.relevant is None or self.depends_on_unreadable(spec.relevant):
            return True
        context.current = values.get(spec.name, "")
        return to_boolean(self.evaluate(spec.relevant, context, True, key))

    def calculate(
        self,
        spec: QuestionSpec,
        context: ScopeContext,
        values: dict[str, Value],
        normalised: dict[int, Any],
        output: dict[str, Any],
        key: str,
    ) -> None:
        assert spec.calculation is not None
        context.current = values.get(spec.name, "")
        if self.keeps_given(spec, normalised):
            result = to_string(values[spec.name])
        else:
            result = to_string(self.evaluate(spec.calculation, context, "", key))
        values[spec.name] = result
        context.answers[spec.name] = result
        self.calculated[key] = result
        if result != "":
            output[spec.key] = result

    def check(
        self,
        spec: QuestionSpec,
        context: ScopeContext,
        values: dict[str, Value],
        normalised: dict[int, Any],
        output: dict[str, Any],
        key: str,
    ) -> None:
        odk = values.get(spec.name, "")
        context.current = odk
        if self.lenient and id(spec) in normalised:
            output[spec.key] = normalised[id(spec)]  # kept whatever is found below
        if spec.name in self.unreadable:
            return
        if id(spec) not in normalised:
            required = spec.required
            if not isinstance(required, bool):
                required = to_boolean(self.evaluate(required, context, True, key))
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

    def choices_offered(
        self, spec: QuestionSpec, context: ScopeContext, odk: Value, key: str
    ) -> bool:
        """Whether every chosen item passes the question's ``choice_filter``."""
        assert spec.choice_filter is not None
        refused = []
        for name in str(odk).split():
            item = spec.choices.get(name)
            if item is None or name == "other":
                continue
            context.item = {k: v for k, v in item.items() if isinstance(v, str)}
            if not to_boolean(self.evaluate(spec.choice_filter, context, True, key)):
                refused.append(name)
        context.item = None
        for name in refused:
            self.problem(key, "choice", f"« {name} » n’est pas proposé pour cette réponse.")
        return not refused

    def repeat(
        self,
        spec: QuestionSpec,
        scope: Scope,
        context: ScopeContext,
        values: dict[str, Value],
        output: dict[str, Any],
        where: str,
    ) -> None:
        instances = scope.instances.get(id(spec), [])
        key = where + spec.key
        if spec.repeat_count is not None:
            expected = to_number(self.evaluate(spec.repeat_count, context, math.nan, key))
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
        gather(spec, per_instance, values, context)

    def depends_on_unreadable(self, expression: Expression) -> bool:
        return bool(self.unreadable) and not self.unreadable.isdisjoint(expression.references)

    def evaluate(
        self, expression: Expression, context: ScopeContext, fallback: Any, key: str | None
    ) -> Any:
        """The value of ``expression``; when it cannot be evaluated, a problem of the question
        ``key`` (fail-closed: never silently true, false or absent) and ``fallback`` for what
        follows. ``key`` None: a first pass whose errors the second pass reports."""
        try:
            return expression.evaluate(context)
        except ExpressionError as exc:
            if key is not None:
                self.problem(key, "expression", f"Vérification impossible : {exc.message}.")
            return fallback

    def text(self, translated: Any) -> str:
        return self.survey.text(translated, self.language)
