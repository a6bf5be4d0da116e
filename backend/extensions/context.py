"""Per-request helpers shared by the views: the calling user, domain errors as HTTP errors."""

from __future__ import annotations

from typing import Any

import flask
from werkzeug.http import HTTP_STATUS_CODES

from backend.extensions import auth
from backend.extensions.database import db
from backend.models import User
from backend.services import DomainError
from backend.services.accounts import get_user


def current_user() -> User:
    """The calling user, loaded once per request (after the token has been checked)."""
    user = flask.g.get("user")
    if user is None:
        user = get_user(auth.current_principal().user_id)
        flask.g.user = user
    return user


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
    """A domain error becomes the error payload with its French message; nothing is kept."""
    db.session.rollback()
    errors = getattr(error, "errors", None)
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    if getattr(error, "retry_after", None):
        headers["Retry-After"] = str(error.retry_after)
    return (
        error_payload(error.status, str(error), {"json": errors} if errors else None),
        error.status,
        headers,
    )


def init_app(app: flask.Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
