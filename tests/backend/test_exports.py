"""Exports for analysts: CSV (UTF-8, or `;` + BOM for French Excel), GeoJSON, XLSX, scoped."""

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
    response = client.get("/api/v1/exports/observations?format=csv", headers=exported)
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
    texts = {r["text"] for r in rows}
    assert '\'=HYPERLINK("http://x")' in texts and "'+33 6 12" in texts
    assert rows[0]["theme_label"] == "Propreté, déchets"


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
    assert rows[0][0] == "id" and len(rows) == 4
    assert any(str(cell).startswith("'=") for row in rows for cell in row if cell)


def test_unknown_format_is_422(client, exported):
    assert (
        client.get("/api/v1/exports/observations?format=pdf", headers=exported).status_code == 422
    )
