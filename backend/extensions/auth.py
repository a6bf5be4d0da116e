"""Bearer tokens: a short JWT access token, a stored, revocable, rotated refresh token.

The access token carries the user's id and role, so most requests need no lookup to know who
calls; what a user may *see* (their territories) is loaded from the database when a view asks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import uuid
from typing import NoReturn

import flask
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_smorest import abort

from backend.extensions.errors import STATUS_MESSAGES

_hasher = PasswordHasher()
ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the pseudonym is unknown, so timing does not reveal it.
DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def encode_access_token(
    user_id: uuid.UUID,
    role: str,
    consent_version: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    now = now or dt.datetime.now(dt.UTC)
    minutes = flask.current_app.config["ACCESS_TOKEN_MINUTES"]
    claims = {
        "sub": str(user_id),
        "role": role,
        "cv": consent_version,  # the privacy notice version the user accepted
        "typ": "access",
        "iat": int(now.timestamp()),
        "exp": int((now + dt.timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, flask.current_app.config["SECRET_KEY"], algorithm=ALGORITHM)


@dataclasses.dataclass(frozen=True)
class Principal:
    """Who is calling, as the access token says."""

    user_id: uuid.UUID
    role: str
    consent_version: str | None = None


def _unauthorized(message: str) -> NoReturn:
    abort(401, message=message, headers={"WWW-Authenticate": "Bearer"})
    raise AssertionError("abort raises")


def principal_from_request() -> Principal:
    header = flask.request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        _unauthorized(STATUS_MESSAGES[401])
    try:
        claims = jwt.decode(
            token,
            flask.current_app.config["SECRET_KEY"],
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "typ"]},
        )
    except jwt.ExpiredSignatureError:
        _unauthorized("Votre session a expiré : renouvelez votre jeton ou reconnectez-vous.")
    except jwt.PyJWTError:
        _unauthorized("Jeton d'accès invalide : reconnectez-vous.")
    if claims.get("typ") != "access":
        _unauthorized("Jeton d'accès invalide : reconnectez-vous.")
    try:
        return Principal(uuid.UUID(claims["sub"]), str(claims.get("role", "")), claims.get("cv"))
    except ValueError:
        _unauthorized("Jeton d'accès invalide : reconnectez-vous.")


def current_principal() -> Principal:
    principal = flask.g.get("principal")
    if principal is None:
        principal = principal_from_request()
        flask.g.principal = principal
    return principal
