"""A survey definition → the XForm pyxform writes for it (what ODK Collect and Enketo fill).

The definition is turned back into XLSForm sheets (the rows an author would have written) and
pyxform, the reference implementation, writes the XForm: the same XForm as the author's own
spreadsheet gives, for a form published from one, and a valid XForm for a form published as
JSON or from a template. Undone on the way: ``or_other`` (the ``_other`` question is already a
node), the repeat counts pyxform folds into a hidden ``<repeat>_count`` (it makes it again).
"""

from __future__ import annotations

import warnings
from typing import Any

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData

from surveys.errors import InvalidSurveyError
from surveys.issues import IssueCode, issue

XLS_TYPES = {"datetime": "dateTime"}
WITH_LIST = frozenset({"select_one", "select_multiple", "rank"})
TEXT_COLUMNS = {
    "label": "label",
    "hint": "hint",
    "required_message": "required_message",
    "constraint_message": "constraint_message",
}
PLAIN_COLUMNS = {
    "constraint": "constraint",
    "relevant": "relevant",
    "calculation": "calculation",
    "choice_filter": "choice_filter",
    "repeat_count": "repeat_count",
    "default": "default",
    "appearance": "appearance",
}
NEEDS_LABEL = frozenset(
    {"text", "integer", "decimal", "range", "date", "time", "datetime", "geopoint", "image",
     "note", "acknowledge", "select_one", "select_multiple", "rank"}
)  # fmt: skip


def to_xform(definition: dict[str, Any], *, version: str | None = None) -> str:
    """The XForm of ``definition`` (``version`` replaces ``settings.version`` when given)."""
    sheets = to_sheets(definition, version=version)
    found: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = workbook_to_json(
                workbook_dict=sheets,
                fallback_form_name=str(definition["settings"]["form_id"]),
                warnings=found,
            )
            return str(create_survey_element_from_dict(data).to_xml(validate=False))
    except PyXFormError as exc:
        problem = issue(
            IssueCode.REJECTED_BY_PYXFORM,
            "error",
            f"Ce formulaire ne se traduit pas en XForm pour ODK Collect : {exc}",
        )
        raise InvalidSurveyError([problem]) from None


def to_sheets(definition: dict[str, Any], *, version: str | None = None) -> DefinitionData:
    """The XLSForm sheets (``survey``, ``choices``, ``settings``) of a definition."""
    settings = dict(definition.get("settings", {}))
    languages = list(definition.get("languages") or [])
    default = str(settings.get("default_language") or "default")
    translated = len(languages) > 1 or (languages and languages[0] != "default")
    writer = _Writer(default, languages if translated else [])
    rows: list[dict[str, str]] = []
    for node in definition.get("children", []):
        writer.node(node, rows)
    choices = [
        writer.choice(list_name, item)
        for list_name, items in (definition.get("choices") or {}).items()
        for item in items
    ]
    settings_row = {
        key: str(settings[key])
        for key in ("form_id", "title", "version", "instance_name")
        if settings.get(key) not in (None, "")
    }
    if version is not None:
        settings_row["version"] = version
    settings_row["allow_choice_duplicates"] = "yes"  # pyxform's own imports allowed them
    if translated:
        settings_row["default_language"] = default
    return DefinitionData(
        survey=rows,
        survey_header=[dict.fromkeys(_columns(rows))],
        choices=choices or None,
        choices_header=[dict.fromkeys(_columns(choices))] if choices else None,
        settings=[settings_row],
        settings_header=[dict.fromkeys(settings_row)],
        sheet_names=["survey", "choices", "settings"] if choices else ["survey", "settings"],
        fallback_form_name=str(settings.get("form_id") or "formulaire"),
    )


def _columns(rows: list[dict[str, str]]) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row))


class _Writer:
    def __init__(self, default: str, languages: list[str]) -> None:
        self.default = default
        self.languages = languages

    def texts(self, column: str, value: Any, row: dict[str, str]) -> None:
        if not isinstance(value, dict):
            value = {self.default: str(value)}
        if not self.languages:
            text = value.get(self.default) or next(iter(value.values()), "")
            if text:
                row[column] = str(text)
            return
        for language, text in value.items():
            if text not in (None, ""):
                row[f"{column}::{language}"] = str(text)

    def node(self, node: dict[str, Any], rows: list[dict[str, str]]) -> None:
        kind = node["type"]
        row: dict[str, str] = {"type": self.xls_type(node), "name": str(node["name"])}
        for key, column in TEXT_COLUMNS.items():
            if node.get(key):
                self.texts(column, node[key], row)
        if kind in NEEDS_LABEL and not any(k.startswith("label") for k in row):
            row["label"] = str(node["name"])
        for key, column in PLAIN_COLUMNS.items():
            if node.get(key) not in (None, ""):
                row[column] = str(node[key])
        for key, column in (("required", "required"), ("read_only", "read_only")):
            flag = node.get(key)
            if flag is True:
                row[column] = "yes"
            elif isinstance(flag, str) and flag:
                row[column] = flag
        if node.get("parameters"):
            row["parameters"] = " ".join(f"{k}={v}" for k, v in node["parameters"].items())
        rows.append(row)
        if kind in ("group", "repeat"):
            for child in node.get("children", []):
                self.node(child, rows)
            rows.append({"type": f"end_{kind}"})

    def xls_type(self, node: dict[str, Any]) -> str:
        kind = str(node["type"])
        if kind == "metadata":
            return str(node["metadata"])
        if kind == "unsupported":
            # Its choices (a file, an external list) are not in the definition: asked as text.
            xls_type = str(node.get("xlsform_type") or "text")
            if xls_type.startswith(("select_one_from_file ", "select_multiple_from_file ")):
                return xls_type  # its file is one of the form's media (the manifest)
            return "text" if xls_type.startswith(("select", "osm", "rank")) else xls_type
        if kind in ("group", "repeat"):
            return f"begin_{kind}"
        if kind in WITH_LIST:
            return f"{kind} {node['choices']}"
        return XLS_TYPES.get(kind, kind)

    def choice(self, list_name: str, item: dict[str, Any]) -> dict[str, str]:
        row = {"list_name": list_name, "name": str(item["name"])}
        if item.get("label"):
            self.texts("label", item["label"], row)
        else:
            row["label"] = str(item["name"])
        for key, value in item.items():
            if key not in ("name", "label"):
                row[key] = str(value)
        return row
