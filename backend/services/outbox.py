"""The transactional outbox: an event is a row written in the transaction of the change it
reports, so it exists if and only if the change was committed. Nothing is sent here: the relay
(:mod:`backend.services.webhooks`) reads the rows after the commit, in a worker.

Writing costs one indexed read when nobody listens to that kind of event (the usual case) and
one multi-row insert otherwise; a resident's request never waits on a receiver.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import OutboxEvent, WebhookSubscription

OBSERVATION_CREATED = "observation.created"
OBSERVATION_MODERATED = "observation.moderated"
OBSERVATION_FOLLOWED_UP = "observation.followed_up"
RESPONSE_RECEIVED = "response.received"
SYNTHESIS_ISSUED = "synthesis.issued"
EVENTS = {
    OBSERVATION_CREATED: "Observation envoyée",
    OBSERVATION_MODERATED: "Observation modérée",  # hidden, restored, theme corrected, read
    OBSERVATION_FOLLOWED_UP: "Observation suivie",  # by the field team (when that lands)
    RESPONSE_RECEIVED: "Réponse d'enquête reçue",
    SYNTHESIS_ISSUED: "Synthèse figée",
}
# Set on the session when events were written: the relay is woken after the commit.
PENDING_KEY = "outbox_pending"


def listened(kind: str) -> bool:
    """Whether any active subscription listens to this kind of event."""
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    WebhookSubscription.active.is_(True),
                    WebhookSubscription.events.like(f"%,{kind},%"),
                )
            )
        )
    )


def emit(kind: str, subjects: Iterable[tuple[object, int | None]]) -> int:
    """Record that ``kind`` happened to each (subject id, territory id); returns how many."""
    assert kind in EVENTS, kind
    subjects = list(subjects)
    if not subjects or not listened(kind):
        return 0
    now = dt.datetime.now(dt.UTC)
    db.session.execute(
        sa.insert(OutboxEvent),
        [
            {
                "id": uuid.uuid4(),
                "kind": kind,
                "subject_id": str(subject),
                "territory_id": territory_id,
                "occurred_at": now,
            }
            for subject, territory_id in subjects
        ],
    )
    db.session.info[PENDING_KEY] = True
    return len(subjects)
