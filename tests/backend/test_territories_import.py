"""An admin imports territories from the real files: GeoJSON, GeoPackage, zipped Shapefile."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer

from tests.conftest import DATA

QPV2015 = DATA / "territories" / "occitanie-qpv2015.geojson"
QPV_ARGS = [
    "--kind",
    "qpv",
    "--code-field",
    "code_qp",
    "--name-field",
    "nom_qp",
    "--parent-field",
    "code_commune",
    "--version",
    "qpv2015",
]


def run_import(runner, path, *args):
    return runner.invoke(args=["territories", "import", str(path), *args])


@pytest.mark.parametrize("kind", ["postgis", "spatialite"])
def test_all_105_qpv_are_imported_and_the_32_invalid_ones_repaired_and_reported(fresh_app, kind):
    app = fresh_app(kind)
    result = app.test_cli_runner().invoke(args=["territories", "import", str(QPV2015), *QPV_ARGS])
    assert result.exit_code == 0, result.output
    assert "105 territoires" in result.output
    assert "105 créés" in result.output
    assert "32 polygones invalides réparés" in result.output
    with app.app_context():
        import sqlalchemy as sa

        from backend.extensions.database import db
        from backend.models import Territory

        assert db.session.scalar(sa.select(sa.func.count()).select_from(Territory)) == 105
        invalid = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Territory)
            .where(sa.func.ST_IsValid(Territory.geom) == 0)
            if kind == "spatialite"
            else sa.select(sa.func.count())
            .select_from(Territory)
            .where(~sa.func.ST_IsValid(Territory.geom))
        )
        assert invalid == 0
        muret = db.session.scalar(sa.select(Territory).where(Territory.code == "QP031001"))
        assert (muret.kind, muret.parent_code, muret.version) == ("qpv", "31395", "qpv2015")
        assert muret.name == "Saint Jean"
        assert 10_000 < muret.area_m2 < 10_000_000


def test_reimporting_the_same_file_updates_instead_of_duplicating(runner, client):
    before = len(client.get("/api/v1/territories?kind=qpv").json)
    result = run_import(runner, QPV2015, *QPV_ARGS)
    assert result.exit_code == 0, result.output
    assert "0 créés, 105 mis à jour" in result.output
    assert len(client.get("/api/v1/territories?kind=qpv").json) == before == 105


def test_bouches_du_rhone_communes_and_arrondissements_with_insee_codes(runner, client):
    result = run_import(
        runner,
        DATA / "territories" / "bouches-du-rhone-communes-arrondissements.geojson",
        "--kind",
        "commune",
        "--code-field",
        "code",
        "--name-field",
        "nom",
        "--version",
        "cog2019",
    )
    assert result.exit_code == 0, result.output
    assert "135 créés" in result.output
    communes = {
        t["code"]: t for t in client.get("/api/v1/territories?kind=commune&version=cog2019").json
    }
    assert communes["13001"]["name"] == "Aix-en-Provence"
    assert communes["13001"]["population"] == 142482  # population_municipale, detected
    assert communes["13201"]["name"].startswith("Marseille")  # an arrondissement, code 132xx
    assert sum(code.startswith("13") for code in communes) == 135


def test_qpv_2024_layer_keeps_single_codes_and_groups_dissolved_communes(runner, client):
    result = run_import(
        runner,
        DATA / "territories" / "qpv2024-par-commune.geojson",
        "--kind",
        "qpv",
        "--code-field",
        "code_qp",
        "--name-field",
        "lib_qp",
        "--parent-field",
        "insee_com",
        "--version",
        "qpv2024",
    )
    assert result.exit_code == 0, result.output
    assert "692 créés" in result.output
    qpv2024 = {t["code"]: t for t in client.get("/api/v1/territories?version=qpv2024").json}
    assert len(qpv2024) == 692
    assert qpv2024["QN00103M"]["name"] == "Les Courbes De L'Albarine"
    marseille = qpv2024["qpv2024-13055"]
    assert marseille["parent_code"] == "13055"
    assert marseille["name"].startswith("40 quartiers")


def test_geopackage_is_imported(runner, client, tmp_path):
    meta, _, wkb, columns = pyogrio.raw.read(str(QPV2015))
    target = tmp_path / "qpv.gpkg"
    pyogrio.raw.write(
        str(target),
        wkb,
        columns,
        fields=meta["fields"],
        crs="EPSG:4326",
        geometry_type="Polygon",
        driver="GPKG",
    )
    result = run_import(runner, target, *QPV_ARGS)
    assert result.exit_code == 0, result.output
    assert "105 territoires" in result.output and "105 mis à jour" in result.output


def test_zipped_shapefile_in_lambert93_is_reprojected_to_wgs84(runner, client, tmp_path):
    meta, _, wkb, columns = pyogrio.raw.read(str(QPV2015))
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    geoms = shapely.transform(
        shapely.from_wkb(wkb), lambda xy: np.column_stack(to_l93.transform(xy[:, 0], xy[:, 1]))
    )
    folder = tmp_path / "shp"
    folder.mkdir()
    # Shapefile field names are 10 characters at most: code_commune becomes code_commu.
    with pytest.warns(RuntimeWarning, match="laundered"):
        pyogrio.raw.write(
            str(folder / "qpv.shp"),
            shapely.to_wkb(geoms),
            columns,
            fields=meta["fields"],
            crs="EPSG:2154",
            geometry_type="Polygon",
            driver="ESRI Shapefile",
        )
    archive = tmp_path / "qpv.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for member in folder.iterdir():
            zf.write(member, f"contours/{member.name}")
    result = run_import(
        runner,
        archive,
        "--kind",
        "qpv",
        "--code-field",
        "code_qp",
        "--name-field",
        "nom_qp",
        "--parent-field",
        "code_commu",
        "--version",
        "qpv2015",
    )
    assert result.exit_code == 0, result.output
    feature = client.get(
        "/api/v1/territories/QP031001", headers={"Accept": "application/geo+json"}
    ).json
    centre = shapely.geometry.shape(feature["geometry"]).centroid
    assert 1.2 < centre.x < 1.5 and 43.3 < centre.y < 43.6  # back in degrees, in Muret


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("pas du json", "illisible"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"code_qp": None, "nom_qp": "X"},
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [[[1, 43], [1.1, 43], [1.1, 43.1], [1, 43]]],
                            },
                        }
                    ],
                }
            ),
            "le champ « code_qp » est vide",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"code_qp": "QX1", "nom_qp": "X"},
                            "geometry": {"type": "Point", "coordinates": [1, 43]},
                        }
                    ],
                }
            ),
            "aucune surface exploitable",
        ),
    ],
)
def test_unusable_files_are_refused_with_a_message_and_nothing_written(
    runner, client, tmp_path, content, message
):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    before = len(client.get("/api/v1/territories").json)
    result = run_import(
        runner, path, "--kind", "qpv", "--code-field", "code_qp", "--name-field", "nom_qp"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert len(client.get("/api/v1/territories").json) == before


def test_a_missing_field_names_the_fields_available(runner, tmp_path):
    result = run_import(
        runner, QPV2015, "--kind", "qpv", "--code-field", "CODE", "--name-field", "nom_qp"
    )
    assert result.exit_code == 1
    assert "--code-field CODE" in result.output and "code_qp" in result.output


def test_territory_as_geojson_feature(client):
    response = client.get(
        "/api/v1/territories/QP031001", headers={"Accept": "application/geo+json"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert response.json["type"] == "Feature"
    assert response.json["geometry"]["type"] == "MultiPolygon"
    assert response.json["properties"]["code"] == "QP031001"
    plain = client.get("/api/v1/territories/QP031001").json
    assert "geometry" not in plain and plain["parent_code"] == "31395"


def test_unknown_territory_is_404_in_french(client):
    response = client.get("/api/v1/territories/QP999999")
    assert response.status_code == 404
    assert response.json["message"] == "Territoire inconnu : QP999999."
