"""Sorting a submitted response's keys onto the survey's questions and repeat instances.

Keys may be question names, group paths (``group/name``, as ODK and KoboToolbox export
them), nested objects for groups, and lists of objects for repeats. Keys that exports add
by themselves (``_id``, ``_uuid``, ``meta/instanceID``, ``formhub/uuid``, ``__version__``…)
are ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from surveys.prepared import PreparedSurvey, QuestionSpec

IGNORED_PREFIXES = ("_", "meta/", "formhub/")
IGNORED_KEYS = frozenset({"meta", "formhub", "__version__"})


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
    """A submitted key that names no question where it stands."""

    key: str
    message: str


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
        if spec is None:
            strays.append(StrayKey(where + key, "Cette question n’existe pas dans l’enquête."))
        elif spec.repeat != scope.repeat:
            strays.append(
                StrayKey(
                    where + key,
                    f"Cette question fait partie de la répétition « {spec.repeat} » : ses "
                    "réponses vont dans la liste de cette répétition.",
                )
            )
        elif spec.type == "group" and isinstance(value, Mapping):
            collect(survey, value, scope, strays, where)
        elif spec.type == "repeat":
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
            StrayKey(where + spec.key, "Une liste de réponses (une par répétition) est attendue.")
        )
        return
    instances = scope.instances.setdefault(id(spec), [])
    for item in value:
        instance = Scope(repeat=spec.path)
        collect(survey, item, instance, strays, f"{where}{spec.key}[{len(instances) + 1}]/")
        instances.append(instance)


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
