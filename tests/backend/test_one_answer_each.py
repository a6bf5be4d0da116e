"""One answer per person and campaign unless the campaign allows several: a second answer is
refused with the stored one's id (online and through the offline sync, idempotently), and its
author corrects it while the campaign is open, judged again and audited."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from tests.backend.test_campaigns import campaign, moment, open_campaign
from tests.backend.test_responses import (
    ANSWERS,
    answer,
    count_responses,
    resident,
    response_payload,
)
from tests.backend.test_surveys import animateur, published

__all__ = ["animateur", "campaign", "published", "resident"]  # fixtures used here


def test_a_second_answer_is_refused_with_the_one_to_correct(app, client, resident, campaign):
    assert campaign["multiple_answers"] is False
    first = answer(client, resident[1], campaign["id"], response_payload())
    assert first.status_code == 201
    second = answer(client, resident[1], campaign["id"], response_payload())
    assert second.status_code == 409
    assert second.json["response_id"] == first.json["id"]
    assert second.json["message"].startswith("Vous avez déjà répondu à cette enquête")
    assert count_responses(app, campaign_id=uuid.UUID(campaign["id"])) == 1


def test_a_replay_of_the_first_answer_is_still_acknowledged(client, resident, campaign):
    sent = response_payload()
    assert answer(client, resident[1], campaign["id"], sent).status_code == 201
    assert answer(client, resident[1], campaign["id"], sent).status_code == 200


def test_a_campaign_may_take_several_answers_per_person(
    app, client, resident, animateur, published
):
    made = open_campaign(client, animateur[1], published["id"], multiple_answers=True)
    assert made["multiple_answers"] is True
    for _ in range(3):
        assert answer(client, resident[1], made["id"], response_payload()).status_code == 201
    assert count_responses(app, campaign_id=uuid.UUID(made["id"])) == 3
    # An organiser can turn it back to one answer each: the next one is refused.
    changed = client.patch(f"/api/v1/campaigns/{made['id']}", headers=animateur[1],
                           json={"multiple_answers": False})  # fmt: skip
    assert changed.status_code == 200 and changed.json["multiple_answers"] is False
    assert answer(client, resident[1], made["id"], response_payload()).status_code == 409


def test_sync_keeps_the_rule_idempotently(app, client, resident, campaign):
    first = response_payload(campaign_id=campaign["id"])
    second = response_payload(campaign_id=campaign["id"], answers=ANSWERS | {"age": "40"})
    batch = {"responses": [first, second]}
    for _ in range(2):
        results = client.post("/api/v1/sync", json=batch, headers=resident[1]).json["results"]
        assert [r["status"] for r in results][1] == "conflict"
        assert results[1]["response_id"] == first["id"]
        assert results[1]["errors"]["_schema"][0].startswith("Vous avez déjà répondu")
    assert [r["status"] for r in results] == ["duplicate", "conflict"]
    assert count_responses(app, campaign_id=uuid.UUID(campaign["id"])) == 1


def test_two_phones_at_once_store_one_answer(app, resident, campaign):
    import threading

    barrier, statuses = threading.Barrier(4), []

    def send():
        client = app.test_client()
        barrier.wait()
        statuses.append(answer(client, resident[1], campaign["id"], response_payload()).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409, 409, 409]
    assert count_responses(app, campaign_id=uuid.UUID(campaign["id"])) == 1


def test_the_author_corrects_their_answer_judged_again_and_audited(
    app, client, resident, make_user, campaign
):
    sent = answer(client, resident[1], campaign["id"], response_payload()).json
    url = f"/api/v1/responses/{sent['id']}"
    corrected = client.put(url, json={"answers": ANSWERS | {"age": "52"}}, headers=resident[1])
    assert corrected.status_code == 200, corrected.json
    assert corrected.json["answers"]["age"] == 52 and corrected.json["edited_at"]
    assert corrected.json["submitted_at"] == sent["submitted_at"]
    refused = client.put(url, json={"answers": ANSWERS | {"age": "8"}}, headers=resident[1])
    assert refused.status_code == 422
    assert refused.json["errors"]["json"]["answers"]["age"]
    assert client.put(url, json={}, headers=resident[1]).status_code == 422
    # Someone else's response, or none, is not found.
    _, neighbour = make_user("veilleur", ("QP031007",))
    assert client.put(url, json={"answers": ANSWERS}, headers=neighbour).status_code == 404
    missing = f"/api/v1/responses/{uuid.uuid4()}"
    assert client.put(missing, json={"answers": ANSWERS}, headers=resident[1]).status_code == 404
    mine = client.get("/api/v1/responses", headers=resident[1]).json
    assert [r["answers"]["age"] for r in mine] == [52]
    from backend.extensions.database import db
    from backend.models import AuditEvent

    with app.app_context():
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "response.edit")
        ).all()
        assert [(e.target_id, e.actor_id) for e in events] == [(sent["id"], resident[0].id)]


def test_an_answer_is_no_longer_corrected_once_the_campaign_ends(
    client, resident, animateur, published
):
    made = open_campaign(client, animateur[1], published["id"],
                         opens_at=moment(days=-9), closes_at=moment(days=-2))  # fmt: skip
    sent = answer(client, resident[1], made["id"],
                  response_payload(submitted_at=moment(days=-3))).json  # fmt: skip
    corrected = client.put(f"/api/v1/responses/{sent['id']}", json={"answers": ANSWERS},
                           headers=resident[1])  # fmt: skip
    assert corrected.status_code == 422
    assert corrected.json["message"] == (
        "Cette campagne est terminée : votre réponse ne peut plus être corrigée."
    )
