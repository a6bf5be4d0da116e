"""Validating responses: what a resident submits is accepted, normalised, or refused."""

from __future__ import annotations

import pytest

from surveys.responses import validate_response
from surveys.xlsform import import_xlsform

VALID = {
    "nom": "Awa",
    "age": "34",
    "commune": "aix",
    "quartier": "jas",
    "themes": "proprete other",
    "themes_other": "les pigeons",
    "note": "7",
    "priorites": "emploi logement",
    "accord": "OK",
    "arrets": [
        {"lieu": "43.2965 5.3698 12 4.5", "photo": "1.jpg", "gravite": "3,5"},
        {"lieu": {"type": "Point", "coordinates": [5.37, 43.29]}, "gravite": 2},
    ],
    "quand/jour": "2026-11-19",
    "quand/heure": "18:05",
    "quand/moment": "2026-11-19T18:05:00+01:00",
}


def test_a_valid_response_is_normalised(neighbourhood_survey, clock):
    result = validate_response(neighbourhood_survey, VALID, clock=clock)
    assert result.problems == []
    assert result.is_valid
    assert result.answers == {
        "nom": "Awa",
        "age": 34,
        "commune": "aix",
        "quartier": "jas",
        "themes": ["proprete", "other"],
        "themes_other": "les pigeons",
        "note": 7,
        "priorites": ["emploi", "logement"],
        "double_age": "68",
        "accord": "OK",
        "arrets": [
            {"lieu": {"type": "Point", "coordinates": [5.3698, 43.2965, 12.0], "accuracy": 4.5},
             "photo": "1.jpg", "gravite": 3.5},
            {"lieu": {"type": "Point", "coordinates": [5.37, 43.29]}, "gravite": 2.0},
        ],
        "jour": "2026-11-19",
        "heure": "18:05",
        "moment": "2026-11-19T18:05:00+01:00",
        "nb_arrets": "2",
    }  # fmt: skip
    assert result.calculated == {"double_age": "68", "nb_arrets": "2"}


def test_plain_json_and_odk_encodings_give_the_same_answers(neighbourhood_survey, clock):
    as_json = dict(VALID, age=34, themes=["proprete", "other"], priorites=["emploi", "logement"],
                   note=7, accord=True, quand={"jour": "2026-11-19", "heure": "18:05",
                                               "moment": "2026-11-19T18:05:00+01:00"})  # fmt: skip
    del as_json["quand/jour"], as_json["quand/heure"], as_json["quand/moment"]
    odk = validate_response(neighbourhood_survey, VALID, clock=clock)
    plain = validate_response(neighbourhood_survey, as_json, clock=clock)
    assert plain.problems == []
    assert plain.answers == odk.answers


def test_kobo_export_keys_are_accepted_and_its_own_fields_ignored(neighbourhood_survey, clock):
    exported = {f"quand/{k}" if k in ("jour",) else k: v for k, v in VALID.items()}
    exported |= {"_id": 12, "_uuid": "c0ffee", "meta/instanceID": "uuid:1", "__version__": "v1",
                 "formhub/uuid": "x", "_submission_time": "2026-11-19T18:10:00"}  # fmt: skip
    exported["arrets"] = [{f"arrets/{k}": v for k, v in row.items()} for row in VALID["arrets"]]
    result = validate_response(neighbourhood_survey, exported, clock=clock)
    assert result.problems == []
    assert result.answers["arrets"][1]["gravite"] == 2.0


def problems(survey, changes, clock, remove=()):
    answers = {k: v for k, v in (VALID | changes).items() if k not in remove}
    return validate_response(survey, answers, clock=clock).problems_by_question()


@pytest.mark.parametrize(
    ("changes", "remove", "expected"),
    [
        ({}, ["nom"], {"nom": ["Le prénom est obligatoire"]}),
        ({"nom": "   "}, [], {"nom": ["Le prénom est obligatoire"]}),
        ({"age": "150"}, [], {"age": ["Âge impossible"]}),
        ({"age": "trente"}, [], {"age": ["Un nombre entier est attendu."]}),
        ({"age": "34.5"}, [], {"age": ["Un nombre entier est attendu."]}),
        ({"commune": "paris"}, [], {"commune": ["« paris » ne fait pas partie des choix proposés."]}),
        ({"quartier": "noailles"}, [], {"quartier": ["« noailles » n’est pas proposé pour cette réponse."]}),
        ({"themes": "proprete bruit"}, [], {"themes": ["« bruit » ne fait pas partie des choix proposés."]}),
        ({"note": "11"}, [], {"note": ["Une valeur entre 0 et 10 par pas de 1 est attendue."]}),
        ({"note": "2.5"}, [], {"note": ["Une valeur entre 0 et 10 par pas de 1 est attendue."]}),
        ({"accord": "non"}, [], {"accord": ["Seule la réponse « OK » est possible."]}),
        ({"quand/jour": "19/11/2026"}, [], {"jour": ["Une date est attendue (AAAA-MM-JJ)."]}),
        ({"quand/jour": "2026-11-21"}, [], {"jour": ["Réponse non valide."]}),
        ({"quand/heure": "18h05"}, [], {"heure": ["Une heure est attendue (HH:MM ou HH:MM:SS)."]}),
        ({"arrets": VALID["arrets"][:1]}, [], {"arrets": ["2 réponse(s) attendue(s) pour cette répétition, 1 reçue(s)."]}),
        ({"arrets": [{"lieu": "91 5"}, {"gravite": "9"}]}, [], {
            "arrets[1]/lieu": ["Coordonnées hors limites (latitude ±90, longitude ±180)."],
            "arrets[2]/gravite": ["Réponse non valide."]}),
        ({"lieu": "43 5"}, [], {"lieu": ["Cette question fait partie de la répétition « arrets » : ses réponses vont dans la liste de cette répétition."]}),
        ({"couleur": "vert"}, [], {"couleur": ["Cette question n’existe pas dans l’enquête."]}),
        ({"age": "8"}, [], {"quartier": ["« jas » n’est pas proposé pour cette réponse."]}),
    ],
)  # fmt: skip
def test_problems_are_reported_in_french_per_question(
    neighbourhood_survey, clock, changes, remove, expected
):
    assert problems(neighbourhood_survey, changes, clock, remove) == expected


def test_messages_follow_the_requested_language(neighbourhood_survey, clock):
    english = validate_response(
        neighbourhood_survey, VALID | {"age": "150"}, language="English (en)", clock=clock
    )
    assert english.problems_by_question() == {"age": ["Impossible age"]}
    fallback = validate_response(neighbourhood_survey, {k: v for k, v in VALID.items() if k != "nom"},
                                 language="English (en)", clock=clock)  # fmt: skip
    assert fallback.problems_by_question() == {"nom": ["Le prénom est obligatoire"]}


def test_problem_codes_are_data(neighbourhood_survey, clock):
    result = validate_response(
        neighbourhood_survey, VALID | {"age": "150", "commune": "paris"}, clock=clock
    )
    assert {(p.question, p.code) for p in result.problems} == {
        ("age", "constraint"),
        ("commune", "choice"),
    }


SKIP_LOGIC = """
| survey |
| | type | name | label | relevant | required | calculation | constraint |
| | select_one oui_non | a_enfants | Avez-vous des enfants ? | | yes | | |
| | integer | nb_enfants | Combien ? | ${a_enfants} = 'oui' | yes | | . > 0 |
| | begin repeat | enfants | Enfant | ${nb_enfants} > 0 | | | |
| | integer | age_enfant | Âge | | yes | | . < ${age_parent} |
| | calculate | rang | | | | position(..) | |
| | end repeat | | | | | | |
| | integer | age_parent | Votre âge | | | | |
| | calculate | total_ages | | | | sum(${age_enfant}) | |
| | calculate | plus_age | | | | max(${age_enfant}) | |
| choices |
| | list_name | name | label |
| | oui_non | oui | Oui |
| | oui_non | non | Non |
"""


@pytest.mark.parametrize(
    ("answers", "expected_problems", "expected_calculations"),
    [
        ({"a_enfants": "non", "age_parent": "40"}, {},
         {"total_ages": "0", "plus_age": "NaN"}),
        ({"a_enfants": "oui", "nb_enfants": "2", "age_parent": "40",
          "enfants": [{"age_enfant": "7"}, {"age_enfant": "12"}]}, {},
         {"enfants[1]/rang": "1", "enfants[2]/rang": "2", "total_ages": "19", "plus_age": "12"}),
        ({"a_enfants": "oui", "age_parent": "40"}, {"nb_enfants": ["Cette question est obligatoire."]},
         {"total_ages": "0", "plus_age": "NaN"}),
        ({"a_enfants": "non", "nb_enfants": "2", "age_parent": "40"}, {},
         {"total_ages": "0", "plus_age": "NaN"}),
        ({"a_enfants": "oui", "nb_enfants": "1", "age_parent": "30",
          "enfants": [{"age_enfant": "45"}]}, {"enfants[1]/age_enfant": ["Réponse non valide."]},
         {"enfants[1]/rang": "1", "total_ages": "45", "plus_age": "45"}),
    ],
)  # fmt: skip
def test_skip_logic_repeats_and_calculations(answers, expected_problems, expected_calculations):
    survey = import_xlsform(SKIP_LOGIC).definition
    result = validate_response(survey, answers)
    assert result.problems_by_question() == expected_problems
    assert result.calculated == expected_calculations


def test_today_comes_from_the_injected_clock(neighbourhood_survey, clock):
    tomorrow = VALID | {"quand/jour": "2026-11-21"}
    assert (
        "jour"
        in validate_response(neighbourhood_survey, tomorrow, clock=clock).problems_by_question()
    )
    later = lambda: clock().replace(year=2027)  # noqa: E731
    assert validate_response(neighbourhood_survey, tomorrow, clock=later).is_valid


CHAINED = """
| survey |
| | type | name | label | calculation | constraint |
| | begin repeat | pieces | Pièce | | |
| | calculate | surface_m2 | | ${longueur} * ${largeur} | |
| | calculate | surface_texte | | concat(${surface_m2}, ' m²') | |
| | decimal | longueur | Longueur | | . > 0 |
| | decimal | largeur | Largeur | | . > 0 |
| | end repeat | | | | |
| | calculate | total | | sum(${surface_m2}) | |
"""


def test_calculations_may_use_later_answers_and_each_other_inside_repeats():
    survey = import_xlsform(CHAINED).definition
    rooms = [{"longueur": "4", "largeur": "3"}, {"longueur": "2,5", "largeur": "2"}]
    result = validate_response(survey, {"pieces": rooms})
    assert result.calculated == {
        "pieces[1]/surface_m2": "12",
        "pieces[1]/surface_texte": "12 m²",
        "pieces[2]/surface_m2": "5",
        "pieces[2]/surface_texte": "5 m²",
        "total": "17",
    }


GROUPED = """
| survey |
| | type | name | label | relevant |
| | select_one oui_non | travaille | Travaillez-vous ? | |
| | begin group | emploi | Votre emploi | ${travaille} = 'oui' |
| | text | metier | Métier | |
| | integer | heures | Heures par semaine | |
| | end group | | | |
| choices |
| | list_name | name | label |
| | oui_non | oui | Oui |
| | oui_non | non | Non |
"""


def test_answers_to_questions_that_do_not_apply_are_dropped_with_a_note_not_refused():
    """ODK Collect and Enketo clear what stops applying; a phone that sends it anyway (an old
    draft, a Kobo export) must not see its whole response refused for it."""
    survey = import_xlsform(GROUPED).definition
    answers = {"travaille": "non", "emploi/metier": "boulanger", "heures": "35"}
    result = validate_response(survey, answers)
    assert result.is_valid
    assert result.answers == {"travaille": "non"}
    dropped = "Cette question ne s’applique pas : la réponse a été ignorée."
    assert [n.to_dict() for n in result.notes] == [
        {"question": "metier", "code": "not_relevant", "message": dropped},
        {"question": "heures", "code": "not_relevant", "message": dropped},
    ]
    assert validate_response(survey, answers | {"travaille": "oui"}).answers == {
        "travaille": "oui", "metier": "boulanger", "heures": 35,
    }  # fmt: skip
