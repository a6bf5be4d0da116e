"""Joining with an invitation, logging in, tokens, roles and the territories a user may see."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import secrets
import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from backend.extensions import auth
from backend.extensions.database import db, upsert
from backend.models import Consent, Invite, LoginThrottle, RefreshToken, Territory, User
from backend.services import Conflict, DomainError, Forbidden, Invalid, NotFound, audit
from backend.services.scope import INVITABLE_ROLES, Permission, Scope

# Invitation codes are read aloud and typed on phones: no 0/O, 1/I/L confusion.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def pseudonym_key(pseudonym: str) -> str:
    """Case- and accent-folded form: two pseudonyms that look alike are the same."""
    decomposed = unicodedata.normalize("NFKD", pseudonym.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_invite_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_invite_code(code: str) -> str:
    compact = re.sub(r"[^A-Za-z0-9]", "", code).upper()
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else compact


@dataclasses.dataclass
class Tokens:
    user: User
    access_token: str
    refresh_token: str


@dataclasses.dataclass(frozen=True)
class AccountPolicy:
    """The settings the account rules need: the privacy notice's version (CONSENT_VERSION),
    how long a session lasts unused (REFRESH_TOKEN_DAYS) and how many wrong passwords in a row
    before the next attempts wait (LOGIN_FAILURES_BEFORE_DELAY)."""

    consent_version: str
    refresh_token_days: int = 60
    login_failures_before_delay: int = 3

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> AccountPolicy:
        return cls(
            settings["CONSENT_VERSION"],
            settings["REFRESH_TOKEN_DAYS"],
            settings["LOGIN_FAILURES_BEFORE_DELAY"],
        )


def issue_tokens(user: User, policy: AccountPolicy, session_id: uuid.UUID | None = None) -> Tokens:
    """A new pair of tokens: for a new session (a login), or the next pair of one (a refresh)."""
    refresh = auth.new_refresh_token()
    days = policy.refresh_token_days
    session_id = session_id or uuid.uuid4()
    db.session.add(
        RefreshToken(
            user_id=user.id,
            session_id=session_id,
            token_hash=auth.hash_token(refresh),
            issued_at=now(),
            expires_at=now() + dt.timedelta(days=days),
        )
    )
    access = auth.encode_access_token(user.id, session_id, user.session_version)
    return Tokens(user, access, refresh)


def end_sessions(user: User) -> None:
    """End every session of the account at once (password, role or territories changed, the
    account disabled): its refresh tokens are revoked and its access tokens refused."""
    user.session_version = (user.session_version or 0) + 1
    revoke_all(user.id)


def create_user(
    pseudonym: str, password: str, role: str, territories: list[Territory] | None = None
) -> User:
    key = pseudonym_key(pseudonym)
    if db.session.scalar(sa.select(User.id).where(User.pseudonym_key == key)):
        raise Conflict("Ce pseudonyme est déjà pris : choisissez-en un autre.")
    user = User(
        pseudonym=pseudonym.strip(),
        pseudonym_key=key,
        password_hash=auth.hash_password(password),
        role=role,
        created_at=now(),
        territories=list(territories or []),
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_account(
    actor: Scope,
    pseudonym: str,
    password: str,
    role: str,
    territory_codes: list[str],
    policy: AccountPolicy,
) -> User:
    """An account made by an operator (``veilleurs users create``): the password checked, the
    notice accepted on the person's behalf, the creation audited."""
    from backend.services.territories import get_territory

    if len(password) < 8:
        raise Invalid(
            "Le mot de passe doit faire au moins 8 caractères.",
            {"password": ["8 caractères au moins."]},
        )
    territories = [get_territory(code) for code in territory_codes]
    user = create_user(pseudonym, password, role, territories)
    record_consent(user, policy)
    audit.record(
        actor,
        "user.create",
        target_type="user",
        target_id=user.id,
        role=role,
        territories=list(territory_codes),
    )
    return user


def record_consent(user: User, policy: AccountPolicy) -> None:
    version = policy.consent_version
    user.consents.append(Consent(version=version, accepted_at=now()))


def join(
    invite_code: str, pseudonym: str, password: str, consent: bool, policy: AccountPolicy
) -> Tokens:
    """A resident joins with an invitation: one use of the code, a new account, tokens."""
    if not consent:
        raise Invalid(
            "Le consentement est nécessaire pour participer.",
            {"consent": ["Veuillez lire et accepter la notice de confidentialité."]},
        )
    code = normalise_invite_code(invite_code)
    invite = db.session.scalar(sa.select(Invite).where(Invite.code == code))
    if invite is None or invite.revoked_at is not None:
        raise Forbidden("Code d'invitation inconnu : vérifiez-le auprès de votre animateur.")
    if invite.expires_at is not None and invite.expires_at <= now():
        raise Forbidden("Ce code d'invitation a expiré : demandez-en un nouveau à votre animateur.")
    # One atomic UPDATE: two residents racing for the last use cannot both get it.
    used = db.session.execute(
        sa.update(Invite)
        .where(Invite.id == invite.id)
        .where(sa.or_(Invite.max_uses.is_(None), Invite.uses < Invite.max_uses))
        .values(uses=Invite.uses + 1)
    )
    if used.rowcount != 1:
        raise Forbidden("Ce code d'invitation a déjà été utilisé autant de fois que prévu.")
    user = create_user(pseudonym, password, invite.role, [invite.territory])
    record_consent(user, policy)
    return issue_tokens(user, policy)


class Unauthorized(Forbidden):
    """Wrong credentials or an unusable token."""

    status = 401


class FailedAttempt(Unauthorized):
    """A wrong password or a reused refresh token: refused, and what it revealed is kept (the
    failure counted, the leaked session ended) though the request fails."""

    keeps_writes = True


class TooManyAttempts(DomainError):
    """Too many failed logins in a row from this client: its next attempt must wait."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


MAX_LOGIN_DELAY = dt.timedelta(minutes=15)
WRONG_CREDENTIALS = "Pseudonyme ou mot de passe incorrect."


def account_key(pseudonym: str) -> str:
    """How failed logins name a pseudonym: a hash, never the text someone typed."""
    return hashlib.sha256(pseudonym_key(pseudonym).encode()).hexdigest()


def _check_not_throttled(key: str, client: str) -> None:
    blocked_until = db.session.scalar(
        sa.select(LoginThrottle.blocked_until).where(
            LoginThrottle.account_key == key, LoginThrottle.client == client
        )
    )
    if blocked_until is not None and blocked_until > now():
        wait = int((blocked_until - now()).total_seconds()) + 1
        raise TooManyAttempts(
            f"Trop de tentatives : réessayez dans {wait} seconde{'s' if wait > 1 else ''}.", wait
        )


def _record_failure(key: str, client: str, policy: AccountPolicy) -> None:
    """One more failure for this pseudonym from this client; beyond a few in a row, each new
    attempt from *this client* waits twice as long (up to 15 min). Kept though the request
    fails (:class:`FailedAttempt`)."""
    moment = now()
    db.session.execute(
        upsert(
            LoginThrottle,
            {"account_key": key, "client": client, "failures": 1, "last_failure_at": moment},
            key=["account_key", "client"],
            update={"failures": LoginThrottle.failures + 1, "last_failure_at": moment},
        )
    )
    failures = db.session.scalar(
        sa.select(LoginThrottle.failures).where(
            LoginThrottle.account_key == key, LoginThrottle.client == client
        )
    )
    excess = (failures or 0) - policy.login_failures_before_delay
    if excess >= 0:
        delay = min(dt.timedelta(seconds=2 ** min(excess, 20)), MAX_LOGIN_DELAY)
        db.session.execute(
            sa.update(LoginThrottle)
            .where(LoginThrottle.account_key == key, LoginThrottle.client == client)
            .values(blocked_until=moment + delay)
        )


def login(pseudonym: str, password: str, client: str, policy: AccountPolicy) -> Tokens:
    """Check the password. Failures slow down the client that makes them, not the account's
    owner elsewhere; a known and an unknown pseudonym answer alike (same message, same cost,
    same throttling)."""
    key = account_key(pseudonym)
    _check_not_throttled(key, client)
    user = db.session.scalar(sa.select(User).where(User.pseudonym_key == pseudonym_key(pseudonym)))
    valid = auth.verify_password(user.password_hash if user else auth.DUMMY_HASH, password)
    if user is None or not valid:
        _record_failure(key, client, policy)
        raise FailedAttempt(WRONG_CREDENTIALS)
    if user.disabled_at is not None:
        raise Unauthorized("Ce compte est désactivé : voyez avec votre animateur.")
    db.session.execute(
        sa.delete(LoginThrottle).where(
            LoginThrottle.account_key == key, LoginThrottle.client == client
        )
    )
    user.last_login_at = now()
    return issue_tokens(user, policy)


def refresh(refresh_token: str, policy: AccountPolicy) -> Tokens:
    """Rotate a refresh token: the old one is revoked, a new pair is issued in the same session.

    Presenting an already-revoked token means it leaked: every session of the user ends.
    """
    stored = db.session.scalar(
        sa.select(RefreshToken).where(RefreshToken.token_hash == auth.hash_token(refresh_token))
    )
    if stored is None or stored.expires_at <= now():
        raise Unauthorized("Session expirée : reconnectez-vous.")
    if stored.revoked_at is not None:
        revoke_all(stored.user_id)
        raise FailedAttempt("Session expirée : reconnectez-vous.")
    stored.revoked_at = now()
    user = db.session.get(User, stored.user_id)
    if user is None:
        raise Unauthorized("Compte introuvable.")
    if user.disabled_at is not None:
        raise Unauthorized("Ce compte est désactivé : voyez avec votre animateur.")
    return issue_tokens(user, policy, stored.session_id)


def logout(refresh_token: str) -> None:
    """End the session the refresh token belongs to: its access tokens stop working at once."""
    session_id = db.session.scalar(
        sa.select(RefreshToken.session_id).where(
            RefreshToken.token_hash == auth.hash_token(refresh_token)
        )
    )
    if session_id is not None:
        db.session.execute(
            sa.update(RefreshToken)
            .where(RefreshToken.session_id == session_id)
            .where(RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now())
        )


def revoke_all(user_id: uuid.UUID) -> None:
    db.session.execute(
        sa.update(RefreshToken)
        .where(RefreshToken.user_id == user_id)
        .where(RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now())
    )


def get_user(user_id: uuid.UUID) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise Unauthorized("Compte introuvable : reconnectez-vous.")
    return user


def create_invite(
    creator: Scope,
    territory: Territory,
    *,
    role: str = "veilleur",
    max_uses: int | None = None,
    expires_at: dt.datetime | None = None,
) -> Invite:
    _check_invites(creator, territory)
    if role not in INVITABLE_ROLES.get(creator.role, frozenset()):
        raise Forbidden(f"Votre rôle ne permet pas d'inviter un·e {role}.")
    if expires_at is not None and expires_at <= now():
        raise Invalid("La date d'expiration est déjà passée.", {"expires_at": ["Date passée."]})
    invite = Invite(
        code=new_invite_code(),
        territory=territory,
        role=role,
        max_uses=max_uses,
        expires_at=expires_at,
        created_by_id=creator.user_id,
        created_at=now(),
    )
    db.session.add(invite)
    db.session.flush()
    audit.record(
        creator,
        "invite.create",
        target_type="invite",
        target_id=invite.code,
        territory=territory.code,
        role=role,
        max_uses=max_uses,
    )
    return invite


def consent_required(user: User, policy: AccountPolicy) -> bool:
    current = policy.consent_version
    return not any(c.version == current for c in user.consents)


def _check_invites(actor: Scope, territory: Territory) -> None:
    if not actor.can(Permission.INVITE) or not actor.sees_territory(territory.id):
        raise Forbidden("Vous n'animez pas ce territoire.")


def territory_invites(actor: Scope, territory: Territory) -> list[Invite]:
    """The invitations of a territory, newest first (its animateurs and admins)."""
    _check_invites(actor, territory)
    return list(
        db.session.scalars(
            sa.select(Invite)
            .where(Invite.territory_id == territory.id)
            .order_by(Invite.created_at.desc())
        )
    )


def revoke_invite(actor: Scope, code: str) -> Invite:
    """Stop an invitation: nobody can join with it any more (those who joined stay)."""
    invite = db.session.scalar(sa.select(Invite).where(Invite.code == normalise_invite_code(code)))
    if invite is None:
        raise NotFound("Invitation inconnue.")
    _check_invites(actor, invite.territory)  # same rights as seeing them
    if invite.revoked_at is None:
        invite.revoked_at = now()
        audit.record(
            actor,
            "invite.revoke",
            target_type="invite",
            target_id=invite.code,
            territory=invite.territory.code,
        )
    return invite
