"""Surveys (versioned definitions), their campaigns on territories, and the responses to them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db
from backend.models.territories import Territory

survey_form_territory = sa.Table(
    "survey_form_territory",
    db.metadata,
    sa.Column(
        "survey_form_id",
        sa.Uuid,
        sa.ForeignKey("survey_form.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "territory_id",
        sa.Integer,
        sa.ForeignKey("territory.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class SurveyForm(db.Model):
    """A form and its line of versions, owned by the territories of whoever first published it:
    two teams that both call their form ``vivre_dans_mon_quartier`` have two forms, and one
    team's publication never becomes a version of the other's. No territory: a platform-wide
    form (an admin's)."""

    __tablename__ = "survey_form"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    form_id: so.Mapped[str] = so.mapped_column(sa.String(255), index=True)
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    territories: so.Mapped[list[Territory]] = so.relationship(
        secondary=survey_form_territory, lazy="selectin"
    )


class Survey(db.Model):
    """One version of a form: the normalised definition, as published (never edited)."""

    __tablename__ = "survey"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    survey_form_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("survey_form.id", ondelete="CASCADE"), index=True
    )
    form: so.Mapped[SurveyForm] = so.relationship(lazy="joined")
    # The form's own identifier (``settings.form_id``), as its author wrote it.
    form_id: so.Mapped[str] = so.mapped_column(sa.String(255), index=True)
    version: so.Mapped[int]
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    # The form's own version label (``settings.version``), kept for the record only.
    form_version: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(64))
    # Deferred: answering reads the version's compiled form from a per-process cache, and
    # needs not parse the whole definition on each request.
    definition: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, deferred=True)
    warnings: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    # The definition's languages, read by the lists without loading whole definitions.
    listed_languages: so.Mapped[list[str] | None] = so.query_expression()
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)

    # Two organisers publishing at once cannot both make "version 3" of one form.
    __table_args__ = (
        sa.UniqueConstraint("survey_form_id", "version", name="uq_survey_survey_form_id_version"),
    )

    def __repr__(self) -> str:
        return f"<Survey {self.form_id} v{self.version}>"


campaign_territory = sa.Table(
    "campaign_territory",
    db.metadata,
    sa.Column(
        "campaign_id", sa.Uuid, sa.ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "territory_id",
        sa.Integer,
        sa.ForeignKey("territory.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Campaign(db.Model):
    """A survey run on some territories over a period."""

    __tablename__ = "campaign"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    survey_id: so.Mapped[uuid.UUID] = so.mapped_column(sa.ForeignKey("survey.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str | None] = so.mapped_column(sa.Text)
    opens_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    closes_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
    # Set when an organiser closes the campaign by hand: no response is accepted after that.
    closed_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # False: one response per person (corrected, not repeated); true: as many as they like.
    multiple_answers: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    # Days after closes_at during which answers made in time are still received (the setting
    # RESPONSE_GRACE_DAYS when the campaign was opened).
    grace_days: so.Mapped[int] = so.mapped_column(default=7, server_default="7")
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    survey: so.Mapped[Survey] = so.relationship()
    territories: so.Mapped[list[Territory]] = so.relationship(
        secondary=campaign_territory, order_by=Territory.code
    )

    __table_args__ = (sa.CheckConstraint("closes_at > opens_at", name="period"),)


class SurveyResponse(db.Model):
    """One submitted set of answers, normalised, attached to the survey version it answered."""

    __tablename__ = "survey_response"

    # Made by the client: the idempotency key of offline submissions.
    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    survey_id: so.Mapped[uuid.UUID] = so.mapped_column(sa.ForeignKey("survey.id"), index=True)
    respondent_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # The respondent again when the campaign takes one response per person, else null: the
    # unique key (campaign, sole respondent) decides under concurrency, not a prior read. No
    # foreign key (SpatiaLite cannot add one here): cleared wherever respondent_id is.
    sole_respondent_id: so.Mapped[uuid.UUID | None] = so.mapped_column()
    territory_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="SET NULL"), index=True
    )
    geom: so.Mapped[Any | None] = so.mapped_column(
        Geometry(geometry_type="POINT", srid=4326, spatial_index=True), nullable=True
    )
    answers: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    calculated: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    submitted_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
    received_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    # Hash of the submission as first sent: a replay with the same id is compared to it.
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    # When its author last corrected it (null: as first sent).
    edited_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    territory_code: so.Mapped[str | None] = so.column_property(
        sa.select(Territory.code).where(Territory.id == territory_id).scalar_subquery()
    )
    # Loaded once per version and session (not joined: the definition would come with each row).
    survey: so.Mapped[Survey] = so.relationship()

    __table_args__ = (
        sa.Index("uq_survey_response_sole", "campaign_id", "sole_respondent_id", unique=True),
    )
