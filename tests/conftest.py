"""Fixtures shared by every test: real PostGIS and real SpatiaLite databases, migrated by Alembic.

Backend tests run once per database: the ``app`` fixture is parametrised over both. Each
database is created once per session (PostGIS: a throwaway database from template1, where
PostGIS is installed; SpatiaLite: a file), migrated, and loaded with the real Occitanie
territories; after each test every row the test wrote is deleted.
"""

from __future__ import annotations

import os
import pathlib
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PG_ADMIN_URL = os.environ.get(
    "TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATABASES = ("postgis", "spatialite")
BASELINE_TERRITORIES = (
    (
        "occitanie-communes-avec-qpv.geojson",
        "commune",
        "code_commune",
        "nom_commune",
        None,
        "cog2019",
    ),
    ("occitanie-qpv2015.geojson", "qpv", "code_qp", "nom_qp", "code_commune", "qpv2015"),
)
KEPT_TABLES = {"theme", "territory", "alembic_version"}


def pytest_configure(config):
    os.environ.setdefault("VEILLEURS_VAR_DIR", str(ROOT / "var" / "test"))


class Database:
    """A throwaway database of one kind, with a URL the app can use."""

    def __init__(self, kind: str, tmp: pathlib.Path, tag: str) -> None:
        self.kind = kind
        self.name = f"veilleurs_test_{tag}_{uuid.uuid4().hex[:8]}"
        if kind == "postgis":
            import sqlalchemy as sa

            self._admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with self._admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{self.name}" TEMPLATE template1')
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.name}"
        else:
            self.url = f"sqlite:///{tmp / (self.name + '.db')}"

    def drop(self) -> None:
        if self.kind == "postgis":
            self._admin.dispose()  # a fresh connection: PostgreSQL may have restarted meanwhile
            with self._admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin.dispose()


def make_app(database: Database, media: pathlib.Path):
    from backend import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database.url,
            "MEDIA_DIR": str(media),
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "TESTING": True,
        }
    )


def migrate(app) -> None:
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade()


def load_baseline_territories(app) -> None:
    import sqlalchemy as sa

    from backend.extensions.database import db
    from backend.models import Territory
    from backend.services.territories import FieldMap, import_territories

    with app.app_context():
        for name, kind, code, label, parent, version in BASELINE_TERRITORIES:
            import_territories(
                DATA / "territories" / name,
                kind=kind,
                fields=FieldMap(code, label, parent),
                version=version,
            )
        db.session.commit()
        # What every test starts from; clean_database deletes any other territory.
        app.config["TEST_BASELINE_CODES"] = set(db.session.scalars(sa.select(Territory.code)))


@pytest.fixture(scope="session", params=DATABASES)
def database_app(request, tmp_path_factory):
    """One migrated database per kind for the whole session, with the baseline territories."""
    tag = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = Database(request.param, tmp_path_factory.mktemp(request.param), tag)
    app = make_app(database, tmp_path_factory.mktemp("media"))
    migrate(app)
    load_baseline_territories(app)
    app.config["TEST_DATABASE_KIND"] = request.param
    yield app
    with app.app_context():
        from backend.extensions.database import db

        db.engine.dispose()
    database.drop()


def clean_database(app) -> None:
    """Delete what a test wrote; keep the thesaurus and the baseline territories."""
    import sqlalchemy as sa

    from backend.extensions.database import db
    from backend.models import Territory

    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                db.session.execute(table.delete())
        baseline = app.config["TEST_BASELINE_CODES"]
        db.session.execute(sa.delete(Territory).where(Territory.code.not_in(baseline)))
        db.session.commit()


@pytest.fixture
def app(database_app, tmp_path):
    database_app.config["MEDIA_DIR"] = str(tmp_path / "media")
    (tmp_path / "media").mkdir()
    # No app context is kept around the test: each request gets its own, as in production
    # (a shared one would share ``g`` and the session between requests and hide bugs).
    yield database_app
    clean_database(database_app)
    from backend.extensions.security import limiter

    limiter.reset()  # rate-limit counters are per test


@pytest.fixture
def db_session(app):
    """The database session, in an app context of its own, for assertions on what is stored."""
    from backend.extensions.database import db

    with app.app_context():
        yield db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def fresh_app(request, tmp_path):
    """A new, migrated, empty database of each kind (for tests that need an empty territory table)."""
    apps = []

    def factory(kind: str):
        database = Database(kind, tmp_path, "fresh")
        app = make_app(database, tmp_path / "media-fresh")
        migrate(app)
        apps.append((app, database))
        return app

    yield factory
    for app, database in apps:
        with app.app_context():
            from backend.extensions.database import db

            db.engine.dispose()
        database.drop()
