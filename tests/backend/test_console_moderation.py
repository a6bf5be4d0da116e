"""Marking an observation as read (PATCH {"reviewed": true}): it leaves the moderation queue with
its status untouched — a colleague's hiding is never undone by a stale "read" — and is audited;
only animateurs (and admins) may do it."""

from __future__ import annotations

import sqlalchemy as sa

from tests.backend.conftest import observation_payload


def audit_actions(app) -> list[str]:
    from backend.extensions.database import db
    from backend.models import AuditEvent

    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.at)))


def test_marking_as_read_leaves_the_queue_and_keeps_the_status(app, client, make_user):
    _, resident = make_user("veilleur")
    _, claire = make_user("animateur", ("QP031001",))
    _, malik = make_user("animateur", ("QP031001",))
    item = observation_payload()
    client.post("/api/v1/observations", json=item, headers=resident)
    url = f"/api/v1/observations/{item['id']}"

    hidden = client.patch(
        url, json={"status": "hidden", "moderation_reason": "Nom cité."}, headers=claire
    )
    assert hidden.status_code == 200
    read = client.patch(url, json={"reviewed": True}, headers=malik)  # Malik's page was stale
    assert read.status_code == 200, read.json
    assert (read.json["reviewed"], read.json["status"], read.json["moderation_reason"]) == (
        True,
        "hidden",
        "Nom cité.",
    )
    assert audit_actions(app)[-2:] == ["observation.hide", "observation.review"]

    other = observation_payload(text="Le parc est fermé le soir")
    client.post("/api/v1/observations", json=other, headers=resident)
    read = client.patch(
        f"/api/v1/observations/{other['id']}", json={"reviewed": True}, headers=claire
    )
    assert (read.json["reviewed"], read.json["status"]) == (True, "visible")
    queue = client.get("/api/v1/observations?reviewed=false", headers=claire).json
    assert queue == []


def test_only_moderators_mark_as_read_and_only_true(client, make_user):
    _, resident = make_user("veilleur")
    _, analyste = make_user("analyste", ("QP031001",))
    _, animateur = make_user("animateur", ("QP031001",))
    item = observation_payload()
    client.post("/api/v1/observations", json=item, headers=resident)
    url = f"/api/v1/observations/{item['id']}"

    for headers in (resident, analyste):
        refused = client.patch(url, json={"reviewed": True}, headers=headers)
        assert refused.status_code == 403
        assert refused.json["message"].startswith("Seuls les animateurs")
    unread = client.patch(url, json={"reviewed": False}, headers=animateur)
    assert unread.status_code == 422
    assert unread.json["errors"]["json"]["reviewed"] == [
        "Une observation relue le reste : seul true est permis."
    ]
    assert client.get(url, headers=animateur).json["reviewed"] is False
