"""Residents answer campaigns, online or through their offline outbox: valid answers are
stored normalised, invalid ones are refused question by question, replays are idempotent."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid

import pytest
import sqlalchemy as sa

from tests.backend.conftest import inside, observation_payload
from tests.backend.test_campaigns import moment, open_campaign
from tests.backend.test_surveys import animateur, form, published, upload

__all__ = ["animateur", "campaign", "published"]  # fixtures used here

ANSWERS = {
    "age": "34",
    "satisfaction": "non",
    "pourquoi": "Le bruit la nuit",
    "themes": "proprete sante",
    "lieux": [{"lieu": "Parc de la Reynerie", "note": "4"}, {"lieu": "Métro", "note": 2}],
}


def response_payload(**overrides):
    """A valid response, answered an hour ago (Paris time), as the app sends it."""
    paris = dt.timezone(dt.timedelta(hours=1))
    payload = {
        "id": str(uuid.uuid4()),
        "submitted_at": (dt.datetime.now(paris) - dt.timedelta(hours=1)).isoformat(),
        "answers": ANSWERS,
    }
    return payload | overrides


def answer(client, headers, campaign_id, payload):
    return client.post(f"/api/v1/campaigns/{campaign_id}/responses", json=payload, headers=headers)


@pytest.fixture
def campaign(client, animateur, published):
    """A campaign on Grand Mirail (QP031007), open since yesterday for a month, taking several
    answers per person (one answer each: tests/backend/test_one_answer_each.py)."""
    return open_campaign(client, animateur[1], published["id"], multiple_answers=True)


@pytest.fixture
def resident(make_user):
    """A veilleur of Grand Mirail (QP031007)."""
    return make_user("veilleur", ("QP031007",))


def count_responses(app, **where):
    from backend.extensions.database import db
    from backend.models import SurveyResponse

    with app.app_context():
        query = sa.select(sa.func.count()).select_from(SurveyResponse)
        for key, value in where.items():
            query = query.where(getattr(SurveyResponse, key) == value)
        return db.session.scalar(query)


def test_a_response_is_stored_normalised_with_its_version_and_territory(
    client, resident, animateur, campaign
):
    payload = response_payload(submitted_at="2026-11-20T18:30:00+01:00")
    campaign_id = campaign["id"]
    client.patch(f"/api/v1/campaigns/{campaign_id}", headers=animateur[1],
                 json={"opens_at": "2026-11-01T00:00:00+01:00"})  # fmt: skip
    response = answer(client, resident[1], campaign_id, payload)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["id"] == payload["id"] and body["campaign_id"] == campaign_id
    assert (body["survey_id"], body["survey_version"]) == (campaign["survey"]["id"], 1)
    assert body["answers"] == {
        "age": 34,
        "satisfaction": "non",
        "pourquoi": "Le bruit la nuit",
        "themes": ["proprete", "sante"],
        "lieux": [{"lieu": "Parc de la Reynerie", "note": 4}, {"lieu": "Métro", "note": 2}],
        "nb_lieux": "2",
    }
    assert body["calculated"] == {"nb_lieux": "2"}
    assert body["territory"] == "QP031007" and body["location"] is None
    assert body["submitted_at"] == "2026-11-20T17:30:00+00:00"
    received = dt.datetime.fromisoformat(body["received_at"])
    assert abs((dt.datetime.now(dt.UTC) - received).total_seconds()) < 60
    assert body["mine"] is True
    shown = client.get(f"/api/v1/campaigns/{campaign_id}", headers=resident[1]).json
    assert shown["my_responses"] == 1
    organised = client.get(f"/api/v1/campaigns/{campaign_id}", headers=animateur[1]).json
    assert organised["responses"] == 1


def test_kobo_and_odk_encodings_are_accepted_as_they_are(client, resident, campaign):
    exported = {
        "age": 34,
        "satisfaction": "non",
        "pourquoi": "Le bruit la nuit",
        "themes": ["proprete", "sante"],
        "lieux": [
            {"lieux/lieu": "Parc de la Reynerie", "lieux/note": "4"},
            {"lieux/lieu": "Métro", "lieux/note": "2"},
        ],
        "_uuid": "c0ffee",
        "meta/instanceID": "uuid:c0ffee",
        "__version__": "vXYZ",
    }
    odk = answer(client, resident[1], campaign["id"], response_payload()).json
    kobo = answer(client, resident[1], campaign["id"], response_payload(answers=exported))
    assert kobo.status_code == 201, kobo.json
    assert kobo.json["answers"] == odk["answers"]


def test_an_answer_to_a_question_that_no_longer_applies_is_dropped_not_refused(
    app, client, resident, campaign
):
    """ODK Collect and Enketo clear it when relevance turns false; a phone that sends it anyway
    (an old draft, a KoboToolbox export) sees its response stored without it, not refused."""
    payload = response_payload(answers=ANSWERS | {"satisfaction": "oui"})
    response = answer(client, resident[1], campaign["id"], payload)
    assert response.status_code == 201, response.json
    assert "pourquoi" not in response.json["answers"]
    assert response.json["answers"]["satisfaction"] == "oui"
    assert count_responses(app) == 1


@pytest.mark.parametrize(
    ("changes", "question", "message"),
    [
        ({"age": "8"}, "age", "L'enquête s'adresse aux 11 ans et plus."),  # the form's message
        ({"satisfaction": None}, "satisfaction", "Cette question est obligatoire."),
        ({"themes": "proprete plage"}, "themes", "« plage » ne fait pas partie des choix proposés."),
        ({"lieux": [{"lieu": "Parc", "note": "9"}]}, "lieux[1]/note", "Une note sur 5."),
        ({"age": "trente"}, "age", "Un nombre entier est attendu."),
        ({"quartier": "Reynerie"}, "quartier", "Cette question n’existe pas dans l’enquête."),
    ],
)  # fmt: skip
def test_invalid_answers_are_refused_question_by_question(
    app, client, resident, campaign, changes, question, message
):
    answers = {k: v for k, v in (ANSWERS | changes).items() if v is not None}
    payload = response_payload(answers=answers)
    response = answer(client, resident[1], campaign["id"], payload)
    assert response.status_code == 422, response.json
    errors = response.json["errors"]["json"]["answers"]
    assert errors[question][0].rstrip(".") == message.rstrip(".")
    assert count_responses(app) == 0


def test_a_replay_returns_the_stored_response_and_other_content_is_409(
    app, client, resident, make_user, campaign
):
    payload = response_payload()
    first = answer(client, resident[1], campaign["id"], payload)
    replay = answer(client, resident[1], campaign["id"], payload)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json["received_at"] == first.json["received_at"]
    changed = answer(
        client, resident[1], campaign["id"], {**payload, "answers": ANSWERS | {"age": "35"}}
    )
    assert changed.status_code == 409 and "identifiant" in changed.json["message"]
    _, neighbour = make_user("veilleur", ("QP031007",))
    assert answer(client, neighbour, campaign["id"], payload).status_code == 409
    assert count_responses(app, id=uuid.UUID(payload["id"])) == 1


def test_concurrent_sends_of_one_response_store_it_once(app, resident, campaign):
    payload = response_payload()
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def send():
        client = app.test_client()
        barrier.wait()
        statuses.append(answer(client, resident[1], campaign["id"], payload).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 200, 200, 201]
    assert count_responses(app, id=uuid.UUID(payload["id"])) == 1


@pytest.mark.parametrize(
    ("opens", "closes", "submitted", "status", "field"),
    [
        (-1, 30, -2, 422, "submitted_at"),  # answered before the campaign opened
        (-9, -2, -3, 201, None),  # answered offline during it, synced two days after its end
        (-9, -2, -1, 422, "submitted_at"),  # answered after its end
        (-20, -10, -12, 422, "campaign"),  # answered during it, but arrived after the grace week
    ],
)
def test_the_period_counts_when_the_answer_was_made_within_a_grace_week(
    client, resident, animateur, published, opens, closes, submitted, status, field
):
    made = open_campaign(client, animateur[1], published["id"],
                         opens_at=moment(days=opens), closes_at=moment(days=closes))  # fmt: skip
    payload = response_payload(submitted_at=moment(days=submitted))
    response = answer(client, resident[1], made["id"], payload)
    assert response.status_code == status, response.json
    if field:
        message = response.json["errors"]["json"][field][0]
        assert "campagne" in message and message == response.json["message"]


def test_a_closed_campaign_refuses_new_answers_but_acknowledges_replays(
    client, resident, animateur, campaign
):
    sent = response_payload()
    assert answer(client, resident[1], campaign["id"], sent).status_code == 201
    client.patch(f"/api/v1/campaigns/{campaign['id']}", json={"closed": True}, headers=animateur[1])
    refused = answer(client, resident[1], campaign["id"], response_payload())
    assert refused.status_code == 422
    assert refused.json["message"] == "Cette campagne est close : elle ne reçoit plus de réponses."
    assert answer(client, resident[1], campaign["id"], sent).status_code == 200


def test_the_territory_is_the_respondent_s_or_the_location_s(client, make_user, published):
    _, admin = make_user("admin", ())
    on_qpv = open_campaign(client, admin, published["id"], ("QP031007",), multiple_answers=True)
    on_town = open_campaign(client, admin, published["id"], ("31555",), multiple_answers=True)
    _, muret = make_user("veilleur", ("QP031001",))
    refused = answer(client, muret, on_qpv["id"], response_payload())
    assert refused.status_code == 422
    assert "Grand Mirail (QP031007)" in refused.json["errors"]["json"]["location"][0]
    in_mirail = {"type": "Point", "coordinates": inside("QP031007")}
    there = answer(client, muret, on_qpv["id"], response_payload(location=in_mirail))
    assert there.status_code == 201 and there.json["territory"] == "QP031007"
    assert there.json["location"]["coordinates"] == [round(c, 7) for c in in_mirail["coordinates"]]
    in_muret = {"type": "Point", "coordinates": inside("QP031001")}
    outside = answer(client, muret, on_qpv["id"], response_payload(location=in_muret))
    assert outside.status_code == 422 and "hors des territoires" in outside.json["message"]
    _, mirail = make_user("veilleur", ("QP031007",))
    filed = answer(client, mirail, on_town["id"], response_payload()).json
    assert filed["territory"] == "QP031007"  # a QPV of the campaign's commune
    capitole = {"type": "Point", "coordinates": [1.4436, 43.6045]}  # in Toulouse, in no QPV
    town = answer(client, mirail, on_town["id"], response_payload(location=capitole)).json
    assert town["territory"] == "31555"


def test_responses_stay_on_the_version_they_answered(client, resident, animateur, campaign):
    headers = animateur[1]
    before = answer(client, resident[1], campaign["id"], response_payload()).json
    stricter = form(**{". >= 11 and . < 130": ". >= 16 and . < 130",
                       "L'enquête s'adresse aux 11 ans et plus.": "Dès 16 ans."})  # fmt: skip
    newer = upload(client, headers, stricter).json
    client.patch(f"/api/v1/campaigns/{campaign['id']}", json={"survey_id": newer["id"]},
                 headers=headers)  # fmt: skip
    young = answer(
        client, resident[1], campaign["id"], response_payload(answers=ANSWERS | {"age": "14"})
    )
    assert young.status_code == 422
    assert young.json["errors"]["json"]["answers"] == {"age": ["Dès 16 ans."]}
    after = answer(client, resident[1], campaign["id"], response_payload()).json
    mine = client.get(f"/api/v1/campaigns/{campaign['id']}/responses?mine=true",
                      headers=resident[1]).json  # fmt: skip
    assert {r["id"]: r["survey_version"] for r in mine} == {before["id"]: 1, after["id"]: 2}
    assert {r["survey_id"] for r in mine} == {campaign["survey"]["id"], newer["id"]}


def test_sync_takes_responses_beside_observations_item_by_item(app, client, resident, campaign):
    good = response_payload(campaign_id=campaign["id"])
    bad = response_payload(campaign_id=campaign["id"], answers=ANSWERS | {"age": "8"})
    nowhere = response_payload(campaign_id=str(uuid.uuid4()))
    malformed = {"id": str(uuid.uuid4()), "campaign_id": campaign["id"], "answers": "x"}
    changed = {**good, "answers": ANSWERS | {"age": "40"}}
    observation = observation_payload(location={"type": "Point", "coordinates": inside("QP031007")})
    batch = {
        "observations": [observation],
        "responses": [good, bad, nowhere, malformed, good, changed],
    }
    results = client.post("/api/v1/sync", json=batch, headers=resident[1]).json["results"]
    assert [(r["kind"], r["status"]) for r in results] == [
        ("observation", "created"),
        ("response", "created"),
        ("response", "invalid"),
        ("response", "invalid"),
        ("response", "invalid"),
        ("response", "duplicate"),
        ("response", "conflict"),
    ]
    assert results[1]["id"] == good["id"]
    assert results[2]["errors"] == {"answers": {"age": ["L'enquête s'adresse aux 11 ans et plus."]}}
    assert results[3]["errors"] == {"campaign_id": ["Campagne inconnue."]}
    assert set(results[4]["errors"]) == {"submitted_at", "answers"}
    again = client.post("/api/v1/sync", json=batch, headers=resident[1]).json["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "invalid", "invalid",
                                            "invalid", "duplicate", "conflict"]  # fmt: skip
    assert count_responses(app) == 1


def test_a_veilleur_sees_their_own_responses_only(client, resident, make_user, campaign):
    _, neighbour = make_user("veilleur", ("QP031007",))
    mine = answer(client, resident[1], campaign["id"], response_payload()).json
    answer(client, neighbour, campaign["id"], response_payload())
    url = f"/api/v1/campaigns/{campaign['id']}/responses"
    for query in ("", "?mine=true"):
        listed = client.get(url + query, headers=resident[1]).json
        assert [r["id"] for r in listed] == [mine["id"]]
    everywhere = client.get("/api/v1/responses?mine=true", headers=resident[1]).json
    assert [r["id"] for r in everywhere] == [mine["id"]]
    assert client.get("/api/v1/responses?mine=false", headers=resident[1]).status_code == 422
    csv_mine = client.get(url + "?format=csv", headers=resident[1])
    assert csv_mine.status_code == 200 and csv_mine.data.decode().count("\r\n") == 2


def test_my_export_holds_my_responses_and_erasure_deletes_them(app, client, resident, campaign):
    mine = answer(client, resident[1], campaign["id"], response_payload()).json
    exported = json.loads(client.get("/api/v1/me/export", headers=resident[1]).data)
    (record,) = exported["responses"]
    assert record["id"] == mine["id"] and record["answers"]["age"] == 34
    assert (record["form_id"], record["survey_version"], record["territory"]) == (
        "quartier_test", 1, "QP031007")  # fmt: skip
    assert client.delete("/api/v1/me", headers=resident[1]).status_code == 204
    assert count_responses(app) == 0


def test_erasure_can_keep_my_responses_with_no_link_to_me(
    app, client, resident, animateur, campaign
):
    user, headers = resident
    answer(client, headers, campaign["id"], response_payload())
    assert client.delete("/api/v1/me?keep_contributions=true", headers=headers).status_code == 204
    assert count_responses(app) == 1 and count_responses(app, respondent_id=user.id) == 0
    kept = client.get(f"/api/v1/campaigns/{campaign['id']}/responses", headers=animateur[1]).json
    assert len(kept) == 1 and kept[0]["mine"] is False


def test_answering_needs_an_account_and_an_existing_campaign(client, resident, campaign):
    assert answer(client, {}, campaign["id"], response_payload()).status_code == 401
    missing = answer(client, resident[1], str(uuid.uuid4()), response_payload())
    assert missing.status_code == 404
