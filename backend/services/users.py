"""Managing accounts: who joined a territory, roles, and password resets without e-mail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import uuid
from typing import Any

import sqlalchemy as sa

from backend.extensions import auth
from backend.extensions.database import db
from backend.models import (
    Invite,
    Observation,
    SurveyResponse,
    Territory,
    User,
    user_territory,
)
from backend.services import Forbidden, Invalid, NotFound, accounts, audit, rights
from backend.services.scope import INVITABLE_ROLES, Permission, Scope, scope_of

RESET_VALIDITY = dt.timedelta(hours=48)


MAX_SEARCH = 40


def members_query(
    actor: Scope, territory: str | None = None, role: str | None = None, search: str | None = None
) -> sa.Select[tuple[User]]:
    """Accounts attached to the actor's territories (or all, for an admin), newest first;
    ``search`` finds a pseudonym whatever its case and accents (on its folded form)."""
    actor.require(Permission.MANAGE_MEMBERS)
    query = sa.select(User).order_by(User.created_at.desc(), User.id)
    scope = actor.visible_territory_ids
    if scope is not None:
        query = query.where(
            User.id.in_(
                sa.select(user_territory.c.user_id).where(user_territory.c.territory_id.in_(scope))
            )
        )
    if territory:
        query = query.where(
            User.id.in_(
                sa.select(user_territory.c.user_id)
                .join(Territory, Territory.id == user_territory.c.territory_id)
                .where(Territory.code == territory)
            )
        )
    if role:
        query = query.where(User.role == role)
    folded = accounts.pseudonym_key(search or "")[:MAX_SEARCH]
    if folded:
        query = query.where(User.pseudonym_key.contains(folded, autoescape=True))
    return query


def visible_users(
    actor: Scope, territory: str | None = None, role: str | None = None
) -> list[User]:
    """Accounts attached to the actor's territories (or all, for an admin)."""
    return list(db.session.scalars(members_query(actor, territory, role)))


@dataclasses.dataclass
class Member:
    """One account as its organisers see it: who, since when, last seen, how much they gave."""

    user: User
    observations: int
    responses: int
    last_activity_at: dt.datetime | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)


def _counts(column: Any, stamp: Any, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[int, Any]]:
    rows = db.session.execute(
        sa.select(column, sa.func.count(), sa.func.max(stamp))
        .where(column.in_(ids))
        .group_by(column)
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def members(page: list[User]) -> list[Member]:
    """A page of accounts with their contributions counted (two grouped queries a page)."""
    ids = [u.id for u in page]
    observations = _counts(Observation.author_id, Observation.received_at, ids) if ids else {}
    answers = _counts(SurveyResponse.respondent_id, SurveyResponse.received_at, ids) if ids else {}
    result = []
    for user in page:
        seen, last_seen = observations.get(user.id, (0, None))
        answered, last_answer = answers.get(user.id, (0, None))
        moments = [m for m in (user.last_login_at, last_seen, last_answer) if m is not None]
        result.append(Member(user, seen, answered, max(map(as_utc, moments)) if moments else None))
    return result


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives aggregated dates back without their zone: they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def managed_user(actor: Scope, user_id: uuid.UUID) -> User:
    """A user the actor may manage: an admin any; an animateur the veilleurs of their territories."""
    actor.require(Permission.MANAGE_MEMBERS)
    user = db.session.get(User, user_id)
    visible = user is not None and (
        actor.everywhere
        or db.session.scalar(
            members_query(actor).with_only_columns(User.id).where(User.id == user_id)
        )
        is not None
    )
    if not visible:
        raise NotFound("Compte introuvable.")
    assert user is not None
    if not actor.can(Permission.MANAGE_STAFF) and user.role != "veilleur":
        raise Forbidden("Seul un administrateur peut gérer ce compte.")
    return user


def start_password_reset(actor: Scope, user: User) -> tuple[str, dt.datetime]:
    """A one-time code (valid 48 h) the animateur gives to the resident, by word of mouth."""
    code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
    user.reset_code_hash = auth.hash_token(code)
    user.reset_expires_at = accounts.now() + RESET_VALIDITY
    audit.record(actor, "user.password_reset", target_type="user", target_id=user.id)
    return code, user.reset_expires_at


def finish_password_reset(
    pseudonym: str, code: str, password: str, policy: accounts.AccountPolicy
) -> accounts.Tokens:
    user = db.session.scalar(
        sa.select(User).where(User.pseudonym_key == accounts.pseudonym_key(pseudonym))
    )
    valid = (
        user is not None
        and user.reset_code_hash is not None
        and user.reset_expires_at is not None
        and user.reset_expires_at > accounts.now()
        and secrets.compare_digest(user.reset_code_hash, auth.hash_token(code.strip().upper()))
    )
    if not valid:
        raise accounts.Unauthorized(
            "Code de réinitialisation inconnu ou expiré : demandez-en un nouveau."
        )
    assert user is not None
    user.password_hash = auth.hash_password(password)
    user.reset_code_hash = user.reset_expires_at = None
    accounts.end_sessions(user)  # sessions opened with the old password end, at once
    return accounts.issue_tokens(user, policy)


def change_user(
    actor: Scope, user: User, role: str | None, territory_codes: list[str] | None
) -> User:
    """Role and territory changes (admin only), recorded in the audit log."""
    actor.require(
        Permission.MANAGE_STAFF, "Seul un administrateur peut changer un rôle ou des territoires."
    )
    if user.id == actor.user_id and role and role != "admin":
        raise Invalid("Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
    before = {"role": user.role, "territories": sorted(t.code for t in user.territories)}
    if role:
        user.role = role
    if territory_codes is not None:
        territories = db.session.scalars(
            sa.select(Territory).where(Territory.code.in_(territory_codes))
        ).all()
        missing = set(territory_codes) - {t.code for t in territories}
        if missing:
            raise Invalid(f"Territoire(s) inconnu(s) : {', '.join(sorted(missing))}.")
        user.territories = list(territories)
    after = {"role": user.role, "territories": sorted(t.code for t in user.territories)}
    audit.record(
        actor, "user.change", target_type="user", target_id=user.id, before=before, after=after
    )
    if after != before:
        accounts.end_sessions(user)  # the new rights apply at once: the person logs in again
        revoke_invites_beyond(actor, user)
    return user


def revoke_invites_beyond(actor: Scope, user: User) -> list[str]:
    """Invitations the account made and could not make any more (a role it may no longer give,
    a territory no longer its own, or the account disabled) stop working; audited."""
    own = scope_of(user)
    revoked = []
    for invite in db.session.scalars(
        sa.select(Invite).where(Invite.created_by_id == user.id, Invite.revoked_at.is_(None))
    ):
        allowed = (
            user.disabled_at is None
            and own.can(Permission.INVITE)
            and invite.role in INVITABLE_ROLES.get(user.role, frozenset())
            and own.sees_territory(invite.territory_id)
        )
        if not allowed:
            invite.revoked_at = accounts.now()
            revoked.append(invite.code)
    if revoked:
        audit.record(actor, "invite.revoke", target_type="user", target_id=user.id, invites=revoked)
    return revoked


def set_disabled(actor: Scope, user: User, disabled: bool) -> User:
    """Disable an account (its sessions end at once, it cannot log in) or enable it again; its
    contributions stay. An animateur for the veilleurs of their territories, an admin for all."""
    if user.id == actor.user_id:
        raise Invalid("Vous ne pouvez pas désactiver votre propre compte.")
    if disabled == (user.disabled_at is not None):
        return user
    user.disabled_at = accounts.now() if disabled else None
    if disabled:
        accounts.end_sessions(user)
        revoke_invites_beyond(actor, user)
    audit.record(
        actor,
        "user.disable" if disabled else "user.enable",
        target_type="user",
        target_id=user.id,
    )
    return user


def remove(actor: Scope, user: User) -> list[uuid.UUID]:
    """Take an account off the platform (someone who left, an account opened by mistake): it
    is deleted as if its owner had asked, its contributions kept with no link to anyone and its
    photos deleted. Audited; the photo ids are for the files, once committed."""
    if user.id == actor.user_id:
        raise Invalid(
            "Vous ne pouvez pas retirer votre propre compte ici : passez par « Mon compte »."
        )
    audit.record(
        actor,
        "user.remove",
        target_type="user",
        target_id=user.id,
        role=user.role,
        territories=sorted(t.code for t in user.territories),
    )
    return list(rights.erase(user, keep_contributions=True)["photo_ids"])
