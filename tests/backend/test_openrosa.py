"""ODK Collect and Enketo through the OpenRosa protocol, with the requests a phone really makes:
an app user created by the organiser, ``formList``, the XForm (pyxform's) and its manifest,
HEAD then a multipart POST of the filled instance and its photo, idempotent on instanceID."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
import zlib

import pytest

from tests.backend.test_campaigns import open_campaign
from tests.backend.test_photos import jpeg_with_gps
from tests.backend.test_surveys import animateur, upload

__all__ = ["animateur"]  # fixtures used here

HTTPS = "https://localhost"
OPENROSA = {"X-OpenRosa-Version": "1.0"}
XFORMS = "{http://www.w3.org/2002/xforms}"
LIST = "{http://openrosa.org/xforms/xformsList}"
RESPONSE = "{http://openrosa.org/http/response}"

ROSTER = """
| survey |
| | type | name | label | calculation | repeat_count | relevant | constraint |
| | start | start | | | | | |
| | integer | taille | Personnes au foyer | | | | . > 0 |
| | begin repeat | membres | Membre | | ${taille} * 1 | | |
| | calculate | person_id | | once(uuid()) | | | |
| | text | prenom | Prénom | | | | |
| | integer | age | Âge | | | | . < 120 |
| | end repeat | | | | | | |
| | select_one oui_non | emploi | Travaillez-vous ? | | | | |
| | text | metier | Métier | | | ${emploi} = 'oui' | |
| | image | facade | Photo de la façade | | | | |
| choices |
| | list_name | name | label |
| | oui_non | oui | Oui |
| | oui_non | non | Non |
| settings |
| | form_id | title |
| | foyers | Recensement des foyers |
"""
PERSON_IDS = ["c7f3a1e2-4b5d-4e6f-8a9b-0c1d2e3f4a5b", "d8e4b2f3-5c6e-4f7a-9b0c-1d2e3f4a5b6c"]


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return OPENROSA | {"Authorization": f"Basic {token}"}


@pytest.fixture
def collect(client, animateur):
    """A campaign on the roster form, and an app user made for it by the animateur."""
    survey = upload(client, animateur[1], ROSTER)
    assert survey.status_code == 201, survey.json
    campaign = open_campaign(client, animateur[1], survey.json["id"])
    created = client.post(
        f"/api/v1/campaigns/{campaign['id']}/app-users",
        json={"name": "Tablette 1"},
        headers=animateur[1],
        base_url=HTTPS,
    )
    assert created.status_code == 201, created.json
    return campaign, created.json, basic(created.json["username"], created.json["token"])


def get(client, path, headers):
    return client.get(path, headers=headers, base_url=HTTPS)


def fill(xform: str, instance_id: str, *, emploi: str = "non", photo: str = "façade.jpg") -> bytes:
    """The primary instance of the XForm, filled as Collect fills it (two household members)."""
    model = ET.fromstring(xform).find(f".//{XFORMS}model")
    root = copy.deepcopy(model.find(f"{XFORMS}instance")[0])
    start = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=1)))
    values = {
        "start": start.isoformat(timespec="milliseconds"),
        "taille": "2",
        "membres_count": "2",
        "emploi": emploi,
        "metier": "boulanger" if emploi == "oui" else "",  # Collect empties what is not asked
        "facade": photo,
    }
    template = [c for c in root if c.tag.endswith("membres")]
    for child in template:
        root.remove(child)
    position = list(root).index(next(c for c in root if c.tag.endswith("emploi")))
    for index, (person, name, age) in enumerate(
        zip(PERSON_IDS, ["Awa", "Ilyes"], ["34", "2"], strict=True)
    ):
        member = copy.deepcopy(template[-1])
        member.attrib.clear()
        for leaf in member:
            leaf.text = {"person_id": person, "prenom": name, "age": age}[leaf.tag.split("}")[-1]]
        root.insert(position + index, member)
    for leaf in root:
        name = leaf.tag.split("}")[-1]
        if name in values:
            leaf.text = values[name]
    meta = next(c for c in root if c.tag.endswith("meta"))
    next(c for c in meta if c.tag.endswith("instanceID")).text = instance_id
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def submit(client, headers, xml: bytes, **files: bytes):
    data = {"xml_submission_file": (io.BytesIO(xml), "submission.xml", "text/xml")}
    for name, content in files.items():
        data[name] = (io.BytesIO(content), name, "image/jpeg")
    return client.post(
        "/openrosa/submission",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
        base_url=HTTPS,
    )


def message_of(response) -> str:
    root = ET.fromstring(response.data)
    assert root.tag == f"{RESPONSE}OpenRosaResponse"
    return root.find(f"{RESPONSE}message").text


def test_collect_lists_downloads_and_submits_a_form(client, animateur, collect):
    campaign, app_user, headers = collect
    settings = json.loads(zlib.decompress(base64.b64decode(app_user["collect_settings"])))
    assert settings["general"]["server_url"] == f"{HTTPS}/openrosa"
    assert settings["general"]["username"] == app_user["username"]
    assert settings["general"]["password"] == app_user["token"]

    listed = get(client, "/openrosa/formList", headers)
    assert listed.status_code == 200 and listed.headers["X-OpenRosa-Version"] == "1.0"
    assert listed.content_type.startswith("text/xml")
    form = ET.fromstring(listed.data).find(f"{LIST}xform")
    assert form.findtext(f"{LIST}formID") == "foyers"
    assert form.findtext(f"{LIST}name") == campaign["title"]
    download = form.findtext(f"{LIST}downloadUrl")
    xform = get(client, download.removeprefix(HTTPS), headers)
    assert xform.status_code == 200
    assert form.findtext(f"{LIST}hash") == "md5:" + hashlib.md5(xform.data).hexdigest()
    manifest = get(client, form.findtext(f"{LIST}manifestUrl").removeprefix(HTTPS), headers)
    assert manifest.status_code == 200 and b"xformsManifest" in manifest.data

    head = client.head("/openrosa/submission", headers=headers, base_url=HTTPS)
    assert head.status_code == 204
    assert int(head.headers["X-OpenRosa-Accept-Content-Length"]) > 1_000_000

    instance_id = f"uuid:{uuid.uuid4()}"
    xml = fill(xform.data.decode(), instance_id)
    photo = jpeg_with_gps(40, 30)
    sent = submit(client, headers, xml, **{"façade.jpg": photo})
    assert sent.status_code == 201, sent.data
    assert sent.headers["X-OpenRosa-Version"] == "1.0"
    assert message_of(sent) == "Réponse bien reçue."

    stored = client.get(f"/api/v1/campaigns/{campaign['id']}/responses", headers=animateur[1])
    assert stored.status_code == 200
    [response] = stored.json
    assert response["territory"] == "QP031007"
    answers = response["answers"]
    # The phone's uuid() values are kept: a roster's person ids still match.
    assert [m["person_id"] for m in answers["membres"]] == PERSON_IDS
    assert [m["age"] for m in answers["membres"]] == [34, 2]
    assert answers["emploi"] == "non" and answers["facade"] == "façade.jpg"
    csv = client.get(
        f"/api/v1/campaigns/{campaign['id']}/responses?format=csv", headers=animateur[1]
    )
    assert csv.status_code == 200 and b"Awa" not in csv.data  # repeats: their own table

    from backend.models import ResponseAttachment
    from backend.services import openrosa

    with client.application.app_context():
        from backend.extensions.database import db

        [attachment] = db.session.query(ResponseAttachment).all()
        assert attachment.name == "façade.jpg"
        notes = openrosa.notes_of(uuid.UUID(response["id"]))
        assert notes == []
    path = f"/api/v1/campaigns/{campaign['id']}/responses/{response['id']}/attachments/façade.jpg"
    image = client.get(path, headers=animateur[1])
    assert image.status_code == 200 and image.content_type == "image/jpeg"
    assert image.data.startswith(b"\xff\xd8") and b"Phone Model X" not in image.data
    assert client.get(path.replace("façade", "autre"), headers=animateur[1]).status_code == 404


def test_a_resent_instance_is_acknowledged_and_a_different_one_is_a_conflict(client, collect):
    campaign, _, headers = collect
    xform = get(client, f"/openrosa/forms/{campaign['id']}.xml", headers).data.decode()
    instance_id = f"uuid:{uuid.uuid4()}"
    xml = fill(xform, instance_id)
    assert submit(client, headers, xml).status_code == 201
    again = submit(client, headers, xml)
    assert again.status_code == 201 and message_of(again) == "Réponse déjà reçue."
    other = submit(client, headers, fill(xform, instance_id, emploi="oui"))
    assert other.status_code == 409
    assert "instanceID" in message_of(other)


def test_an_answer_the_form_would_refuse_is_kept_with_a_note(client, animateur, collect):
    """The phone's answers are never refused for what its form already accepted."""
    campaign, _, headers = collect
    xform = get(client, f"/openrosa/forms/{campaign['id']}.xml", headers).data.decode()
    # Whatever prefix ElementTree gave the form's namespace (its registry is process-wide).
    xml = re.sub(rb"<((?:\w+:)?age)>2</\1>", rb"<\1>deux</\1>", fill(xform, f"uuid:{uuid.uuid4()}"))
    assert b">deux</" in xml
    sent = submit(client, headers, xml)
    assert sent.status_code == 201, sent.data
    [response] = client.get(
        f"/api/v1/campaigns/{campaign['id']}/responses", headers=animateur[1]
    ).json
    assert response["answers"]["membres"][1]["age"] == "deux"
    from backend.services import openrosa

    with client.application.app_context():
        notes = openrosa.notes_of(uuid.UUID(response["id"]))
    assert {(n["question"], n["code"]) for n in notes} >= {("membres[2]/age", "type")}


def test_collect_is_asked_for_credentials_and_a_revoked_access_is_refused(
    client, animateur, collect
):
    campaign, app_user, headers = collect
    anonymous = get(client, "/openrosa/formList", OPENROSA)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Basic ")
    wrong = get(client, "/openrosa/formList", basic(app_user["username"], "pas-le-bon"))
    assert wrong.status_code == 401
    assert client.head("/openrosa/submission", headers=OPENROSA, base_url=HTTPS).status_code == 401
    plain = client.get("/openrosa/formList", headers=headers)  # http://
    assert plain.status_code == 403

    listed = client.get(f"/api/v1/campaigns/{campaign['id']}/app-users", headers=animateur[1]).json
    assert [a["name"] for a in listed] == ["Tablette 1"] and "token" not in listed[0]
    revoked = client.delete(
        f"/api/v1/campaigns/{campaign['id']}/app-users/{app_user['id']}", headers=animateur[1]
    )
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    assert get(client, "/openrosa/formList", headers).status_code == 401


def test_an_app_user_reaches_only_its_campaign(client, animateur, collect, make_user):
    campaign, _, headers = collect
    other = open_campaign(client, animateur[1], campaign["survey"]["id"], title="Autre")
    assert get(client, f"/openrosa/forms/{other['id']}.xml", headers).status_code == 404
    assert get(client, f"/openrosa/forms/{other['id']}/manifest", headers).status_code == 404
    listed = ET.fromstring(get(client, "/openrosa/formList", headers).data)
    assert len(listed.findall(f"{LIST}xform")) == 1


def test_only_the_campaign_s_organisers_create_app_users(client, collect, make_user):
    campaign, _, _ = collect
    path = f"/api/v1/campaigns/{campaign['id']}/app-users"
    veilleur = make_user("veilleur", ("QP031007",))[1]
    assert client.post(path, json={"name": "x"}, headers=veilleur).status_code == 403
    foreign = make_user("animateur", ("QP034005",))[1]
    assert client.post(path, json={"name": "x"}, headers=foreign).status_code == 404
    assert client.get(path, headers=foreign).status_code == 404
    admin = make_user("admin", ())[1]
    outside = client.post(path, json={"name": "x", "territory": "QP034005"}, headers=admin)
    assert outside.status_code == 422


def test_an_unreadable_submission_is_400_with_a_message(client, collect):
    _, _, headers = collect
    bad = submit(client, headers, b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
    assert bad.status_code == 400 and message_of(bad)
    no_id = submit(client, headers, b"<foyers id='foyers'><taille>2</taille></foyers>")
    assert no_id.status_code == 400 and "instanceID" in message_of(no_id)
    missing = client.post(
        "/openrosa/submission", data={}, headers=headers, base_url=HTTPS,
        content_type="multipart/form-data",
    )  # fmt: skip
    assert missing.status_code == 400


def test_phone_answers_are_in_the_kobo_like_exports(client, animateur, collect):
    campaign, _, headers = collect
    xform = get(client, f"/openrosa/forms/{campaign['id']}.xml", headers).data.decode()
    assert submit(client, headers, fill(xform, f"uuid:{uuid.uuid4()}")).status_code == 201
    path = f"/api/v1/campaigns/{campaign['id']}/responses?format=csv&headers=names&values=names"
    main = client.get(path, headers=animateur[1]).get_data(as_text=True)
    assert "emploi" in main.splitlines()[0] and "taille" in main.splitlines()[0]
    members = client.get(path + "&table=membres", headers=animateur[1]).get_data(as_text=True)
    for person in PERSON_IDS:
        assert person in members


def test_a_closed_campaign_lists_no_form_and_refuses_submissions(client, animateur, collect):
    campaign, _, headers = collect
    xform = get(client, f"/openrosa/forms/{campaign['id']}.xml", headers).data.decode()
    closed = client.patch(
        f"/api/v1/campaigns/{campaign['id']}", json={"closed": True}, headers=animateur[1]
    )
    assert closed.status_code == 200
    listed = ET.fromstring(get(client, "/openrosa/formList", headers).data)
    assert listed.findall(f"{LIST}xform") == []
    refused = submit(client, headers, fill(xform, f"uuid:{uuid.uuid4()}"))
    assert refused.status_code == 400 and "close" in message_of(refused)


FROM_FILE = """
| survey |
| | type | name | label |
| | select_one_from_file communes.csv | commune | Votre commune |
| | text | remarque | Remarque |
| settings |
| | form_id |
| | communes |
"""


def test_a_choice_list_in_a_file_reaches_collect_through_the_manifest(client, animateur):
    survey = upload(client, animateur[1], FROM_FILE)
    assert survey.status_code == 201, survey.json
    campaign = open_campaign(client, animateur[1], survey.json["id"])
    created = client.post(
        f"/api/v1/campaigns/{campaign['id']}/app-users", json={"name": "T"}, headers=animateur[1]
    ).json
    headers = basic(created["username"], created["token"])
    csv = b"name,label\n31555,Toulouse\n31395,Muret\n"

    def attach(content, name):
        return client.post(
            f"/api/v1/campaigns/{campaign['id']}/media",
            data={"file": (io.BytesIO(content), name)},
            headers=animateur[1],
            content_type="multipart/form-data",
        )

    assert attach(csv, "../communes.csv").status_code == 422
    assert attach(b"x", "communes.exe").status_code == 422
    assert attach(csv, "communes.csv").status_code == 201
    listed = client.get(f"/api/v1/campaigns/{campaign['id']}/media", headers=animateur[1]).json
    assert [(m["name"], m["md5"]) for m in listed] == [
        ("communes.csv", hashlib.md5(csv).hexdigest())
    ]

    xform = get(client, f"/openrosa/forms/{campaign['id']}.xml", headers).data.decode()
    assert "jr://file-csv/communes.csv" in xform
    manifest = ET.fromstring(
        get(client, f"/openrosa/forms/{campaign['id']}/manifest", headers).data
    )
    ns = "{http://openrosa.org/xforms/xformsManifest}"
    [entry] = manifest.findall(f"{ns}mediaFile")
    assert entry.findtext(f"{ns}filename") == "communes.csv"
    assert entry.findtext(f"{ns}hash") == "md5:" + hashlib.md5(csv).hexdigest()
    downloaded = get(client, entry.findtext(f"{ns}downloadUrl").removeprefix(HTTPS), headers)
    assert downloaded.status_code == 200 and downloaded.data == csv
    missing = get(client, f"/openrosa/forms/{campaign['id']}/media/autre.csv", headers)
    assert missing.status_code == 404

    xml = (
        f"<communes id='communes' version='1'><commune>31395</commune><remarque>ok</remarque>"
        f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></communes>"
    ).encode()
    assert submit(client, headers, xml).status_code == 201
    [response] = client.get(
        f"/api/v1/campaigns/{campaign['id']}/responses", headers=animateur[1]
    ).json
    assert response["answers"]["commune"] == "31395"
