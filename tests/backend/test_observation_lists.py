"""Lists with filters, pagination and GeoJSON; what each role sees; moderation and edits."""

from __future__ import annotations

import json

import pytest

from tests.backend.conftest import inside, observation_payload


@pytest.fixture
def reports(client, make_user):
    """Two residents of Muret's QPV and one of Montpellier's Mosson, with a few reports."""
    muret_a, muret_b = make_user("veilleur"), make_user("veilleur")
    mosson = make_user("veilleur", ("QP034005",))
    made = []
    for who, code, theme, polarity, when in [
        (muret_a, "QP031001", "proprete", "difficulte", "2026-09-10T10:00:00+02:00"),
        (muret_a, "QP031001", "mobilite", "idee", "2026-10-05T10:00:00+02:00"),
        (muret_b, "QP031001", "proprete", "ressource", "2026-11-01T10:00:00+01:00"),
        (mosson, "QP034005", "proprete", "difficulte", "2026-11-02T10:00:00+01:00"),
    ]:
        payload = observation_payload(
            location={"type": "Point", "coordinates": inside(code)},
            theme=theme,
            polarity=polarity,
            observed_at=when,
        )
        response = client.post("/api/v1/observations", json=payload, headers=who[1])
        assert response.status_code == 201
        made.append(response.json)
    return {"muret_a": muret_a, "muret_b": muret_b, "mosson": mosson, "made": made}


def ids(response):
    return {o["id"] for o in response.json}


def test_veilleur_sees_only_their_own(client, reports):
    response = client.get("/api/v1/observations", headers=reports["muret_a"][1])
    assert response.status_code == 200
    assert ids(response) == {reports["made"][0]["id"], reports["made"][1]["id"]}


def test_animateur_sees_their_territory_and_below(client, reports, make_user):
    _, qpv_headers = make_user("animateur", ("QP031001",))
    assert len(client.get("/api/v1/observations", headers=qpv_headers).json) == 3
    # An animateur of the commune of Muret sees the QPV inside it.
    _, commune_headers = make_user("animateur", ("31395",))
    assert len(client.get("/api/v1/observations", headers=commune_headers).json) == 3
    _, foreign = make_user("analyste", ("QP034005",))
    assert ids(client.get("/api/v1/observations", headers=foreign)) == {reports["made"][3]["id"]}
    foreign_one = client.get(f"/api/v1/observations/{reports['made'][0]['id']}", headers=foreign)
    assert foreign_one.status_code == 404


def test_admin_sees_everything(client, reports, make_user):
    _, headers = make_user("admin", ())
    assert len(client.get("/api/v1/observations", headers=headers).json) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=proprete", {0, 2, 3}),
        ("polarity=difficulte", {0, 3}),
        ("territory=QP034005", {3}),
        ("territory=31395", {0, 1, 2}),
        ("since=2026-10-01T00:00:00%2B02:00", {1, 2, 3}),
        ("until=2026-10-01T00:00:00%2B02:00", {0}),
        ("bbox=3.7,43.5,3.9,43.7", {3}),
        ("bbox=1.2,43.3,1.5,43.6&theme=mobilite", {1}),
    ],
)
def test_filters(client, reports, make_user, query, expected):
    _, headers = make_user("admin", ())
    response = client.get(f"/api/v1/observations?{query}", headers=headers)
    assert response.status_code == 200, response.json
    assert ids(response) == {reports["made"][i]["id"] for i in expected}


def test_pagination_headers_and_pages(client, reports, make_user):
    _, headers = make_user("admin", ())
    first = client.get("/api/v1/observations?page=1&page_size=3", headers=headers)
    second = client.get("/api/v1/observations?page=2&page_size=3", headers=headers)
    assert len(first.json) == 3 and len(second.json) == 1
    pagination = json.loads(first.headers["X-Pagination"])
    assert pagination["total"] == 4 and pagination["total_pages"] == 2
    assert ids(first).isdisjoint(ids(second))
    # newest first
    assert first.json[0]["observed_at"] > first.json[-1]["observed_at"]


def test_geojson_feature_collection(client, reports, make_user):
    _, headers = make_user("admin", ())
    response = client.get(
        "/api/v1/observations?theme=proprete", headers={**headers, "Accept": "application/geo+json"}
    )
    assert response.mimetype == "application/geo+json"
    collection = response.json
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["theme"] == "proprete"


def test_bad_filters_are_422(client, make_user):
    _, headers = make_user("admin", ())
    for query in ("bbox=1,2,3", "theme=inconnu", "since=hier", "bbox=5,43,4,44"):
        response = client.get(f"/api/v1/observations?{query}", headers=headers)
        assert response.status_code == 422, query


def test_animateur_hides_with_a_reason_the_original_is_kept_and_the_author_sees_it(
    client, reports, make_user
):
    _, moderator = make_user("animateur", ("QP031001",))
    target = reports["made"][0]["id"]
    no_reason = client.patch(
        f"/api/v1/observations/{target}", json={"status": "hidden"}, headers=moderator
    )
    assert no_reason.status_code == 422 and "raison" in no_reason.json["message"]
    hidden = client.patch(
        f"/api/v1/observations/{target}",
        json={"status": "hidden", "moderation_reason": "Propos injurieux"},
        headers=moderator,
    )
    assert hidden.status_code == 200
    assert hidden.json["status"] == "hidden" and hidden.json["text"] == reports["made"][0]["text"]
    mine = client.get(f"/api/v1/observations/{target}", headers=reports["muret_a"][1]).json
    assert mine["status"] == "hidden" and mine["moderation_reason"] == "Propos injurieux"
    _, analyst = make_user("analyste", ("QP031001",))
    assert target not in ids(client.get("/api/v1/observations", headers=analyst))
    hidden_queue = client.get("/api/v1/observations?status=hidden", headers=moderator)
    assert ids(hidden_queue) == {target}
    restored = client.patch(
        f"/api/v1/observations/{target}", json={"status": "visible"}, headers=moderator
    )
    assert restored.json["status"] == "visible" and restored.json["moderation_reason"] is None


def test_animateur_corrects_the_theme_and_the_submitted_one_is_kept(client, reports, make_user):
    _, moderator = make_user("animateur", ("QP031001",))
    target = reports["made"][1]["id"]
    response = client.patch(
        f"/api/v1/observations/{target}", json={"theme": "voirie_eclairage"}, headers=moderator
    )
    assert response.status_code == 200
    assert (response.json["theme"], response.json["submitted_theme"]) == (
        "voirie_eclairage",
        "mobilite",
    )
    cannot_edit_text = client.patch(
        f"/api/v1/observations/{target}", json={"text": "x"}, headers=moderator
    )
    assert cannot_edit_text.status_code == 403


def test_veilleur_edits_and_deletes_their_own_only(client, reports):
    own, others = reports["made"][0]["id"], reports["made"][2]["id"]
    author = reports["muret_a"][1]
    edited = client.patch(
        f"/api/v1/observations/{own}", json={"text": "Encombrants enlevés ce matin"}, headers=author
    )
    assert edited.status_code == 200 and edited.json["text"] == "Encombrants enlevés ce matin"
    assert edited.json["updated_at"] is not None
    moved = client.patch(
        f"/api/v1/observations/{own}",
        json={"location": {"type": "Point", "coordinates": inside("QP031002")}},
        headers=author,
    )
    assert moved.json["territory"] == "QP031002"
    assert (
        client.patch(
            f"/api/v1/observations/{own}",
            json={"status": "hidden", "moderation_reason": "x"},
            headers=author,
        ).status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/v1/observations/{others}", json={"text": "x"}, headers=author
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/observations/{others}", headers=author).status_code == 404
    assert client.delete(f"/api/v1/observations/{own}", headers=author).status_code == 204
    assert client.get(f"/api/v1/observations/{own}", headers=author).status_code == 404
