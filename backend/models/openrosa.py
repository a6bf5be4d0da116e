"""ODK Collect and Enketo: the app users of a campaign (like ODK Central's) and what their
phones sent beside the answers (the instance's id and body, per-answer notes, attachments)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db


class AppUser(db.Model):
    """A phone's access to one campaign: a name, a secret token (only its hash is kept), the
    territory its answers are filed under; revoked, it is refused at once."""

    __tablename__ = "campaign_app_user"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    campaign_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    territory_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    revoked_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    last_used_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)


class ReceivedInstance(db.Model):
    """A response that came from ODK Collect, Enketo or an imported Kobo/ODK export: its
    ``instanceID``, who sent it, and the notes on its answers (kept as they came)."""

    __tablename__ = "received_instance"

    response_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("survey_response.id", ondelete="CASCADE"), primary_key=True
    )
    instance_id: so.Mapped[str] = so.mapped_column(sa.String(255))
    app_user_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("campaign_app_user.id", ondelete="SET NULL"), index=True
    )
    # "openrosa" (a phone sent it) or "import" (an organiser brought in a Kobo/ODK export).
    source: so.Mapped[str] = so.mapped_column(sa.String(20), default="openrosa")
    issues: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    received_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)


class ResponseAttachment(db.Model):
    """A file sent with an instance (a photo, re-encoded without metadata), by its name in the
    instance."""

    __tablename__ = "response_attachment"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    response_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("survey_response.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    size: so.Mapped[int]
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("response_id", "name", name="uq_response_attachment_response_id_name"),
    )


class CampaignMedia(db.Model):
    """A file attached to the campaign's form for ODK Collect and Enketo (the CSV, GeoJSON or
    XML of a ``select_one_from_file``), listed in the manifest; one per name."""

    __tablename__ = "campaign_media"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    campaign_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    size: so.Mapped[int]
    md5: so.Mapped[str] = so.mapped_column(sa.String(32))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "name", name="uq_campaign_media_campaign_id_name"),
    )
