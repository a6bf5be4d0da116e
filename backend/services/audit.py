"""Recording sensitive actions in the audit log (in the caller's transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import AuditEvent
from backend.services.scope import Scope


def record(
    actor: Scope | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: object = None,
    territory: str | None = None,
    **details: Any,
) -> None:
    """Add an audit event; it is committed (or rolled back) with the action it records."""
    db.session.add(
        AuditEvent(
            at=dt.datetime.now(dt.UTC),
            actor_id=actor.user_id if actor else None,
            actor_role=actor.role if actor and actor.user_id else "système",
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id is not None else None,
            territory=territory,
            details=details,
        )
    )


def events_query(
    action: str | None = None,
    territory: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> sa.Select[tuple[AuditEvent]]:
    """The audit log, newest first, filtered by action, territory and period."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if territory is not None:
        query = query.where(AuditEvent.territory == territory)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return query
