"""Ateliers (workshop mode): a sequence of steps an organiser projects to a room, the people who
joined from their phone, their answers, the « pas de côté » ideas and who supports them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db
from backend.models.territories import Territory

ATELIER_STATUSES = ("preparation", "en_cours", "termine")


class Atelier(db.Model):
    __tablename__ = "atelier"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    territory_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    held_on: so.Mapped[dt.date] = so.mapped_column(sa.Date)
    # [{kind, question?, choices?, items?, dots?, theme?}, …] — checked by services.ateliers.
    steps: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON)
    current_step: so.Mapped[int | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="preparation")
    join_code: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)
    threshold: so.Mapped[int] = so.mapped_column(default=5)
    # Bumped on every change of what is projected (step, status): the screens' cursor.
    version: so.Mapped[int] = so.mapped_column(default=0)
    # The results frozen when the atelier ends (what the record and the syntheses show).
    record: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    ended_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)

    territory: so.Mapped[Territory] = so.relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(f"status IN {ATELIER_STATUSES}", name="status"),)


class AtelierParticipant(db.Model):
    """One phone in the room: anonymous (a token) or a Veilleurs account."""

    __tablename__ = "atelier_participant"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    atelier_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    display_name: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    # elu, technicien, association, habitant, autre: who attended, counted by role.
    role: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    joined_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)


class AtelierAnswer(db.Model):
    """A participant's answer to one question step; ``id`` is the client's. A change of mind
    is a new row and the old one stops being ``current`` (kept, so that a late replay of its id
    is recognised and changes nothing); one current answer per person and step."""

    __tablename__ = "atelier_answer"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True)
    atelier_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier_participant.id", ondelete="CASCADE")
    )
    step: so.Mapped[int]
    value: so.Mapped[Any] = so.mapped_column(sa.JSON)
    answered_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    current: so.Mapped[bool] = so.mapped_column(default=True)

    __table_args__ = (
        sa.Index(
            "uq_atelier_answer_current",
            "participant_id",
            "step",
            unique=True,
            postgresql_where=sa.text("current"),
            sqlite_where=sa.text("current"),
        ),
    )


class AtelierIdea(db.Model):
    """A « pas de côté » posted on the wall; ``id`` is the client's."""

    __tablename__ = "atelier_idea"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True)
    atelier_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier_participant.id", ondelete="CASCADE"), index=True
    )
    step: so.Mapped[int]
    text: so.Mapped[str] = so.mapped_column(sa.String(280))
    posted_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)


class AtelierSupport(db.Model):
    __tablename__ = "atelier_support"

    idea_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier_idea.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("atelier_participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    supported_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
