"""Settings, read from the environment once; each one is documented in the README's table."""

from __future__ import annotations

import os
import pathlib
import secrets

ROOT = pathlib.Path(__file__).resolve().parents[1]
VAR_DIR = pathlib.Path(os.environ.get("VEILLEURS_VAR_DIR", ROOT / "var"))


def _default_secret_key() -> str:
    """A secret generated into var/ on first run, so tokens survive restarts without setup."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    """Defaults for a single machine: SpatiaLite in var/, media on disk, jobs in-process."""

    def __init__(self) -> None:
        env = os.environ.get
        self.SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'veilleurs.db'}")
        self.REDIS_URL = env("REDIS_URL") or None
        self.JOBS_QUEUE = env("JOBS_QUEUE", "veilleurs")
        self.SECRET_KEY = env("SECRET_KEY") or _default_secret_key()
        self.MEDIA_DIR = env("MEDIA_DIR", str(VAR_DIR / "media"))
        self.PORT = _int("PORT", 5000)
        # Tokens: a short access token, a long refresh token that is stored and revocable.
        self.ACCESS_TOKEN_MINUTES = _int("ACCESS_TOKEN_MINUTES", 15)
        self.REFRESH_TOKEN_DAYS = _int("REFRESH_TOKEN_DAYS", 60)
        # Uploads: photos are bounded in bytes and in pixels (decompression bombs).
        self.MAX_CONTENT_LENGTH = _int("MAX_UPLOAD_MB", 12) * 1024 * 1024
        self.PHOTO_MAX_PIXELS = _int("PHOTO_MAX_PIXELS", 40_000_000)
        self.PHOTO_MAX_SIDE = _int("PHOTO_MAX_SIDE", 2048)
        # Observations: what the API accepts.
        self.OBSERVATION_TEXT_MAX = _int("OBSERVATION_TEXT_MAX", 5000)
        self.SYNC_BATCH_MAX = _int("SYNC_BATCH_MAX", 2000)
        # Disclosure control for anything that leaves the platform.
        self.DISCLOSURE_THRESHOLD = _int("DISCLOSURE_THRESHOLD", 11)
        # Syntheses: a count of reports is published when this many distinct residents at least
        # stand behind it (counts of people keep DISCLOSURE_THRESHOLD).
        self.DISCLOSURE_MIN_CONTRIBUTORS = _int("DISCLOSURE_MIN_CONTRIBUTORS", 3)
        self.PUBLIC_GRID_M = _int("PUBLIC_GRID_M", 100)
        # Survey answers made during a campaign are accepted this many days after it closes
        # (phones that were offline); a campaign closed by hand stops at once.
        self.RESPONSE_GRACE_DAYS = _int("RESPONSE_GRACE_DAYS", 7)
        # Retention: raw data older than this is anonymised by `veilleurs retention apply`.
        self.RETENTION_MONTHS = _int("RETENTION_MONTHS", 36)
        self.AUDIT_RETENTION_MONTHS = _int("AUDIT_RETENTION_MONTHS", 60)
        # The version of the consent text residents accept; raising it asks them again.
        self.CONSENT_VERSION = env("CONSENT_VERSION", "2026-11")
        # Security: origins allowed to call the API from a browser (comma-separated; none by
        # default: the app is served from the same origin), proxies in front of the app.
        self.CORS_ORIGINS = [o.strip() for o in env("CORS_ORIGINS", "").split(",") if o.strip()]
        self.TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
        self.RATE_LIMIT_LOGIN = env("RATE_LIMIT_LOGIN", "10/minute;50/hour")
        self.RATE_LIMIT_JOIN = env("RATE_LIMIT_JOIN", "20/hour")
        self.RATE_LIMIT_WRITE = env("RATE_LIMIT_WRITE", "300/minute")
        # Ateliers: a room of phones behind one Wi-Fi address joins at once; each phone's
        # answers are limited by its participation token.
        self.RATE_LIMIT_ATELIER_JOIN = env("RATE_LIMIT_ATELIER_JOIN", "300/minute;2000/hour")
        self.RATE_LIMIT_ATELIER_WRITE = env("RATE_LIMIT_ATELIER_WRITE", "60/minute")
        self.ATELIER_THRESHOLD = _int("ATELIER_THRESHOLD", 5)
        self.ATELIER_STREAM_SECONDS = _int("ATELIER_STREAM_SECONDS", 25)
        self.ATELIER_MAX_STREAMS = _int("ATELIER_MAX_STREAMS", 4)
        # Several instances sharing one Redis keep their counters apart by this prefix.
        self.RATELIMIT_KEY_PREFIX = env("RATE_LIMIT_KEY_PREFIX", "veilleurs")
        # After this many failed logins in a row, each new attempt waits twice as long.
        self.LOGIN_FAILURES_BEFORE_DELAY = _int("LOGIN_FAILURES_BEFORE_DELAY", 3)
        # One account cannot flood a territory: observations per account per day (/sync too).
        self.OBSERVATIONS_PER_DAY = _int("OBSERVATIONS_PER_DAY", 200)
        # ODK Collect's Basic authentication only over HTTPS (0: a proxy terminates TLS unsaid).
        self.OPENROSA_REQUIRE_HTTPS = env("OPENROSA_REQUIRE_HTTPS", "1") not in ("0", "false")
        # Webhooks: URLs to private/loopback addresses are refused unless allowed (SSRF);
        # failed deliveries are retried after base, 2×base, 4×base… seconds (capped).
        self.WEBHOOKS_ALLOW_PRIVATE = env("WEBHOOKS_ALLOW_PRIVATE", "0") == "1"
        self.WEBHOOKS_MAX_ATTEMPTS = _int("WEBHOOKS_MAX_ATTEMPTS", 8)
        self.WEBHOOKS_RETRY_BASE_S = _int("WEBHOOKS_RETRY_BASE_S", 30)
        self.WEBHOOKS_RETRY_MAX_S = _int("WEBHOOKS_RETRY_MAX_S", 6 * 3600)
        self.TILES_URL = env("TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        # API documentation served by flask-smorest.
        self.API_TITLE = "Veilleurs"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "/docs"
        # Swagger UI from npm (swagger-ui-dist), served by backend/web: the docs work offline.
        self.OPENAPI_SWAGGER_UI_URL = env("SWAGGER_UI_URL", "/swagger-ui/")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": env("DB_POOL_PRE_PING", "1") == "1"}
        self.JSON_SORT_KEYS = False

    @property
    def is_sqlite(self) -> bool:
        return self.SQLALCHEMY_DATABASE_URI.startswith("sqlite")
