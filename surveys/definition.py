"""The survey definition: a plain JSON document, its schema, its checks and its fingerprint.

The shape (documented in ``surveys/schema/survey.schema.json`` and ``DEFINITION.md``)::

    {"settings": {"form_id", "title", "version"?, "default_language", "instance_name"?},
     "languages": ["Français (fr)", "English (en)"],
     "children": [{"type", "name", "label": {lang: text}, "hint", "required", …,
                   "children": [...] for groups and repeats}],
     "choices": {"list_name": [{"name", "label": {lang: text}, "<filter column>": "…"}]}}
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

from surveys.errors import ExpressionError, InvalidSurveyError
from surveys.expressions import compile_expression
from surveys.issues import ImportIssue, IssueCode, Severity, errors_in, issue

QUESTION_TYPES = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "select_one",
        "select_multiple",
        "range",
        "rank",
        "date",
        "time",
        "datetime",
        "geopoint",
        "image",
        "note",
        "acknowledge",
        "calculate",
        "hidden",
    }
)
SECTION_TYPES = frozenset({"group", "repeat"})
WITH_CHOICES = frozenset({"select_one", "select_multiple", "rank"})
EXPRESSION_FIELDS = (
    "relevant",
    "constraint",
    "calculation",
    "required",
    "read_only",
    "choice_filter",
    "repeat_count",
)


@dataclasses.dataclass(frozen=True)
class Question:
    """One node of the definition seen flat: where it sits and in which repeat."""

    node: Mapping[str, Any]
    path: str
    """``group/sub/name``: the key ODK and KoboToolbox exports use."""
    repeat: str | None
    """The path of the innermost repeat holding it, if any."""

    @property
    def name(self) -> str:
        return str(self.node["name"])

    @property
    def type(self) -> str:
        return str(self.node["type"])


def iter_questions(definition: Mapping[str, Any]) -> Iterator[Question]:
    """Every node, groups and repeats included, in form order."""
    stack: list[tuple[list[Mapping[str, Any]], str, str | None]] = [
        (list(definition.get("children", [])), "", None)
    ]
    while stack:
        nodes, prefix, repeat = stack.pop()
        for index, node in enumerate(nodes):
            path = f"{prefix}{node['name']}"
            yield Question(node, path, repeat)
            if node.get("type") in SECTION_TYPES:
                inner = path if node["type"] == "repeat" else repeat
                stack.append((list(nodes[index + 1 :]), prefix, repeat))
                stack.append((list(node.get("children", [])), path + "/", inner))
                break


@functools.cache
def definition_schema() -> dict[str, Any]:
    """The JSON Schema of a survey definition, shipped with the package."""
    text = resources.files("surveys.schema").joinpath("survey.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_issues(definition: Any) -> list[ImportIssue]:
    """Where ``definition`` breaks the JSON Schema (needs the ``jsonschema`` package)."""
    import jsonschema  # a dependency of the package; imported here to keep start-up light

    validator = jsonschema.Draft202012Validator(definition_schema())
    found = []
    for error in sorted(validator.iter_errors(definition), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.path) or "(racine)"
        found.append(
            issue(
                IssueCode.INVALID_DEFINITION,
                "error",
                f"définition non conforme au schéma en « {where} » ({error.validator})",
                column=str(error.path[-1]) if error.path else None,
            )
        )
    return found


def check_definition(
    definition: Mapping[str, Any],
    *,
    rows: Mapping[str, int] | None = None,
) -> list[ImportIssue]:
    """Every problem of a definition: schema, names, choice lists, references, expressions.

    ``rows`` (question name → row of the ``survey`` sheet) places issues of an XLSForm.
    An expression the engines cannot evaluate is an error: a form is never imported with a
    relevance, constraint or calculation that would silently not apply.
    """
    found = schema_issues(definition)
    if found:
        return found
    questions = list(iter_questions(definition))
    counts: dict[str, int] = {}
    for question in questions:
        counts[question.name] = counts.get(question.name, 0) + 1
    seen_paths: set[str] = set()
    for question in questions:
        where = _Place(question.name, rows)
        if question.path in seen_paths:
            found.append(
                where.issue(
                    IssueCode.DUPLICATE_NAME,
                    "error",
                    "name",
                    f"le nom « {question.name} » est déjà utilisé ici",
                )
            )
        seen_paths.add(question.path)
        found += _check_node(definition, question, counts, where)
    return found


def _check_node(
    definition: Mapping[str, Any],
    question: Question,
    counts: Mapping[str, int],
    where: _Place,
) -> list[ImportIssue]:
    node, found = question.node, []
    if question.type in WITH_CHOICES and node.get("choices") not in definition["choices"]:
        found.append(
            where.issue(
                IssueCode.UNKNOWN_CHOICE_LIST,
                "error",
                "type",
                f"la liste de choix « {node.get('choices')} » n’existe pas",
            )
        )
    if question.type == "calculate" and not node.get("calculation"):
        found.append(
            where.issue(
                IssueCode.MISSING_CALCULATION,
                "error",
                "calculation",
                "une question « calculate » doit avoir une formule",
            )
        )
    for field in EXPRESSION_FIELDS:
        text = node.get(field)
        if not isinstance(text, str):
            continue
        try:
            expression = compile_expression(text)
        except ExpressionError as exc:
            unsupported = exc.code == "unsupported_function"
            found.append(
                where.issue(
                    IssueCode.UNSUPPORTED_FUNCTION if unsupported else IssueCode.INVALID_EXPRESSION,
                    "error",
                    field,
                    f"{exc.message} : « {text[:80]} »"
                    if unsupported
                    else f"expression non comprise ({exc.message}) : « {text[:80]} »",
                )
            )
            continue
        for name in sorted(expression.references):
            if counts.get(name, 0) != 1:
                problem = "ne désigne aucune question" if name not in counts else "est ambiguë"
                found.append(
                    where.issue(
                        IssueCode.UNKNOWN_REFERENCE,
                        "error",
                        field,
                        f"la référence ${{{name}}} {problem}",
                    )
                )
    return found


@dataclasses.dataclass
class _Place:
    name: str
    rows: Mapping[str, int] | None

    def issue(self, code: IssueCode, severity: Severity, column: str, detail: str):
        if self.rows is not None:
            return issue(
                code, severity, detail, sheet="survey", row=self.rows.get(self.name), column=column
            )
        return issue(code, severity, f"question « {self.name} », champ « {column} » : {detail}")


def load_definition(data: Mapping[str, Any]) -> dict[str, Any]:
    """A checked copy of a JSON definition (as ``POST /surveys`` receives it).

    Raises :class:`InvalidSurveyError` with every error; warnings are not possible here.
    """
    definition = copy.deepcopy(dict(data))
    found = check_definition(definition)
    if errors_in(found):
        raise InvalidSurveyError(found)
    return definition


def survey_fingerprint(definition: Mapping[str, Any]) -> str:
    """A stable hash of what a survey asks: same content, same fingerprint.

    Key order and the form's own ``settings.version`` label do not count: re-publishing an
    unchanged form (even with a bumped version label) makes no new version.
    """
    content = copy.deepcopy(dict(definition))
    content["settings"] = {
        key: value for key, value in content.get("settings", {}).items() if key != "version"
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
