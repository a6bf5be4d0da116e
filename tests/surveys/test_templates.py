"""Built-in French templates: importable in one call, valid, and usable by residents."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys import templates
from surveys.definition import iter_questions, schema_issues
from surveys.errors import TemplateNotFoundError
from surveys.responses import validate_response
from surveys.xlsform import import_xlsform

THESAURUS = {
    "proprete", "voirie_eclairage", "tranquillite", "mobilite", "logement", "espaces_verts",
    "commerces_services", "education_jeunesse", "emploi_insertion", "sante", "lien_social",
    "numerique",
}  # fmt: skip
NAMES = ["barometre-cooperation", "diagnostic-en-marchant", "vivre-dans-mon-quartier"]


def test_the_three_templates_are_listed_with_french_titles():
    listed = templates.list()
    assert [t.name for t in listed] == NAMES
    assert [t.title for t in listed] == [
        "Baromètre de la coopération",
        "Diagnostic en marchant",
        "Vivre dans mon quartier",
    ]
    assert all(t.description for t in listed)


@pytest.mark.parametrize("name", NAMES)
def test_each_template_imports_cleanly_through_the_xlsform_importer(name):
    result = import_xlsform(templates.source(name))
    assert result.warnings == []
    assert schema_issues(result.definition) == []
    assert templates.load(name) == result.definition


def test_load_returns_a_copy_the_caller_may_change():
    first = templates.load("diagnostic-en-marchant")
    first["settings"]["title"] = "Mon parcours"
    assert templates.load("diagnostic-en-marchant")["settings"]["title"] == "Diagnostic en marchant"


def test_an_unknown_template_is_a_clear_error():
    with pytest.raises(TemplateNotFoundError, match="modèle d’enquête inconnu : « sondage »"):
        templates.load("sondage")


def test_the_barometer_places_partners_on_the_cooperation_scale_in_two_languages():
    survey = templates.load("barometre-cooperation")
    assert survey["languages"] == ["Français (fr)", "English (en)"]
    assert [c["name"] for c in survey["choices"]["niveaux"]] == [
        "concurrence", "coexistence", "communication", "assistance", "coordination",
    ]  # fmt: skip
    answers = {"famille": "association", "cadre": "contrat_ville",
               "niveau_actuel": "coexistence", "niveau_souhaite": "coordination",
               "freins": "aap egos", "besoins": "Des temps d’échange réguliers",
               "facilitateurs": "diagnostic animation"}  # fmt: skip
    result = validate_response(survey, answers)
    assert result.is_valid, result.problems
    assert result.calculated["ecart"] == "3"
    too_many = validate_response(
        survey, answers | {"facilitateurs": "diagnostic animation elus habitants"},
        language="English (en)",
    )  # fmt: skip
    assert too_many.problems_by_question() == {"facilitateurs": ["Choose three items at most."]}


def test_the_walking_audit_records_stops_with_the_thesaurus_themes():
    survey = templates.load("diagnostic-en-marchant")
    assert {c["name"] for c in survey["choices"]["themes"]} == THESAURUS
    stop = {"lieu": "43.3 5.4", "theme": "proprete", "polarite": "difficulte",
            "constat": "Encombrants devant le bâtiment C", "gravite": "2"}  # fmt: skip
    answers = {"parcours": "Tour du Jas", "date_marche": "2026-11-20", "arrets": [stop, stop]}
    result = validate_response(survey, answers, clock=lambda: _fixed_now())
    assert result.is_valid, result.problems
    assert result.calculated["nb_arrets"] == "2"
    assert result.calculated["arrets[2]/numero"] == "2"
    idea = stop | {"polarite": "idee"}
    idea_graded = validate_response(survey, answers | {"arrets": [idea]}, clock=_fixed_now)
    assert idea_graded.is_valid  # an idea has no gravity: the grade given is dropped
    assert "gravite" not in idea_graded.answers["arrets"][0]
    assert [(n.question, n.code) for n in idea_graded.notes] == [
        ("arrets[1]/gravite", "not_relevant")
    ]


def test_the_perception_survey_asks_why_only_when_residents_are_unhappy():
    survey = templates.load("vivre-dans-mon-quartier")
    satisfaction = [q.name for q in iter_questions(survey) if q.name.startswith("sat_")]
    assert {name.removeprefix("sat_") for name in satisfaction} == THESAURUS
    happy = {"anciennete": "plus_10ans", "satisfaction_globale": "4", "changer": "logement"}
    assert validate_response(survey, happy).is_valid
    unhappy = happy | {"satisfaction_globale": "1"}
    assert validate_response(survey, unhappy).problems_by_question() == {
        "difficultes": ["Cette question est obligatoire."]
    }
    counted = validate_response(survey, happy | {"sat_proprete": "1", "sat_sante": "2"})
    assert counted.calculated["nb_insatisfaits"] == "2"


def _fixed_now():
    return dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.UTC)
