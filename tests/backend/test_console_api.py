"""What the organisers' console needs from the API: invitations (list, revoke), the moderation
queue, territory imports from the browser, the list of analyses."""

from __future__ import annotations

import io

from tests.backend.conftest import observation_payload
from tests.conftest import DATA


def test_invitations_are_listed_with_their_uses_and_can_be_revoked(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    code = client.post(
        "/api/v1/territories/QP031001/invites", json={"max_uses": 10}, headers=animateur
    ).json["code"]
    join = {
        "invite_code": code,
        "pseudonym": "premiere",
        "password": "mot de passe",
        "consent": True,
    }
    assert client.post("/api/v1/auth/join", json=join).status_code == 201
    listed = client.get("/api/v1/territories/QP031001/invites", headers=animateur).json
    assert [(i["code"], i["uses"], i["revoked_at"]) for i in listed] == [(code, 1, None)]
    revoked = client.delete(f"/api/v1/territories/invites/{code}", headers=animateur)
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    late = client.post("/api/v1/auth/join", json={**join, "pseudonym": "seconde"})
    assert late.status_code == 403
    _, foreign = make_user("animateur", ("QP034005",))
    assert client.get("/api/v1/territories/QP031001/invites", headers=foreign).status_code == 403
    assert client.delete(f"/api/v1/territories/invites/{code}", headers=foreign).status_code == 403
    assert (
        client.delete("/api/v1/territories/invites/ZZZZ-ZZZZ", headers=animateur).status_code == 404
    )


def test_moderation_queue_holds_what_no_animateur_has_seen(client, make_user):
    _, resident = make_user("veilleur")
    _, animateur = make_user("animateur", ("QP031001",))
    first, second = observation_payload(), observation_payload()
    for item in (first, second):
        client.post("/api/v1/observations", json=item, headers=resident)
    queue = client.get("/api/v1/observations?reviewed=false", headers=animateur).json
    assert {o["id"] for o in queue} == {first["id"], second["id"]} and not queue[0]["reviewed"]
    approved = client.patch(
        f"/api/v1/observations/{first['id']}", json={"status": "visible"}, headers=animateur
    )
    assert approved.json["reviewed"] is True
    assert {
        o["id"] for o in client.get("/api/v1/observations?reviewed=false", headers=animateur).json
    } == {second["id"]}
    assert {
        o["id"] for o in client.get("/api/v1/observations?reviewed=true", headers=animateur).json
    } == {first["id"]}


def upload_territories(client, headers, data: bytes, filename: str, **form):
    fields = {
        "kind": "commune",
        "code_field": "code",
        "name_field": "nom",
        "version": "cog2019",
        **form,
    }
    return client.post(
        "/api/v1/territories/imports",
        headers=headers,
        content_type="multipart/form-data",
        data={**fields, "file": (io.BytesIO(data), filename)},
    )


def test_admin_imports_a_territory_file_from_the_browser(client, make_user):
    _, admin = make_user("admin", ())
    data = (DATA / "territories" / "bouches-du-rhone-communes-arrondissements.geojson").read_bytes()
    response = upload_territories(client, admin, data, "communes-13.geojson")
    assert response.status_code == 201, response.json
    assert response.json["created"] == 135 and "135 créés" in response.json["summary"]
    assert client.get("/api/v1/territories/13001").json["name"] == "Aix-en-Provence"
    events = client.get("/api/v1/audit?action=territories.import", headers=admin).json
    assert events[0]["details"]["total"] == 135


def test_browser_import_errors_are_the_cli_ones(client, make_user):
    _, admin = make_user("admin", ())
    data = (DATA / "territories" / "bouches-du-rhone-communes-arrondissements.geojson").read_bytes()
    wrong_field = upload_territories(client, admin, data, "c.geojson", code_field="CODGEO")
    assert wrong_field.status_code == 422 and "CODGEO" in wrong_field.json["message"]
    wrong_type = upload_territories(client, admin, b"%PDF-1.4", "contours.pdf")
    assert wrong_type.status_code == 422 and "non pris en charge" in wrong_type.json["message"]
    _, animateur = make_user("animateur", ("QP031001",))
    assert upload_territories(client, animateur, data, "c.geojson").status_code == 403


def test_my_analyses_are_listed_newest_first(client, make_user):
    _, analyst = make_user("analyste", ("QP031001",))
    _, other = make_user("analyste", ("QP031001",))
    ids = [
        client.post("/api/v1/analyses", json={"kind": "counts"}, headers=analyst).json["id"]
        for _ in range(2)
    ]
    client.post("/api/v1/analyses", json={"kind": "counts"}, headers=other)
    listed = client.get("/api/v1/analyses", headers=analyst).json
    assert [j["id"] for j in listed] == list(reversed(ids))
