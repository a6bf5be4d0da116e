"""Residents' rights: the notice, consent asked again when it changes, export, erasure."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from tests.backend.conftest import observation_payload
from tests.backend.test_campaigns import open_campaign
from tests.backend.test_photos import jpeg_with_gps, upload
from tests.backend.test_responses import answer, response_payload
from tests.backend.test_surveys import FORM
from tests.backend.test_surveys import upload as upload_form


def test_privacy_notice_is_served_in_plain_french(client, app):
    notice = client.get("/api/v1/privacy").json
    assert notice["version"] == app.config["CONSENT_VERSION"]
    assert "pseudonyme" in notice["text"] and "Supprimer mon compte" in notice["text"]


def test_consent_is_asked_again_when_the_notice_changes(app, client, make_user):
    _, headers = make_user()
    app.config["CONSENT_VERSION"] = "2027-01"
    try:
        refused = client.post("/api/v1/observations", json=observation_payload(), headers=headers)
        assert refused.status_code == 403
        assert refused.json["errors"]["json"]["consent"] == ["consent_required"]
        assert client.get("/api/v1/me", headers=headers).json["consent_required"] is True
        tokens = client.post("/api/v1/me/consent", headers=headers).json
        assert tokens["user"]["consent"]["version"] == "2027-01"
        fresh = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert (
            client.post(
                "/api/v1/observations", json=observation_payload(), headers=fresh
            ).status_code
            == 201
        )
    finally:
        app.config["CONSENT_VERSION"] = "2026-11"


def test_export_contains_everything_i_contributed(client, veilleur, make_user):
    user, headers = veilleur
    mine = observation_payload(text="Le banc près de l'école est cassé")
    client.post("/api/v1/observations", json=mine, headers=headers)
    upload(client, headers, mine["id"], jpeg_with_gps(120, 90))
    _, other = make_user()
    client.post("/api/v1/observations", json=observation_payload(text="pas à moi"), headers=other)
    response = client.get("/api/v1/me/export", headers=headers)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["pseudonym"] == user.pseudonym
    assert data["consents"][0]["version"] == "2026-11"
    assert [o["text"] for o in data["observations"]] == ["Le banc près de l'école est cassé"]
    assert len(data["observations"][0]["photos"]) == 1


def test_export_holds_every_field_stored_about_me(app, client, make_user):
    """Each table that links a row to an account is in the export, every column of the
    person's own rows with it (secrets excepted): a new table or column cannot be forgotten."""
    from backend.extensions.database import db
    from backend.services import personal_data

    user, headers = make_user("veilleur")
    sent = observation_payload(text="Un lampadaire éteint")
    client.post("/api/v1/observations", json=sent, headers=headers)
    upload(client, headers, sent["id"], jpeg_with_gps(60, 40))
    client.post(  # a failed login from some address: stored about the person too
        "/api/v1/auth/token",
        json={"pseudonym": user.pseudonym, "password": "pas le bon"},
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
    )
    _, animateur = make_user("animateur", ("QP031001",))
    client.post(f"/api/v1/users/{user.id}/password-reset", headers=animateur)
    survey = upload_form(client, animateur, FORM).json
    campaign = open_campaign(client, animateur, survey["id"], ("QP031001",))
    answered = answer(client, headers, campaign["id"], response_payload())
    assert answered.status_code == 201, answered.json
    atelier = client.post(  # a workshop the person joined with their account
        "/api/v1/ateliers",
        json={
            "territory": "QP031001",
            "title": "A",
            "held_on": "2026-03-12",
            "steps": [{"kind": "cooperation"}],
        },
        headers=animateur,
    ).json
    joined = client.post(
        "/api/v1/ateliers/join", json={"code": atelier["join_code"]}, headers=headers
    )
    assert joined.status_code == 201, joined.json
    data = client.get("/api/v1/me/export", headers=headers).json

    covered = set(personal_data.ABOUT_THE_PERSON) | set(personal_data.MADE_BY)
    with app.app_context():
        assert personal_data.linked_tables() == covered
        tables = db.metadata.tables
    for name, (section, _) in personal_data.ABOUT_THE_PERSON.items():
        rows = data[section] if isinstance(data[section], list) else [data[section]]
        if name == "user_territory":
            assert data["territories"] == ["QP031001"]
            continue
        assert rows, f"no {section} in the export"
        wanted = {c.name for c in tables[name].c} - personal_data.SECRET_COLUMNS - {"geom"}
        assert wanted <= set(rows[0]), (section, wanted - set(rows[0]))
    observation = data["observations"][0]
    assert (
        observation["text"] == "Un lampadaire éteint" and observation["location"]["type"] == "Point"
    )
    assert observation["photos"][0]["width"] > 0
    assert data["account"]["reset_expires_at"] is not None  # a reset code is waiting
    assert "password_hash" not in data["account"] and "reset_code_hash" not in data["account"]
    assert all("token_hash" not in s for s in data["sessions"])
    assert data["login_failures"][0]["client"] == "192.0.2.44"
    assert "user.password_reset" in {e["action"] for e in data["audit"]}
    assert set(data["made_as_staff"]) == {
        section for links in personal_data.MADE_BY.values() for section in links.values()
    }


def stored(app, model, **where):
    from backend.extensions.database import db

    with app.app_context():
        query = sa.select(sa.func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.session.scalar(query)


def test_erasure_deletes_the_account_its_observations_photos_and_tokens(app, client, veilleur):
    from backend.models import Observation, Photo, User

    user, headers = veilleur
    item = observation_payload()
    client.post("/api/v1/observations", json=item, headers=headers)
    photo = upload(client, headers, item["id"], jpeg_with_gps(100, 100)).json
    media = list((__import__("pathlib").Path(app.config["MEDIA_DIR"])).iterdir())
    assert len(media) == 2  # photo and thumbnail
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    assert stored(app, User, id=user.id) == 0
    assert stored(app, Observation) == 0 and stored(app, Photo) == 0
    assert list(__import__("pathlib").Path(app.config["MEDIA_DIR"]).iterdir()) == []
    # The still-unexpired access token no longer opens anything, nor writes anything.
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert (
        client.post("/api/v1/observations", json=observation_payload(), headers=headers).status_code
        == 401
    )
    assert client.get(photo["url"].split("?")[0], headers=headers).status_code == 401


def test_erasure_can_keep_contributions_with_no_link_to_me(app, client, veilleur, make_user):
    from backend.models import Observation, Photo

    user, headers = veilleur
    item = observation_payload()
    client.post("/api/v1/observations", json=item, headers=headers)
    upload(client, headers, item["id"], jpeg_with_gps(100, 100))
    assert client.delete("/api/v1/me?keep_contributions=true", headers=headers).status_code == 204
    assert stored(app, Observation, id=uuid.UUID(item["id"])) == 1
    assert stored(app, Observation, author_id=user.id) == 0
    assert stored(app, Photo) == 0  # photos can show faces: always deleted
    _, animateur = make_user("animateur", ("QP031001",))
    kept = client.get(f"/api/v1/observations/{item['id']}", headers=animateur).json
    assert kept["text"] == item["text"] and kept["mine"] is False


def test_audit_log_records_sensitive_actions_for_admins_only(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    _, veilleur = make_user("veilleur")
    _, admin = make_user("admin", ())
    item = observation_payload()
    client.post("/api/v1/observations", json=item, headers=veilleur)
    client.post("/api/v1/territories/QP031001/invites", json={"max_uses": 3}, headers=animateur)
    hidden = client.patch(
        f"/api/v1/observations/{item['id']}",
        json={"status": "hidden", "moderation_reason": "doublon"},
        headers=animateur,
    )
    assert hidden.status_code == 200, hidden.json
    client.get("/api/v1/exports/observations?format=csv", headers=animateur)
    events = client.get("/api/v1/audit", headers=admin).json
    actions = [e["action"] for e in events]
    assert actions == ["export.observations", "observation.hide", "invite.create"]
    hide = events[1]
    assert hide["actor_role"] == "animateur" and hide["target_id"] == item["id"]
    assert hide["details"]["reason"] == "doublon" and hide["territory"] == "QP031001"
    assert client.get("/api/v1/audit", headers=animateur).status_code == 403
    csv_export = client.get("/api/v1/audit?format=csv&action=invite.create", headers=admin)
    assert csv_export.status_code == 200
    assert csv_export.data.decode().count("invite.create") == 1
    # An administrator reads French headers and Paris time; a script asks for the names and UTC.
    people = list(csv.DictReader(io.StringIO(csv_export.data.decode("utf-8"))))
    machine = client.get(
        "/api/v1/audit?format=csv&action=invite.create&headers=machine", headers=admin
    ).data.decode("utf-8")
    (program,) = list(csv.DictReader(io.StringIO(machine)))
    (person,) = people
    assert person["Action"] == program["action"] == "invite.create"
    utc = dt.datetime.fromisoformat(program["at"])
    local = dt.datetime.strptime(person["Le (heure de Paris)"], "%d/%m/%Y %H:%M:%S")
    assert local == utc.astimezone(ZoneInfo("Europe/Paris")).replace(tzinfo=None, microsecond=0)
    refused = client.get("/api/v1/audit?format=csv&headers=x", headers=admin)
    assert refused.status_code == 422 and "headers" in refused.json["errors"]["query"]


def test_erased_words_are_not_left_in_the_database_file(app, client, veilleur):
    """SQLite keeps deleted rows in free pages and in its write-ahead log unless told not to."""
    import pathlib
    import subprocess

    import pytest

    if app.config["TEST_DATABASE_KIND"] != "spatialite":
        pytest.skip("a file-level check: PostgreSQL's dead rows are reclaimed by (auto)vacuum")
    _, headers = veilleur
    secret = f"Mot-témoin-{uuid.uuid4().hex}"
    client.post("/api/v1/observations", json=observation_payload(text=secret), headers=headers)
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    path = pathlib.Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    files = [path, path.with_name(path.name + "-wal")]
    # Read by another process: opening and closing the file here would drop this process's
    # POSIX locks on it, and SQLite in other processes would then believe it had the database
    # to itself (and checkpoint and delete the WAL under this process's connections).
    leftovers = [
        f.name
        for f in files
        if f.exists()
        and subprocess.run(["grep", "-qaF", secret, str(f)], check=False).returncode == 0
    ]
    assert leftovers == []


def test_erasure_takes_my_words_out_of_stored_analyses_and_issued_syntheses(client, make_user):
    """Quotes are verbatim: after ``DELETE /me``, none of mine stays in a stored result —
    neither an analysis nor an issued synthesis (JSON, HTML or CSV); their figures stay."""
    import csv
    import pathlib

    from analysis.disclosure import mask_identifiers
    from tests.backend.test_analyses import wait_for

    corpus = pathlib.Path(__file__).parents[1] / "data/text/observations-veilleurs-fr.csv"
    rows = list(csv.DictReader(corpus.read_text(encoding="utf-8").splitlines()))[:70]
    leaving, leaving_headers = make_user("veilleur", ("QP031001",))
    others = [make_user("veilleur", ("QP031001",))[1] for _ in range(3)]
    for i, row in enumerate(rows):
        author = leaving_headers if i < 40 else others[i % 3]
        sent = observation_payload(text=row["text"], theme=row["theme"])
        assert client.post("/api/v1/observations", json=sent, headers=author).status_code == 201
    mine = [" ".join(mask_identifiers(r["text"]).split()) for r in rows[:40]]

    _, animateur = make_user("animateur", ("QP031001",))
    issued = client.post("/api/v1/syntheses", json={"territory": "QP031001"}, headers=animateur)
    assert issued.status_code == 201, issued.json
    _, analyst = make_user("analyste", ("QP031001",))
    job = client.post("/api/v1/analyses", json={"kind": "text_clusters"}, headers=analyst).json
    job = wait_for(client, analyst, job["id"])
    assert job["status"] == "finished", job

    def quoted(document: str) -> list[str]:
        return [text for text in mine if text[:60] in document]

    synthesis_url = f"/api/v1/syntheses/{issued.json['id']}"
    before = {
        "analysis": client.get(f"/api/v1/analyses/{job['id']}", headers=analyst).get_data(True),
        **{
            fmt: client.get(f"{synthesis_url}?format={fmt}", headers=animateur).get_data(True)
            for fmt in ("json", "html", "csv")
        },
    }
    assert quoted(before["analysis"]) and quoted(before["json"]), "my words were quoted"
    clusters = len(
        client.get(f"/api/v1/analyses/{job['id']}", headers=analyst).json["result"]["clusters"]
    )

    assert client.delete("/api/v1/me", headers=leaving_headers).status_code == 204
    after = {
        "analysis": client.get(f"/api/v1/analyses/{job['id']}", headers=analyst).get_data(True),
        **{
            fmt: client.get(f"{synthesis_url}?format={fmt}", headers=animateur).get_data(True)
            for fmt in ("json", "html", "csv")
        },
    }
    assert {name: quoted(text) for name, text in after.items()} == {key: [] for key in after}
    result = client.get(f"/api/v1/analyses/{job['id']}", headers=analyst).json["result"]
    assert len(result["clusters"]) == clusters  # the figures stay
    _, admin = make_user("admin", ())
    event = client.get("/api/v1/audit?action=account.delete", headers=admin).json[0]
    assert event["details"]["quotes_removed"] >= 1
    assert leaving.pseudonym not in after["json"]
