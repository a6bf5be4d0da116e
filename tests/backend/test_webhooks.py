"""Webhooks: organisers subscribe URLs to their territories' events; events go through a
transactional outbox, are sent signed by a real RQ worker to a local receiver that fails then
recovers, retried with exponential backoff; payloads are public; private addresses refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading
import uuid

import pytest
import sqlalchemy as sa

from tests.backend.conftest import observation_payload
from tests.backend.test_campaigns import campaign
from tests.backend.test_responses import answer, resident, response_payload
from tests.backend.test_surveys import animateur, published

__all__ = ["animateur", "campaign", "published", "resident"]  # fixtures used here

HOME, AWAY = "QP031001", "QP034005"


class Receiver:
    """A local HTTP endpoint answering the statuses it is given, in order (then the last one)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/veilleurs?source=test"

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _, body in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    made: list[Receiver] = []

    def factory(statuses: list[int]) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield factory
    for receiver in made:
        receiver.close()


@pytest.fixture
def local(app):
    """Loopback receivers allowed (tests only), retries without waiting."""
    app.config.update(WEBHOOKS_ALLOW_PRIVATE=True, WEBHOOKS_RETRY_BASE_S=0)
    yield app
    app.config.update(
        WEBHOOKS_ALLOW_PRIVATE=False, WEBHOOKS_RETRY_BASE_S=30, WEBHOOKS_MAX_ATTEMPTS=8
    )


@pytest.fixture
def rq_queue(app):
    from redis import Redis
    from rq import Queue

    name = f"test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL="redis://127.0.0.1:6379/0", JOBS_QUEUE=name)
    redis = Redis.from_url(app.config["REDIS_URL"])
    yield Queue(name, connection=redis)
    app.config.update(REDIS_URL=None, JOBS_QUEUE="veilleurs")
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


def work(app, queue) -> None:
    from rq import SimpleWorker

    with app.app_context():
        SimpleWorker([queue], connection=queue.connection).work(burst=True)


def subscribe(client, headers, url, events, territory=HOME):
    return client.post(
        "/api/v1/webhooks",
        json={"url": url, "events": events, "territory": territory},
        headers=headers,
    )


def deliveries(app) -> list:
    from backend.extensions.database import db
    from backend.models import WebhookDelivery

    with app.app_context():
        rows = db.session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.created_at))
        return [{c: getattr(d, c) for c in ("kind", "status", "attempts", "next_attempt_at",
                                              "last_status_code", "body")} for d in rows]  # fmt: skip


def outbox_rows(app) -> int:
    from backend.extensions.database import db
    from backend.models import OutboxEvent

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent))


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in headers["X-Veilleurs-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(parts["v1"], expected.hexdigest())


def test_a_receiver_that_fails_then_recovers_gets_the_event_signed_through_rq(
    app, local, client, make_user, receiver_factory, rq_queue
):
    receiver = receiver_factory([500, 503, 200])
    _, organiser = make_user("animateur", (HOME,))
    created = subscribe(client, organiser, receiver.url, ["observation.created"])
    assert created.status_code == 201, created.json
    secret = created.json["secret"]
    assert secret.startswith("whsec_") and len(secret) > 30
    _, resident = make_user("veilleur", (HOME,))
    item = observation_payload(text="Encombrants devant le bâtiment C, appelez le 06 12 34 56 78")
    assert client.post("/api/v1/observations", json=item, headers=resident).status_code == 201
    assert receiver.received == []  # nothing sent by the resident's request
    assert rq_queue.count == 1
    work(app, rq_queue)
    assert len(receiver.received) == 3  # two failures, then delivered
    assert all(verify(secret, headers, body) for headers, body in receiver.received)
    assert len({body for _, body in receiver.received}) == 1  # the same body each time
    headers, body = receiver.received[-1]
    assert headers["X-Veilleurs-Event"] == "observation.created"
    event = json.loads(body)
    assert (event["event"], event["territory"]) == ("observation.created", HOME)
    data = event["data"]
    assert data["id"] == item["id"] and data["theme"] == "proprete"
    assert "06 12 34 56 78" not in data["text"]  # identifiers masked
    assert "author" not in json.dumps(data) and "accuracy" not in json.dumps(data)
    lon, lat = item["location"]["coordinates"]
    assert data["location"]["coordinates"] != [lon, lat]  # on the public grid
    assert abs(data["location"]["coordinates"][0] - lon) < 0.002
    (delivery,) = deliveries(app)
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "delivered",
        3,
        200,
    )
    assert not verify("whsec_autre", headers, body)


def test_backoff_schedules_the_next_attempt_and_gives_up_after_the_last(
    app, local, client, make_user, receiver_factory, rq_queue
):
    app.config.update(WEBHOOKS_RETRY_BASE_S=60)
    receiver = receiver_factory([500])
    _, organiser = make_user("animateur", (HOME,))
    subscribe(client, organiser, receiver.url, ["observation.created"])
    _, resident = make_user("veilleur", (HOME,))
    client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    before = dt.datetime.now(dt.UTC)
    work(app, rq_queue)
    (delivery,) = deliveries(app)
    assert (delivery["status"], delivery["attempts"]) == ("pending", 1)
    wait = delivery["next_attempt_at"] - before
    assert dt.timedelta(seconds=59) <= wait <= dt.timedelta(seconds=120)
    assert rq_queue.scheduled_job_registry.count == 1  # the worker will come back then
    assert len(receiver.received) == 1

    from backend.services import webhooks

    settings = webhooks.Settings(retry_base_s=30, retry_max_s=600)
    delays = [webhooks.retry_delay(n, settings).total_seconds() for n in range(1, 7)]
    assert delays == [30, 60, 120, 240, 480, 600]

    # Now due at once, at most three attempts: the third failure is final.
    app.config.update(WEBHOOKS_RETRY_BASE_S=0, WEBHOOKS_MAX_ATTEMPTS=3)
    from backend import webhook_jobs
    from backend.extensions.database import db
    from backend.models import WebhookDelivery

    with app.app_context():
        db.session.execute(sa.update(WebhookDelivery).values(next_attempt_at=before))
        db.session.commit()
        webhook_jobs.wake(app)
    work(app, rq_queue)
    (delivery,) = deliveries(app)
    assert (delivery["status"], delivery["attempts"], delivery["next_attempt_at"]) == (
        "failed",
        3,
        None,
    )
    assert len(receiver.received) == 3


def test_a_resident_is_never_blocked_by_webhooks(app, local, client, make_user, receiver_factory):
    receiver = receiver_factory([200])
    _, organiser = make_user("animateur", (HOME,))
    subscribe(client, organiser, receiver.url, ["observation.created"])
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0")  # Redis unreachable
    try:
        _, resident = make_user("veilleur", (HOME,))
        response = client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    finally:
        app.config.update(REDIS_URL=None)
    assert response.status_code == 201
    assert outbox_rows(app) == 1 and deliveries(app) == []  # waiting in the outbox
    from backend import webhook_jobs

    webhook_jobs.wake(app)  # the next wake (or `veilleurs webhooks relay`) sends it
    webhook_jobs.wait_idle()
    assert [d["status"] for d in deliveries(app)] == ["delivered"]
    assert len(receiver.received) == 1


def test_no_outbox_row_without_a_listener_nor_for_a_refused_write(app, client, make_user):
    _, resident = make_user("veilleur", (HOME,))
    client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    assert outbox_rows(app) == 0  # nobody listens: nothing written


def test_events_follow_territories_moderation_and_the_subscriber_rights(
    app, local, client, make_user, receiver_factory
):
    from backend import webhook_jobs

    home, away = receiver_factory([200]), receiver_factory([200])
    organiser_user, organiser = make_user("animateur", (HOME,))
    _, other = make_user("animateur", (AWAY,))
    events = ["observation.created", "observation.moderated"]
    assert subscribe(client, organiser, home.url, events).status_code == 201
    assert subscribe(client, other, away.url, events, territory=AWAY).status_code == 201
    _, resident = make_user("veilleur", (HOME,))
    item = observation_payload(text="Tags sur le mur de l'école")
    client.post("/api/v1/observations", json=item, headers=resident)
    webhook_jobs.wait_idle()
    assert [b["event"] for b in home.bodies()] == ["observation.created"]
    assert away.received == []  # another territory's organiser hears nothing
    hidden = client.patch(
        f"/api/v1/observations/{item['id']}",
        json={"status": "hidden", "moderation_reason": "Nom cité."},
        headers=organiser,
    )
    assert hidden.status_code == 200
    webhook_jobs.wait_idle()
    moderated = home.bodies()[-1]
    assert moderated["event"] == "observation.moderated"
    assert moderated["data"] == {"id": item["id"], "status": "hidden"}  # no text once hidden

    # The subscriber loses the right: the subscription stays, nothing is sent any more.
    _, admin = make_user("admin", ())
    demoted = client.patch(
        f"/api/v1/users/{organiser_user.id}", json={"role": "veilleur"}, headers=admin
    )
    assert demoted.status_code == 200, demoted.json
    client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    webhook_jobs.wait_idle()
    assert len(home.received) == 2
    listed = client.get("/api/v1/webhooks", headers=admin).json
    assert {(s["territory"], s["allowed"]) for s in listed} == {(HOME, False), (AWAY, True)}


def test_responses_and_syntheses_are_events_too(
    app, local, client, make_user, receiver_factory, resident, animateur, campaign
):
    from backend import webhook_jobs

    receiver = receiver_factory([200])
    created = subscribe(
        client, animateur[1], receiver.url, ["response.received", "synthesis.issued"],
        territory="QP031007",
    )  # fmt: skip
    assert created.status_code == 201, created.json
    payload = response_payload()
    assert answer(client, resident[1], campaign["id"], payload).status_code == 201
    issued = client.post("/api/v1/syntheses", json={"territory": "QP031007"}, headers=animateur[1])
    assert issued.status_code == 201
    webhook_jobs.wait_idle()
    response, synthesis = receiver.bodies()
    assert response["data"] == {
        "id": payload["id"],
        "campaign": campaign["id"],
        "territory": "QP031007",
        "submitted_on": response["data"]["submitted_on"],
    }  # no answers, no respondent
    assert synthesis["event"] == "synthesis.issued"
    assert synthesis["data"]["id"] == issued.json["id"]
    assert synthesis["data"]["link"].startswith("/api/v1/syntheses/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "ftp://8.8.8.8/hook",
        "https://user:motdepasse@8.8.8.8/hook",
        "pas une adresse",
    ],
)
def test_private_addresses_and_odd_urls_are_refused(client, make_user, url):
    _, organiser = make_user("animateur", (HOME,))
    response = subscribe(client, organiser, url, ["observation.created"])
    assert response.status_code == 422
    assert response.json["errors"]["json"]["url"][0]  # in French, on the field


def test_a_public_address_is_accepted_and_the_secret_shown_once(app, client, make_user):
    _, organiser = make_user("animateur", (HOME,))
    created = subscribe(client, organiser, "https://8.8.8.8/hook", ["synthesis.issued"])
    assert created.status_code == 201
    subscription_id = created.json["id"]
    detail = client.get(f"/api/v1/webhooks/{subscription_id}", headers=organiser).json
    listed = client.get("/api/v1/webhooks", headers=organiser).json
    for shown in (detail, *listed):
        assert "secret" not in shown and created.json["secret"] not in json.dumps(shown)
    assert detail["deliveries"] == [] and detail["events"] == ["synthesis.issued"]


def test_subscriptions_are_managed_within_the_territories(client, make_user):
    _, organiser = make_user("animateur", (HOME,))
    _, other = make_user("animateur", (AWAY,))
    url = "https://8.8.8.8/hook"
    assert subscribe(client, organiser, url, ["observation.created"], AWAY).status_code == 404
    assert subscribe(client, organiser, url, ["observation.created"], None).status_code == 422
    assert subscribe(client, organiser, url, ["observation.deleted"]).status_code == 422
    assert subscribe(client, organiser, url, []).status_code == 422
    created = subscribe(client, organiser, url, ["observation.created"]).json
    path = f"/api/v1/webhooks/{created['id']}"
    assert client.get(path, headers=other).status_code == 404
    assert client.patch(path, json={"active": False}, headers=other).status_code == 404
    assert client.delete(path, headers=other).status_code == 404
    assert client.get("/api/v1/webhooks", headers=other).json == []
    paused = client.patch(path, json={"active": False}, headers=organiser)
    assert paused.status_code == 200 and paused.json["active"] is False
    refused = client.patch(path, json={"url": "http://127.0.0.1/"}, headers=organiser)
    assert refused.status_code == 422
    assert client.delete(path, headers=organiser).status_code == 204
    assert client.get(path, headers=organiser).status_code == 404
    for role in ("veilleur", "analyste"):
        _, headers = make_user(role, (HOME,))
        assert subscribe(client, headers, url, ["observation.created"]).status_code == 403
        assert client.get("/api/v1/webhooks", headers=headers).status_code == 403


def test_the_command_sends_what_waits_when_there_is_no_worker(
    app, local, client, make_user, receiver_factory, runner
):
    receiver = receiver_factory([500, 200])
    _, organiser = make_user("animateur", (HOME,))
    subscribe(client, organiser, receiver.url, ["observation.created"])
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0")  # no worker will come
    try:
        _, resident = make_user("veilleur", (HOME,))
        client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    finally:
        app.config.update(REDIS_URL=None)
    first = runner.invoke(args=["webhooks", "relay"])
    assert first.exit_code == 0 and "1 envoi(s) préparé(s), 1 tentative(s)" in first.output
    assert [d["status"] for d in deliveries(app)] == ["pending"]
    second = runner.invoke(args=["webhooks", "relay"])  # the retry is due (base 0 here)
    assert "0 envoi(s) préparé(s), 1 tentative(s)" in second.output
    assert [d["status"] for d in deliveries(app)] == ["delivered"]
    assert len(receiver.received) == 2


def test_old_events_and_finished_deliveries_are_purged(
    app, local, client, make_user, receiver_factory, runner
):
    from backend.extensions.database import db
    from backend.models import OutboxEvent, WebhookDelivery

    receiver = receiver_factory([200])
    _, organiser = make_user("animateur", (HOME,))
    subscribe(client, organiser, receiver.url, ["observation.created"])
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0")  # sent by the command below
    try:
        _, resident = make_user("veilleur", (HOME,))
        for _ in range(2):
            client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    finally:
        app.config.update(REDIS_URL=None)
    runner.invoke(args=["webhooks", "relay"])
    assert [d["status"] for d in deliveries(app)] == ["delivered", "delivered"]
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    with app.app_context():
        first = db.session.scalars(sa.select(OutboxEvent.id).limit(1)).one()
        db.session.execute(
            sa.update(OutboxEvent).where(OutboxEvent.id == first).values(dispatched_at=long_ago)
        )
        db.session.execute(
            sa.update(WebhookDelivery)
            .where(WebhookDelivery.event_id == first)
            .values(created_at=long_ago)
        )
        db.session.commit()
    runner.invoke(args=["webhooks", "relay"])
    assert outbox_rows(app) == 1 and len(deliveries(app)) == 1


def test_a_redirect_is_not_followed(app, local, client, make_user, receiver_factory):
    """A receiver cannot bounce the sender elsewhere (an internal address, say)."""
    from backend import webhook_jobs

    inner = receiver_factory([200])
    outer = receiver_factory([302])
    outer.server.RequestHandlerClass.send_response = (  # type: ignore[method-assign]
        lambda self, code, message=None: (
            http.server.BaseHTTPRequestHandler.send_response(self, code, message),
            self.send_header("Location", inner.url),
        )
    )
    _, organiser = make_user("animateur", (HOME,))
    subscribe(client, organiser, outer.url, ["observation.created"])
    _, resident = make_user("veilleur", (HOME,))
    client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    webhook_jobs.wait_idle()
    assert len(outer.received) == 1 and inner.received == []
    (delivery,) = deliveries(app)
    assert (delivery["status"], delivery["last_status_code"]) == ("pending", 302)
