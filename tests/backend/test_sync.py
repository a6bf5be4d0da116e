"""POST /sync: an offline outbox in one batch, answered per item; retries create nothing twice."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from tests.backend.conftest import observation_payload


def sync(client, headers, observations=(), responses=()):
    return client.post(
        "/api/v1/sync",
        json={"observations": list(observations), "responses": list(responses)},
        headers=headers,
    )


def stored_count(app):
    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Observation))


def test_a_batch_is_answered_item_by_item_and_one_bad_item_rejects_nothing_else(
    client, app, veilleur
):
    _, headers = veilleur
    good = [observation_payload() for _ in range(3)]
    bad = observation_payload(theme="inconnu")
    not_an_object = "texte"
    response = sync(client, headers, [good[0], bad, good[1], not_an_object, good[2]])
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == ["created", "invalid", "created", "invalid", "created"]
    assert results[1]["id"] == bad["id"] and "theme" in results[1]["errors"]
    assert results[3]["id"] is None
    assert all(r["kind"] == "observation" for r in results)
    assert stored_count(app) == 3


def test_a_retried_batch_creates_nothing_twice(client, app, veilleur):
    _, headers = veilleur
    batch = [observation_payload() for _ in range(20)]
    first = sync(client, headers, batch).json["results"]
    again = sync(client, headers, batch).json["results"]
    assert {r["status"] for r in first} == {"created"}
    assert {r["status"] for r in again} == {"duplicate"}
    assert stored_count(app) == 20


def test_a_partly_sent_batch_sent_again(client, app, veilleur):
    _, headers = veilleur
    batch = [observation_payload() for _ in range(4)]
    sync(client, headers, batch[:2])
    results = sync(client, headers, batch).json["results"]
    assert [r["status"] for r in results] == ["duplicate", "duplicate", "created", "created"]
    assert stored_count(app) == 4


def test_same_id_twice_in_one_batch_and_changed_content(client, app, veilleur):
    _, headers = veilleur
    item = observation_payload()
    changed = {**item, "text": "autre texte"}
    results = sync(client, headers, [item, item, changed]).json["results"]
    assert [r["status"] for r in results] == ["created", "duplicate", "conflict"]
    later = sync(client, headers, [changed]).json["results"]
    assert later[0]["status"] == "conflict"
    assert stored_count(app) == 1


def test_sync_assigns_territories_like_a_single_report(client, veilleur, make_user):
    _, headers = veilleur
    item = observation_payload()
    sync(client, headers, [item])
    stored = client.get(f"/api/v1/observations/{item['id']}", headers=headers).json
    assert stored["territory"] == "QP031001"


def test_responses_are_answered_per_item_too(client, veilleur):
    results = sync(client, veilleur[1], responses=[{"id": str(uuid.uuid4())}]).json["results"]
    assert results[0]["kind"] == "response" and results[0]["status"] == "invalid"
    assert results[0]["errors"]


def test_batch_too_large_is_422(client, veilleur):
    response = sync(client, veilleur[1], [{}] * 2001)
    assert response.status_code == 422
    assert "Lot trop grand" in str(response.json["errors"])


def test_sync_requires_authentication(client):
    assert sync(client, {}, [observation_payload()]).status_code == 401
