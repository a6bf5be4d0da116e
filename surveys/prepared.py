"""A survey definition prepared once for validating many responses (expressions compiled).

An expression that cannot be compiled (a form imported before such forms were refused may
hold one) fails each time it is evaluated, so the question it belongs to is reported as
unverifiable: never a relevance silently true, nor a constraint silently absent.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from surveys.definition import SECTION_TYPES, WITH_CHOICES
from surveys.errors import ExpressionError
from surveys.expressions import Expression, compile_expression

SPECIFY_OTHER = "other"


def _compiled(text: Any) -> Expression | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return compile_expression(text)
    except ExpressionError as exc:
        return _failing(text, exc)


def _failing(text: str, error: ExpressionError) -> Expression:
    """An expression that raises its compilation error whenever it is evaluated."""

    def fail(context: Any) -> Any:
        raise ExpressionError(error.code, error.message)

    return Expression(text, fail, frozenset(), frozenset())


def _flag(value: Any) -> bool | Expression:
    if isinstance(value, bool):
        return value
    compiled = _compiled(value)
    return compiled if compiled is not None else False


@dataclasses.dataclass(eq=False)
class QuestionSpec:
    """One node, ready to check answers: its compiled expressions and allowed choices."""

    node: Mapping[str, Any]
    name: str
    path: str
    type: str
    key: str
    """How problems and normalised answers name it: its name, or its path if ambiguous."""
    repeat: str | None
    """The path of the innermost repeat holding it."""
    children: list[QuestionSpec]
    relevant: Expression | None
    constraint: Expression | None
    calculation: Expression | None
    required: bool | Expression
    repeat_count: Expression | None
    choice_filter: Expression | None
    choices: dict[str, Mapping[str, Any]]


class PreparedSurvey:
    """A definition with its questions indexed and its expressions compiled."""

    def __init__(self, definition: Mapping[str, Any]) -> None:
        self.definition = definition
        self.choice_lists: Mapping[str, list[Mapping[str, Any]]] = definition.get("choices", {})
        self.default_language = str(definition.get("settings", {}).get("default_language", ""))
        names = collections.Counter(_names(definition.get("children", [])))
        self.ambiguous = {name for name, count in names.items() if count > 1}
        self.children = [self._spec(node, "", None) for node in definition.get("children", [])]
        self.by_key: dict[str, QuestionSpec] = {}
        for spec in self.walk():
            self.by_key.setdefault(spec.path, spec)
            if spec.name not in self.ambiguous:
                self.by_key.setdefault(spec.name, spec)

    def _spec(self, node: Mapping[str, Any], prefix: str, repeat: str | None) -> QuestionSpec:
        name, kind = str(node["name"]), str(node["type"])
        path = prefix + name
        choices: dict[str, Mapping[str, Any]] = {}
        if kind in WITH_CHOICES:
            choices = {
                str(c["name"]): c for c in self.choice_lists.get(str(node.get("choices")), [])
            }
            if node.get("or_other"):
                choices.setdefault(SPECIFY_OTHER, {"name": SPECIFY_OTHER})
        inner = path if kind == "repeat" else repeat
        children = [self._spec(child, path + "/", inner) for child in node.get("children", [])]
        return QuestionSpec(
            node=node, name=name, path=path, type=kind,
            key=path if name in self.ambiguous else name,
            repeat=repeat,
            children=children if kind in SECTION_TYPES else [],
            relevant=_compiled(node.get("relevant")),
            constraint=_compiled(node.get("constraint")),
            calculation=_compiled(node.get("calculation")),
            required=_flag(node.get("required", False)),
            repeat_count=_compiled(node.get("repeat_count")),
            choice_filter=_compiled(node.get("choice_filter")),
            choices=choices,
        )  # fmt: skip

    def walk(self, specs: list[QuestionSpec] | None = None) -> Iterator[QuestionSpec]:
        """Every spec, depth first, in form order."""
        for spec in self.children if specs is None else specs:
            yield spec
            yield from self.walk(spec.children)

    def text(self, translated: Any, language: str | None) -> str:
        """A translated text in ``language``, else the default language, else any."""
        if not isinstance(translated, Mapping) or not translated:
            return ""
        for lang in (language, self.default_language):
            if lang and translated.get(lang):
                return str(translated[lang])
        return str(next(iter(translated.values())))

    def choice_label(self, spec_name: str, choice: str, language: str | None = None) -> str:
        """``jr:choice-name()``: the label of a choice of the question ``spec_name``."""
        spec = self.by_key.get(spec_name)
        item = spec.choices.get(choice) if spec else None
        return self.text(item.get("label"), language) if item else ""


def _names(nodes: list[Mapping[str, Any]]) -> Iterator[str]:
    for node in nodes:
        yield str(node["name"])
        yield from _names(node.get("children", []))


_CACHE: collections.OrderedDict[int, tuple[Mapping[str, Any], PreparedSurvey]] = (
    collections.OrderedDict()
)
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64


def prepare_survey(definition: Mapping[str, Any] | PreparedSurvey) -> PreparedSurvey:
    """The prepared form of ``definition``, cached while the same object is passed again.

    Treat definitions as immutable once validated against: the cache knows them by identity.
    """
    if isinstance(definition, PreparedSurvey):
        return definition
    with _CACHE_LOCK:
        hit = _CACHE.get(id(definition))
        if hit is not None and hit[0] is definition:
            _CACHE.move_to_end(id(definition))
            return hit[1]
    prepared = PreparedSurvey(definition)
    with _CACHE_LOCK:
        _CACHE[id(definition)] = (definition, prepared)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return prepared
