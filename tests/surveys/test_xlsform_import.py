"""Importing XLSForms: what an organiser uploads becomes the definition the PWA renders."""

from __future__ import annotations

import io

import openpyxl
import pytest

from surveys.definition import iter_questions, schema_issues
from surveys.errors import InvalidSurveyError, SurveyError
from surveys.issues import IssueCode
from surveys.xlsform import import_xlsform
from tests.surveys.conftest import NEIGHBOURHOOD_FORM


def node(definition: dict, name: str) -> dict:
    return next(q.node for q in iter_questions(definition) if q.name == name)


def test_settings_languages_and_translated_texts(neighbourhood_survey):
    assert neighbourhood_survey["settings"] == {
        "form_id": "quartier_test",
        "title": "Enquête de test",
        "version": "2026112001",
        "default_language": "Français (fr)",
    }
    assert neighbourhood_survey["languages"] == ["Français (fr)", "English (en)"]
    assert node(neighbourhood_survey, "nom")["label"] == {
        "Français (fr)": "Nom",
        "English (en)": "Name",
    }
    assert node(neighbourhood_survey, "nom")["hint"] == {"Français (fr)": "Votre prénom"}
    assert schema_issues(neighbourhood_survey) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nom", {"type": "text", "required": True,
                 "required_message": {"Français (fr)": "Le prénom est obligatoire"}}),
        ("age", {"type": "integer", "required": True, "constraint": ". >= 0 and . < 130",
                 "constraint_message": {"Français (fr)": "Âge impossible",
                                        "English (en)": "Impossible age"},
                 "default": "30"}),
        ("commune", {"type": "select_one", "choices": "commune", "relevant": "${age} > 10"}),
        ("quartier", {"type": "select_one", "choices": "quartier",
                      "choice_filter": "commune = ${commune}"}),
        ("themes", {"type": "select_multiple", "choices": "themes", "or_other": True}),
        ("themes_other", {"type": "text", "relevant": "selected(${themes}, 'other')",
                          "label": {"Français (fr)": "Précisez :",
                                    "English (en)": "Specify other:"}}),
        ("note", {"type": "range", "parameters": {"start": "0", "end": "10", "step": "1"}}),
        ("priorites", {"type": "rank", "choices": "priorites"}),
        ("double_age", {"type": "calculate", "calculation": "${age} * 2"}),
        ("source", {"type": "hidden"}),
        ("accord", {"type": "acknowledge"}),
        ("arrets", {"type": "repeat", "repeat_count": "2", "appearance": "field-list"}),
        ("lieu", {"type": "geopoint"}),
        ("photo", {"type": "image", "parameters": {"max-pixels": "1024"}}),
        ("merci", {"type": "note", "label": {"Français (fr)": "Merci ${nom}",
                                             "English (en)": "Thanks"}}),
        ("quand", {"type": "group"}),
        ("jour", {"type": "date", "read_only": True, "constraint": ". <= today()"}),
        ("heure", {"type": "time"}),
        ("moment", {"type": "datetime"}),
    ],
)  # fmt: skip
def test_each_xlsform_feature_lands_in_the_definition(neighbourhood_survey, name, expected):
    found = node(neighbourhood_survey, name)
    assert {key: found.get(key) for key in expected} == expected


def test_choice_lists_keep_their_filter_columns_and_get_an_other_choice(neighbourhood_survey):
    choices = neighbourhood_survey["choices"]
    assert choices["quartier"][1] == {
        "name": "jas",
        "label": {"Français (fr)": "Jas de Bouffan", "English (en)": "Jas de Bouffan"},
        "commune": "aix",
    }
    assert choices["themes"][-1] == {
        "name": "other",
        "label": {"Français (fr)": "Autre", "English (en)": "Other"},
    }


def test_groups_and_repeats_nest_their_questions(neighbourhood_survey):
    paths = {q.name: (q.path, q.repeat) for q in iter_questions(neighbourhood_survey)}
    assert paths["lieu"] == ("arrets/lieu", "arrets")
    assert paths["jour"] == ("quand/jour", None)
    assert "instanceID" not in paths  # pyxform's meta group is not a question


def test_a_form_without_translations_uses_the_default_language():
    result = import_xlsform(
        """
        | survey |
        | | type | name | label |
        | | text | avis | Votre avis |
        """
    )
    assert result.definition["languages"] == ["default"]
    assert result.definition["children"][0]["label"] == {"default": "Votre avis"}
    assert result.warnings == []


def test_an_xlsx_upload_gives_the_same_definition_as_its_markdown(neighbourhood_survey):
    workbook = openpyxl.Workbook()
    sheets = {"survey": workbook.active}
    sheets["survey"].title = "survey"
    current = None
    for line in NEIGHBOURHOOD_FORM.strip().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0]:
            current = sheets.get(cells[0]) or workbook.create_sheet(cells[0])
            sheets[cells[0]] = current
            continue
        current.append([cell or None for cell in cells[1:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    uploaded = import_xlsform(buffer.getvalue(), filename="enquete.xlsx")
    assert uploaded.definition == neighbourhood_survey


def test_warnings_are_returned_and_the_form_still_imports():
    result = import_xlsform(
        """
        | survey |
        | | type | name | label | calculation |
        | | integer | age | Âge | |
        | | calculate | score | | digest(${age}, 'SHA-256') |
        | | barcode | code | Code-barres | |
        """
    )
    codes = [(w.code, w.row, w.column) for w in result.warnings]
    assert codes == [(IssueCode.UNSUPPORTED_TYPE, 4, "type")]


@pytest.mark.parametrize(
    ("expression", "code", "detail"),
    [
        ("pulldata('fichier', 'a', 'b', ${age})", IssueCode.UNSUPPORTED_FUNCTION,
         "la fonction pulldata() n’est pas prise en charge : elle lit un fichier joint"),
        ("fonction_maison(${age})", IssueCode.INVALID_EXPRESSION,
         "expression non comprise (fonction inconnue : fonction_maison())"),
        ("${age} > .5 .5", IssueCode.INVALID_EXPRESSION, "expression non comprise (syntaxe"),
        ("round(${age}, 1, 2)", IssueCode.INVALID_EXPRESSION,
         "expression non comprise (round() attend 1 à 2 argument(s), 3 donné(s))"),
    ],
)  # fmt: skip
def test_an_expression_the_engines_cannot_evaluate_refuses_the_form(expression, code, detail):
    """Imported with a warning, it would never apply: a relevance silently true, a constraint
    silently absent. Refused, its author learns where and why (ODK Validate refuses it too)."""
    with pytest.raises(InvalidSurveyError) as caught:
        import_xlsform(
            "| survey |\n| | type | name | label | calculation |\n| | integer | age | Âge | |\n"
            f"| | calculate | score | | {expression} |"
        )
    (found,) = caught.value.issues
    assert (found.code, found.severity, found.row, found.column) == (
        code,
        "error",
        3,
        "calculation",
    )
    assert found.message.startswith(
        f"Feuille « survey », ligne 3, colonne « calculation » : {detail}"
    )


@pytest.mark.parametrize(
    ("form", "code", "message"),
    [
        ("| survey |\n| | type | name | label |\n| | select_one absente | q | Q |\n"
         "| choices |\n| | list_name | name | label |\n| | autre | a | A |",
         IssueCode.UNKNOWN_CHOICE_LIST,
         "Feuille « survey », ligne 2, colonne « type » : la liste de choix « absente » "
         "n’existe pas dans la feuille « choices »"),
        ("| survey |\n| | type | name | label |\n| | select_one absente | q | Q |",
         IssueCode.UNKNOWN_CHOICE_LIST, "Il manque la feuille « choices »"),
        ("| survey |\n| | type | name | label |\n| | text | q | Q |\n| | text | q | R |",
         IssueCode.DUPLICATE_NAME, "Feuille « survey », ligne 3, colonne « name » : le nom « q »"),
        ("| survey |\n| | type | name | label | relevant |\n| | text | q | Q | ${absent} = 1 |",
         IssueCode.UNKNOWN_REFERENCE, "ne désigne aucune question"),
        ("| survey |\n| | type | name | label |\n| | begin group | g | G |\n| | text | q | Q |",
         IssueCode.UNMATCHED_BEGIN, "« begin group » sans « end group » correspondant"),
        ("| survey |\n| | type | name | label |\n| | frobnicate | q | Q |",
         IssueCode.UNKNOWN_TYPE, "Feuille « survey », ligne 2, colonne « type » : type de "
         "question inconnu : « frobnicate »"),
    ],
)  # fmt: skip
def test_an_invalid_form_raises_one_error_listing_french_issues(form, code, message):
    with pytest.raises(InvalidSurveyError) as caught:
        import_xlsform(form)
    assert isinstance(caught.value, SurveyError)
    (found,) = [i for i in caught.value.issues if i.severity == "error"]
    assert found.code == code
    assert message in found.message
    assert found.to_dict()["code"] == code.value


def test_a_file_that_is_not_a_form_is_refused_clearly():
    with pytest.raises(InvalidSurveyError) as caught:
        import_xlsform(b"\x89PNG not a spreadsheet", filename="photo.xlsx")
    assert caught.value.issues[0].code == IssueCode.UNREADABLE_FILE
