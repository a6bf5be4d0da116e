"""Feedback to residents: organisers give a report a public follow-up the author reads (in the
report, in « Nouveautés » with new surveys), its history kept as rows (no organiser named to the
resident), exported with the resident's data; neighbours' reports shown on the public grid, with
no author, once visible and read."""

from __future__ import annotations

from analysis.disclosure import snap_to_grid
from tests.backend.conftest import observation_payload
from tests.backend.test_campaigns import open_campaign
from tests.backend.test_surveys import FORM
from tests.backend.test_surveys import upload as upload_form


def report(client, headers, **overrides):
    response = client.post(
        "/api/v1/observations", json=observation_payload(**overrides), headers=headers
    )
    assert response.status_code == 201, response.json
    return response.json


def step(client, headers, observation_id, **body):
    return client.post(
        f"/api/v1/observations/{observation_id}/follow-ups", json=body, headers=headers
    )


def test_the_author_follows_their_report_step_by_step(client, make_user):
    animateur_user, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    sent = report(client, resident, text="Ascenseur en panne depuis lundi")
    assert sent["follow_up"] == {"status": "recue", "label": "Reçue", "history": []}

    forwarded = step(client, animateur, sent["id"], status="transmise", to_whom="  ")
    assert forwarded.status_code == 422 and "à qui" in forwarded.json["message"]
    forwarded = step(
        client,
        animateur,
        sent["id"],
        status="transmise",
        to_whom="Bailleur (Promologis)",
        public_reply="Nous avons prévenu le bailleur.",
    )
    assert forwarded.status_code == 201, forwarded.json
    assert forwarded.json["reviewed"] is True  # following it up is reading it
    step(client, animateur, sent["id"], status="resolue", public_reply="Réparé jeudi.")

    mine = client.get(f"/api/v1/observations/{sent['id']}", headers=resident).json
    assert mine["follow_up"]["status"] == "resolue"
    assert [s["status"] for s in mine["follow_up"]["history"]] == ["transmise", "resolue"]
    assert mine["follow_up"]["history"][0]["to_whom"] == "Bailleur (Promologis)"
    listed = client.get("/api/v1/observations?mine=true", headers=resident).json
    assert listed[0]["follow_up"]["label"] == "Résolue"
    assert str(animateur_user.id) not in client.get(
        f"/api/v1/observations/{sent['id']}", headers=resident
    ).get_data(as_text=True)

    news = client.get("/api/v1/me/news", headers=resident).json
    assert [n["kind"] for n in news] == ["suivi", "suivi"]
    assert news[0]["text"] == "Réparé jeudi." and "résolue" in news[0]["title"]
    assert "Bailleur (Promologis)" in news[1]["title"]
    assert news[0]["observation_id"] == sent["id"]

    exported = client.get("/api/v1/me/export", headers=resident).json
    history = exported["observations"][0]["follow_up"]
    assert [s["public_reply"] for s in history] == [
        "Nous avons prévenu le bailleur.",
        "Réparé jeudi.",
    ]
    assert all("by_id" not in s for s in history)
    staff_export = client.get("/api/v1/me/export", headers=animateur).json
    assert len(staff_export["made_as_staff"]["follow_ups_given"]) == 2


def test_who_may_follow_up(client, make_user):
    _, resident = make_user("veilleur")
    _, analyste = make_user("analyste", ("QP031001",))
    _, foreign = make_user("animateur", ("QP034005",))
    sent = report(client, resident)
    assert step(client, resident, sent["id"], status="lue").status_code == 403
    assert step(client, analyste, sent["id"], status="lue").status_code == 403
    assert step(client, foreign, sent["id"], status="lue").status_code == 404
    _, animateur = make_user("animateur", ("QP031001",))
    assert step(client, animateur, sent["id"], status="ouverte").status_code == 422
    long_reply = step(client, animateur, sent["id"], status="lue", public_reply="x" * 1001)
    assert long_reply.status_code == 422


def test_news_hold_new_surveys_of_my_territory(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    survey = upload_form(client, animateur, FORM).json
    campaign = open_campaign(client, animateur, survey["id"], ("QP031001",))
    news = client.get("/api/v1/me/news", headers=resident).json
    assert [(n["kind"], n["campaign_id"]) for n in news] == [("enquete", campaign["id"])]
    assert news[0]["title"].startswith("Nouvelle enquête")
    _, elsewhere = make_user("veilleur", ("QP034005",))
    assert client.get("/api/v1/me/news", headers=elsewhere).json == []


def test_neighbours_reports_on_the_public_grid_without_author(app, client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    neighbour_user, neighbour = make_user("veilleur")
    _, me = make_user("veilleur")
    read = report(client, neighbour, text="Un banc cassé près de l'école")
    unread = report(client, neighbour, text="Pas encore relue")
    hidden = report(client, neighbour, text="Masquée")
    mine = report(client, me, text="La mienne")
    step(client, animateur, read["id"], status="prise_en_compte")
    client.patch(
        f"/api/v1/observations/{hidden['id']}",
        json={"status": "hidden", "moderation_reason": "Propos injurieux"},
        headers=animateur,
    )
    client.patch(f"/api/v1/observations/{mine['id']}", json={"reviewed": True}, headers=animateur)

    body = client.get("/api/v1/observations/neighbours", headers=me)
    assert body.status_code == 200
    features = body.json["features"]
    assert [f["properties"]["text"] for f in features] == ["Un banc cassé près de l'école"]
    lon, lat = read["location"]["coordinates"]
    expected = snap_to_grid(lon, lat, app.config["PUBLIC_GRID_M"])
    assert features[0]["geometry"]["coordinates"] == [round(v, 6) for v in expected]
    assert features[0]["properties"]["follow_up"] == "prise_en_compte"
    text = body.get_data(as_text=True)
    assert neighbour_user.pseudonym not in text and str(neighbour_user.id) not in text
    assert unread["id"] not in text and read["id"] not in text

    _, elsewhere = make_user("veilleur", ("QP034005",))
    assert client.get("/api/v1/observations/neighbours", headers=elsewhere).json["features"] == []
    assert client.get("/api/v1/observations/neighbours").status_code == 401


def test_the_follow_up_goes_with_an_erased_report(app, client, make_user):
    import sqlalchemy as sa

    from backend.extensions.database import db
    from backend.models import FollowUp

    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    sent = report(client, resident)
    step(client, animateur, sent["id"], status="lue", public_reply="Merci, c'est noté.")
    assert client.delete("/api/v1/me", headers=resident).status_code == 204
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FollowUp)) == 0
