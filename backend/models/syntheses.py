"""Issued syntheses: frozen with their parameters, the data snapshot they used and their
content, so re-opening one shows exactly what was handed out at the workshop."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db


class Synthesis(db.Model):
    __tablename__ = "synthesis"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    # The code, not a foreign key: an issued document outlives a re-imported territory.
    territory_code: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    theme: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    since: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    until: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # Everything the content was computed with (threshold, grid, sampling…).
    parameters: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # The rows read: counts and a hash of their ids and update times (never shown publicly).
    snapshot: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    content: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    package_version: so.Mapped[str] = so.mapped_column(sa.String(40))
    issued_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    issued_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
