"""Animateurs open campaigns on their territories; residents find those open where they live."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.backend.test_surveys import animateur, form, published, upload

__all__ = ["animateur", "published"]  # fixtures used here


def moment(**delta: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(**delta)).isoformat()


def campaign_payload(survey_id: str, territories=("QP031007",), **overrides):
    payload = {
        "survey_id": survey_id,
        "title": "Vivre à Grand Mirail",
        "territories": list(territories),
        "opens_at": moment(days=-1),
        "closes_at": moment(days=30),
    }
    return payload | overrides


def open_campaign(client, headers, survey_id, territories=("QP031007",), **overrides):
    response = client.post(
        "/api/v1/campaigns",
        json=campaign_payload(survey_id, territories, **overrides),
        headers=headers,
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def campaign(client, animateur, published):
    """A campaign on Grand Mirail (QP031007), open since yesterday for a month."""
    return open_campaign(client, animateur[1], published["id"])


def test_an_animateur_opens_a_campaign_on_their_territory(client, animateur, published, campaign):
    assert campaign["survey"]["id"] == published["id"] and campaign["survey"]["version"] == 1
    assert campaign["survey"]["url"] == f"/api/v1/surveys/{published['id']}"
    assert campaign["territories"] == ["QP031007"]
    assert (campaign["status"], campaign["responses"], campaign["my_responses"]) == ("open", 0, 0)
    assert campaign["definition"] == published["definition"]
    closes = dt.datetime.fromisoformat(campaign["closes_at"])
    assert dt.datetime.fromisoformat(campaign["accepts_until"]) == closes + dt.timedelta(days=7)


def test_a_campaign_keeps_the_grace_period_it_was_opened_with(app, client, animateur, published):
    """RESPONSE_GRACE_DAYS is read when a campaign opens: changing the setting later does not
    move the end of a campaign already running (its residents were told the dates)."""
    app.config["RESPONSE_GRACE_DAYS"] = 2
    try:
        opened = open_campaign(client, animateur[1], published["id"])
    finally:
        app.config["RESPONSE_GRACE_DAYS"] = 7
    closes = dt.datetime.fromisoformat(opened["closes_at"])
    shown = client.get(f"/api/v1/campaigns/{opened['id']}", headers=animateur[1]).json
    assert dt.datetime.fromisoformat(shown["accepts_until"]) == closes + dt.timedelta(days=2)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": moment(days=-2)}, "closes_at"),  # before opens_at
        ({"territories": ["QP031007", "ZZ999"]}, "territories"),
        ({"territories": []}, "territories"),
        ({"survey_id": "6f1c2b76-0c55-4a6e-9f0e-0d3a3f1d2c11"}, "survey_id"),
        ({"opens_at": "2026-11-20T18:30:00"}, "opens_at"),  # no offset
        ({"closes_at": "9999-12-31T23:59:59+00:00"}, "closes_at"),  # no grace week after it
    ],
)
def test_a_campaign_that_makes_no_sense_is_422(client, animateur, published, overrides, field):
    response = client.post(
        "/api/v1/campaigns",
        json=campaign_payload(published["id"]) | overrides,
        headers=animateur[1],
    )
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_only_the_territory_s_animateurs_and_admins_open_campaigns(client, make_user, published):
    _, elsewhere = make_user("animateur", ("QP031001",))
    refused = client.post(
        "/api/v1/campaigns", json=campaign_payload(published["id"]), headers=elsewhere
    )
    assert refused.status_code == 403 and "QP031007" in refused.json["message"]
    for role in ("veilleur", "analyste"):
        _, headers = make_user(role, ("QP031007",))
        payload = campaign_payload(published["id"])
        assert client.post("/api/v1/campaigns", json=payload, headers=headers).status_code == 403
    _, town = make_user("animateur", ("31555",))  # Toulouse: its QPV are in their scope
    open_campaign(client, town, published["id"])
    _, admin = make_user("admin", ())
    open_campaign(client, admin, published["id"], ("QP031001", "31555"))


def test_a_veilleur_sees_the_campaigns_open_where_they_live(client, make_user, published):
    _, admin = make_user("admin", ())
    survey = published["id"]
    on_qpv = open_campaign(client, admin, survey, ("QP031007",), title="Grand Mirail")
    on_town = open_campaign(client, admin, survey, ("31555",), title="Toulouse")
    open_campaign(client, admin, survey, ("QP031001",), title="Muret")  # elsewhere
    open_campaign(client, admin, survey, ("QP031007",), title="Plus tard",
                  opens_at=moment(days=3), closes_at=moment(days=9))  # fmt: skip
    open_campaign(client, admin, survey, ("QP031007",), title="Finie",
                  opens_at=moment(days=-9), closes_at=moment(days=-3))  # fmt: skip
    closed = open_campaign(client, admin, survey, ("QP031007",), title="Close")
    client.patch(f"/api/v1/campaigns/{closed['id']}", json={"closed": True}, headers=admin)
    _, resident = make_user("veilleur", ("QP031007",))
    active = client.get("/api/v1/campaigns?active=true", headers=resident).json
    assert sorted(c["title"] for c in active) == ["Grand Mirail", "Toulouse"]
    assert {c["id"] for c in active} == {on_qpv["id"], on_town["id"]}
    assert all(c["responses"] is None and c["my_responses"] == 0 for c in active)
    assert "definition" not in active[0]  # the list links the survey; the campaign embeds it
    every = client.get("/api/v1/campaigns", headers=resident).json
    assert {c["title"]: c["status"] for c in every} == {
        "Grand Mirail": "open",
        "Toulouse": "open",
        "Plus tard": "scheduled",
        "Finie": "ended",  # offline answers made during it may still arrive
        "Close": "closed",
    }
    _, muret = make_user("veilleur", ("QP031001",))
    assert [
        c["title"] for c in client.get("/api/v1/campaigns?active=true", headers=muret).json
    ] == ["Muret"]
    by_town = client.get("/api/v1/campaigns?territory=31395", headers=admin).json
    assert [c["title"] for c in by_town] == ["Muret"]


def test_a_campaign_embeds_its_survey_and_counts_for_organisers_only(
    client, make_user, animateur, campaign
):
    _, resident = make_user("veilleur", ("QP031007",))
    seen = client.get(f"/api/v1/campaigns/{campaign['id']}", headers=resident).json
    assert seen["definition"]["settings"]["form_id"] == "quartier_test"
    assert seen["responses"] is None
    _, analyst = make_user("analyste", ("31555",))
    assert client.get(f"/api/v1/campaigns/{campaign['id']}", headers=analyst).json["responses"] == 0
    missing = client.get("/api/v1/campaigns/6f1c2b76-0c55-4a6e-9f0e-0d3a3f1d2c11", headers=resident)
    assert missing.status_code == 404


def test_an_animateur_changes_title_and_dates_closes_and_reopens(client, animateur, campaign):
    url, headers = f"/api/v1/campaigns/{campaign['id']}", animateur[1]
    closes = moment(days=60)
    changed = client.patch(url, json={"title": "Grand Mirail 2027", "closes_at": closes},
                           headers=headers)  # fmt: skip
    assert changed.status_code == 200, changed.json
    assert changed.json["title"] == "Grand Mirail 2027"
    assert dt.datetime.fromisoformat(changed.json["closes_at"]) == dt.datetime.fromisoformat(closes)
    backwards = client.patch(url, json={"opens_at": moment(days=90)}, headers=headers)
    assert backwards.status_code == 422 and "closes_at" in backwards.json["errors"]["json"]
    closed = client.patch(url, json={"closed": True}, headers=headers).json
    assert closed["status"] == "closed" and closed["closed_at"]
    reopened = client.patch(url, json={"closed": False}, headers=headers).json
    assert reopened["status"] == "open" and reopened["closed_at"] is None


def test_a_campaign_moves_to_a_newer_version_of_its_form_only(client, animateur, campaign):
    url, headers = f"/api/v1/campaigns/{campaign['id']}", animateur[1]
    newer = upload(client, headers, form(**{"| Votre âge |": "| Votre âge (en années) |"})).json
    moved = client.patch(url, json={"survey_id": newer["id"]}, headers=headers)
    assert moved.status_code == 200, moved.json
    assert moved.json["survey"]["version"] == 2
    assert (
        moved.json["definition"]["children"][0]["label"]["Français (fr)"] == "Votre âge (en années)"
    )
    back = client.patch(url, json={"survey_id": campaign["survey"]["id"]}, headers=headers)
    assert back.status_code == 422 and "version 2" in back.json["message"]
    other = client.post("/api/v1/surveys/templates/barometre-cooperation", headers=headers).json
    switched = client.patch(url, json={"survey_id": other["id"]}, headers=headers)
    assert switched.status_code == 422 and "quartier_test" in switched.json["message"]


def test_only_animateurs_of_all_its_territories_change_a_campaign(client, make_user, campaign):
    url = f"/api/v1/campaigns/{campaign['id']}"
    _, elsewhere = make_user("animateur", ("QP031001",))
    # Elsewhere, the campaign does not exist for them.
    assert client.patch(url, json={"title": "x"}, headers=elsewhere).status_code == 404
    _, resident = make_user("veilleur", ("QP031007",))
    assert client.patch(url, json={"title": "x"}, headers=resident).status_code == 403
    _, admin = make_user("admin", ())
    assert client.patch(url, json={"title": "Par l'admin"}, headers=admin).status_code == 200


def test_campaign_changes_are_audited(client, make_user, animateur, campaign):
    client.patch(f"/api/v1/campaigns/{campaign['id']}", json={"closed": True}, headers=animateur[1])
    _, admin = make_user("admin", ())
    events = client.get("/api/v1/audit", headers=admin).json
    actions = [e["action"] for e in events if e["action"].startswith("campaign.")]
    assert actions == ["campaign.close", "campaign.create"]
    assert events[0]["target_id"] == campaign["id"]
