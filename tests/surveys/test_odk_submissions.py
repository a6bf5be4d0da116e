"""Submissions as ODK Collect sends them and KoboToolbox exports them are read as they are.

Every pyxform example form we import gets a submission made from the primary instance pyxform
writes for it, filled with the phone's encodings (tests/surveys/odk_instances.py): no key is
unknown and no answer unreadable. A lenient validation (for importing existing data) keeps
every answer and says what is wrong per answer; the strict one (the live API) drops answers to
questions that do not apply, with a note, instead of refusing the response.
"""

from __future__ import annotations

import json

import pytest

from surveys import prepare_survey, validate_response
from surveys.errors import InvalidSurveyError
from surveys.xlsform import import_xlsform
from tests.conftest import DATA
from tests.surveys.odk_instances import submission
from tests.surveys.test_xlsform_examples import FORMS, example_id

SPREADSHEETS = [path for path in FORMS if path.suffix in {".xls", ".xlsx"}]


def imported(path):
    try:
        return import_xlsform(path).definition
    except InvalidSurveyError:
        return None


@pytest.mark.parametrize("path", SPREADSHEETS, ids=example_id)
def test_a_phone_submission_of_each_example_form_is_read_as_it_comes(path):
    definition = imported(path)
    if definition is None:
        pytest.skip("refused at import (tests/surveys/test_xlsform_examples.py says why)")
    survey = prepare_survey(definition)
    sent = submission(path, survey)
    strict = validate_response(survey, sent)
    unreadable = [p for p in strict.problems if p.code in ("unknown_question", "type")]
    assert unreadable == [], sent
    lenient = validate_response(survey, sent, mode="lenient")
    assert lenient.is_valid and lenient.problems == []
    assert {(n.question, n.code) for n in lenient.notes} >= {
        (p.question, p.code) for p in strict.problems
    }


ROSTER = """
| survey |
| | type | name | label | calculation | repeat_count | relevant | constraint |
| | start | start | | | | | |
| | integer | taille | Personnes au foyer | | | | . > 0 |
| | begin repeat | membres | Membre | | ${taille} * 1 | | |
| | calculate | person_id | | once(uuid()) | | | |
| | text | prenom | Prénom | | | | |
| | integer | age | Âge | | | | . < 120 |
| | date | naissance | Date de naissance | | | ${age} > 0 | . <= today() |
| | end repeat | | | | | | |
| | calculate | soumis | | now() | | | |
| | select_one oui_non | emploi | Travaillez-vous ? | | | | |
| | text | metier | Métier | | | ${emploi} = 'oui' | |
| choices |
| | list_name | name | label |
| | oui_non | oui | Oui |
| | oui_non | non | Non |
"""

KOBO_EXPORT = {
    # A KoboToolbox JSON export row: paths as keys, its own bookkeeping prefixed with "_".
    "_id": 312984533, "_uuid": "0a5c5f0e-7a49-4e6f-9a51-3c7d8c0f1e22", "formhub/uuid": "6f3c",
    "__version__": "vX7d2Qm", "_submission_time": "2026-11-20T17:41:03", "_tags": [],
    "_geolocation": [None, None], "_attachments": [], "_status": "submitted_via_web",
    "meta/instanceID": "uuid:0a5c5f0e-7a49-4e6f-9a51-3c7d8c0f1e22",
    "start": "2026-11-20T18:32:11.412+01:00", "taille": "2", "membres_count": "2",
    "membres": [
        {"membres/person_id": "c7f3a1e2-4b5d-4e6f-8a9b-0c1d2e3f4a5b", "membres/prenom": "Awa",
         "membres/age": "34", "membres/naissance": "1992-03-14"},
        {"membres/person_id": "d8e4b2f3-5c6e-4f7a-9b0c-1d2e3f4a5b6c", "membres/prenom": "Ilyes",
         "membres/age": "0", "membres/naissance": "2026-01-02"},
    ],
    "soumis": "2026-11-20T18:40:59.004+01:00", "emploi": "non", "metier": "boulanger",
}  # fmt: skip


@pytest.fixture(scope="module")
def roster():
    return import_xlsform(ROSTER).definition


def test_pyxform_adds_a_count_beside_a_computed_repeat_count_and_it_is_accepted(roster, tmp_path):
    form = tmp_path / "roster.md"
    form.write_text(ROSTER, encoding="utf-8")
    sent = submission(form, prepare_survey(roster))
    assert sent["membres_count"] == "2"  # pyxform's own node, filled by the phone
    result = validate_response(roster, sent)
    assert "membres_count" not in result.problems_by_question()
    assert "membres_count" not in result.answers


def test_calculated_values_sent_by_the_phone_are_kept(roster):
    """A roster's person ids come from uuid() on the phone: recomputing them on the server would
    break every link to the person in other answers and exports."""
    result = validate_response(roster, KOBO_EXPORT)
    assert result.is_valid, result.problems
    ids = [row["person_id"] for row in result.answers["membres"]]
    assert ids == [row["membres/person_id"] for row in KOBO_EXPORT["membres"]]
    assert (
        result.calculated["membres[1]/person_id"] == KOBO_EXPORT["membres"][0]["membres/person_id"]
    )
    assert result.answers["soumis"] == "2026-11-20T18:40:59.004+01:00"


def test_a_calculation_the_phone_did_not_send_is_computed(roster):
    sent = {k: v for k, v in KOBO_EXPORT.items() if k != "soumis"}
    result = validate_response(roster, sent, clock=lambda: _moment("2026-11-20T19:00:00+01:00"))
    assert result.answers["soumis"] == "2026-11-20T19:00:00.000+01:00"


def test_an_answer_to_a_question_that_does_not_apply_is_dropped_not_refused(roster):
    result = validate_response(roster, KOBO_EXPORT)
    assert result.is_valid
    assert "metier" not in result.answers
    # nor does the newborn's date of birth (asked from age 1): dropped too
    assert [(n.question, n.code) for n in result.notes] == [
        ("membres[2]/naissance", "not_relevant"),
        ("metier", "not_relevant"),
    ]
    assert "naissance" not in result.answers["membres"][1]
    lenient = validate_response(roster, KOBO_EXPORT, mode="lenient")
    assert lenient.answers["metier"] == "boulanger"
    assert lenient.answers["membres"][1]["naissance"] == "2026-01-02"


@pytest.mark.parametrize(
    ("changes", "question", "code"),
    [
        ({"taille": "deux"}, "taille", "type"),  # kept as it came
        ({"membres": [{"membres/age": "150"}, {"membres/age": "3"}]}, "membres[1]/age", "constraint"),
        ({"emploi": "peut-être"}, "emploi", "choice"),
        ({"couleur": "vert"}, "couleur", "unknown_question"),
        ({"taille": "3"}, "membres", "repeat_count"),
    ],
)  # fmt: skip
def test_a_lenient_validation_keeps_every_answer_and_notes_each_problem(
    roster, changes, question, code
):
    sent = KOBO_EXPORT | changes
    strict = validate_response(roster, sent)
    assert (question, code) in {(p.question, p.code) for p in strict.problems}
    lenient = validate_response(roster, sent, mode="lenient")
    assert lenient.is_valid
    assert (question, code) in {(n.question, n.code) for n in lenient.notes}
    note = next(n for n in lenient.notes if (n.question, n.code) == (question, code))
    refusal = next(p for p in strict.problems if (p.question, p.code) == (question, code))
    assert note.message == refusal.message  # the same French sentence for the organiser
    for key in changes:
        assert key in lenient.answers  # kept


def test_a_lenient_validation_never_drops_a_submission():
    survey = import_xlsform(ROSTER).definition
    for hostile in ([], "texte", None, {"membres": "pas une liste"}, {"taille": {"a": [1]}}):
        result = validate_response(survey, hostile, mode="lenient")  # type: ignore[arg-type]
        assert result.is_valid and result.notes


@pytest.mark.parametrize(
    ("kind", "value", "normalised"),
    [
        ("date", "2026-11-20", "2026-11-20"),
        ("date", "2026-11-20+01:00", "2026-11-20"),
        ("date", "2026-11-20Z", "2026-11-20"),
        ("time", "18:30:00.000+01:00", "18:30:00.000+01:00"),
        ("time", "18:30", "18:30"),
        ("dateTime", "2026-11-20T18:30:00.000+01:00", "2026-11-20T18:30:00.000+01:00"),
        ("dateTime", "2026-11-20T18:30:00.000Z", "2026-11-20T18:30:00.000Z"),
        ("geopoint", "43.2965 5.3698 12.5 4.8",
         {"type": "Point", "coordinates": [5.3698, 43.2965, 12.5], "accuracy": 4.8}),
        ("geopoint", "43.2965 5.3698", {"type": "Point", "coordinates": [5.3698, 43.2965]}),
        ("select_multiple couleurs", "rouge vert", ["rouge", "vert"]),
        ("select_multiple couleurs", " vert  rouge ", ["vert", "rouge"]),
        ("integer", "12", 12),
        ("integer", "12.0", 12),
        ("decimal", "12,5", 12.5),
    ],
)  # fmt: skip
def test_the_phones_widget_encodings_are_read(kind, value, normalised):
    xls_type = "datetime" if kind == "dateTime" else kind
    survey = import_xlsform(
        f"| survey |\n| | type | name | label |\n| | {xls_type} | q | Q |\n"
        "| choices |\n| | list_name | name | label |\n| | couleurs | rouge | Rouge |\n"
        "| | couleurs | vert | Vert |"
    ).definition
    result = validate_response(survey, {"q": value})
    assert result.problems == []
    assert result.answers["q"] == normalised


def _moment(text):
    import datetime as dt

    return dt.datetime.fromisoformat(text)


BIRTH = """
| survey |
| | type | name | label | constraint | relevant |
| | date | naissance | Date de naissance | . <= today() | |
| | text | pourquoi | Pourquoi ? | | ${raison} = 'x' |
| | text | raison | Raison | | |
"""


def test_the_server_judges_dates_on_the_respondents_clock():
    """At 23:30 in Montréal (-05:00) it is already the 21st in UTC, not yet there: a birth on
    the 21st is in the future for the respondent, and the server must say so."""
    survey = import_xlsform(BIRTH).definition
    submitted_at = _moment("2026-11-20T23:30:00-05:00")
    late = validate_response(survey, {"naissance": "2026-11-21"}, clock=lambda: submitted_at)
    assert late.problems_by_question() == {"naissance": ["Réponse non valide."]}
    utc = _moment("2026-11-21T04:30:00+00:00")  # the same instant, read in UTC
    assert validate_response(survey, {"naissance": "2026-11-21"}, clock=lambda: utc).is_valid


def test_an_expression_that_cannot_be_evaluated_is_never_silently_true_or_absent():
    """A definition stored before such forms were refused at import (or written by hand):
    its question is reported as unverifiable; a lenient validation notes it and keeps all."""
    survey = import_xlsform(BIRTH).definition
    survey["children"][0]["constraint"] = "pulldata('naissances', 'max', 'id', '1') >= ."
    survey["children"][1]["relevant"] = "${raison} = instance('x')"
    answers = {"naissance": "1990-05-04", "pourquoi": "parce que", "raison": "x"}
    strict = validate_response(survey, answers)
    assert {(p.question, p.code) for p in strict.problems} == {
        ("naissance", "expression"),
        ("pourquoi", "expression"),
    }
    assert strict.problems_by_question()["naissance"] == [
        "Vérification impossible : la fonction pulldata() n’est pas prise en charge : elle lit "
        "un fichier joint au formulaire (CSV), pas encore pris en charge."
    ]
    lenient = validate_response(survey, answers, mode="lenient")
    assert lenient.is_valid and lenient.answers == {
        "naissance": "1990-05-04",
        "pourquoi": "parce que",
        "raison": "x",
    }


KOBO = json.loads((DATA / "kobo" / "tree-survey-export.json").read_text(encoding="utf-8"))


def kobo_form_as_xlsform(form: dict) -> str:
    """A KoboToolbox asset's ``content`` (survey rows, choices, translations) as an XLSForm."""
    languages = form["translations"]
    labels = " | ".join(f"label::{language}" for language in languages)
    lines = ["| survey |", f"| | type | name | {labels} |"]
    for row in form["survey"]:
        kind = " ".join(filter(None, [row["type"], row.get("select_from_list_name")]))
        lines.append(f"| | {kind} | {row['name']} | {' | '.join(row['label'])} |")
    lines += ["| choices |", f"| | list_name | name | {labels} |"]
    for row in form["choices"]:
        lines.append(f"| | {row['list_name']} | {row['name']} | {' | '.join(row['label'])} |")
    lines += [
        "| settings |",
        "| | version | default_language |",
        f"| | {form['settings']['version']} | {form['settings']['default_language']} |",
    ]
    return "\n".join(lines)


def test_real_kobotoolbox_submissions_are_read_as_they_were_exported():
    """Three submissions from KoboToolbox's API (ODK Collect and Enketo, geopoints with altitude
    and accuracy, multiple choices, photos, a revised submission with meta/deprecatedID). The
    deployed form also recorded start, end, today, username, deviceid and simserial, which the
    exported form content does not list: the live API would refuse them as unknown; an import
    keeps them with a note, and everything else reads without a single problem."""
    survey = import_xlsform(kobo_form_as_xlsform(KOBO["form"])).definition
    metadata = {"start", "end", "today", "username", "deviceid", "simserial"}
    for sent in KOBO["submissions"]:
        strict = validate_response(survey, sent)
        assert {(p.question, p.code) for p in strict.problems} == {
            (key, "unknown_question") for key in metadata & sent.keys()
        }
        lenient = validate_response(survey, sent, mode="lenient")
        assert lenient.is_valid
        assert {key for key in sent if not key.startswith(("_", "meta/", "formhub/"))} == set(
            lenient.answers
        )
        point = lenient.answers["Record_your_current_location"]
        lat, lon, alt, accuracy = map(float, sent["Record_your_current_location"].split())
        assert point == {"type": "Point", "coordinates": [lon, lat, alt], "accuracy": accuracy}
        reasons = sent["I_like_this_tree_because"].split()
        assert lenient.answers["I_like_this_tree_because"] == reasons
        assert lenient.answers["Estimate_height_of_your_tree_in_meters"] == int(
            sent["Estimate_height_of_your_tree_in_meters"]
        )


OPTIONAL_DATE = """
| survey |
| | type | name | label | constraint | relevant |
| | date | naissance | Date de naissance (facultative) | | |
| | integer | age | Âge | date(${naissance}) < date('1900-01-01') or . < 120 | |
| | text | annee | Année de naissance | | format-date(${naissance}, '%Y') != '' |
"""


def test_an_optional_date_left_empty_does_not_make_a_response_invalid():
    """date('') is empty, not an error: a constraint or relevance that reads an unanswered
    optional date judges the rest of the response as usual."""
    survey = import_xlsform(OPTIONAL_DATE).definition
    result = validate_response(survey, {"age": "30"})
    assert result.is_valid, result.problems
    assert result.answers == {"age": 30}
    dated = validate_response(survey, {"age": "30", "naissance": "1996-02-01", "annee": "1996"})
    assert dated.is_valid and dated.answers["annee"] == "1996"
