"""Backups of the database and the photos, in one archive, and their restoration.

SpatiaLite: SQLite's online backup API (a consistent copy while the app runs). PostGIS:
``pg_dump --format=custom`` (restored with ``pg_restore``). Photos: the media directory.
A ``manifest.json`` says what the archive holds (kind, schema revision, row counts, date).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pathlib
import shutil
import subprocess
import tarfile
import tempfile
from typing import Any

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import Observation, Photo, Territory, User
from backend.services import Invalid

COUNTED = {"territories": Territory, "users": User, "observations": Observation, "photos": Photo}


def _kind() -> str:
    return "spatialite" if db.engine.dialect.name == "sqlite" else "postgis"


def _revision() -> str | None:
    return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def counts() -> dict[str, int]:
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for name, model in COUNTED.items()
    }


def _pg_args(url: sa.URL) -> tuple[list[str], dict[str, str]]:
    args = [
        "--dbname",
        url.database or "",
        "--host",
        url.host or "127.0.0.1",
        "--port",
        str(url.port or 5432),
    ]
    if url.username:
        args += ["--username", url.username]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _dump_database(target: pathlib.Path) -> None:
    if _kind() == "spatialite":
        source = db.engine.raw_connection()
        try:
            import sqlean

            destination = sqlean.connect(str(target))
            source.driver_connection.backup(destination)  # type: ignore[union-attr]
            destination.close()
        finally:
            source.close()
    else:
        args, env = _pg_args(db.engine.url)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args],
            check=True,
            env=env,
            capture_output=True,
        )


def create(output: pathlib.Path, media: pathlib.Path) -> dict[str, Any]:
    """Write the archive of the database and the photos in ``media``; returns its manifest."""
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": _kind(),
        "revision": _revision(),
        "counts": counts(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        dump = pathlib.Path(tmp) / (
            "database.sqlite" if _kind() == "spatialite" else "database.pgdump"
        )
        _dump_database(dump)
        with tarfile.open(output, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, dump.name)
            if media.is_dir():
                for path in sorted(media.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
                        archive.add(path, f"media/{path.name}")
    return manifest


def restore(
    archive_path: pathlib.Path, media: pathlib.Path, *, force: bool = False
) -> dict[str, Any]:
    """Restore an archive into the configured database and the ``media`` directory.

    Refuses to overwrite a database that already holds contributions unless ``force``."""
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        archive.extractall(tmp, filter="data")  # no absolute paths, no links outside tmp
        manifest = json.loads((pathlib.Path(tmp) / "manifest.json").read_text())
        if manifest["database"] != _kind():
            raise Invalid(
                f"Cette sauvegarde vient d'une base {manifest['database']} ; la base configurée est "
                f"{_kind()}. Restaurez-la dans une base du même type."
            )
        if not force and _has_contributions():
            raise Invalid(
                "La base configurée contient déjà des données : ajoutez --force pour l'écraser."
            )
        _restore_database(pathlib.Path(tmp))
        media.mkdir(parents=True, exist_ok=True)
        source = pathlib.Path(tmp) / "media"
        if source.is_dir():
            for path in source.iterdir():
                shutil.copy2(path, media / path.name)
    return manifest


def _has_contributions() -> bool:
    try:
        return bool(db.session.scalar(sa.select(sa.func.count()).select_from(Observation)))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False


def _restore_database(folder: pathlib.Path) -> None:
    db.session.remove()
    db.engine.dispose()
    if _kind() == "spatialite":
        target = pathlib.Path(db.engine.url.database or "")
        for suffix in ("-wal", "-shm"):
            pathlib.Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy2(folder / "database.sqlite", target)
    else:
        args, env = _pg_args(db.engine.url)
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(folder / "database.pgdump"),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    db.engine.dispose()
