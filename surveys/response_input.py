"""Sorting a submitted response's keys onto the survey's questions and repeat instances.

Keys may be question names, group paths (``group/name``, as ODK and KoboToolbox export
them), nested objects for groups, and lists of objects for repeats. Keys that exports add
by themselves (``_id``, ``_uuid``, ``meta/instanceID``, ``formhub/uuid``, ``__version__``…)
are ignored, and so is the ``<repeat>_count`` that pyxform adds beside a repeat whose
``repeat_count`` is an expression (the phone's own count of instances).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from surveys.expressions import EvaluationContext, NodeSet, Value, to_string
from surveys.prepared import PreparedSurvey, QuestionSpec

IGNORED_PREFIXES = ("_", "meta/", "formhub/")
IGNORED_KEYS = frozenset({"meta", "formhub", "__version__"})


class ScopeContext(EvaluationContext):
    """The evaluation context of one scope: its answers are a dict updated as we go."""

    answers: dict[str, Value]


@dataclasses.dataclass
class Scope:
    """The raw answers of the whole response, or of one repeat instance."""

    repeat: str | None
    raw: dict[int, Any] = dataclasses.field(default_factory=dict)
    """id(spec) → the value submitted for it."""
    instances: dict[int, list[Scope]] = dataclasses.field(default_factory=dict)
    """id(repeat spec) → its instances."""


@dataclasses.dataclass(frozen=True)
class StrayKey:
    """A submitted key that names no question where it stands, with its value."""

    key: str
    message: str
    value: Any = None


def collect(
    survey: PreparedSurvey,
    data: Mapping[str, Any],
    scope: Scope,
    strays: list[StrayKey],
    where: str = "",
) -> None:
    """Place each value of ``data`` in ``scope`` (recursing into groups and repeats)."""
    for key, value in data.items():
        key = str(key)
        if key in IGNORED_KEYS or key.startswith(IGNORED_PREFIXES):
            continue
        spec = _find(survey, key, scope.repeat)
        if spec is None and _is_repeat_count(survey, key, scope.repeat):
            continue
        if spec is None:
            strays.append(
                StrayKey(where + key, "Cette question n’existe pas dans l’enquête.", value)
            )
        elif spec.repeat != scope.repeat:
            strays.append(
                StrayKey(
                    where + key,
                    f"Cette question fait partie de la répétition « {spec.repeat} » : ses "
                    "réponses vont dans la liste de cette répétition.",
                    value,
                )
            )
        elif spec.type == "group" and isinstance(value, Mapping):
            collect(survey, value, scope, strays, where)
        elif spec.type == "repeat":
            scope.raw[id(spec)] = value  # kept as it came, for a lenient validation
            _collect_instances(survey, spec, value, scope, strays, where)
        elif spec.type != "group":
            scope.raw[id(spec)] = value


def _collect_instances(
    survey: PreparedSurvey,
    spec: QuestionSpec,
    value: Any,
    scope: Scope,
    strays: list[StrayKey],
    where: str,
) -> None:
    if value in (None, ""):
        return
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        strays.append(
            StrayKey(
                where + spec.key, "Une liste de réponses (une par répétition) est attendue.", value
            )
        )
        return
    instances = scope.instances.setdefault(id(spec), [])
    for item in value:
        instance = Scope(repeat=spec.path)
        collect(survey, item, instance, strays, f"{where}{spec.key}[{len(instances) + 1}]/")
        instances.append(instance)


def _is_repeat_count(survey: PreparedSurvey, key: str, repeat: str | None) -> bool:
    """``membres_count`` (or ``groupe/membres_count``): pyxform's count of a repeat's instances."""
    if not key.endswith("_count"):
        return False
    spec = _find(survey, key[: -len("_count")], repeat)
    return spec is not None and spec.type == "repeat" and spec.repeat_count is not None


def _find(survey: PreparedSurvey, key: str, repeat: str | None) -> QuestionSpec | None:
    """The question ``key`` names: full path, path inside the current repeat, or name."""
    candidates = [key]
    if repeat and not key.startswith(repeat + "/"):
        candidates.insert(0, f"{repeat}/{key}")
    for candidate in candidates:
        spec = survey.by_key.get(candidate)
        if spec is not None:
            return spec
    if "/" in key:  # a path through groups that the name alone identifies
        return survey.by_key.get(key.rsplit("/", 1)[-1])
    return None


def has_instances(scope: Scope, spec: QuestionSpec) -> bool:
    return bool(scope.instances.get(id(spec)))


def blank(spec: QuestionSpec, values: dict[str, Value], context: ScopeContext) -> None:
    """A question that does not apply reads as empty to the expressions that follow."""
    if spec.type == "repeat":
        gather(spec, [], values, context)
        return
    values[spec.name] = ""
    context.answers[spec.name] = ""
    for child in spec.children:
        blank(child, values, context)


def repeats_in(specs: list[QuestionSpec]) -> list[QuestionSpec]:
    """The repeats directly in a scope (through groups, not through other repeats)."""
    found = []
    for spec in specs:
        if spec.type == "repeat":
            found.append(spec)
        elif spec.type == "group":
            found += repeats_in(spec.children)
    return found


def gather(
    spec: QuestionSpec,
    per_instance: list[dict[str, Value]],
    values: dict[str, Value],
    context: ScopeContext | None,
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
