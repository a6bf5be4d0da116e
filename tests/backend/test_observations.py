"""A veilleur reports an observation exactly as in API.md; replays are idempotent."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
import sqlalchemy as sa

from tests.backend.conftest import inside, observation_payload


def post(client, headers, payload):
    return client.post("/api/v1/observations", json=payload, headers=headers)


def count_rows(app, **where):
    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        query = sa.select(sa.func.count()).select_from(Observation)
        for key, value in where.items():
            query = query.where(getattr(Observation, key) == value)
        return db.session.scalar(query)


def test_report_is_stored_with_its_point_theme_times_and_territory(client, veilleur):
    _, headers = veilleur
    payload = observation_payload(observed_at="2026-11-20T18:30:00+01:00")
    response = post(client, headers, payload)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["id"] == payload["id"]
    assert body["territory"] == "QP031001"
    assert body["observed_at"] == "2026-11-20T17:30:00+00:00"
    received = dt.datetime.fromisoformat(body["received_at"])
    assert abs((dt.datetime.now(dt.UTC) - received).total_seconds()) < 60
    assert body["location"] == {
        "type": "Point",
        "coordinates": [round(c, 7) for c in payload["location"]["coordinates"]],
    }
    assert (body["accuracy_m"], body["theme"], body["polarity"]) == (12, "proprete", "difficulte")
    assert body["text"] == "Encombrants devant le bâtiment C"
    assert body["status"] == "visible" and body["photos"] == [] and body["mine"] is True


def test_replay_returns_the_stored_observation_and_other_content_is_409(client, app, veilleur):
    _, headers = veilleur
    payload = observation_payload()
    first = post(client, headers, payload)
    replay = post(client, headers, payload)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json["received_at"] == first.json["received_at"]
    changed = post(client, headers, {**payload, "text": "Autre chose"})
    assert changed.status_code == 409
    assert "identifiant" in changed.json["message"]
    assert count_rows(app, id=uuid.UUID(payload["id"])) == 1


def test_the_same_id_from_another_resident_is_a_conflict(client, veilleur, make_user):
    payload = observation_payload()
    assert post(client, veilleur[1], payload).status_code == 201
    _, other = make_user("veilleur")
    assert post(client, other, payload).status_code == 409


def test_concurrent_requests_with_one_id_create_one_row(app, veilleur):
    _, headers = veilleur
    payload = observation_payload()
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def send():
        client = app.test_client()
        barrier.wait()
        statuses.append(post(client, headers, payload).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 200, 200, 201]
    assert count_rows(app, id=uuid.UUID(payload["id"])) == 1


@pytest.mark.parametrize(
    ("coordinates", "territory"),
    [
        (inside("QP031001"), "QP031001"),  # inside a QPV: the QPV, not its commune
        (inside("QP034005"), "QP034005"),  # Mosson, Montpellier: one of the 32 repaired polygons
        ([1.4436, 43.6045], "31555"),  # Toulouse, Capitole: in the commune, in no QPV
        ([2.3522, 48.8566], None),  # Paris: no territory imported there
    ],
)
def test_observation_is_assigned_to_the_most_specific_territory(
    client, veilleur, coordinates, territory
):
    payload = observation_payload(location={"type": "Point", "coordinates": coordinates})
    response = post(client, veilleur[1], payload)
    assert response.status_code == 201, response.json
    assert response.json["territory"] == territory


ERROR_CASES = {
    "latitude 95": (
        {"location": {"type": "Point", "coordinates": [1.44, 95]}},
        "location",
        "hors limites",
    ),
    "swapped lat/lon": (
        {"location": {"type": "Point", "coordinates": [43.6045, 1.4436]}},
        "location",
        "inversées",
    ),
    "far outside France": (
        {"location": {"type": "Point", "coordinates": [-74.0, 40.7]}},
        "location",
        "hors du territoire",
    ),
    "coordinates as strings": (
        {"location": {"type": "Point", "coordinates": ["1.44", "43.6"]}},
        "location",
        "Ce n'est pas un nombre",
    ),
    "not a point": (
        {"location": {"type": "LineString", "coordinates": [1.44, 43.6]}},
        "location",
        "Point",
    ),
    "unknown theme": ({"theme": "voitures"}, "theme", "Thème inconnu"),
    "unknown polarity": ({"polarity": "colere"}, "polarity", "Polarité inconnue"),
    "empty text": ({"text": "   "}, "text", "Le texte est vide"),
    "50,000-character text": ({"text": "a" * 50_000}, "text", "Texte trop long"),
    "malformed uuid": ({"id": "pas-un-uuid"}, "id", "UUID"),
    "date in 2090": ({"observed_at": "2090-01-01T10:00:00+01:00"}, "observed_at", "dans le futur"),
    "date without offset": ({"observed_at": "2026-11-20T18:30:00"}, "observed_at", "fuseau"),
    "negative accuracy": ({"accuracy_m": -3}, "accuracy_m", "supérieur ou égal"),
    "accuracy as a string": ({"accuracy_m": "12"}, "accuracy_m", "Ce n'est pas un nombre"),
    "unknown field": ({"couleur": "rouge"}, "couleur", "Champ inconnu"),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_bad_input_gets_a_french_message_and_writes_nothing(client, app, veilleur, case):
    overrides, field, fragment = ERROR_CASES[case]
    response = post(client, veilleur[1], observation_payload(**overrides))
    assert response.status_code == 422, response.json
    assert response.json["code"] == 422 and response.json["status"] == "Unprocessable Entity"
    messages = response.json["errors"]["json"][field]
    flat = str(messages)
    assert fragment in flat, flat
    assert count_rows(app) == 0


def test_missing_fields_are_named(client, veilleur):
    response = post(client, veilleur[1], {"id": str(uuid.uuid4())})
    assert response.status_code == 422
    errors = response.json["errors"]["json"]
    assert set(errors) == {"observed_at", "location", "theme", "polarity", "text"}
    assert errors["theme"] == ["Ce champ est obligatoire."]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "fragment"),
    [
        (b"ceci n'est pas du json", "application/json", 400, "pas du JSON valide"),
        (b'{"text": NaN}', "application/json", 400, "NaN"),
        (b'{"id": "a", "id": "b"}', "application/json", 400, "plusieurs fois"),
        (b"\xff\xfe\xfa", "application/json", 400, "UTF-8"),
        (b"[" * 100 + b"]" * 100, "application/json", 400, "trop imbriqué"),
        (b"id=1&text=x", "application/x-www-form-urlencoded", 415, "doit être du JSON"),
    ],
)
def test_a_body_that_is_not_acceptable_json_is_refused(
    client, app, veilleur, body, content_type, status, fragment
):
    response = client.post(
        "/api/v1/observations", data=body, content_type=content_type, headers=veilleur[1]
    )
    assert response.status_code == status
    assert fragment in response.json["message"]
    assert count_rows(app) == 0


def test_an_unauthenticated_report_is_401(client):
    assert post(client, {}, observation_payload()).status_code == 401
