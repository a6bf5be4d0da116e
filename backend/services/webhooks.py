"""Webhooks: organisers subscribe a URL to events of their territories; the relay turns outbox
events into signed deliveries, retried with exponential backoff.

Payloads hold public fields only (points on the public grid, texts with identifiers masked,
no author, no answers) and are built when the event is dispatched, from the subject as it
stands then: an observation hidden since is sent as hidden, without its text. A subscription
delivers only while the account that made it still has the right to (role and territory).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from analysis.disclosure import snap_to_grid
from analysis.synthesis.clusters import public_quote
from backend.extensions.database import db
from backend.models import (
    Observation,
    OutboxEvent,
    SurveyResponse,
    Synthesis,
    Territory,
    User,
    WebhookDelivery,
    WebhookSubscription,
)
from backend.services import Invalid, NotFound, audit, follow_ups, outbox, webhook_http
from backend.services.scope import Permission, Scope, descendant_ids, scope_of

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Veilleurs-Signature"
SUBSCRIPTIONS_PER_TERRITORY = 20
LOCK_S = 120
BATCH = 200


@dataclasses.dataclass(frozen=True)
class Settings:
    allow_private: bool = False
    grid_m: int = 100
    max_attempts: int = 8
    retry_base_s: float = 30.0
    retry_max_s: float = 6 * 3600.0

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Settings:
        return cls(
            allow_private=bool(config["WEBHOOKS_ALLOW_PRIVATE"]),
            grid_m=int(config["PUBLIC_GRID_M"]),
            max_attempts=int(config["WEBHOOKS_MAX_ATTEMPTS"]),
            retry_base_s=float(config["WEBHOOKS_RETRY_BASE_S"]),
            retry_max_s=float(config["WEBHOOKS_RETRY_MAX_S"]),
        )


def retry_delay(attempts: int, settings: Settings) -> dt.timedelta:
    """Wait after the ``attempts``-th failure: base, 2×base, 4×base… capped."""
    seconds = min(settings.retry_base_s * 2 ** max(attempts - 1, 0), settings.retry_max_s)
    return dt.timedelta(seconds=seconds)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header: HMAC-SHA256 of ``"{timestamp}." + body`` with the secret."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


# --- subscriptions ------------------------------------------------------------------------


def _events_column(events: list[str]) -> str:
    unknown = sorted(set(events) - outbox.EVENTS.keys())
    if unknown or not events:
        message = "Choisissez au moins un événement parmi : " + ", ".join(outbox.EVENTS) + "."
        raise Invalid(message, {"events": [message]})
    return "," + ",".join(sorted(set(events))) + ","


def events_of(subscription: WebhookSubscription) -> list[str]:
    return [e for e in subscription.events.split(",") if e]


def _territory_for(scope: Scope, code: str | None) -> Territory | None:
    if code is None:
        if not scope.everywhere:
            message = "Indiquez un de vos territoires."
            raise Invalid(message, {"territory": [message]})
        return None
    territory = db.session.scalar(sa.select(Territory).where(Territory.code == code))
    if territory is None or not scope.sees_territory(territory.id):
        raise NotFound(f"Territoire inconnu : {code}.")
    return territory


def create(
    scope: Scope, url: str, events: list[str], territory: str | None, settings: Settings
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret (shown once: only a hash-free copy is kept to sign)."""
    scope.require(Permission.MANAGE_WEBHOOKS)
    place = _territory_for(scope, territory)
    column = _events_column(events)
    webhook_http.check_url(url, allow_private=settings.allow_private)
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(WebhookSubscription)
        .where(WebhookSubscription.territory_id == (place.id if place else None))
    )
    if (count or 0) >= SUBSCRIPTIONS_PER_TERRITORY:
        raise Invalid(
            f"Ce territoire a déjà {SUBSCRIPTIONS_PER_TERRITORY} abonnements : "
            "supprimez-en un avant d'en créer un autre."
        )
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(
        id=uuid.uuid4(),
        url=url,
        events=column,
        territory_id=place.id if place else None,
        secret=secret,
        active=True,
        created_by_id=scope.user_id,
        created_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(subscription)
    audit.record(
        scope,
        "webhook.create",
        target_type="webhook",
        target_id=subscription.id,
        territory=territory,
        url=url,
        events=events_of(subscription),
    )
    db.session.flush()
    db.session.refresh(subscription)
    return subscription, secret


def visible(scope: Scope) -> sa.Select[tuple[WebhookSubscription]]:
    """The subscriptions on the actor's territories (all of them for an administrator)."""
    scope.require(Permission.MANAGE_WEBHOOKS)
    query = sa.select(WebhookSubscription)
    territories = scope.visible_territory_ids
    if territories is not None:
        query = query.where(WebhookSubscription.territory_id.in_(territories))
    return query.order_by(WebhookSubscription.created_at.desc(), WebhookSubscription.id)


def get_visible(scope: Scope, subscription_id: uuid.UUID) -> WebhookSubscription:
    found = db.session.scalar(visible(scope).where(WebhookSubscription.id == subscription_id))
    if found is None:
        raise NotFound("Abonnement introuvable.")
    return found


def update(
    scope: Scope, subscription: WebhookSubscription, changes: dict[str, Any], settings: Settings
) -> WebhookSubscription:
    if "url" in changes:
        webhook_http.check_url(changes["url"], allow_private=settings.allow_private)
        subscription.url = changes["url"]
    if "events" in changes:
        subscription.events = _events_column(changes["events"])
    if "active" in changes:
        subscription.active = changes["active"]
    audit.record(
        scope,
        "webhook.update",
        target_type="webhook",
        target_id=subscription.id,
        territory=subscription.territory_code,
        **{k: v for k, v in changes.items()},
    )
    db.session.flush()
    return subscription


def delete(scope: Scope, subscription: WebhookSubscription) -> None:
    audit.record(
        scope,
        "webhook.delete",
        target_type="webhook",
        target_id=subscription.id,
        territory=subscription.territory_code,
        url=subscription.url,
    )
    db.session.delete(subscription)


def recent_deliveries(subscription_ids: list[uuid.UUID], limit: int) -> list[WebhookDelivery]:
    if not subscription_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(WebhookDelivery)
            .where(WebhookDelivery.subscription_id.in_(subscription_ids))
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
            .limit(limit)
        )
    )


def still_allowed(subscription: WebhookSubscription) -> bool:
    """Whether who made the subscription may still receive these events."""
    if subscription.created_by_id is None:
        return False
    user = db.session.get(User, subscription.created_by_id)
    if user is None or user.disabled_at is not None:
        return False
    scope = scope_of(user)
    if not scope.can(Permission.MANAGE_WEBHOOKS):
        return False
    if subscription.territory_id is None:
        return scope.everywhere
    return scope.sees_territory(subscription.territory_id)


# --- public payloads ----------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _observation(subject: str, settings: Settings) -> dict[str, Any] | None:
    observation = db.session.get(Observation, uuid.UUID(subject))
    if observation is None:
        return {"id": subject, "status": "deleted"}
    if observation.status != "visible":
        return {"id": subject, "status": observation.status}
    point = to_shape(observation.geom)
    lon, lat = snap_to_grid(point.x, point.y, settings.grid_m)
    return {
        "id": subject,
        "status": "visible",
        "theme": observation.theme,
        "polarity": observation.polarity,
        "text": public_quote(observation.text),
        "observed_on": observation.observed_at.date().isoformat(),
        "location": {"type": "Point", "coordinates": [lon, lat]},
        "grid_m": settings.grid_m,
        "territory": observation.territory_code,
        "reviewed": observation.moderated_at is not None,
        "follow_up": follow_ups.public_follow_up(observation),
    }


def _response(subject: str, settings: Settings) -> dict[str, Any] | None:
    response = db.session.get(SurveyResponse, uuid.UUID(subject))
    if response is None:
        return None
    return {
        "id": subject,
        "campaign": str(response.campaign_id),
        "territory": response.territory_code,
        "submitted_on": response.submitted_at.date().isoformat(),
    }


def _synthesis(subject: str, settings: Settings) -> dict[str, Any] | None:
    synthesis = db.session.get(Synthesis, uuid.UUID(subject))
    if synthesis is None:
        return None
    return {
        "id": subject,
        "title": synthesis.content.get("title"),
        "territory": synthesis.territory_code,
        "theme": synthesis.theme,
        "since": _iso(synthesis.since),
        "until": _iso(synthesis.until),
        "issued_at": _iso(synthesis.issued_at),
        "link": f"/api/v1/syntheses/{subject}?format=html",
    }


PAYLOADS = {
    outbox.OBSERVATION_CREATED: _observation,
    outbox.OBSERVATION_MODERATED: _observation,
    outbox.OBSERVATION_FOLLOWED_UP: _observation,
    outbox.RESPONSE_RECEIVED: _response,
    outbox.SYNTHESIS_ISSUED: _synthesis,
}


# --- the relay ----------------------------------------------------------------------------


def dispatch(settings: Settings) -> int:
    """Turn undispatched outbox events into deliveries (one per matching subscription)."""
    events = list(
        db.session.scalars(
            sa.select(OutboxEvent)
            .where(OutboxEvent.dispatched_at.is_(None))
            .order_by(OutboxEvent.occurred_at, OutboxEvent.id)
            .limit(BATCH)
        )
    )
    if not events:
        return 0
    subscriptions = list(db.session.scalars(sa.select(WebhookSubscription)))
    allowed = {s.id: still_allowed(s) for s in subscriptions}
    covered = {
        s.id: descendant_ids({s.territory_id}) if s.territory_id is not None else None
        for s in subscriptions
    }
    codes = dict(db.session.execute(sa.select(Territory.id, Territory.code)).all())
    now = dt.datetime.now(dt.UTC)
    made = 0
    for event in events:
        claimed = db.session.execute(
            sa.update(OutboxEvent)
            .where(OutboxEvent.id == event.id, OutboxEvent.dispatched_at.is_(None))
            .values(dispatched_at=now)
        ).rowcount
        if not claimed:
            continue
        targets = [
            s
            for s in subscriptions
            if s.active
            and allowed[s.id]
            and event.kind in events_of(s)
            and (covered[s.id] is None or event.territory_id in covered[s.id])
        ]
        data = PAYLOADS[event.kind](event.subject_id, settings) if targets else None
        if data is None:
            continue
        body = {
            "id": str(event.id),
            "event": event.kind,
            "occurred_at": _iso(event.occurred_at),
            "territory": codes.get(event.territory_id) if event.territory_id else None,
            "data": data,
        }
        for subscription in targets:
            db.session.add(
                WebhookDelivery(
                    id=uuid.uuid4(),
                    subscription_id=subscription.id,
                    event_id=event.id,
                    kind=event.kind,
                    body=body,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            made += 1
    return made


def _due(now: dt.datetime) -> sa.Select[tuple[uuid.UUID]]:
    return (
        sa.select(WebhookDelivery.id)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookSubscription.active.is_(True))
        .where(WebhookDelivery.status == "pending")
        .where(WebhookDelivery.next_attempt_at <= now)
        .where(sa.or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now))
    )


def due_deliveries(now: dt.datetime) -> list[uuid.UUID]:
    """The deliveries to send now, oldest due first (a batch)."""
    query = _due(now).order_by(WebhookDelivery.next_attempt_at).limit(BATCH)
    return list(db.session.scalars(query))


def claim(delivery_id: uuid.UUID, now: dt.datetime) -> bool:
    """Hold a delivery for this relay (once committed, no other relay sends it meanwhile)."""
    claimed = db.session.execute(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending")
        .where(sa.or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now))
        .values(locked_until=now + dt.timedelta(seconds=LOCK_S))
    ).rowcount
    return bool(claimed)


def attempt(delivery_id: uuid.UUID, settings: Settings) -> None:
    """One attempt: POST the body, signed; success is any 2xx answer."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    assert delivery is not None
    subscription = db.session.get(WebhookSubscription, delivery.subscription_id)
    assert subscription is not None
    body = json.dumps(delivery.body, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(dt.datetime.now(dt.UTC).timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Veilleurs-Webhooks/1",
        "X-Veilleurs-Event": delivery.kind,
        "X-Veilleurs-Delivery": str(delivery.id),
        SIGNATURE_HEADER: sign(subscription.secret, timestamp, body),
    }
    status: int | None = None
    error: str | None = None
    try:
        status = webhook_http.post(
            subscription.url, body, headers, allow_private=settings.allow_private
        )
        if not 200 <= status < 300:
            error = f"Réponse HTTP {status}"
    except Invalid as refused:
        error = str(refused)
    except (OSError, ValueError, http.client.HTTPException) as failure:  # refused, timeout, TLS…
        error = f"Envoi impossible : {type(failure).__name__}"
    now = dt.datetime.now(dt.UTC)
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = error[:300] if error else None
    delivery.locked_until = None
    if error is None:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
    elif delivery.attempts >= settings.max_attempts:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts, settings)


def next_wake() -> dt.datetime | None:
    """When the relay next has something to send (pending deliveries of active subscriptions,
    not held by another relay, which will see to them)."""
    now = dt.datetime.now(dt.UTC)
    return db.session.scalar(
        sa.select(WebhookDelivery.next_attempt_at)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookSubscription.active.is_(True), WebhookDelivery.status == "pending")
        .where(sa.or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now))
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(1)
    )


OUTBOX_KEPT = dt.timedelta(days=7)
DELIVERIES_KEPT = dt.timedelta(days=30)


def purge(now: dt.datetime) -> None:
    """Dispatched events after a week, finished deliveries after a month (the console shows the
    last ones; pending deliveries stay until sent or given up)."""
    db.session.execute(sa.delete(OutboxEvent).where(OutboxEvent.dispatched_at < now - OUTBOX_KEPT))
    db.session.execute(
        sa.delete(WebhookDelivery)
        .where(WebhookDelivery.status != "pending")
        .where(WebhookDelivery.created_at < now - DELIVERIES_KEPT)
    )
