"""Bearer tokens: a short JWT access token, a stored, revocable, rotated refresh token.

The access token names the account, its session and the account's session version — never its
role: every request acts with the account's rights as they stand (see services.scope).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any, NoReturn

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
    session_id: uuid.UUID,
    session_version: int,
    now: dt.datetime | None = None,
) -> str:
    now = now or dt.datetime.now(dt.UTC)
    minutes = flask.current_app.config["ACCESS_TOKEN_MINUTES"]
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),  # the login this token belongs to (ended by logout)
        "sv": session_version,  # the account's version of its rights when it was issued
        "typ": "access",
        "iat": int(now.timestamp()),
        "exp": int((now + dt.timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, flask.current_app.config["SECRET_KEY"], algorithm=ALGORITHM)


@dataclasses.dataclass(frozen=True)
class Principal:
    """Who the access token says is calling (checked against the account on each request)."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    session_version: int


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
    version = claims.get("sv")
    if claims.get("typ") != "access" or isinstance(version, bool) or not isinstance(version, int):
        _unauthorized("Jeton d'accès invalide : reconnectez-vous.")
    try:
        return Principal(uuid.UUID(claims["sub"]), uuid.UUID(str(claims.get("sid"))), version)
    except ValueError:
        _unauthorized("Jeton d'accès invalide : reconnectez-vous.")


def request_cache() -> dict[str, Any]:
    """What one request learnt about its caller. Kept on the request itself, not on ``flask.g``:
    an application context may outlive a request (a test, a command) and carry it to the next."""
    return flask.request.environ.setdefault("veilleurs.caller", {})


def current_principal() -> Principal:
    cache = request_cache()
    if "principal" not in cache:
        cache["principal"] = principal_from_request()
    return cache["principal"]
