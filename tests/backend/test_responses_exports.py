"""Organisers and analysts export a campaign's responses as Kobo does (CSV, XLSX, JSON) and
share a per-question summary in which small counts are suppressed."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.backend.conftest import inside
from tests.backend.test_campaigns import open_campaign
from tests.backend.test_responses import ANSWERS, answer, response_payload
from tests.backend.test_surveys import animateur, form, published, upload

__all__ = ["animateur", "published"]  # fixtures used here

MIRAIL = {"type": "Point", "coordinates": inside("QP031007")}
MURET = {"type": "Point", "coordinates": inside("QP031001")}


@pytest.fixture
def answered(client, make_user, published):
    """A campaign on Grand Mirail and Muret's Saint Jean, with three answers in Grand Mirail
    (one with formula-like text) and one in Muret."""
    _, admin = make_user("admin", ())
    campaign = open_campaign(client, admin, published["id"], ("QP031007", "QP031001"))
    sent = []
    for changes, point in [
        ({}, MIRAIL),
        ({"satisfaction": "oui", "themes": "mobilite", "lieux": [], "pourquoi": None}, MIRAIL),
        ({"pourquoi": '=HYPERLINK("http://x")', "themes": "", "lieux": [{"lieu": "-1"}]}, MIRAIL),
        ({"age": "70"}, MURET),
    ]:
        answers = {k: v for k, v in (ANSWERS | changes).items() if v is not None}
        _, resident = make_user("veilleur", ())
        payload = response_payload(answers=answers, location=point)
        response = answer(client, resident, campaign["id"], payload)
        assert response.status_code == 201, response.json
        sent.append(response.json)
    return campaign, sent


def get_export(client, auth, campaign, **query):
    query_string = "&".join(f"{k}={v}" for k, v in query.items())
    return client.get(f"/api/v1/campaigns/{campaign['id']}/responses?{query_string}", headers=auth)


def read_csv(response):
    assert response.status_code == 200, response.json
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_column_per_question_and_a_0_1_column_per_choice(client, answered, animateur):
    campaign, sent = answered
    rows = read_csv(get_export(client, animateur[1], campaign, format="csv", headers="machine"))
    assert [r["_id"] for r in rows] == [s["id"] for s in sent[:3]]  # Grand Mirail only
    first = rows[0]
    assert list(first)[:7] == ["_id", "_submitted_at", "_received_at", "_territory",
                               "_survey_version", "_latitude", "_longitude"]  # fmt: skip
    assert list(first)[7:] == ["age", "satisfaction", "pourquoi", "themes", "themes/proprete",
                               "themes/sante", "themes/mobilite", "nb_lieux"]  # fmt: skip
    assert (first["age"], first["satisfaction"], first["_territory"]) == ("34", "non", "QP031007")
    assert first["themes"] == "proprete sante"
    assert [(r["themes/proprete"], r["themes/sante"], r["themes/mobilite"]) for r in rows] == [
        ("1", "1", "0"),
        ("0", "0", "1"),
        ("", "", ""),  # not answered: no 0/1 either, as Kobo does
    ]
    assert rows[2]["pourquoi"] == '\'=HYPERLINK("http://x")'  # neutralised for spreadsheets
    assert float(first["_longitude"]) == pytest.approx(MIRAIL["coordinates"][0], abs=1e-6)


def test_repeats_come_as_a_second_csv_keyed_by_response(client, answered, animateur):
    campaign, sent = answered
    rows = read_csv(
        get_export(client, animateur[1], campaign, format="csv", headers="machine", table="lieux")
    )
    assert [(r["_response_id"], r["_index"], r["lieu"], r["note"]) for r in rows] == [
        (sent[0]["id"], "1", "Parc de la Reynerie", "4"),
        (sent[0]["id"], "2", "Métro", "2"),
        # a plain negative number stays a number (analysis/spreadsheet.py)
        (sent[2]["id"], "1", "-1", ""),
    ]
    unknown = get_export(
        client, animateur[1], campaign, format="csv", headers="machine", table="arrets"
    )
    assert unknown.status_code == 422 and "reponses, lieux" in unknown.json["message"]
    excel = get_export(
        client, animateur[1], campaign, format="csv", headers="machine", excel="true"
    )
    assert excel.data.startswith(b"\xef\xbb\xbf") and b";" in excel.data.split(b"\r\n")[0]


def test_xlsx_has_the_responses_then_one_sheet_per_repeat(client, answered, animateur):
    campaign, sent = answered
    response = get_export(client, animateur[1], campaign, format="xlsx", headers="machine")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["reponses", "lieux"]
    main = list(book["reponses"].values)
    header = main[0]
    assert header[7:] == ("age", "satisfaction", "pourquoi", "themes", "themes/proprete",
                          "themes/sante", "themes/mobilite", "nb_lieux")  # fmt: skip
    values = [dict(zip(header, row, strict=True)) for row in main[1:]]
    assert [v["age"] for v in values] == [34, 34, 34]  # numbers stay numbers
    assert [v["themes/sante"] for v in values] == [1, 0, None]
    assert values[2]["pourquoi"].startswith("'=")
    stops = list(book["lieux"].values)
    assert stops[0][:4] == ("_response_id", "_index", "lieu", "note")
    assert [row[0] for row in stops[1:]] == [sent[0]["id"], sent[0]["id"], sent[2]["id"]]


def test_labels_in_the_chosen_language(client, answered, animateur):
    campaign, _ = answered
    rows = read_csv(get_export(client, animateur[1], campaign, format="csv", headers="labels",
                               values="labels", language="en"))  # fmt: skip
    assert rows[0]["Your age"] == "34"
    assert rows[0]["Are you satisfied?"] == "No"
    assert rows[0]["What matters"] == "Cleanliness, Health"
    assert rows[0]["What matters / Health"] == "1"
    french = read_csv(get_export(client, animateur[1], campaign, format="csv", headers="labels"))
    assert "Êtes-vous satisfait·e du quartier ?" in french[0]
    wrong = get_export(client, animateur[1], campaign, format="csv", language="de")
    assert wrong.status_code == 422 and "English (en)" in wrong.json["message"]


def test_people_get_labels_and_paris_time_machines_names_and_utc(client, answered, animateur):
    """By default a person's spreadsheet: question labels, « Répondu le (heure de Paris) » read
    as a date and time, no internal column; ``headers=machine`` gives names and UTC."""
    import datetime as dt

    campaign, _ = answered
    person = read_csv(get_export(client, animateur[1], campaign, format="csv"))
    program = read_csv(get_export(client, animateur[1], campaign, format="csv", headers="machine"))
    assert "Répondu le (heure de Paris)" in person[0] and "_submitted_at" in program[0]
    assert not any("reserved_name_for_field_list_labels" in c for c in [*person[0], *program[0]])
    local = dt.datetime.strptime(person[0]["Répondu le (heure de Paris)"], "%d/%m/%Y %H:%M:%S")
    utc = dt.datetime.fromisoformat(program[0]["_submitted_at"])
    offset = utc.astimezone(dt.timezone(dt.timedelta(hours=1))).replace(tzinfo=None)
    assert local == offset.replace(microsecond=0)  # Paris in winter: UTC+1


def test_json_export_and_its_audit(client, answered, make_user, animateur):
    campaign, sent = answered
    response = get_export(client, animateur[1], campaign)
    assert response.status_code == 200
    assert [r["answers"] for r in response.json] == [s["answers"] for s in sent[:3]]
    assert all(r["mine"] is False for r in response.json)
    get_export(client, animateur[1], campaign, format="xlsx")
    _, admin = make_user("admin", ())
    events = client.get("/api/v1/audit?action=export.responses", headers=admin).json
    assert [(e["details"]["format"], e["details"]["rows"]) for e in events] == [
        ("xlsx", 3),
        ("json", 3),
    ]
    assert events[0]["target_id"] == campaign["id"] and events[0]["actor_role"] == "animateur"


@pytest.mark.parametrize(
    ("role", "territories", "expected"),
    [
        ("analyste", ("31555",), 3),  # Toulouse and its QPV: Grand Mirail's responses
        ("analyste", ("QP031001",), 1),  # Saint Jean, in Muret
        ("animateur", ("QP034005",), 404),  # Montpellier: the campaign is not theirs to know
        ("admin", (), 4),
    ],
)
def test_organisers_read_the_responses_of_their_territories_only(
    client, answered, make_user, role, territories, expected
):
    campaign, _ = answered
    _, headers = make_user(role, territories)
    response = get_export(client, headers, campaign, format="json")
    if expected == 404:
        assert response.status_code == 404
        assert get_export(client, headers, campaign, format="csv").status_code == 404
        summary = client.get(f"/api/v1/campaigns/{campaign['id']}/summary", headers=headers)
        assert summary.status_code == 404
    else:
        assert len(response.json) == expected


def test_a_campaign_with_two_versions_exports_every_column(client, answered, make_user, animateur):
    campaign, _ = answered
    _, admin = make_user("admin", ())
    extra = "| | text | quartier | Quartier | District | | | | | | |\n| | select_one satisfaction |"
    newer = upload(client, admin, form(**{"| | select_one satisfaction |": extra})).json
    client.patch(
        f"/api/v1/campaigns/{campaign['id']}", json={"survey_id": newer["id"]}, headers=admin
    )
    _, resident = make_user("veilleur", ("QP031007",))
    answer(
        client,
        resident,
        campaign["id"],
        response_payload(answers=ANSWERS | {"quartier": "Reynerie"}),
    )
    rows = read_csv(get_export(client, animateur[1], campaign, format="csv", headers="machine"))
    assert [r["_survey_version"] for r in rows] == ["1", "1", "1", "2"]
    assert [r["quartier"] for r in rows] == ["", "", "", "Reynerie"]
    columns = list(rows[0])
    assert columns.index("age") < columns.index("quartier") < columns.index("satisfaction")


def test_summary_suppresses_small_counts(app, client, answered, animateur):
    campaign, _ = answered
    url = f"/api/v1/campaigns/{campaign['id']}/summary"
    app.config["DISCLOSURE_THRESHOLD"] = 2
    try:
        summary = client.get(url, headers=animateur[1]).json
    finally:
        app.config["DISCLOSURE_THRESHOLD"] = 11
    assert (summary["responses"], summary["disclosure_threshold"]) == (3, 2)
    questions = summary["questions"]
    satisfaction = questions["satisfaction"]  # non ×2, oui ×1: a lone small count
    assert satisfaction["answered"] == 3
    assert satisfaction["counts"] == {"oui": None, "non": None}  # non too, or 3 − 2 tells
    assert satisfaction["suppressed"] == ["counts/oui", "shares/oui", "counts/non", "shares/non"]
    themes = questions["themes"]  # proprete, sante, mobilite: one each, from 2 answers
    assert themes["answered"] == 2
    assert themes["counts"] == {"proprete": None, "sante": None, "mobilite": None}
    age = questions["age"]
    assert (age["n"], age["mean"]) == (3, 34.0)
    # Enough answers for the mean and quartiles, never the extremes: each is one person's age.
    assert age["q1"] is not None and age["q3"] is not None
    assert (age["min"], age["max"], age["suppressed"]) == (None, None, ["min", "max"])
    pourquoi = questions["pourquoi"]
    assert pourquoi["answered"] == 2 and pourquoi["suppressed"] == []
    everything = client.get(url, headers=animateur[1]).json["questions"]  # threshold 11
    assert everything["age"]["mean"] is None and "mean" in everything["age"]["suppressed"]
    assert everything["satisfaction"]["answered"] is None
    assert set(everything["satisfaction"]["counts"].values()) == {None}
    english = client.get(url + "?language=en", headers=animateur[1]).json
    assert english["questions"]["age"]["label"] == "Your age"
