"""Exports of thousands of observations are streamed (the response body is a generator, read
batch by batch from the database) and complete: every row, once, in each format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa

ROWS = 3_000


@pytest.fixture
def many(app, make_user):
    from backend.demo_volume import seed_volume
    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        seed_volume(ROWS, 0, seed=11, echo=lambda _: None)
        ids = set(map(str, db.session.scalars(sa.select(Observation.id))))
    assert len(ids) == ROWS
    return ids, make_user("admin", ())[1]


def fetch(client, auth, fmt, pieces=3, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"format": fmt, **extra}.items())
    response = client.get(f"/api/v1/exports/observations?{query}", headers=auth, buffered=False)
    assert response.status_code == 200
    assert response.is_streamed, "the body must be produced as it is sent"
    chunks = list(response.response)
    assert len(chunks) > pieces, "sent in several pieces, not built whole in memory"
    return b"".join(chunks)


def test_csv_streams_every_row_once(client, many):
    ids, admin = many
    body = fetch(client, admin, "csv", excel="true", headers="machine")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == ROWS and {r["id"] for r in rows} == ids
    dates = [r["observed_at"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert all(r["territory"].startswith("QP") and r["theme_label"] for r in rows)


def test_geojson_streams_a_valid_collection(client, many):
    ids, admin = many
    collection = json.loads(fetch(client, admin, "geojson"))
    assert {f["id"] for f in collection["features"]} == ids
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert -5 < lon < 10 and 41 < lat < 52


def test_xlsx_streams_every_row(client, many):
    from openpyxl import load_workbook

    ids, admin = many
    sheet = load_workbook(
        io.BytesIO(fetch(client, admin, "xlsx", headers="machine")), read_only=True
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "id" and {r[0] for r in rows[1:]} == ids
    people = load_workbook(io.BytesIO(fetch(client, admin, "xlsx")), read_only=True).active
    first, second = list(people.iter_rows(values_only=True, max_row=2))
    assert first[:2] == ("Identifiant", "Observé le (heure de Paris)")
    assert dt.datetime.strptime(second[1], "%d/%m/%Y %H:%M:%S")  # a date a spreadsheet reads


def test_geopackage_streams_every_row(client, many, tmp_path):
    import pyogrio

    ids, admin = many
    path = tmp_path / "o.gpkg"
    path.write_bytes(fetch(client, admin, "gpkg"))
    assert pyogrio.read_info(path, layer="observations")["features"] == ROWS
    _, _, _, (column,) = pyogrio.raw.read(path, layer="observations", columns=["id"])
    assert set(column) == ids


def test_a_filtered_export_has_exactly_the_filtered_rows(client, many):
    _, admin = many
    counts = client.get("/api/v1/observations/counts?theme=proprete", headers=admin).json
    body = fetch(client, admin, "csv", pieces=0, theme="proprete", headers="machine")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert len(rows) == counts["total"] > 0
    assert {r["theme"] for r in rows} == {"proprete"}


def test_postgis_copy_writes_the_same_cells_as_python(app, make_user):
    """On PostGIS the CSV is written by COPY: every cell equals what the Python writer makes
    (formats, and the spreadsheet rule on each shared case of tests/data/spreadsheet_cells.json)."""
    import pathlib
    import uuid as uuid_

    from backend.extensions.database import db
    from backend.services import export_streams, spatial
    from backend.services.observations import create_observations
    from tests.backend.conftest import inside

    cases = json.loads(
        (pathlib.Path(__file__).parents[1] / "data" / "spreadsheet_cells.json").read_text("utf-8")
    )["cases"]
    texts = [c["value"] for c in cases if isinstance(c["value"], str) and c["value"].strip()]
    texts = [t for t in texts if "\0" not in t]
    user, _ = make_user("veilleur")
    with app.app_context():
        if spatial.is_sqlite():
            pytest.skip("COPY is PostgreSQL's")
        lon, lat = inside("QP031001")
        import datetime as dt

        items = [
            {
                "id": uuid_.uuid4(),
                "lon": lon + i * 1e-6,
                "lat": lat,
                "accuracy_m": [12.0, 3.25, None][i % 3],
                "theme": "proprete",
                "polarity": "idee",
                "text": text,
                "observed_at": dt.datetime(2026, 3, 1, 8, i % 60, i % 60, (i % 2) * 1234, dt.UTC),
            }
            for i, text in enumerate(texts)
        ]
        create_observations(user.id, items)
        db.session.flush()
        for excel, style in ((False, "machine"), (True, "machine"), (True, "people")):
            copied = b"".join(export_streams.postgis_csv_stream([], excel=excel, style=style))
            written = b"".join(
                export_streams.csv_stream(export_streams.rows([]), excel=excel, style=style)
            )
            delimiter = ";" if excel else ","
            copied_rows, written_rows = (
                list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))
                for body in (copied, written)
            )
            assert copied_rows == written_rows
            assert len(copied_rows) == len(texts) + 1
        db.session.rollback()
