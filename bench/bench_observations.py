"""POST /observations and /sync on PostGIS under gunicorn (2 workers), beside raw baselines.

- POST /observations (validation, auth, idempotency, territory assignment) vs a minimal Flask
  endpoint inserting the same row with plain psycopg — target ratio ≥ 0.6;
- /sync batches of 1,000 items vs a raw ``executemany`` of the same rows — target ≥ 0.3.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import tempfile
import time

import flask
import psycopg

from bench.common import Result
from bench.servers import gunicorn, load, new_id, postgis_app, request

CLIENTS, SECONDS, BATCH, BATCHES = 4, 8.0, 1000, 6


def payload(point: list[float]) -> dict:
    return {
        "id": new_id(),
        "observed_at": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
        "location": {"type": "Point", "coordinates": point},
        "accuracy_m": 12,
        "theme": "proprete",
        "polarity": "difficulte",
        "text": "Encombrants devant le bâtiment C, depuis trois jours",
    }


def run() -> list[Result]:
    from tests.backend.conftest import inside

    point = inside("QP031001")
    with tempfile.TemporaryDirectory() as tmp, postgis_app(pathlib.Path(tmp)) as (url, app):
        from backend.extensions.database import db
        from backend.services import accounts

        with app.test_request_context():
            user = accounts.create_user("bench", "mot-de-passe-bench", "veilleur")
            accounts.record_consent(
                user, accounts.AccountPolicy.from_settings(flask.current_app.config)
            )
            token = accounts.issue_tokens(
                user, accounts.AccountPolicy.from_settings(flask.current_app.config)
            ).access_token
            author = str(user.id)
            db.session.commit()
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "MEDIA_DIR": f"{tmp}/media",
            "RAW_DSN": dsn,
            "RAW_AUTHOR": author,
            "ACCESS_TOKEN_MINUTES": "60",
            # The benchmark's single user writes far faster than any resident could.
            "RATE_LIMIT_WRITE": "100000000/minute",
            "DB_POOL_PRE_PING": os.environ.get("DB_POOL_PRE_PING", "1"),
        }
        auth = {"Authorization": f"Bearer {token}"}

        with gunicorn("bench.raw_app:app", env) as port:
            raw_rate, raw_errors = load(
                lambda: request(port, "POST", "/raw", payload(point), {}), CLIENTS, SECONDS
            )
        with gunicorn("backend.wsgi:app", env) as port:
            api_rate, api_errors = load(
                lambda: request(port, "POST", "/api/v1/observations", payload(point), auth),
                CLIENTS,
                SECONDS,
            )
            sync_seconds = []
            for _ in range(BATCHES):
                batch = [payload(point) for _ in range(BATCH)]
                start = time.perf_counter()
                status, _ = request(port, "POST", "/api/v1/sync", {"observations": batch}, auth)
                sync_seconds.append(time.perf_counter() - start)
                assert status == 200
        sync_rate = BATCH / min(sync_seconds)

        from bench.raw_app import INSERT, row

        raw_seconds = []
        with psycopg.connect(dsn) as conn:
            for _ in range(BATCHES):
                rows = [row(payload(point), author) for _ in range(BATCH)]
                start = time.perf_counter()
                with conn.cursor() as cursor:
                    cursor.executemany(INSERT, rows)
                conn.commit()
                raw_seconds.append(time.perf_counter() - start)
        raw_sync_rate = BATCH / min(raw_seconds)

    return [
        Result(
            "POST /observations (gunicorn 2 workers, PostGIS)",
            api_rate,
            "req/s",
            raw_rate,
            "Flask minimal + psycopg, même ligne",
            target=0.6,
            note=f"{CLIENTS} clients, {SECONDS:.0f} s, erreurs {api_errors}/{raw_errors}",
        ),
        Result(
            "POST /sync, lots de 1 000",
            sync_rate,
            "observations/s",
            raw_sync_rate,
            "executemany psycopg des mêmes lignes",
            target=0.3,
            note="meilleur de 6 lots",
        ),
    ]
