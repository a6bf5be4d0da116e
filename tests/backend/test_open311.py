"""Open311 GeoReport v2: services (the themes), requests (visible observations, public fields on
the public grid, moderation state as status), discovery, JSON and XML, POST with an organiser's
token as api_key, errors in the spec's shape with French descriptions. The field lists below are
the spec's (http://wiki.open311.org/GeoReport_v2)."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import pytest

from tests.backend.conftest import inside, observation_payload

SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
SERVICE_DEFINITION_FIELDS = {"service_code", "attributes"}
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
}  # fmt: skip
POST_RESPONSE_FIELDS = {"service_request_id", "service_notice", "account_id"}
ERROR_FIELDS = {"code", "description"}
DISCOVERY_FIELDS = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT_FIELDS = {"specification", "url", "changeset", "type", "formats"}
BASE = "/open311/v2"


def xml_items(response, item: str) -> list[dict[str, str | None]]:
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    return [{child.tag: child.text for child in node} for node in root.findall(item)]


def test_services_are_the_themes_with_the_specs_fields(client):
    services = client.get(f"{BASE}/services.json").json
    assert {s["service_code"] for s in services} >= {"proprete", "mobilite"}
    assert all(set(s) == SERVICE_FIELDS for s in services)
    assert all(s["metadata"] is False and s["type"] == "realtime" for s in services)
    in_xml = xml_items(client.get(f"{BASE}/services.xml"), "service")
    assert [s["service_code"] for s in in_xml] == [s["service_code"] for s in services]
    assert all(set(s) == SERVICE_FIELDS for s in in_xml)
    definition = client.get(f"{BASE}/services/proprete.json").json
    assert set(definition) == SERVICE_DEFINITION_FIELDS and definition["attributes"] == []
    unknown = client.get(f"{BASE}/services/inconnu.xml")
    assert unknown.status_code == 404
    (problem,) = xml_items(unknown, "error")
    assert set(problem) == ERROR_FIELDS and problem["code"] == "404"
    assert "Service inconnu" in problem["description"]


def test_discovery_lists_the_endpoint(client):
    discovery = client.get(f"{BASE}/discovery.json").json
    assert set(discovery) == DISCOVERY_FIELDS
    (endpoint,) = discovery["endpoints"]
    assert set(endpoint) == ENDPOINT_FIELDS and endpoint["url"].endswith("/open311/v2/")
    root = ET.fromstring(client.get(f"{BASE}/discovery.xml").data)
    assert [f.text for f in root.iter("format")] == ["application/json", "text/xml"]


def test_requests_show_public_fields_on_the_grid_and_moderation_as_status(client, make_user):
    _, resident = make_user("veilleur", ("QP031001",))
    _, organiser = make_user("animateur", ("QP031001",))
    shown = observation_payload(text="Tags sur le mur, appelez Jean au 06 12 34 56 78")
    hidden = observation_payload(theme="mobilite", text="Le voisin du 3e, M. Dupont, …")
    away = observation_payload(location={"type": "Point", "coordinates": inside("QP034005")})
    for item in (shown, hidden, away):
        assert client.post("/api/v1/observations", json=item, headers=resident).status_code == 201
    client.patch(f"/api/v1/observations/{hidden['id']}", headers=organiser,
                 json={"status": "hidden", "moderation_reason": "Nom cité."})  # fmt: skip

    requests = {r["service_request_id"]: r for r in client.get(f"{BASE}/requests.json").json}
    assert set(requests) == {shown["id"], hidden["id"], away["id"]}
    assert all(set(r) == REQUEST_FIELDS for r in requests.values())
    public = requests[shown["id"]]
    assert (public["status"], public["service_code"]) == ("open", "proprete")
    assert "06 12 34 56 78" not in public["description"]
    lon, lat = shown["location"]["coordinates"]
    assert (public["long"], public["lat"]) != (lon, lat)  # the public grid
    assert abs(public["long"] - lon) < 0.002 and abs(public["lat"] - lat) < 0.002
    closed = requests[hidden["id"]]
    assert closed["status"] == "closed" and closed["description"] is None and closed["lat"] is None
    assert "Dupont" not in client.get(f"{BASE}/requests.json").get_data(as_text=True)

    only_open = client.get(f"{BASE}/requests.json?status=open&jurisdiction_id=QP031001").json
    assert [r["service_request_id"] for r in only_open] == [shown["id"]]
    by_code = client.get(f"{BASE}/requests.json?service_code=mobilite").json
    assert [r["service_request_id"] for r in by_code] == [hidden["id"]]
    in_xml = xml_items(
        client.get(f"{BASE}/requests.xml?service_request_id={shown['id']}"), "request"
    )
    assert len(in_xml) == 1 and set(in_xml[0]) == REQUEST_FIELDS
    assert in_xml[0]["description"] == public["description"]
    one = client.get(f"{BASE}/requests/{away['id']}.json")
    assert one.status_code == 200 and one.json[0]["service_request_id"] == away["id"]
    outside = client.get(f"{BASE}/requests/{away['id']}.json?jurisdiction_id=QP031001")
    assert outside.status_code == 404 and outside.json[0]["description"] == "Demande introuvable."


@pytest.mark.parametrize(
    "path",
    [
        "/requests.json?jurisdiction_id=ZZ999",
        "/requests/pas-un-id.json",
        "/requests.json?status=resolu",
        "/requests.json?start_date=hier",
        "/services.json?jurisdiction_id=ZZ999",
    ],
)
def test_errors_have_the_specs_shape_in_french(client, path):
    response = client.get(BASE + path)
    assert response.status_code in (400, 404)
    (problem,) = response.json
    assert set(problem) == ERROR_FIELDS and problem["code"] == response.status_code
    assert problem["description"] and "Error" not in problem["description"]


def test_a_city_tool_posts_a_request_with_an_organisers_token(client, make_user, db_session):
    _, organiser = make_user("animateur", ("QP031001",))
    key = organiser["Authorization"].split(" ", 1)[1]
    lon, lat = inside("QP031001")
    form = {"api_key": key, "service_code": "proprete", "lat": str(lat), "long": str(lon),
            "description": "Dépôt sauvage rue des Lilas", "email": "agent@mairie.example",
            "first_name": "Paul", "attribute[x]": "1", "jurisdiction_id": "QP031001"}  # fmt: skip
    created = client.post(f"{BASE}/requests.json", data=form)
    assert created.status_code == 201, created.json
    (answer,) = created.json
    assert set(answer) == POST_RESPONSE_FIELDS
    request_id = answer["service_request_id"]
    (stored,) = client.get(f"{BASE}/requests/{request_id}.json").json
    assert stored["status"] == "open" and stored["description"] == "Dépôt sauvage rue des Lilas"
    from backend.models import Observation

    observation = db_session.get(Observation, uuid.UUID(request_id))
    assert observation.territory_code == "QP031001"
    assert "agent@mairie" not in observation.text  # personal fields dropped
    in_xml = client.post(f"{BASE}/requests.xml", data=form)
    assert (
        in_xml.status_code == 201 and set(xml_items(in_xml, "request")[0]) == POST_RESPONSE_FIELDS
    )


@pytest.mark.parametrize(
    ("who", "change", "status", "words"),
    [
        ("veilleur", {}, 403, "compte d'animateur"),
        (None, {}, 401, "api_key"),
        ("animateur", {"service_code": "inconnu"}, 400, "Thème inconnu"),
        ("animateur", {"lat": "48.0", "long": "-30.0"}, 400, "location"),
        ("animateur", {"description": "  "}, 400, "texte est vide"),
        ("animateur", {"lat": "beaucoup"}, 400, "lat"),
        ("animateur", {"jurisdiction_id": "QP034005"}, 400, "juridiction"),
    ],
)
def test_refused_posts_say_why_and_write_nothing(client, make_user, who, change, status, words):
    lon, lat = inside("QP031001")
    form = {"service_code": "proprete", "lat": str(lat), "long": str(lon), "description": "Tags"}
    if who:
        form["api_key"] = make_user(who, ("QP031001",))[1]["Authorization"].split(" ", 1)[1]
    response = client.post(f"{BASE}/requests.json", data=form | change)
    assert response.status_code == status, response.json
    (problem,) = response.json
    assert problem["code"] == status and words in problem["description"]
    assert client.get(f"{BASE}/requests.json").json == []


def test_a_dedicated_key_acts_for_its_account_until_revoked(app, client, make_user):
    user, organiser = make_user("animateur", ("QP031001",))
    created = client.post("/api/v1/me/api-keys", json={"label": "GRC Muret"}, headers=organiser)
    assert created.status_code == 201, created.json
    key = created.json["key"]
    assert key.startswith("vk_")
    listed = client.get("/api/v1/me/api-keys", headers=organiser).json
    assert [k["label"] for k in listed] == ["GRC Muret"] and key not in str(listed)
    lon, lat = inside("QP031001")
    form = {"api_key": key, "service_code": "proprete", "lat": str(lat), "long": str(lon),
            "description": "Lampadaire éteint"}  # fmt: skip
    assert client.post(f"{BASE}/requests.json", data=form).status_code == 201
    assert client.get("/api/v1/me/api-keys", headers=organiser).json[0]["last_used_at"]

    # The key follows the account's rights as they stand.
    _, admin = make_user("admin", ())
    client.patch(f"/api/v1/users/{user.id}", json={"role": "veilleur"}, headers=admin)
    refused = client.post(f"{BASE}/requests.json", data=form)
    assert refused.status_code == 403 and refused.json[0]["code"] == 403
    client.patch(f"/api/v1/users/{user.id}", json={"role": "animateur"}, headers=admin)
    organiser = {"Authorization": "Bearer " + client.post(
        "/api/v1/auth/token", json={"pseudonym": user.pseudonym, "password": "mot-de-passe-solide"}
    ).json["access_token"]}  # fmt: skip
    assert client.post(f"{BASE}/requests.json", data=form).status_code == 201
    revoked = client.delete(f"/api/v1/me/api-keys/{created.json['id']}", headers=organiser)
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    gone = client.post(f"{BASE}/requests.xml", data=form)
    assert gone.status_code == 401
    assert "révoquée" in ET.fromstring(gone.data).find("error/description").text
    _, resident = make_user("veilleur", ("QP031001",))
    assert (
        client.post("/api/v1/me/api-keys", json={"label": "x"}, headers=resident).status_code == 403
    )
    other = client.delete(f"/api/v1/me/api-keys/{created.json['id']}", headers=admin)
    assert other.status_code == 404  # only one's own keys
