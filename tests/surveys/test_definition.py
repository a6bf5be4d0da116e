"""The JSON definition: its shipped schema, its checks, its fingerprint."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from surveys import templates
from surveys.definition import (
    check_definition,
    definition_schema,
    load_definition,
    survey_fingerprint,
)
from surveys.errors import InvalidSurveyError
from surveys.issues import IssueCode

MINIMAL = {
    "settings": {"form_id": "avis", "title": "Votre avis", "default_language": "fr"},
    "languages": ["fr"],
    "children": [
        {"type": "integer", "name": "age", "label": {"fr": "Âge"}, "constraint": ". < 130"},
        {"type": "select_one", "name": "avis", "label": {"fr": "Avis"}, "choices": "avis",
         "relevant": "${age} >= 16"},
    ],
    "choices": {"avis": [{"name": "bon", "label": {"fr": "Bon"}}]},
}  # fmt: skip


def test_the_schema_ships_with_the_package_and_is_a_valid_json_schema():
    schema = definition_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["node"]["required"] == ["type", "name"]


def test_a_json_definition_is_loaded_as_is():
    assert load_definition(MINIMAL) == MINIMAL
    assert check_definition(MINIMAL) == []


def broken(**changes):
    definition = copy.deepcopy(MINIMAL)
    for path, value in changes.items():
        target = definition
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return definition


@pytest.mark.parametrize(
    ("definition", "code", "message"),
    [
        (broken(children__0__type="slider"), IssueCode.INVALID_DEFINITION,
         "définition non conforme au schéma en « children/0/type » (enum)"),
        (broken(children__0__name="1age"), IssueCode.INVALID_DEFINITION, "children/0/name"),
        (broken(children__1__choices="absente"), IssueCode.UNKNOWN_CHOICE_LIST,
         "Question « avis », champ « type » : la liste de choix « absente » n’existe pas"),
        (broken(children__1__relevant="${agee} >= 16"), IssueCode.UNKNOWN_REFERENCE,
         "Question « avis », champ « relevant » : la référence ${agee} ne désigne aucune question"),
        (broken(children__0__constraint=". <"), IssueCode.INVALID_EXPRESSION,
         "Question « age », champ « constraint » : expression non comprise"),
        (broken(children__1__name="age"), IssueCode.DUPLICATE_NAME,
         "le nom « age » est déjà utilisé"),
    ],
)  # fmt: skip
def test_an_invalid_json_definition_is_refused_with_french_issues(definition, code, message):
    with pytest.raises(InvalidSurveyError) as caught:
        load_definition(definition)
    assert code in {found.code for found in caught.value.issues}
    assert any(message in found.message for found in caught.value.issues)


def test_the_fingerprint_ignores_key_order_and_version_label_but_not_content():
    survey = templates.load("vivre-dans-mon-quartier")
    reordered = json.loads(json.dumps(survey, sort_keys=True))
    relabelled = copy.deepcopy(survey)
    relabelled["settings"]["version"] = "2"
    changed = copy.deepcopy(survey)
    changed["children"][1]["label"]["Français (fr)"] += " ?"
    assert survey_fingerprint(survey) == survey_fingerprint(reordered)
    assert survey_fingerprint(survey) == survey_fingerprint(relabelled)
    assert survey_fingerprint(survey) != survey_fingerprint(changed)
    assert len(survey_fingerprint(survey)) == 64
