"""Observation files that stream in bounded memory, whatever their length: the rows are read
from a server-side cursor in batches (``yield_per``) as plain columns (no ORM objects), and each
format is written as it goes — CSV and GeoJSON straight to the response, XLSX (openpyxl's
write-only mode) and GeoPackage (GDAL, appended by batches) through a temporary file.

The columns and the formula neutralisation are those of :mod:`backend.services.exports`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import Observation, Photo, Territory
from backend.services.exports import COLUMNS, neutralise, sheet_title
from backend.services.themes import theme_label

BATCH = 2_000  # rows fetched from the database at a time
CHUNK = 64 * 1024  # bytes of a file sent at a time


def count(where: list[sa.ColumnElement[bool]]) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Observation).where(*where)) or 0


def rows(where: list[sa.ColumnElement[bool]]) -> Iterator[dict[str, Any]]:
    """The export's rows (``COLUMNS``), newest first, fetched ``BATCH`` at a time."""
    photos = (
        sa.select(Photo.observation_id, sa.func.count().label("n"))
        .group_by(Photo.observation_id)
        .subquery()
    )
    query = (
        sa.select(
            Observation.id,
            Observation.observed_at,
            Observation.received_at,
            sa.func.ST_X(Observation.geom).label("longitude"),
            sa.func.ST_Y(Observation.geom).label("latitude"),
            Observation.accuracy_m,
            Territory.code.label("territory"),
            Observation.theme,
            Observation.polarity,
            Observation.text,
            Observation.status,
            sa.func.coalesce(photos.c.n, 0).label("photos"),
        )
        .select_from(Observation)
        .outerjoin(Territory, Territory.id == Observation.territory_id)
        .outerjoin(photos, photos.c.observation_id == Observation.id)
        .where(*where)
        .order_by(Observation.observed_at.desc(), Observation.id)
        .execution_options(yield_per=BATCH)
    )
    labels: dict[str, str] = {}
    for r in db.session.execute(query):
        theme = r.theme
        if theme not in labels:
            labels[theme] = theme_label(theme)
        yield {
            "id": str(r.id),
            "observed_at": r.observed_at.isoformat(),
            "received_at": r.received_at.isoformat(),
            "longitude": round(r.longitude, 7),
            "latitude": round(r.latitude, 7),
            "accuracy_m": r.accuracy_m,
            "territory": r.territory,
            "theme": theme,
            "theme_label": labels[theme],
            "polarity": r.polarity,
            "text": r.text,
            "status": r.status,
            "photos": r.photos,
        }


def neutralise_sql(value: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """:func:`analysis.spreadsheet.neutralise` done by PostgreSQL, from the same triggers and the
    same negative-number pattern (``tests/backend/test_export_streams.py`` runs the shared cases)."""
    from analysis.spreadsheet import _NEGATIVE_NUMBER, TRIGGERS

    triggers = [t for t in TRIGGERS if t != "\0"]  # PostgreSQL text never holds a NUL
    formula_like = sa.and_(
        sa.func.left(value, 1).in_(triggers),
        sa.not_(value.regexp_match(f"^{_NEGATIVE_NUMBER.pattern}$")),
    )
    return sa.case((formula_like, sa.literal("'") + value), else_=value)


def _iso_utc(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """What Python's ``isoformat()`` writes for an aware UTC datetime, written by PostgreSQL."""
    utc = sa.func.timezone("UTC", column)
    fraction = sa.case(
        (sa.extract("microseconds", utc) % 1_000_000 != 0, sa.func.to_char(utc, ".US")),
        else_="",
    )
    return sa.func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS') + fraction + "+00:00"


def _python_float(value: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """A float as Python's ``str()`` writes it (``12.0``, ``1.4436``), for PostgreSQL."""
    return sa.case(
        (value == sa.func.trunc(value), sa.cast(sa.cast(value, sa.BigInteger), sa.Text) + ".0"),
        else_=sa.cast(value, sa.Text),
    )


def postgis_csv_stream(
    where: list[sa.ColumnElement[bool]], *, excel: bool = False
) -> Iterator[bytes]:
    """The same CSV as :func:`csv_stream`, formatted and sent by PostgreSQL itself (``COPY … TO
    STDOUT``): a national export costs about what the database takes to read it. Lines end with
    ``\n`` (spreadsheets and CSV readers accept both)."""
    from backend.models import Theme

    photos = (
        sa.select(Photo.observation_id, sa.func.count().label("n"))
        .group_by(Photo.observation_id)
        .subquery()
    )
    x = sa.func.round(sa.cast(sa.func.ST_X(Observation.geom), sa.Numeric), 7)
    y = sa.func.round(sa.cast(sa.func.ST_Y(Observation.geom), sa.Numeric), 7)
    query = (
        sa.select(
            sa.cast(Observation.id, sa.Text),
            _iso_utc(Observation.observed_at),
            _iso_utc(Observation.received_at),
            _python_float(sa.cast(x, sa.Float)),
            _python_float(sa.cast(y, sa.Float)),
            _python_float(Observation.accuracy_m),
            neutralise_sql(Territory.code),
            neutralise_sql(Observation.theme),
            neutralise_sql(sa.func.coalesce(Theme.label, Observation.theme)),
            Observation.polarity,
            neutralise_sql(Observation.text),
            Observation.status,
            sa.func.coalesce(photos.c.n, 0),
        )
        .select_from(Observation)
        .outerjoin(Territory, Territory.id == Observation.territory_id)
        .outerjoin(Theme, Theme.code == Observation.theme)
        .outerjoin(photos, photos.c.observation_id == Observation.id)
        .where(*where)
        .order_by(Observation.observed_at.desc(), Observation.id)
    )
    compiled = query.compile(db.engine, compile_kwargs={"render_postcompile": True})
    delimiter = ";" if excel else ","
    head = delimiter.join(neutralise(c) for c in COLUMNS) + "\r\n"
    yield (b"\xef\xbb\xbf" if excel else b"") + head.encode("utf-8")
    driver = db.session.connection().connection.driver_connection
    statement = f"COPY ({compiled.string}) TO STDOUT WITH (FORMAT csv, DELIMITER '{delimiter}')"
    with driver.cursor() as cursor, cursor.copy(statement, compiled.params) as copy:
        # COPY hands over about a row at a time: sent by pieces of CHUNK bytes, not row by row.
        buffer = bytearray()
        for chunk in copy:
            buffer += chunk
            if len(buffer) >= CHUNK:
                yield bytes(buffer)
                buffer.clear()
        yield bytes(buffer)


def csv_stream(records: Iterable[dict[str, Any]], *, excel: bool = False) -> Iterator[bytes]:
    """UTF-8 CSV with `,`; with ``excel``, `;` and a BOM (as :func:`exports.to_csv`)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in COLUMNS])
    head = out.getvalue().encode("utf-8")
    yield (b"\xef\xbb\xbf" + head) if excel else head
    out.seek(0)
    out.truncate()
    for n, record in enumerate(records, 1):
        writer.writerow([neutralise(record[c]) for c in COLUMNS])
        if n % 500 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def geojson_stream(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield b'{"type": "FeatureCollection", "features": ['
    parts: list[str] = []
    first = True
    for record in records:
        lon, lat = record.pop("longitude"), record.pop("latitude")
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": record,
        }
        parts.append(("" if first else ", ") + json.dumps(feature, ensure_ascii=False))
        first = False
        if len(parts) >= 500:
            yield "".join(parts).encode("utf-8")
            parts = []
    yield ("".join(parts) + "]}").encode("utf-8")


def _file_chunks(path: str) -> Iterator[bytes]:
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk


def xlsx_stream(records: Iterable[dict[str, Any]], title: str) -> Iterator[bytes]:
    """openpyxl's write-only workbook keeps rows on disk, not in memory."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append([neutralise(c) for c in COLUMNS])
    for record in records:
        sheet.append([neutralise(record[c]) for c in COLUMNS])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "export.xlsx")
        workbook.save(path)
        yield from _file_chunks(path)


def gpkg_stream(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """A GeoPackage layer ``observations`` (EPSG:4326), written by GDAL a batch at a time."""
    import numpy as np
    import shapely
    from pyogrio.raw import write

    columns = [c for c in COLUMNS if c not in ("longitude", "latitude")]

    def flush(batch: list[dict[str, Any]], path: str, append: bool) -> None:
        points = shapely.points([[r["longitude"], r["latitude"]] for r in batch]) if batch else []
        geometry = np.array(shapely.to_wkb(points) if batch else [], dtype=object)
        field_data = [
            np.array([r[c] for r in batch], dtype=np.int64 if c == "photos" else object)
            for c in columns
        ]
        write(
            path,
            geometry,
            field_data,
            columns,
            layer="observations",
            driver="GPKG",
            geometry_type="Point",
            crs="EPSG:4326",
            append=append,
        )

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "observations.gpkg")
        batch: list[dict[str, Any]] = []
        written = False
        for record in records:
            batch.append(record)
            if len(batch) >= 5 * BATCH:
                flush(batch, path, written)
                written, batch = True, []
        if batch or not written:
            flush(batch, path, written)
        yield from _file_chunks(path)


def stream(
    fmt: str, where: list[sa.ColumnElement[bool]], *, excel: bool = False
) -> Iterator[bytes]:
    """The file of the observations matching ``where``, as chunks of bytes."""
    from backend.services import spatial

    if fmt == "csv" and not spatial.is_sqlite():
        return postgis_csv_stream(where, excel=excel)
    records = rows(where)
    if fmt == "csv":
        return csv_stream(records, excel=excel)
    if fmt == "geojson":
        return geojson_stream(records)
    if fmt == "xlsx":
        return xlsx_stream(records, "observations")
    return gpkg_stream(records)
