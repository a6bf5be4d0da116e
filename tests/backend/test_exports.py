"""Exports for analysts: CSV (UTF-8, or `;` + BOM for French Excel), GeoJSON, XLSX, GeoPackage,
scoped."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.backend.conftest import inside, observation_payload


@pytest.fixture
def exported(client, make_user):
    author = make_user("veilleur")
    foreign = make_user("veilleur", ("QP034005",))
    texts = [
        "Trottoir défoncé, poussettes obligées de passer sur la route",
        '=HYPERLINK("http://x")',
        "+33 6 12",
    ]
    for text in texts:
        client.post("/api/v1/observations", json=observation_payload(text=text), headers=author[1])
    client.post(
        "/api/v1/observations",
        json=observation_payload(
            location={"type": "Point", "coordinates": inside("QP034005")}, text="Mosson"
        ),
        headers=foreign[1],
    )
    return make_user("analyste", ("QP031001",))[1]


def test_csv_export_is_utf8_with_the_columns_and_only_my_territories(client, exported):
    url = "/api/v1/exports/observations?format=csv&headers=machine"
    response = client.get(url, headers=exported)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert not response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert len(rows) == 3
    assert {
        "id",
        "observed_at",
        "longitude",
        "latitude",
        "territory",
        "theme",
        "theme_label",
        "polarity",
        "text",
    } <= set(rows[0])
    assert {r["territory"] for r in rows} == {"QP031001"}
    assert "Trottoir défoncé, poussettes obligées de passer sur la route" in {
        r["text"] for r in rows
    }


def test_excel_csv_has_a_bom_and_semicolons_and_formulas_are_neutralised(client, exported):
    response = client.get("/api/v1/exports/observations?format=csv&excel=true", headers=exported)
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    texts = {r["Texte"] for r in rows}  # French headers by default: a person opens it
    assert '\'=HYPERLINK("http://x")' in texts and "'+33 6 12" in texts
    assert rows[0]["Thème"] == "Propreté, déchets"


def test_people_read_french_headers_and_paris_time_machines_names_and_utc(client, exported):
    """The default is for a person: French headers, local time that a spreadsheet reads as a
    date; ``?headers=machine`` keeps the column names and ISO 8601 in UTC."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    # Each streamed file is read to its end before the next request, as a browser does.
    people = client.get("/api/v1/exports/observations?format=csv", headers=exported).data
    machine = client.get("/api/v1/exports/observations?format=csv&headers=machine",
                         headers=exported).data  # fmt: skip
    person = list(csv.DictReader(io.StringIO(people.decode("utf-8"))))
    program = list(csv.DictReader(io.StringIO(machine.decode("utf-8"))))
    assert list(person[0])[:3] == ["Identifiant", "Observé le (heure de Paris)",
                                   "Reçu le (heure de Paris)"]  # fmt: skip
    by_id = {r["id"]: r for r in program}
    for row in person:
        utc = dt.datetime.fromisoformat(by_id[row["Identifiant"]]["observed_at"])
        local = dt.datetime.strptime(row["Observé le (heure de Paris)"], "%d/%m/%Y %H:%M:%S")
        paris = utc.astimezone(ZoneInfo("Europe/Paris"))
        assert local == paris.replace(tzinfo=None, microsecond=0)
    refused = client.get("/api/v1/exports/observations?format=csv&headers=x", headers=exported)
    assert refused.status_code == 422


def test_geojson_export(client, exported):
    response = client.get("/api/v1/exports/observations?format=geojson", headers=exported)
    assert response.mimetype == "application/geo+json"
    features = response.json["features"]
    assert len(features) == 3 and features[0]["geometry"]["type"] == "Point"


def test_xlsx_export_opens_with_the_same_rows(client, exported):
    response = client.get(
        "/api/v1/exports/observations?format=xlsx&theme=proprete", headers=exported
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook["observations"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Identifiant" and len(rows) == 4
    assert any(str(cell).startswith("'=") for row in rows for cell in row if cell)


def test_geopackage_export_opens_in_gdal_with_points_in_wgs84(client, exported, tmp_path):
    import pyogrio

    response = client.get("/api/v1/exports/observations?format=gpkg", headers=exported)
    assert response.status_code == 200
    assert response.mimetype == "application/geopackage+sqlite3"
    assert 'filename="observations-' in response.headers["Content-Disposition"]
    path = tmp_path / "observations.gpkg"
    path.write_bytes(response.data)
    assert [name for name, _ in pyogrio.list_layers(path)] == ["observations"]
    info = pyogrio.read_info(path, layer="observations")
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    assert info["features"] == 3
    _, _, geometry, fields = pyogrio.raw.read(path, layer="observations")
    names = list(info["fields"])
    texts = set(fields[names.index("text")])
    assert "Trottoir défoncé, poussettes obligées de passer sur la route" in texts
    assert set(fields[names.index("territory")]) == {"QP031001"}
    import shapely

    lon, lat = inside("QP031001")
    points = shapely.from_wkb(geometry)
    assert all(abs(p.x - lon) < 0.01 and abs(p.y - lat) < 0.01 for p in points)


def test_empty_geopackage_export_is_a_valid_file(client, make_user, tmp_path):
    import pyogrio

    analyst = make_user("analyste", ("QP066007",))[1]
    response = client.get("/api/v1/exports/observations?format=gpkg", headers=analyst)
    path = tmp_path / "empty.gpkg"
    path.write_bytes(response.data)
    assert pyogrio.read_info(path, layer="observations")["features"] == 0


def test_unknown_format_is_422(client, exported):
    assert (
        client.get("/api/v1/exports/observations?format=pdf", headers=exported).status_code == 422
    )
