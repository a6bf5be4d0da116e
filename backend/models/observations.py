"""Observations residents report, their photos, and the thesaurus of themes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db
from backend.models.territories import Territory

POLARITIES = ("difficulte", "ressource", "idee")
STATUSES = ("visible", "hidden")


class Theme(db.Model):
    """One entry of the thesaurus (seeded by a migration; codes are stable identifiers)."""

    __tablename__ = "theme"

    code: so.Mapped[str] = so.mapped_column(sa.String(40), primary_key=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(100))
    position: so.Mapped[int]


class Observation(db.Model):
    __tablename__ = "observation"

    # Made by the client: the idempotency key of offline submissions.
    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True)
    author_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    territory_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="SET NULL"), index=True
    )
    geom: so.Mapped[Any] = so.mapped_column(
        Geometry(geometry_type="POINT", srid=4326, spatial_index=True)
    )
    accuracy_m: so.Mapped[float | None] = so.mapped_column(sa.Float)
    theme: so.Mapped[str] = so.mapped_column(sa.ForeignKey("theme.code"), index=True)
    polarity: so.Mapped[str] = so.mapped_column(sa.String(12))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    observed_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
    received_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    updated_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # Hash of the content as first submitted: a replay with the same id is compared to it.
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="visible")
    moderation_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    moderated_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    moderated_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # Set when the retention rule generalised it (no author, point on the public grid, no photo).
    anonymised_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # The theme the resident chose, kept when an animateur corrects it.
    submitted_theme: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    # The code of the territory the point was assigned to, read with the row (no extra query).
    territory_code: so.Mapped[str | None] = so.column_property(
        sa.select(Territory.code).where(Territory.id == territory_id).scalar_subquery()
    )
    photos: so.Mapped[list[Photo]] = so.relationship(
        back_populates="observation", cascade="all, delete-orphan", order_by="Photo.created_at"
    )
    # Read only: steps are added as rows, and go with the observation (ON DELETE CASCADE).
    follow_ups: so.Mapped[list[FollowUp]] = so.relationship(
        order_by="FollowUp.at, FollowUp.id", viewonly=True
    )

    __table_args__ = (
        sa.CheckConstraint(f"polarity IN {POLARITIES}", name="polarity"),
        sa.CheckConstraint(f"status IN {STATUSES}", name="status"),
    )


class Photo(db.Model):
    __tablename__ = "photo"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    observation_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    content_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    width: so.Mapped[int]
    height: so.Mapped[int]
    size_bytes: so.Mapped[int]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    observation: so.Mapped[Observation] = so.relationship(back_populates="photos")

    # The same bytes sent twice for one observation (a retried upload) are one photo.
    __table_args__ = (
        sa.UniqueConstraint("observation_id", "sha256", name="uq_photo_observation_sha256"),
    )


# The public follow-up of a report, in the order organisers move it; residents see each step.
FOLLOW_UP_STATUSES = ("recue", "lue", "transmise", "prise_en_compte", "resolue", "non_retenue")


class FollowUp(db.Model):
    """One step of an observation's public follow-up (its history is the rows, oldest first):
    the status an organiser set, to whom it was forwarded, the public reply, when and by whom
    (the organiser's id is never shown to residents)."""

    __tablename__ = "observation_follow_up"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    observation_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20))
    to_whom: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    public_reply: so.Mapped[str | None] = so.mapped_column(sa.Text)
    at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
    by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    __table_args__ = (sa.CheckConstraint(f"status IN {FOLLOW_UP_STATUSES}", name="status"),)
