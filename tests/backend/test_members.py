"""« Membres » in the console: who joined an organiser's territories, when, last seen, how much
they gave; one page at a time, found by a piece of their pseudonym; taken off the platform
(contributions kept, unlinked) by their animateur or an admin, audited."""

from __future__ import annotations

import uuid

from tests.backend.conftest import observation_payload


def send_observation(client, headers):
    response = client.post("/api/v1/observations", json=observation_payload(), headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_members_come_with_their_contributions_and_last_activity(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    active, active_headers = make_user("veilleur", pseudonym="Hélène")
    quiet, _ = make_user("veilleur", pseudonym="Bruno")
    send_observation(client, active_headers)
    send_observation(client, active_headers)

    listed = {m["pseudonym"]: m for m in client.get("/api/v1/users", headers=animateur).json}
    assert listed["Hélène"]["observations"] == 2 and listed["Hélène"]["responses"] == 0
    assert listed["Hélène"]["last_activity_at"] is not None
    assert listed["Hélène"]["last_activity_at"] >= listed["Hélène"]["created_at"]
    assert listed["Bruno"]["observations"] == 0 and listed["Bruno"]["last_activity_at"] is None
    assert listed["Bruno"]["reset_pending"] is False
    client.post(f"/api/v1/users/{quiet.id}/password-reset", headers=animateur)
    listed = {m["pseudonym"]: m for m in client.get("/api/v1/users", headers=animateur).json}
    assert listed["Bruno"]["reset_pending"] is True
    assert active.id and listed["Hélène"]["territories"] == ["QP031001"]


def test_members_are_paginated_and_found_whatever_the_accents(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    for name in ("Éloïse", "eloise-bis", "Zoé", "50%_de_chance"):
        make_user("veilleur", pseudonym=name)
    page = client.get("/api/v1/users?page=1&page_size=2", headers=animateur)
    assert page.status_code == 200 and len(page.json) == 2
    assert '"total": 5' in page.headers["X-Pagination"]  # four veilleurs and the animateur
    found = client.get("/api/v1/users?q=ELOI", headers=animateur).json
    assert sorted(m["pseudonym"] for m in found) == ["eloise-bis", "Éloïse"]
    # SQL wildcards are letters like the others.
    assert [m["pseudonym"] for m in client.get("/api/v1/users?q=%_", headers=animateur).json] == [
        "50%_de_chance"
    ]
    too_long = client.get("/api/v1/users?q=" + "x" * 41, headers=animateur)
    assert too_long.status_code == 422


def test_an_animateur_removes_a_member_whose_contributions_stay_unlinked(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    resident, headers = make_user("veilleur", pseudonym="parti-du-quartier")
    observation_id = send_observation(client, headers)

    assert client.delete(f"/api/v1/users/{resident.id}", headers=animateur).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    login = client.post(
        "/api/v1/auth/token",
        json={"pseudonym": "parti-du-quartier", "password": "mot-de-passe-solide"},
    )
    assert login.status_code == 401
    kept = client.get(f"/api/v1/observations/{observation_id}", headers=animateur)
    assert kept.status_code == 200
    assert "parti-du-quartier" not in kept.get_data(as_text=True)
    listed = [m["pseudonym"] for m in client.get("/api/v1/users", headers=animateur).json]
    assert "parti-du-quartier" not in listed
    assert client.delete(f"/api/v1/users/{resident.id}", headers=animateur).status_code == 404

    _, admin = make_user("admin", ())
    events = client.get("/api/v1/audit?action=user.remove", headers=admin).json
    assert len(events) == 1 and events[0]["actor_role"] == "animateur"
    assert events[0]["target_id"] == str(resident.id)
    assert events[0]["details"]["territories"] == ["QP031001"]


def test_who_may_remove_whom(client, make_user):
    animateur_user, animateur = make_user("animateur", ("QP031001",))
    colleague, _ = make_user("animateur", ("QP031001",))
    foreign, _ = make_user("veilleur", ("QP034005",))
    assert client.delete(f"/api/v1/users/{colleague.id}", headers=animateur).status_code == 403
    assert client.delete(f"/api/v1/users/{foreign.id}", headers=animateur).status_code == 404
    assert client.delete(f"/api/v1/users/{uuid.uuid4()}", headers=animateur).status_code == 404
    admin_user, admin = make_user("admin", ())
    own = client.delete(f"/api/v1/users/{admin_user.id}", headers=admin)
    assert own.status_code == 422 and "propre compte" in own.json["message"]
    assert client.delete(f"/api/v1/users/{colleague.id}", headers=admin).status_code == 204
    assert client.delete(f"/api/v1/users/{animateur_user.id}", headers=admin).status_code == 204
