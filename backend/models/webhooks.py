"""Webhooks: subscriptions of a territory's organisers to events, the transactional outbox the
events are written to (in the transaction of the change itself), and the deliveries made from it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db
from backend.models.territories import Territory

DELIVERY_STATUSES = ("pending", "delivered", "failed")


class WebhookSubscription(db.Model):
    __tablename__ = "webhook_subscription"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    url: so.Mapped[str] = so.mapped_column(sa.String(2000))
    # Event kinds between commas (",observation.created,response.received,"): a portable LIKE.
    events: so.Mapped[str] = so.mapped_column(sa.String(400))
    # The territory covered (and everything below it); none: everywhere (administrators only).
    territory_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="CASCADE"), index=True
    )
    # The HMAC key, shown once at creation; needed in clear to sign each delivery.
    secret: so.Mapped[str] = so.mapped_column(sa.String(100))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # Deliveries stop with the rights of who subscribed (checked at each event).
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    territory_code: so.Mapped[str | None] = so.column_property(
        sa.select(Territory.code).where(Territory.id == territory_id).scalar_subquery()
    )


class OutboxEvent(db.Model):
    """One event, written with the change it reports; the relay turns it into deliveries."""

    __tablename__ = "outbox_event"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    subject_id: so.Mapped[str] = so.mapped_column(sa.String(80))
    territory_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="SET NULL")
    )
    occurred_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    dispatched_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime, index=True)


class WebhookDelivery(db.Model):
    """One event for one subscription: its body (frozen when dispatched), its attempts."""

    __tablename__ = "webhook_delivery"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    subscription_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("webhook_subscription.id", ondelete="CASCADE"), index=True
    )
    event_id: so.Mapped[uuid.UUID] = so.mapped_column(sa.Uuid())
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    body: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="pending", index=True)
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_attempt_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime, index=True)
    # A relay holds a delivery while sending it, so two workers never send it twice.
    locked_until: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    last_status_code: so.Mapped[int | None]
    last_error: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    delivered_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint(f"status IN {DELIVERY_STATUSES}", name="status"),)


class ApiKey(db.Model):
    """A key a city's tool uses for Open311 in the name of an organiser's account (stored as a
    hash; it acts with the account's rights as they stand, and stops when it is disabled)."""

    __tablename__ = "api_key"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    label: so.Mapped[str] = so.mapped_column(sa.String(100))
    key_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    last_used_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    revoked_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
