"""Organisers publish surveys: a JSON definition, an XLSForm file or a built-in template;
a changed form makes a new version, an unchanged one does not."""

from __future__ import annotations

import io
import pathlib
import threading

import pytest
import sqlalchemy as sa

import surveys

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "xlsform" / "pyxform-examples"

# A small neighbourhood form, written inline as pyxform's own tests do: a constraint with its
# own message, required questions, a choice list, a question that applies to some only, a
# multiple choice, a repeat and a calculation, in French and English.
FORM = """
| survey |
| | type | name | label::Français (fr) | label::English (en) | required | constraint | constraint_message::Français (fr) | constraint_message::English (en) | relevant | calculation |
| | integer | age | Votre âge | Your age | yes | . >= 11 and . < 130 | L'enquête s'adresse aux 11 ans et plus. | For ages 11 and up. | | |
| | select_one satisfaction | satisfaction | Êtes-vous satisfait·e du quartier ? | Are you satisfied? | yes | | | | | |
| | text | pourquoi | Pourquoi ? | Why? | | | | | ${satisfaction} = 'non' | |
| | select_multiple themes | themes | Ce qui compte | What matters | | | | | | |
| | begin repeat | lieux | Lieux | Places | | | | | | |
| | text | lieu | Lieu | Place | | | | | | |
| | integer | note | Note | Mark | | . <= 5 | Une note sur 5. | A mark out of 5. | | |
| | end repeat | | | | | | | | | |
| | calculate | nb_lieux | | | | | | | | count(${lieux}) |
| choices |
| | list_name | name | label::Français (fr) | label::English (en) |
| | satisfaction | oui | Oui | Yes |
| | satisfaction | non | Non | No |
| | themes | proprete | Propreté | Cleanliness |
| | themes | sante | Santé | Health |
| | themes | mobilite | Mobilité | Transport |
| settings |
| | form_id | form_title | version | default_language |
| | quartier_test | Enquête de test | 1 | Français (fr) |
"""


def form(**changes: str) -> str:
    """The inline form with some text replaced (``form(**{"Votre âge": "Âge"})``)."""
    text = FORM
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


def upload(client, headers, content: str | bytes, filename: str = "enquete.md"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        "/api/v1/surveys",
        data={"file": (io.BytesIO(data), filename)},
        headers=headers,
        content_type="multipart/form-data",
    )


@pytest.fixture
def animateur(make_user):
    """An animateur of Grand Mirail (QP031007, in Toulouse)."""
    return make_user("animateur", ("QP031007",))


@pytest.fixture
def published(client, animateur):
    """The inline form, published by the animateur."""
    response = upload(client, animateur[1], FORM)
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize("name", ["barometre-cooperation", "diagnostic-en-marchant", "vivre-dans-mon-quartier"])  # fmt: skip
def test_each_built_in_template_uploads_as_an_xlsform(client, animateur, name):
    response = upload(client, animateur[1], surveys.templates.source(name), f"{name}.md")
    assert response.status_code == 201, response.json
    body = response.json
    assert body["version"] == 1 and body["warnings"] == []
    assert body["definition"] == surveys.templates.load(name)
    shown = client.get(f"/api/v1/surveys/{body['id']}", headers=animateur[1])
    assert shown.status_code == 200
    assert shown.json["definition"] == body["definition"]
    assert shown.json["form_id"] == body["definition"]["settings"]["form_id"]


def test_a_pyxform_example_spreadsheet_is_published_with_its_warnings(client, animateur):
    xls = (EXAMPLES / "example_xls" / "tutorial.xls").read_bytes()
    response = upload(client, animateur[1], xls, "tutorial.xls")
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["form_id"], body["version"], body["languages"]) == ("tutorial", 1, ["default"])
    assert body["definition"]["children"][0]["type"] == "repeat"
    (warning,) = body["warnings"]
    assert (warning["sheet"], warning["row"], warning["column"]) == ("choices", 1, "tutorial notes")
    assert warning["message"].startswith(
        "Feuille « choices », ligne 1, colonne « tutorial notes » :"
    )


def test_a_json_definition_is_published_as_it_is(client, animateur):
    definition = surveys.templates.load("barometre-cooperation")
    response = client.post("/api/v1/surveys", json=definition, headers=animateur[1])
    assert response.status_code == 201, response.json
    assert response.json["definition"] == definition
    assert response.json["title"] == "Baromètre de la coopération"


@pytest.mark.parametrize(
    ("content", "filename", "message", "place"),
    [
        ((EXAMPLES / "bug_example_xls" / "calculate_without_calculation.xls").read_bytes(), "c.xls",
         "Feuille « survey », ligne 34, colonne « calculation » : une question de type « calculate » doit avoir une formule dans la colonne « calculation »",
         ("survey", 34, "calculation")),
        (form(**{"${satisfaction} = 'non'": "${satisfait} = 'non'"}), "enquete.md",
         "Feuille « survey », ligne 4, colonne « relevant » : la référence ${satisfait} ne désigne aucune question",
         ("survey", 4, "relevant")),
    ],
)  # fmt: skip
def test_an_invalid_form_is_refused_naming_sheet_row_and_column(
    client, animateur, content, filename, message, place
):
    response = upload(client, animateur[1], content, filename)
    assert response.status_code == 422, response.json
    body = response.json
    assert body["message"].startswith(message)
    assert message in body["errors"]["files"]["file"][0]
    first = body["errors"]["issues"][0]
    assert (first["sheet"], first["row"], first["column"]) == place
    assert first["severity"] == "error" and first["code"]


def test_an_invalid_json_definition_is_refused_with_its_problems(client, animateur):
    definition = surveys.templates.load("vivre-dans-mon-quartier")
    definition["children"][1]["relevant"] = "${inconnue} = 1"
    response = client.post("/api/v1/surveys", json=definition, headers=animateur[1])
    assert response.status_code == 422
    (problem,) = response.json["errors"]["json"]["_schema"]
    assert "${inconnue} ne désigne aucune question" in problem and "relevant" in problem
    not_a_form = client.post("/api/v1/surveys", json=["a"], headers=animateur[1])
    assert not_a_form.status_code == 422


@pytest.mark.parametrize(
    ("content", "filename"), [(b"%PDF-1.4", "enquete.pdf"), (b"\x00\x01garbage", "enquete.xlsx")]
)
def test_a_file_that_is_not_an_xlsform_is_refused_in_french(client, animateur, content, filename):
    response = upload(client, animateur[1], content, filename)
    assert response.status_code == 422
    assert "XLSForm" in response.json["message"] or "illisible" in response.json["message"].lower()


def test_republishing_unchanged_keeps_the_version_and_a_change_makes_a_new_one(
    client, animateur, published
):
    headers = animateur[1]
    again = upload(
        client, headers, form(**{"| 1 | Français (fr) |": "| 2026-12 | Français (fr) |"})
    )
    assert again.status_code == 200  # only the form's own version label changed
    assert (again.json["id"], again.json["version"]) == (published["id"], 1)
    changed = upload(client, headers, form(**{"| Votre âge |": "| Votre âge (en années) |"}))
    assert changed.status_code == 201
    assert (changed.json["form_id"], changed.json["version"]) == ("quartier_test", 2)
    assert changed.json["id"] != published["id"]
    latest = client.get("/api/v1/surveys", headers=headers).json
    assert [(s["form_id"], s["version"]) for s in latest] == [("quartier_test", 2)]
    every = client.get("/api/v1/surveys?versions=all&form_id=quartier_test", headers=headers).json
    assert [s["version"] for s in every] == [2, 1]
    assert "definition" not in every[0]  # the list is light; GET /surveys/{id} has it
    old = client.get(f"/api/v1/surveys/{published['id']}", headers=headers).json
    assert old["definition"]["children"][0]["label"]["Français (fr)"] == "Votre âge"


def test_going_back_to_an_older_content_makes_it_the_latest_version(client, animateur, published):
    headers = animateur[1]
    upload(client, headers, form(**{"| Votre âge |": "| Âge |"}))
    back = upload(client, headers, FORM)
    assert (back.status_code, back.json["version"]) == (201, 3)
    assert back.json["fingerprint"] == published["fingerprint"]


def test_concurrent_publications_of_one_form_make_one_version(app, animateur):
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def send():
        client = app.test_client()
        barrier.wait()
        statuses.append(upload(client, animateur[1], FORM).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 201]
    from backend.extensions.database import db
    from backend.models import Survey

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 1


def test_templates_are_listed_and_published_in_one_call(client, animateur):
    headers = animateur[1]
    listed = client.get("/api/v1/surveys/templates", headers=headers).json
    assert [t["name"] for t in listed] == [
        "barometre-cooperation",
        "diagnostic-en-marchant",
        "vivre-dans-mon-quartier",
    ]
    assert listed[0]["title"] == "Baromètre de la coopération" and listed[0]["description"]
    detail = client.get("/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=headers).json
    assert detail["xlsform"].lstrip().startswith("<!--") and "| survey |" in detail["xlsform"]
    first = client.post("/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=headers)
    again = client.post("/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert first.json["definition"] == detail["definition"]
    unknown = client.post("/api/v1/surveys/templates/inconnu", headers=headers)
    assert unknown.status_code == 404 and "inconnu" in unknown.json["message"]


@pytest.mark.parametrize(("role", "status"), [("veilleur", 403), ("analyste", 403), ("admin", 201)])
def test_animateurs_and_admins_publish_everyone_signed_in_reads(client, make_user, role, status):
    _, headers = make_user(role, ("QP031007",) if role != "admin" else ())
    response = client.post("/api/v1/surveys/templates/barometre-cooperation", headers=headers)
    assert response.status_code == status
    assert upload(client, {}, FORM).status_code == 401
    if status == 403:
        _, animateur = make_user("animateur", ("QP031007",))
        survey = client.post("/api/v1/surveys/templates/barometre-cooperation", headers=animateur)
        read = client.get(f"/api/v1/surveys/{survey.json['id']}", headers=headers)
        assert read.status_code == 200 and read.json["definition"]["children"]


def test_publication_is_audited(client, make_user, published):
    _, admin = make_user("admin", ())
    events = client.get("/api/v1/audit?action=survey.publish", headers=admin).json
    assert [(e["action"], e["target_id"]) for e in events] == [("survey.publish", published["id"])]
    assert events[0]["details"] == {"form_id": "quartier_test", "version": 1}


def test_an_unknown_survey_is_404(client, animateur):
    missing = client.get(
        "/api/v1/surveys/6f1c2b76-0c55-4a6e-9f0e-0d3a3f1d2c11", headers=animateur[1]
    )
    assert missing.status_code == 404


def test_a_form_id_belongs_to_the_team_that_published_it(client, make_user, animateur, published):
    """Montpellier publishing Toulouse's form id gets its own form, never Toulouse's version 2."""
    _, montpellier = make_user("animateur", ("QP034005",))
    theirs = upload(client, montpellier, form(**{"Votre âge": "Âge"}))
    assert theirs.status_code == 201
    assert theirs.json["form_id"] == "quartier_test" and theirs.json["version"] == 1
    assert theirs.json["owner_territories"] == ["QP034005"]
    # Toulouse's team still sees one form, at version 1, and not Montpellier's.
    listed = client.get("/api/v1/surveys?form_id=quartier_test", headers=animateur[1]).json
    assert [(s["id"], s["version"]) for s in listed] == [(published["id"], 1)]
    # Each team's forms are theirs alone: not readable, not usable for a campaign elsewhere.
    assert client.get(f"/api/v1/surveys/{published['id']}", headers=montpellier).status_code == 404
    campaign = client.post(
        "/api/v1/campaigns",
        json={
            "survey_id": published["id"],
            "title": "Emprunt",
            "territories": ["QP034005"],
            "opens_at": "2026-12-01T00:00:00+01:00",
            "closes_at": "2027-01-31T23:59:00+01:00",
        },
        headers=montpellier,
    )
    assert campaign.status_code == 422 and "survey_id" in campaign.json["errors"]["json"]
    # A colleague of the same territory versions the same form.
    _, colleague = make_user("animateur", ("QP031007",))
    changed = upload(client, colleague, form(**{"Votre âge": "Quel âge avez-vous ?"}))
    assert changed.status_code == 201 and changed.json["version"] == 2
    # An admin sees both forms; a platform-wide form (an admin's) is seen by every team.
    _, admin = make_user("admin", ())
    everything = client.get("/api/v1/surveys?form_id=quartier_test", headers=admin).json
    assert sorted(s["owner_territories"] for s in everything) == [["QP031007"], ["QP034005"]]
    national = client.post("/api/v1/surveys/templates/barometre-cooperation", headers=admin).json
    assert national["owner_territories"] == []
    seen = {s["id"] for s in client.get("/api/v1/surveys", headers=montpellier).json}
    assert national["id"] in seen and published["id"] not in seen
