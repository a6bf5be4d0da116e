"""Managing accounts: who joined a territory, roles, and password resets without e-mail."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

import sqlalchemy as sa

from backend.extensions import auth
from backend.extensions.database import db
from backend.models import Invite, Territory, User, user_territory
from backend.services import Forbidden, Invalid, NotFound, accounts, audit
from backend.services.scope import INVITABLE_ROLES, Permission, Scope, scope_of

RESET_VALIDITY = dt.timedelta(hours=48)


def visible_users(
    actor: Scope, territory: str | None = None, role: str | None = None
) -> list[User]:
    """Accounts attached to the actor's territories (or all, for an admin)."""
    actor.require(Permission.MANAGE_MEMBERS)
    query = sa.select(User).order_by(User.created_at.desc())
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
    return list(db.session.scalars(query))


def managed_user(actor: Scope, user_id: uuid.UUID) -> User:
    """A user the actor may manage: an admin any; an animateur the veilleurs of their territories."""
    actor.require(Permission.MANAGE_MEMBERS)
    user = db.session.get(User, user_id)
    visible = user is not None and (actor.everywhere or user in visible_users(actor))
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
