"""SQLAlchemy 2 on PostGIS or SpatiaLite, chosen by DATABASE_URL.

SpatiaLite goes through sqlean.py because this Python's own sqlite3 cannot load extensions;
WAL and a busy timeout let the web workers and the CLI write to the same file.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import orm as so

from backend.extensions import paris_time
from backend.extensions.folding import register_sqlite

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(so.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on both databases (SQLite has no time zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


db = SQLAlchemy(model_class=Base, disable_autonaming=True)
migrate = Migrate(compare_type=True, render_as_batch=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the driver, opens transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten, not left readable in free pages (erasure must erase).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    register_sqlite(dbapi_connection)  # searches fold case and accents as PostgreSQL does
    paris_time.register_sqlite(dbapi_connection)  # months in France's time, as PostgreSQL


def engine_options(uri: str, options: dict[str, Any]) -> dict[str, Any]:
    """Engine options for the URI: sqlean.py as the SQLite driver so SpatiaLite can load."""
    if uri.startswith("sqlite"):
        import sqlean

        return {**options, "module": sqlean, "connect_args": {"check_same_thread": False}}
    return options


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _sqlite_begin(connection: sa.Connection) -> None:
    """Writers take SQLite's write lock when their transaction starts (BEGIN IMMEDIATE), so the
    busy timeout queues them instead of failing with "database is locked" when a transaction
    that began by reading later tries to write. Reads (GET) stay concurrent."""
    import flask

    writing = not flask.has_request_context() or flask.request.method in WRITE_METHODS
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def spatialite_setup(engine: sa.Engine) -> None:
    """Load mod_spatialite on every new connection (WGS84 only: the full init costs ~11 s)."""
    from geoalchemy2.admin.dialects.sqlite import load_spatialite

    # Debian's libsqlite3-mod-spatialite puts mod_spatialite on the loader's path.
    os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    sa.event.listen(engine, "begin", _sqlite_begin)
    sa.event.listen(engine, "connect", functools.partial(load_spatialite, init_mode="WGS84"))


def init_app(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        uri, app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    )
    db.init_app(app)
    if uri.startswith("sqlite"):
        with app.app_context():
            spatialite_setup(db.engine)
    migrate.init_app(app, db, directory=str(app.config["MIGRATIONS_DIR"]))


def end_transaction() -> None:
    """End the request's transaction so far (the authentication's reads) before slow work that
    needs no database, such as reading an uploaded file: on SQLite a writing request's
    transaction holds the write lock (BEGIN IMMEDIATE), and every resident's report would wait
    behind the parsing. The writes that follow begin a transaction of their own."""
    db.session.commit()


def dialect_name() -> str:
    """'postgresql' or 'sqlite' for the current app's database."""
    return db.engine.dialect.name


def upsert(
    model: Any, values: dict[str, Any], *, key: list[str], update: dict[str, Any]
) -> sa.Insert:
    """INSERT … ON CONFLICT (key) DO UPDATE, in the current database's dialect (both have it)."""
    if dialect_name() == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    return insert(model).values(**values).on_conflict_do_update(index_elements=key, set_=update)


def serialise_on(key: str) -> None:
    """Until the transaction ends, other writers serialising on the same key wait. SQLite's
    writers already run one at a time (BEGIN IMMEDIATE); PostgreSQL takes an advisory lock."""
    if dialect_name() == "postgresql":
        db.session.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
        )


def flush_erased_pages() -> None:
    """After an erasure, leave no copy of the deleted rows in SQLite's write-ahead log: it is
    written back (over zeroed pages) and truncated. PostgreSQL's dead rows go with (auto)vacuum."""
    if dialect_name() == "sqlite":
        # Outside any transaction (the driver's autocommit): a checkpoint cannot run inside one.
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            raw.close()
