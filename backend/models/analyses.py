"""Analyses run as jobs: their parameters, the data they used, their result, so a result can be
cited later exactly as it was computed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db

JOB_STATUSES = ("queued", "running", "finished", "failed")


class AnalysisJob(db.Model):
    __tablename__ = "analysis_job"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="queued")
    parameters: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # The territories the requester could see when asking: the job reads nothing else.
    scope: so.Mapped[list[int] | None] = so.mapped_column(sa.JSON)
    data: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    result: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    package_version: so.Mapped[str] = so.mapped_column(sa.String(40))
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    started_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    finished_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint(f"status IN {JOB_STATUSES}", name="status"),)
