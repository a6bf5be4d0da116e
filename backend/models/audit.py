"""The audit log: who did what sensitive thing, when (role and invitation changes, moderation,
exports, deletions, syntheses). No IP address, no content: the action and its target."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
    # Kept as plain values, not foreign keys: the trace outlives a deleted account.
    actor_id: so.Mapped[uuid.UUID | None]
    actor_role: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    action: so.Mapped[str] = so.mapped_column(sa.String(60), index=True)
    target_type: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    target_id: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    territory: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    details: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
