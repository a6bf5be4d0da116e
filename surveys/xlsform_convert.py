"""pyxform's internal JSON of a form → the Veilleurs survey definition (see DEFINITION.md).

pyxform has already read the sheets, resolved the aliases, translations, ``or_other`` and
loops; this module reshapes its output into the simple, render-friendly nodes the API
stores and the PWA renders, and undoes the few things pyxform generates for XForms only.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from surveys.issues import ImportIssue, IssueCode, issue

TYPES = {
    "text": "text", "string": "text", "integer": "integer", "int": "integer",
    "decimal": "decimal", "select one": "select_one", "select all that apply": "select_multiple",
    "select multiple": "select_multiple", "range": "range", "rank": "rank", "date": "date",
    "time": "time", "dateTime": "datetime", "datetime": "datetime", "geopoint": "geopoint",
    "gps": "geopoint", "location": "geopoint", "photo": "image", "image": "image",
    "picture": "image", "note": "note", "acknowledge": "acknowledge", "trigger": "acknowledge",
    "calculate": "calculate", "hidden": "hidden", "group": "group", "repeat": "repeat",
}  # fmt: skip
METADATA = {
    "start": "start", "end": "end", "today": "today", "deviceid": "deviceid",
    "device id": "deviceid", "subscriberid": "subscriberid", "simserial": "simserial",
    "phonenumber": "phonenumber", "username": "username", "email": "email", "audit": "audit",
    "start time": "start", "end time": "end", "imei": "deviceid",
    "start-geopoint": "start-geopoint",
    "phone number": "phonenumber", "uri:deviceid": "deviceid", "sim id": "simserial",
    "subscriber id": "subscriberid", "uri:username": "username", "uri:email": "email",
    "uri:phonenumber": "phonenumber", "uri:subscriberid": "subscriberid",
    "uri:simserial": "simserial",
}  # fmt: skip
WITH_CHOICES = frozenset({"select_one", "select_multiple", "rank"})
TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"", "no", "false", "false()", "0"}
_OTHER_RELEVANT = re.compile(r"selected\(\.\./([\w.\-]+), 'other'\)")


class Converter:
    """Converts one pyxform form; ``issues`` collects what it had to leave out."""

    def __init__(self, data: dict[str, Any], rows_by_name: dict[str, int]) -> None:
        self.data = data
        self.rows_by_name = rows_by_name
        self.default_language = str(data.get("default_language") or "default")
        self.languages: list[str] = [self.default_language]
        self.issues: list[ImportIssue] = []

    def definition(self) -> dict[str, Any]:
        """The survey definition: settings, languages, children, choices."""
        children = self.nodes(self.data.get("children", []))
        choices = {  # after the nodes: or_other relabels its lists' "other" choice
            str(list_name): [self.choice(item) for item in items]
            for list_name, items in (self.data.get("choices") or {}).items()
        }
        settings = {
            "form_id": str(self.data.get("id_string") or self.data.get("name") or "formulaire"),
            "title": str(self.data.get("title") or self.data.get("id_string") or ""),
            "default_language": self.default_language,
        }
        if self.data.get("version"):
            settings["version"] = str(self.data["version"])
        if self.data.get("instance_name"):
            settings["instance_name"] = str(self.data["instance_name"])
        used = [lang for lang in self.languages if lang != "default" or len(self.languages) == 1]
        return {
            "settings": settings,
            "languages": used,
            "children": children,
            "choices": choices,
        }

    def nodes(self, elements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for element in elements:
            kind = element.get("type")
            if kind == "group" and element.get("name") == "meta":
                continue  # instanceID & co.: the response's own id plays that role
            if kind == "loop":
                out.append(self.loop(element))
                continue
            out.append(self.node(element))
        _fold_repeat_counts(out)
        for list_name in _mark_or_other(out, self.languages):
            for item in (self.data.get("choices") or {}).get(list_name, []):
                if item.get("name") == "other":
                    item["label"] = _other_labels(self.languages, "Autre", "Other")
        return out

    def node(self, element: dict[str, Any]) -> dict[str, Any]:
        xls_type = str(element.get("type", ""))
        name = str(element.get("name", ""))
        node: dict[str, Any] = {"type": TYPES.get(xls_type, "unsupported"), "name": name}
        list_name = self.list_name(element)
        if xls_type in METADATA:
            node = {"type": "metadata", "name": name, "metadata": METADATA[xls_type]}
        elif node["type"] in WITH_CHOICES and list_name is None:
            node = self.unsupported(
                element, f"les choix lus dans le fichier « {element.get('itemset')} »"
            )
        elif node["type"] == "unsupported":
            node = self.unsupported(element, f"le type « {xls_type} »")
        self.texts(node, element)
        self.binds(node, element)
        if list_name is not None and node["type"] in WITH_CHOICES:
            node["choices"] = list_name
        if element.get("choice_filter"):
            node["choice_filter"] = str(element["choice_filter"])
        if element.get("default") not in (None, ""):
            node["default"] = str(element["default"])
        parameters = _parameters(element.get("parameters"))
        if parameters:
            node["parameters"] = parameters
        control = element.get("control") or {}
        if control.get("appearance"):
            node["appearance"] = str(control["appearance"])
        if node["type"] == "repeat" and control.get("jr:count"):
            node["repeat_count"] = str(control["jr:count"])
        if node["type"] in ("group", "repeat"):
            node["children"] = self.nodes(element.get("children", []))
        return node

    def list_name(self, element: dict[str, Any]) -> str | None:
        """The choice list of a select: ``list_name``, or an ``itemset`` naming a list."""
        choices = self.data.get("choices") or {}
        for key in ("list_name", "itemset"):
            if element.get(key) and element[key] in choices:
                return str(element[key])
        return None

    def unsupported(self, element: dict[str, Any], what: str) -> dict[str, Any]:
        """A question the application cannot ask: kept as ``unsupported``, with a warning."""
        name = str(element.get("name", ""))
        self.issues.append(
            issue(
                IssueCode.UNSUPPORTED_TYPE,
                "warning",
                f"{what} : non pris en charge par l’application ; la question « {name} » "
                "ne sera pas posée",
                sheet="survey",
                row=self.rows_by_name.get(name),
                column="type",
            )
        )
        return {"type": "unsupported", "name": name, "xlsform_type": _xlsform_type(element)}

    def texts(self, node: dict[str, Any], element: dict[str, Any]) -> None:
        for key in ("label", "hint"):
            if element.get(key):
                node[key] = self.translated(element[key])

    def binds(self, node: dict[str, Any], element: dict[str, Any]) -> None:
        bind = element.get("bind") or {}
        for source, target in (("required", "required"), ("readonly", "read_only")):
            flag = _flag(bind.get(source))
            if flag is not False:
                node[target] = flag
        for source, target in (
            ("jr:requiredMsg", "required_message"),
            ("jr:constraintMsg", "constraint_message"),
        ):
            if bind.get(source):
                node[target] = self.translated(bind[source])
        for source, target in (
            ("constraint", "constraint"),
            ("relevant", "relevant"),
            ("calculate", "calculation"),
        ):
            if bind.get(source):
                node[target] = str(bind[source])

    def translated(self, value: Any) -> dict[str, str]:
        if isinstance(value, dict):
            texts = {str(lang): str(text) for lang, text in value.items() if text not in (None, "")}
        else:
            texts = {self.default_language: str(value)}
        for lang in texts:
            if lang not in self.languages:
                self.languages.append(lang)
        return texts

    def choice(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"name": str(item.get("name", ""))}
        if item.get("label"):
            out["label"] = self.translated(item["label"])
        for key, value in item.items():
            if key not in ("name", "label", "media") and isinstance(value, str | int | float):
                out[str(key)] = str(value)
        return out

    def loop(self, element: dict[str, Any]) -> dict[str, Any]:
        """``begin loop over list``: one group per choice, ``%(label)s`` filled in."""
        groups = []
        for column in element.get("columns", []):
            children = copy.deepcopy(element.get("children", []))
            column_label = self.translated(column.get("label") or column.get("name", ""))
            for child in children:
                _fill_loop_label(child, column_label)
            groups.append(
                {
                    "type": "group",
                    "name": column["name"],
                    "label": column.get("label") or "",
                    "children": children,
                }
            )
        loop = {"type": "group", "name": element.get("name", ""), "children": groups}
        if element.get("label"):
            loop["label"] = element["label"]
        return self.node(loop)


FROM_FILE = {
    "select one": "select_one_from_file",
    "select all that apply": "select_multiple_from_file",
}
FILE_SUFFIXES = (".csv", ".xml", ".geojson")


def _xlsform_type(element: dict[str, Any]) -> str:
    """The XLSForm type as its author wrote it where pyxform split it: a select whose choices
    are in a file attached to the form keeps the file (``select_one_from_file communes.csv``),
    so that ODK Collect, given the file, asks it."""
    xls_type = str(element.get("type"))
    itemset = str(element.get("itemset") or "")
    if xls_type in FROM_FILE and itemset.lower().endswith(FILE_SUFFIXES):
        return f"{FROM_FILE[xls_type]} {itemset}"
    return xls_type


def _fill_loop_label(child: dict[str, Any], column_label: dict[str, str]) -> None:
    label = child.get("label")
    if isinstance(label, dict):
        child["label"] = {
            lang: text.replace(
                "%(label)s", column_label.get(lang, next(iter(column_label.values())))
            )
            for lang, text in label.items()
        }
    elif isinstance(label, str):
        child["label"] = label.replace("%(label)s", next(iter(column_label.values()), ""))


def _flag(value: Any) -> bool | str:
    """``yes`` / ``true()`` → True; ``no`` / absent → False; anything else is an expression."""
    if value is None:
        return False
    text = str(value).strip()
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    return text


def _parameters(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    if isinstance(value, str):
        pairs = (part.split("=", 1) for part in value.split() if "=" in part)
        return {key.strip(): val.strip() for key, val in pairs}
    return {}


def _fold_repeat_counts(nodes: list[dict[str, Any]]) -> None:
    """pyxform turns ``repeat_count = 3`` into a hidden ``<repeat>_count`` calculate: undo it."""
    for index in range(len(nodes) - 1, 0, -1):
        repeat, helper = nodes[index], nodes[index - 1]
        expected = "${" + f"{repeat['name']}_count" + "}"
        if (
            repeat["type"] == "repeat"
            and repeat.get("repeat_count") == expected
            and helper.get("name") == f"{repeat['name']}_count"
            and helper.get("type") == "calculate"
            and helper.get("read_only") is True
        ):
            repeat["repeat_count"] = helper.get("calculation", "")
            del nodes[index - 1]


def _mark_or_other(nodes: list[dict[str, Any]], languages: list[str]) -> list[str]:
    """``select_one list or_other``: flag the select, word its ``_other`` question.

    Returns the choice lists whose ``other`` choice needs a label in every language.
    """
    lists = []
    by_name = {node["name"]: node for node in nodes}
    for node in nodes:
        match = _OTHER_RELEVANT.fullmatch(str(node.get("relevant", "")))
        select = by_name.get(match[1]) if match else None
        if select is None or node["name"] != f"{select['name']}_other":
            continue
        select["or_other"] = True
        lists.append(select.get("choices", ""))
        node["relevant"] = f"selected(${{{select['name']}}}, 'other')"
        node["label"] = _other_labels(languages, "Précisez :", "Specify other:")
    return lists


def _other_labels(languages: list[str], french: str, english: str) -> dict[str, str]:
    return {lang: english if _is_english(lang) else french for lang in languages}


def _is_english(language: str) -> bool:
    return language.lower().startswith("english") or language.lower().endswith("(en)")
