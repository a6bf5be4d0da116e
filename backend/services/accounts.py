"""Joining with an invitation, logging in, tokens, roles and the territories a user may see."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
import unicodedata
import uuid

import flask
import sqlalchemy as sa

from backend.extensions import auth
from backend.extensions.database import db
from backend.models import Consent, Invite, RefreshToken, Territory, User
from backend.models.accounts import ROLES
from backend.services import Conflict, DomainError, Forbidden, Invalid
from backend.services.territories import descendant_ids

# Invitation codes are read aloud and typed on phones: no 0/O, 1/I/L confusion.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_ROLES_BY_CREATOR = {
    "admin": set(ROLES),
    "animateur": {"veilleur", "animateur"},
}


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


def issue_tokens(user: User) -> Tokens:
    refresh = auth.new_refresh_token()
    days = flask.current_app.config["REFRESH_TOKEN_DAYS"]
    db.session.add(
        RefreshToken(
            user_id=user.id,
            token_hash=auth.hash_token(refresh),
            issued_at=now(),
            expires_at=now() + dt.timedelta(days=days),
        )
    )
    consent = user.consents[-1].version if user.consents else None
    return Tokens(user, auth.encode_access_token(user.id, user.role, consent), refresh)


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


def record_consent(user: User) -> None:
    version = flask.current_app.config["CONSENT_VERSION"]
    user.consents.append(Consent(version=version, accepted_at=now()))


def join(invite_code: str, pseudonym: str, password: str, consent: bool) -> Tokens:
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
    record_consent(user)
    return issue_tokens(user)


class Unauthorized(Forbidden):
    """Wrong credentials or an unusable token."""

    status = 401


class TooManyAttempts(DomainError):
    """Too many failed logins in a row: the next attempt must wait."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


MAX_LOGIN_DELAY = dt.timedelta(minutes=15)


def login(pseudonym: str, password: str) -> Tokens:
    """Check the password; after a few failures in a row, each attempt waits twice as long."""
    user = db.session.scalar(sa.select(User).where(User.pseudonym_key == pseudonym_key(pseudonym)))
    if user is None:
        auth.verify_password(auth.DUMMY_HASH, password)  # same cost as a real check
        raise Unauthorized("Pseudonyme ou mot de passe incorrect.")
    if user.login_blocked_until is not None and user.login_blocked_until > now():
        wait = int((user.login_blocked_until - now()).total_seconds()) + 1
        raise TooManyAttempts(
            f"Trop de tentatives : réessayez dans {wait} seconde{'s' if wait > 1 else ''}.", wait
        )
    if not auth.verify_password(user.password_hash, password):
        user.failed_logins += 1
        excess = user.failed_logins - flask.current_app.config["LOGIN_FAILURES_BEFORE_DELAY"]
        if excess >= 0:
            delay = min(dt.timedelta(seconds=2**excess), MAX_LOGIN_DELAY)
            user.login_blocked_until = now() + delay
        db.session.commit()
        raise Unauthorized("Pseudonyme ou mot de passe incorrect.")
    user.failed_logins = 0
    user.login_blocked_until = None
    user.last_login_at = now()
    return issue_tokens(user)


def refresh(refresh_token: str) -> Tokens:
    """Rotate a refresh token: the old one is revoked, a new pair is issued.

    Presenting an already-revoked token means it leaked: every token of the user is revoked.
    """
    stored = db.session.scalar(
        sa.select(RefreshToken).where(RefreshToken.token_hash == auth.hash_token(refresh_token))
    )
    if stored is None or stored.expires_at <= now():
        raise Unauthorized("Session expirée : reconnectez-vous.")
    if stored.revoked_at is not None:
        revoke_all(stored.user_id)
        db.session.commit()
        raise Unauthorized("Session expirée : reconnectez-vous.")
    stored.revoked_at = now()
    user = db.session.get(User, stored.user_id)
    if user is None:
        raise Unauthorized("Compte introuvable.")
    return issue_tokens(user)


def revoke(refresh_token: str) -> None:
    db.session.execute(
        sa.update(RefreshToken)
        .where(RefreshToken.token_hash == auth.hash_token(refresh_token))
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


def visible_territory_ids(user: User) -> set[int] | None:
    """The territories whose data the user may read: None means all (admin)."""
    if user.role == "admin":
        return None
    return descendant_ids({t.id for t in user.territories})


def create_invite(
    creator: User,
    territory: Territory,
    *,
    role: str = "veilleur",
    max_uses: int | None = None,
    expires_at: dt.datetime | None = None,
) -> Invite:
    allowed = INVITE_ROLES_BY_CREATOR.get(creator.role, set())
    if role not in allowed:
        raise Forbidden(f"Votre rôle ne permet pas d'inviter un·e {role}.")
    scope = visible_territory_ids(creator)
    if scope is not None and territory.id not in scope:
        raise Forbidden("Vous n'animez pas ce territoire.")
    if expires_at is not None and expires_at <= now():
        raise Invalid("La date d'expiration est déjà passée.", {"expires_at": ["Date passée."]})
    invite = Invite(
        code=new_invite_code(),
        territory=territory,
        role=role,
        max_uses=max_uses,
        expires_at=expires_at,
        created_by_id=creator.id,
        created_at=now(),
    )
    db.session.add(invite)
    db.session.flush()
    from backend.services import audit

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


def consent_required(user: User) -> bool:
    current = flask.current_app.config["CONSENT_VERSION"]
    return not any(c.version == current for c in user.consents)


def territory_invites(actor: User, territory: Territory) -> list[Invite]:
    """The invitations of a territory, newest first (its animateurs and admins)."""
    scope = visible_territory_ids(actor)
    if actor.role not in INVITE_ROLES_BY_CREATOR or (
        scope is not None and territory.id not in scope
    ):
        raise Forbidden("Vous n'animez pas ce territoire.")
    return list(
        db.session.scalars(
            sa.select(Invite)
            .where(Invite.territory_id == territory.id)
            .order_by(Invite.created_at.desc())
        )
    )


def revoke_invite(actor: User, code: str) -> Invite:
    """Stop an invitation: nobody can join with it any more (those who joined stay)."""
    invite = db.session.scalar(sa.select(Invite).where(Invite.code == normalise_invite_code(code)))
    if invite is None:
        from backend.services import NotFound

        raise NotFound("Invitation inconnue.")
    territory_invites(actor, invite.territory)  # same rights as seeing them
    if invite.revoked_at is None:
        invite.revoked_at = now()
        from backend.services import audit

        audit.record(
            actor,
            "invite.revoke",
            target_type="invite",
            target_id=invite.code,
            territory=invite.territory.code,
        )
    return invite
