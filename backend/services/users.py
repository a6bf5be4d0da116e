"""Managing accounts: who joined a territory, roles, and password resets without e-mail."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

import sqlalchemy as sa

from backend.extensions import auth
from backend.extensions.database import db
from backend.models import Territory, User, user_territory
from backend.services import Forbidden, Invalid, NotFound, accounts, audit

RESET_VALIDITY = dt.timedelta(hours=48)


def visible_users(actor: User, territory: str | None = None, role: str | None = None) -> list[User]:
    """Accounts attached to the actor's territories (or all, for an admin)."""
    query = sa.select(User).order_by(User.created_at.desc())
    scope = accounts.visible_territory_ids(actor)
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


def managed_user(actor: User, user_id: uuid.UUID) -> User:
    """A user the actor may manage: an admin any; an animateur the veilleurs of their territories."""
    user = db.session.get(User, user_id)
    visible = user is not None and (actor.role == "admin" or user in visible_users(actor))
    if not visible:
        raise NotFound("Compte introuvable.")
    assert user is not None
    if actor.role != "admin" and user.role != "veilleur":
        raise Forbidden("Seul un administrateur peut gérer ce compte.")
    return user


def start_password_reset(actor: User, user: User) -> tuple[str, dt.datetime]:
    """A one-time code (valid 48 h) the animateur gives to the resident, by word of mouth."""
    code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
    user.reset_code_hash = auth.hash_token(code)
    user.reset_expires_at = accounts.now() + RESET_VALIDITY
    audit.record(actor, "user.password_reset", target_type="user", target_id=user.id)
    return code, user.reset_expires_at


def finish_password_reset(pseudonym: str, code: str, password: str) -> accounts.Tokens:
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
    user.failed_logins, user.login_blocked_until = 0, None
    accounts.revoke_all(user.id)  # sessions opened with the old password end
    return accounts.issue_tokens(user)


def change_user(
    actor: User, user: User, role: str | None, territory_codes: list[str] | None
) -> User:
    """Role and territory changes (admin only), recorded in the audit log."""
    if actor.role != "admin":
        raise Forbidden("Seul un administrateur peut changer un rôle ou des territoires.")
    if user.id == actor.id and role and role != "admin":
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
    accounts.revoke_all(user.id)  # the new role applies from the next login
    return user
