"""API keys for a city's Open311 tools: made by an organiser for their own account, shown once,
stored as a hash; a key acts with the account's rights as they stand now (a disabled account,
a role without ``submit_open311`` or a revoked key answer 401/403)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

import sqlalchemy as sa

from backend.extensions.auth import hash_token
from backend.extensions.database import db
from backend.models import ApiKey, Consent, User
from backend.services import Invalid, NotFound, audit
from backend.services.accounts import Unauthorized
from backend.services.scope import AccountScope, Permission, Scope

PREFIX = "vk_"
KEYS_PER_ACCOUNT = 10


def create(scope: Scope, label: str) -> tuple[ApiKey, str]:
    scope.require(Permission.SUBMIT_OPEN311)
    active = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ApiKey)
        .where(ApiKey.user_id == scope.user_id, ApiKey.revoked_at.is_(None))
    )
    if (active or 0) >= KEYS_PER_ACCOUNT:
        raise Invalid(f"{KEYS_PER_ACCOUNT} clés actives au plus : révoquez-en une d'abord.")
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        id=uuid.uuid4(),
        user_id=scope.user_id,
        label=label.strip(),
        key_hash=hash_token(key),
        created_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(row)
    audit.record(scope, "api_key.create", target_type="api_key", target_id=row.id, label=label)
    return row, key


def mine(scope: Scope) -> list[ApiKey]:
    return list(
        db.session.scalars(
            sa.select(ApiKey).where(ApiKey.user_id == scope.user_id).order_by(ApiKey.created_at)
        )
    )


def revoke(scope: Scope, key_id: uuid.UUID) -> ApiKey:
    row = db.session.get(ApiKey, key_id)
    if row is None or row.user_id != scope.user_id:
        raise NotFound("Clé introuvable.")
    if row.revoked_at is None:
        row.revoked_at = dt.datetime.now(dt.UTC)
        audit.record(scope, "api_key.revoke", target_type="api_key", target_id=row.id)
    return row


def scope_for(key: str, consent_version: str) -> AccountScope:
    """The scope of the account behind a key, or :class:`Unauthorized`."""
    row = db.session.scalar(sa.select(ApiKey).where(ApiKey.key_hash == hash_token(key)))
    if row is None or row.revoked_at is not None:
        raise Unauthorized("Clé d'API inconnue ou révoquée.")
    user = db.session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        raise Unauthorized("Le compte de cette clé est désactivé.")
    row.last_used_at = dt.datetime.now(dt.UTC)
    scope = AccountScope(user.id, user.role, pseudonym=user.pseudonym)
    scope.consented = bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(Consent.user_id == user.id, Consent.version == consent_version)
            )
        )
    )
    return scope
