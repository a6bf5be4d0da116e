"""Existing KoboToolbox / ODK data brought into a campaign: every submission kept with its
answers as they came, per-answer notes stored, nothing dropped, a second import adds nothing."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from tests.backend.test_campaigns import open_campaign
from tests.backend.test_photos import jpeg_with_gps
from tests.backend.test_surveys import animateur, upload
from tests.conftest import DATA

__all__ = ["animateur"]  # fixtures used here

KOBO = json.loads((DATA / "kobo" / "tree-survey-export.json").read_text(encoding="utf-8"))
TREES = """
| survey |
| | type | name | label |
| | start | start | |
| | end | end | |
| | today | today | |
| | username | username | |
| | deviceid | deviceid | |
| | geopoint | Record_your_current_location | Où est l'arbre ? |
| | integer | Estimate_height_of_your_tree_in_meters | Hauteur (m) |
| | select_multiple tree_reasons | I_like_this_tree_because | Pourquoi ? |
| | image | Take_a_photo_of_this_tree | Photo |
| choices |
| | list_name | name | label |
| | tree_reasons | shade | Ombre |
| | tree_reasons | food | Nourriture |
| | tree_reasons | wildlife_habitat | Faune |
| | tree_reasons | beauty | Beauté |
| settings |
| | form_id | title |
| | mimsy | Arbres |
"""
ROSTER = """
| survey |
| | type | name | label | calculation |
| | integer | taille | Personnes | |
| | begin repeat | membres | Membre | |
| | calculate | person_id | | once(uuid()) |
| | text | prenom | Prénom | |
| | integer | age | Âge | |
| | end repeat | | | |
| | select_multiple lieux | lieux | Lieux | |
| choices |
| | list_name | name | label |
| | lieux | parc | Parc |
| | lieux | gare | Gare |
| settings |
| | form_id |
| | foyers |
"""


def campaign_on(client, headers, form):
    survey = upload(client, headers, form)
    assert survey.status_code == 201, survey.json
    return open_campaign(client, headers, survey.json["id"])


def send(client, headers, campaign, content: bytes, name: str, **form):
    return client.post(
        f"/api/v1/campaigns/{campaign['id']}/imports",
        data={"file": (io.BytesIO(content), name), **form},
        headers=headers,
        content_type="multipart/form-data",
    )


def stored(client, headers, campaign):
    response = client.get(f"/api/v1/campaigns/{campaign['id']}/responses", headers=headers)
    assert response.status_code == 200
    return response.json


def test_a_kobo_json_export_is_imported_whole_and_once(client, animateur):
    campaign = campaign_on(client, animateur[1], TREES)
    body = json.dumps({"count": 3, "results": KOBO["submissions"]}).encode()
    report = send(client, animateur[1], campaign, body, "mimsy.json")
    assert report.status_code == 201, report.json
    assert report.json["created"] == len(KOBO["submissions"]) == 3
    # Made in 2021, long before the campaign: kept, with a note saying so.
    assert all(any(n["code"] == "period" for n in item["notes"]) for item in report.json["items"])
    rows = stored(client, animateur[1], campaign)
    assert len(rows) == 3 and {r["territory"] for r in rows} == {"QP031007"}
    first = next(
        r for r in rows if r["answers"].get("Estimate_height_of_your_tree_in_meters") == 18
    )
    assert first["answers"]["I_like_this_tree_because"] == [
        "shade", "food", "wildlife_habitat", "beauty"
    ]  # fmt: skip
    again = send(client, animateur[1], campaign, body, "mimsy.json")
    assert again.json["created"] == 0 and again.json["duplicate"] == 3
    changed = [dict(KOBO["submissions"][0], Estimate_height_of_your_tree_in_meters="19")]
    conflict = send(client, animateur[1], campaign, json.dumps(changed).encode(), "x.json")
    assert conflict.json["conflict"] == 1
    assert len(stored(client, animateur[1], campaign)) == 3


def test_an_answer_the_form_refuses_is_kept_with_its_note(client, animateur):
    campaign = campaign_on(client, animateur[1], TREES)
    row = dict(KOBO["submissions"][0], Estimate_height_of_your_tree_in_meters="très haut")
    report = send(client, animateur[1], campaign, json.dumps([row]).encode(), "x.json")
    assert report.json["created"] == 1
    [item] = report.json["items"]
    assert ("Estimate_height_of_your_tree_in_meters", "type") in {
        (n["question"], n["code"]) for n in item["notes"]
    }
    [response] = stored(client, animateur[1], campaign)
    assert response["answers"]["Estimate_height_of_your_tree_in_meters"] == "très haut"


def test_a_zip_of_odk_instances_brings_their_photos(client, animateur):
    campaign = campaign_on(client, animateur[1], TREES)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for index in range(2):
            folder = f"instances/mimsy_2026-11-20_18-3{index}-00"
            xml = (
                f"<mimsy id='mimsy' version='1'><start>2026-11-20T18:30:00.000+01:00</start>"
                f"<Estimate_height_of_your_tree_in_meters>{index + 3}"
                "</Estimate_height_of_your_tree_in_meters>"
                "<I_like_this_tree_because>shade</I_like_this_tree_because>"
                f"<Take_a_photo_of_this_tree>p{index}.jpg</Take_a_photo_of_this_tree>"
                f"<meta><instanceID>uuid:0000000{index}-64f4-4d5c-9a63-0f4c2e8a1b4c</instanceID>"
                "</meta></mimsy>"
            )
            out.writestr(f"{folder}/{folder.rsplit('/', 1)[1]}.xml", xml)
            out.writestr(f"{folder}/p{index}.jpg", jpeg_with_gps(40, 30))
    report = send(client, animateur[1], campaign, archive.getvalue(), "instances.zip")
    assert report.status_code == 201, report.json
    assert report.json["created"] == 2
    from backend.extensions.database import db
    from backend.models import ResponseAttachment

    with client.application.app_context():
        names = sorted(a.name for a in db.session.query(ResponseAttachment))
    assert names == ["p0.jpg", "p1.jpg"]


def test_a_kobo_xlsx_export_joins_its_repeats(client, animateur):
    campaign = campaign_on(client, animateur[1], ROSTER)
    book = openpyxl.Workbook()
    main = book.active
    main.title = "foyers"
    main.append(["taille", "lieux", "lieux/parc", "lieux/gare", "meta/instanceID", "_id",
                 "_uuid", "_submission_time", "_index"])  # fmt: skip
    main.append([2, "parc gare", 1, 1, "uuid:aa", 7, "aa", "2026-11-20T17:00:00", 1])
    main.append([1, "gare", 0, 1, "uuid:bb", 8, "bb", "2026-11-20T17:05:00", 2])
    members = book.create_sheet("membres")
    members.append(["membres/person_id", "membres/prenom", "membres/age", "_index",
                    "_parent_table_name", "_parent_index"])  # fmt: skip
    members.append(["p-1", "Awa", 34, 1, "foyers", 1])
    members.append(["p-2", "Ilyes", 2, 2, "foyers", 1])
    members.append(["p-3", "Lina", 40, 3, "foyers", 2])
    content = io.BytesIO()
    book.save(content)
    report = send(client, animateur[1], campaign, content.getvalue(), "foyers.xlsx")
    assert report.status_code == 201, report.json
    assert report.json["created"] == 2
    codes = {note["code"] for item in report.json["items"] for note in item["notes"]}
    assert codes == {"period"}, report.json  # made before the campaign; nothing else to say
    rows = {r["answers"]["taille"]: r["answers"] for r in stored(client, animateur[1], campaign)}
    assert [m["person_id"] for m in rows[2]["membres"]] == ["p-1", "p-2"]
    assert [m["prenom"] for m in rows[1]["membres"]] == ["Lina"]
    assert rows[2]["lieux"] == ["parc", "gare"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"{", "x.json"),
        (b"{}", "x.json"),
        (b"not a zip", "x.zip"),
        (b"<a/>", "x.xml"),
        (b"hello", "x.txt"),
    ],
)
def test_an_unreadable_file_is_422_with_a_french_message(client, animateur, content, name):
    campaign = campaign_on(client, animateur[1], TREES)
    response = send(client, animateur[1], campaign, content, name)
    assert response.status_code == 422
    assert response.json["errors"]["files"]["file"][0]
    assert stored(client, animateur[1], campaign) == []


def test_only_the_campaign_s_organisers_import(client, animateur, make_user):
    campaign = campaign_on(client, animateur[1], TREES)
    body = json.dumps(KOBO["submissions"]).encode()
    veilleur = make_user("veilleur", ("QP031007",))[1]
    assert send(client, veilleur, campaign, body, "x.json").status_code == 403
    foreign = make_user("animateur", ("QP034005",))[1]
    assert send(client, foreign, campaign, body, "x.json").status_code == 404
