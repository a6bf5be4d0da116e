"""Concurrent writers and database faults: no "database is locked" reaches a client, and the
app survives its database connections being cut."""

from __future__ import annotations

import io
import threading

import flask
import sqlalchemy as sa

from tests.backend.conftest import observation_payload
from tests.backend.test_photos import jpeg_with_gps


def test_concurrent_writers_all_succeed(app, make_user):
    """Eight residents report and attach photos at the same moment (on SpatiaLite: one file)."""
    users = [make_user() for _ in range(8)]
    barrier = threading.Barrier(len(users))
    failures: list[str] = []
    created: list[str] = []

    def resident(headers):
        client = app.test_client()
        barrier.wait()
        for _ in range(4):
            item = observation_payload()
            response = client.post("/api/v1/observations", json=item, headers=headers)
            if response.status_code != 201:
                failures.append(f"{response.status_code} {response.json}")
                continue
            photo = client.post(
                f"/api/v1/observations/{item['id']}/photos",
                data={"file": (io.BytesIO(jpeg_with_gps(64, 48)), "p.jpg")},
                headers=headers,
                content_type="multipart/form-data",
            )
            if photo.status_code != 201:
                failures.append(f"photo {photo.status_code} {photo.json}")
            created.append(item["id"])
            listing = client.get("/api/v1/observations?mine=true", headers=headers)
            if listing.status_code != 200:
                failures.append(f"list {listing.status_code}")

    threads = [threading.Thread(target=resident, args=(headers,)) for _, headers in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    from backend.extensions.database import db
    from backend.models import Observation, Photo

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Observation)) == 32
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 32


def test_the_app_recovers_when_its_database_connections_are_cut(app, client, veilleur):
    """What a PostgreSQL restart does to a pool: every connection dies; pre-ping replaces them."""
    if app.config["TEST_DATABASE_KIND"] != "postgis":
        return  # an SQLite file has no server to restart
    from backend.extensions.database import db

    _, headers = veilleur
    assert (
        client.post("/api/v1/observations", json=observation_payload(), headers=headers).status_code
        == 201
    )
    with app.app_context():
        name = db.engine.url.database
    admin = sa.create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        killed = conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar()
    admin.dispose()
    assert killed >= 1
    for _ in range(3):
        assert (
            client.post(
                "/api/v1/observations", json=observation_payload(), headers=headers
            ).status_code
            == 201
        )
    assert client.get("/healthz").json["status"] == "ok"


def test_an_unreachable_database_is_a_503_to_retry_not_a_500(app, caplog):
    """PostgreSQL restarting or down: every request says « réessayez » with Retry-After (the
    app's outbox retries with the same ids), and the log gets one line, not a traceback."""
    import logging

    from backend import create_app
    from backend.services import accounts

    with app.test_request_context():
        user = accounts.create_user("Awa", "mot-de-passe-solide", "veilleur")
        accounts.record_consent(
            user, accounts.AccountPolicy.from_settings(flask.current_app.config)
        )
        token = accounts.issue_tokens(
            user, accounts.AccountPolicy.from_settings(flask.current_app.config)
        ).access_token
    down = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/veilleurs",
            "MEDIA_DIR": app.config["MEDIA_DIR"],
            "SECRET_KEY": app.config["SECRET_KEY"],
        }
    )
    client = down.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    caplog.set_level(logging.WARNING)
    answers = [
        client.post("/api/v1/observations", json=observation_payload(), headers=headers),
        client.post(
            "/api/v1/sync", json={"observations": [observation_payload()]}, headers=headers
        ),
        client.get("/api/v1/observations", headers=headers),
        client.post("/api/v1/auth/token", json={"pseudonym": "Awa", "password": "x" * 12}),
    ]
    for response in answers:
        assert response.status_code == 503, response.get_data(as_text=True)
        assert int(response.headers["Retry-After"]) >= 5  # the rate limiter may ask longer
        assert response.json["message"].startswith("Service momentanément indisponible")
    assert "Base de données indisponible" in caplog.text
    assert "Traceback" not in caplog.text
