"""Per-request helpers shared by the views: the calling user, domain errors as HTTP errors."""

from __future__ import annotations

import contextlib
from typing import Any

import flask
from werkzeug.http import HTTP_STATUS_CODES

from backend.extensions import auth
from backend.extensions.database import db
from backend.extensions.errors import STATUS_MESSAGES
from backend.models import User
from backend.services import DomainError
from backend.services.accounts import get_user
from backend.services.scope import AccountScope, load_scope


def current_scope() -> AccountScope:
    """The caller's rights, from their account as it stands now: built once per request, in
    one query, after the token's signature has been checked."""
    cache = auth.request_cache()
    if "scope" not in cache:
        principal = auth.current_principal()
        cache["scope"] = load_scope(
            principal.user_id,
            principal.session_id,
            principal.session_version,
            flask.current_app.config["CONSENT_VERSION"],
        )
    return cache["scope"]


def current_user() -> User:
    """The calling account as a row (for what it owns: consents, export, erasure)."""
    cache = auth.request_cache()
    if "user" not in cache:
        cache["user"] = get_user(current_scope().user_id)
    return cache["user"]


def error_payload(
    status: int, message: str, errors: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The API's one error shape: ``{code, status, message, errors?}``."""
    payload: dict[str, Any] = {
        "code": status,
        "status": HTTP_STATUS_CODES[status],
        "message": message,
    }
    if errors:
        payload["errors"] = errors
    return payload


def handle_domain_error(error: DomainError) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A domain error becomes the error payload with its French message; nothing is kept,
    except what the error itself says must be (a failed login is counted)."""
    if error.keeps_writes:
        db.session.commit()
    else:
        db.session.rollback()
    errors = getattr(error, "errors", None)
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    if getattr(error, "retry_after", None):
        headers["Retry-After"] = str(error.retry_after)
    payload = error_payload(error.status, str(error), {"json": errors} if errors else None)
    payload.update(getattr(error, "details", None) or {})  # e.g. the response to correct
    return payload, error.status, headers


def database_unavailable_errors() -> tuple[type[Exception], ...]:
    """What a lost or refused database connection raises (through SQLAlchemy, or psycopg's own
    cursor on the observations' hot path)."""
    import psycopg
    import sqlalchemy as sa

    return (
        sa.exc.OperationalError,
        sa.exc.InterfaceError,
        sa.exc.DisconnectionError,
        sa.exc.InvalidatePoolError,
        sa.exc.TimeoutError,
        psycopg.OperationalError,
        psycopg.InterfaceError,
    )


def handle_database_unavailable(error: Exception) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The database is restarting, unreachable or locked: 503 with Retry-After, so clients (the
    app's outbox) try again with the same ids; one log line, not a traceback per request."""
    with contextlib.suppress(Exception):
        db.session.rollback()
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    flask.current_app.logger.warning(
        "Base de données indisponible (%s) : %s",
        type(error).__name__,
        reason[0] if reason else "",
    )
    return error_payload(503, STATUS_MESSAGES[503]), 503, {"Retry-After": "5"}


def init_app(app: flask.Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    for error in database_unavailable_errors():
        app.register_error_handler(error, handle_database_unavailable)


def account_policy() -> Any:
    """The account rules' settings (:class:`backend.services.accounts.AccountPolicy`)."""
    from backend.services.accounts import AccountPolicy

    return AccountPolicy.from_settings(flask.current_app.config)


def photo_settings() -> Any:
    """The photo rules' settings (:class:`backend.services.photos.PhotoSettings`)."""
    from backend.services.photos import PhotoSettings

    return PhotoSettings.from_settings(flask.current_app.config)


def disclosure_rules() -> Any:
    """The syntheses' disclosure settings (:class:`backend.services.syntheses.DisclosureRules`)."""
    from backend.services.syntheses import DisclosureRules

    return DisclosureRules.from_settings(flask.current_app.config)
