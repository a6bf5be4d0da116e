"""Accounts: pseudonymous users, their roles and territories, invitations, consents, refresh tokens."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db
from backend.models.territories import Territory

ROLES = ("veilleur", "animateur", "analyste", "admin")

user_territory = sa.Table(
    "user_territory",
    db.metadata,
    sa.Column(
        "user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "territory_id",
        sa.Integer,
        sa.ForeignKey("territory.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class User(db.Model):
    __tablename__ = "user_account"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    pseudonym: so.Mapped[str] = so.mapped_column(sa.String(40))
    # Case- and accent-folded pseudonym: "Amina" and "amina" cannot both exist.
    pseudonym_key: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(200))
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    last_login_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # Raised whenever what the account may do changes (role, territories, password, disabling):
    # every access token carries the version it was issued under, and an older one is refused.
    session_version: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # A disabled account keeps its contributions but cannot log in or act (an animateur's choice).
    disabled_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    # A one-time code an animateur hands over when a resident forgot their password (no e-mail).
    reset_code_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    reset_expires_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    territories: so.Mapped[list[Territory]] = so.relationship(secondary=user_territory)
    consents: so.Mapped[list[Consent]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Consent.accepted_at"
    )

    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES}", name="role"),)

    def __repr__(self) -> str:
        return f"<User {self.pseudonym} {self.role}>"


class Consent(db.Model):
    """A resident's acceptance of one version of the privacy notice, with its date."""

    __tablename__ = "consent"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    version: so.Mapped[str] = so.mapped_column(sa.String(40))
    accepted_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    user: so.Mapped[User] = so.relationship(back_populates="consents")


class Invite(db.Model):
    """An invitation code an animateur hands out (or prints as a QR code) for one territory."""

    __tablename__ = "invite"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    territory_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("territory.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default="veilleur")
    max_uses: so.Mapped[int | None]
    uses: so.Mapped[int] = so.mapped_column(default=0)
    expires_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    created_by_id: so.Mapped[uuid.UUID | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    revoked_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    territory: so.Mapped[Territory] = so.relationship()

    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES}", name="role"),)


class RefreshToken(db.Model):
    """A stored refresh token (only its hash): revocable on logout or deletion, rotated on use."""

    __tablename__ = "refresh_token"

    id: so.Mapped[uuid.UUID] = so.mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: so.Mapped[uuid.UUID] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # One login = one session: its refresh tokens rotate under the same id, and the access
    # tokens name it, so logging out ends that session's access tokens too.
    session_id: so.Mapped[uuid.UUID] = so.mapped_column(index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    issued_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    expires_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    revoked_at: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)


class LoginThrottle(db.Model):
    """Failed logins for one pseudonym from one client: that client waits, the owner elsewhere
    does not. Kept for unknown pseudonyms too, so both answer alike."""

    __tablename__ = "login_throttle"

    # SHA-256 of the folded pseudonym: what someone typed is never stored in clear.
    account_key: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    client: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    failures: so.Mapped[int] = so.mapped_column(default=0)
    blocked_until: so.Mapped[dt.datetime | None] = so.mapped_column(UTCDateTime)
    last_failure_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime, index=True)
