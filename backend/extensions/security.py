"""HTTP hygiene: security headers (a CSP the PWA works under), CORS limited to configured
origins, rate limits with a clear 429, the client address behind a proxy, no secrets in logs."""

from __future__ import annotations

import logging
import re
import urllib.parse
from typing import Any

import flask
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from backend.extensions import auth


def _rate_key() -> str:
    """Per account when the caller is authenticated, per address otherwise."""
    try:
        return f"user:{auth.current_principal().user_id}"
    except Exception:
        return f"ip:{get_remote_address()}"


limiter = Limiter(key_func=get_remote_address, headers_enabled=True, default_limits=[])


def client_address() -> str:
    """The client's address (behind ``TRUSTED_PROXIES`` proxies, the one they saw)."""
    return get_remote_address()[:64]


def login_limit() -> str:
    return flask.current_app.config["RATE_LIMIT_LOGIN"]


def join_limit() -> str:
    return flask.current_app.config["RATE_LIMIT_JOIN"]


def write_limit() -> str:
    return flask.current_app.config["RATE_LIMIT_WRITE"]


def limit_writes(func: Any) -> Any:
    """Writes are limited per account (a runaway client, a script): 429 beyond the limit."""
    return limiter.limit(write_limit, key_func=_rate_key)(func)


def _daily_reports() -> str:
    return f"{flask.current_app.config['OBSERVATIONS_PER_DAY']}/day"


def _reports_sent() -> int:
    """How many observations this request carries (one, or a /sync batch's)."""
    if flask.request.path.endswith("/sync"):
        body = flask.request.get_json(silent=True)
        items = body.get("observations") if isinstance(body, dict) else None
        return len(items) if isinstance(items, list) else 0
    return 1


def _daily_reports_message() -> str:
    cap = flask.current_app.config["OBSERVATIONS_PER_DAY"]
    return (
        f"Vous avez envoyé beaucoup d'observations aujourd'hui (au plus {cap} par jour) : "
        "les suivantes restent sur votre téléphone et partiront demain."
    )


def limit_daily_reports(func: Any) -> Any:
    """One account cannot flood a territory: a daily number of observations (a /sync batch
    counts each of its observations); beyond it, 429 and the app keeps them for tomorrow."""
    return limiter.shared_limit(
        _daily_reports,
        "daily-reports",  # one count across POST /observations and POST /sync
        key_func=_rate_key,
        cost=_reports_sent,
        exempt_when=lambda: _reports_sent() == 0,  # a batch of survey answers only
        error_message=_daily_reports_message,
    )(func)


def limit_login(func: Any) -> Any:
    return limiter.limit(login_limit)(func)


def limit_join(func: Any) -> Any:
    return limiter.limit(join_limit)(func)


def _origin(url: str) -> str:
    """scheme://host of a URL template; ``{s}`` subdomains become a wildcard."""
    if not url.startswith("http"):
        return ""
    parsed = urllib.parse.urlsplit(url)
    host = parsed.netloc
    if host.startswith("{s}."):
        host = "*." + host[4:]
    return f"{parsed.scheme}://{host}"


def content_security_policy(config: dict[str, Any], docs: bool) -> str:
    tile_origin = _origin(config.get("TILES_URL") or "")
    swagger_origin = _origin(config.get("OPENAPI_SWAGGER_UI_URL") or "") if docs else ""
    swagger_origin = f" {swagger_origin}" if swagger_origin else ""
    directives = {
        "default-src": "'self'",
        # The docs page (Swagger UI) starts with an inline script; the app itself has none.
        "script-src": "'self'" + (" 'unsafe-inline'" + swagger_origin if docs else ""),
        # Leaflet positions tiles and markers with style attributes.
        "style-src": "'self' 'unsafe-inline'" + swagger_origin,
        "img-src": f"'self' data: blob: {tile_origin}".strip(),
        "connect-src": "'self'",
        "font-src": "'self' data:",
        "worker-src": "'self'",
        "manifest-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


_csp_cache: dict[tuple[str, str, bool], str] = {}


def add_security_headers(response: flask.Response) -> flask.Response:
    config = flask.current_app.config
    docs = flask.request.path.startswith("/api/docs")
    key = (config.get("TILES_URL") or "", config.get("OPENAPI_SWAGGER_UI_URL") or "", docs)
    if key not in _csp_cache:
        _csp_cache[key] = content_security_policy(config, docs)
    response.headers.setdefault("Content-Security-Policy", _csp_cache[key])
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Permissions-Policy", "geolocation=(self), camera=(self), microphone=(), payment=()"
    )
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if flask.request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if flask.request.path.startswith("/api/") and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


SECRET_PATTERNS = (
    re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE),
    re.compile(
        r'("?(?:refresh_token|access_token|password)"?\s*[:=]\s*"?)[^"&\s,}]+', re.IGNORECASE
    ),
)


def redact(text: str) -> str:
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(r"\1[masqué]", text)
    return text


class RedactSecrets(logging.Filter):
    """Tokens and passwords never reach the logs, whatever logs them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def init_app(app: flask.Flask) -> None:
    if app.config["TRUSTED_PROXIES"]:
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    origins = app.config["CORS_ORIGINS"]
    if origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            expose_headers=["X-Pagination"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_ENABLED", True)
    # If Redis (the limits' storage) goes down, count in memory rather than fail requests.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter.init_app(app)
    app.after_request(add_security_headers)
    redactor = RedactSecrets()
    for name in ("", "gunicorn.error", "gunicorn.access", "werkzeug", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(redactor)
