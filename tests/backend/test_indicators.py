"""Indicators from the user's side: an admin imports the real INSEE/CAF/BPE files with the CLI
(or the upload endpoint), and anyone logged in reads values, comparisons and indices."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa

from tests.conftest import DATA, ROOT

INDICATORS = DATA / "indicators"
QPV = INDICATORS / "occitanie-qpv2015-indicateurs.csv"
QPV_DICTIONARY = INDICATORS / "occitanie-qpv2015-indicateurs-dictionnaire.csv"
FILOSOFI_COM = INDICATORS / "filosofi_com_2016_dep13_31_34.csv"
FILOSOFI_EPCI = INDICATORS / "filosofi_epci_2016_dep13_31_34.csv"
BPE = INDICATORS / "bpe_ens_2018_dep13_extrait.csv"
EXAMPLE = ROOT / "analysis" / "indicators" / "examples" / "fragilite_sociale.toml"
API = "/api/v1/indicators"


def run(runner, *args):
    return runner.invoke(args=["indicators", *map(str, args)])


def import_qpv(runner):
    result = run(
        runner, "import", QPV, "--source", "Insee, données QPV", "--territory-field", "code_qp",
        "--dictionary", QPV_DICTIONARY, "--period", "2015",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def import_filosofi(runner, *extra):
    for path, source in ((FILOSOFI_COM, "communes"), (FILOSOFI_EPCI, "EPCI")):
        result = run(
            runner, "import", path, "--source", f"Insee, Filosofi 2016 ({source})",
            "--territory-field", "CODGEO", "--geography-version", "cog2017", *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return result


def stored(app, **where):
    """How many values are stored (in an app context of its own: requests must not share ``g``)."""
    from backend.extensions.database import db
    from backend.models import IndicatorValue

    query = sa.select(sa.func.count()).select_from(IndicatorValue)
    for key, value in where.items():
        column = getattr(IndicatorValue, key)
        query = query.where(column.is_(None) if value is None else column == value)
    with app.app_context():
        return db.session.scalar(query)


def test_the_qpv_file_is_imported_with_labels_from_its_dictionary_and_blanks_kept_missing(
    runner, client, make_user
):
    result = import_qpv(runner)
    assert "4305 valeurs (41 indicateurs × 105 territoires)" in result.output
    assert "4305 créées, 0 mises à jour" in result.output
    assert "216 valeurs manquantes" in result.output
    headers = make_user("veilleur")[1]
    response = client.get(f"{API}?territory=QP009001", headers=headers)
    assert response.status_code == 200
    values = {v["indicator"]: v for v in response.json}
    assert len(values) == 41
    assert (
        values["tp60"] | {"label": "Taux de pauvreté", "unit": "%", "period": 2015}
        == values["tp60"]
    )
    assert values["tp60"]["value"] == 40.2 and values["tp60"]["source"] == "Insee, données QPV"
    # The file leaves part_chomprinc blank for this QPV (secret statistique): missing, not 0.
    assert values["part_chomprinc"]["value"] is None
    assert values["disp_q2"]["unit"] == "€"


def test_reimporting_updates_instead_of_duplicating(runner, app):
    import_qpv(runner)
    again = import_qpv(runner)
    assert "0 créées, 4305 mises à jour" in again.output
    assert stored(app) == 4305


def test_filosofi_keeps_the_territories_we_have_unless_asked_and_codes_keep_their_zeros(
    runner, app
):
    result = run(
        runner, "import", FILOSOFI_COM, "--source", "Filosofi", "--territory-field", "CODGEO",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "déduit des noms de colonnes" in result.output
    assert "--all-territories pour tout garder" in result.output
    assert stored(app, territory_code="31395", indicator="med") == 1
    assert stored(app, territory_code="01001") == 0
    result = run(
        runner, "import", FILOSOFI_COM, "--source", "Filosofi", "--territory-field", "CODGEO",
        "--all-territories",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert stored(app, territory_code="01001", indicator="med") == 1
    assert stored(app, territory_code="1001") == 0


def test_a_qpv_is_compared_with_its_commune_epci_and_france(runner, client, make_user):
    import_qpv(runner)
    import_filosofi(runner)
    headers = make_user("analyste")[1]
    response = client.get(f"{API}/compare?territory=QP031001", headers=headers)
    assert response.status_code == 200, response.json
    rows = {(r["indicator"], r["reference_level"]): r for r in response.json}
    commune = rows[("tp60", "commune")]
    # Saint Jean (Muret): 39.1 % poor in 2015, Muret 15 % in 2016 → 24.1 points above.
    assert (commune["reference_code"], commune["value"], commune["reference_value"]) == (
        "31395",
        39.1,
        15.0,
    )
    assert (commune["difference"], commune["difference_kind"]) == (24.1, "écart en points")
    assert commune["period"] == 2015 and commune["reference_period"] == 2016
    assert "Millésimes différents : QPV 2015, commune 2016" in commune["warning"]
    epci = rows[("tp60", "EPCI")]
    assert (epci["reference_code"], epci["reference_name"], epci["reference_value"]) == (
        "200068641",
        "Communauté d'agglomération Le Muretain Agglo",
        9.7,
    )
    france = rows[("tp60", "France")]
    assert france["reference_value"] == 14.0 and "ERFS" in france["reference_source"]
    income = rows[("disp_q2", "commune")]
    assert (income["reference_indicator"], income["difference"]) == ("med", 0.68)
    assert income["difference_kind"] == "rapport"
    exported = client.get(f"{API}/compare?territory=QP031001&format=csv", headers=headers)
    table = list(csv.DictReader(io.StringIO(exported.data.decode())))
    assert len(table) == len(response.json) and "warning" in table[0]


def test_values_export_as_csv_and_xlsx_and_need_a_login(runner, client, make_user):
    import_qpv(runner)
    assert client.get(f"{API}?territory=QP031001").status_code == 401
    headers = make_user("veilleur")[1]
    response = client.get(f"{API}?territory=QP031001&format=csv&excel=true", headers=headers)
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 41 and {"territory_code", "indicator", "unit", "period", "source"} <= set(
        rows[0]
    )
    response = client.get(f"{API}?territory=QP031001&format=xlsx&indicator=tp60", headers=headers)
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[2]][:6] == [
        "QP031001",
        "tp60",
        "Taux de pauvreté",
        "%",
        2015,
        39.1,
    ]


def test_the_catalog_lists_indicators_with_their_vintages_and_gaps(runner, client, make_user):
    import_qpv(runner)
    response = client.get(f"{API}/catalog", headers=make_user("veilleur")[1])
    entries = {e["indicator"]: e for e in response.json}
    assert entries["tp60"]["periods"] == [2015] and entries["tp60"]["territories"] == 105
    assert entries["part_chomprinc"]["missing"] > 0


def test_bpe_is_aggregated_to_communes_with_rates_per_thousand_inhabitants(runner, db_session):
    territories = runner.invoke(
        args=[
            "territories", "import", str(DATA / "territories" / "bouches-du-rhone-communes-arrondissements.geojson"),
            "--kind", "commune", "--code-field", "code", "--name-field", "nom", "--version", "cog2019bdr",
        ]
    )  # fmt: skip
    assert territories.exit_code == 0, territories.output
    result = run(
        runner, "import", BPE, "--source", "Insee, BPE 2018", "--territory-field", "DCIRIS",
        "--aggregate", "bpe",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "millésime(s) 2018" in result.output
    from backend.models import IndicatorValue

    def value(code, indicator):
        return db_session.scalar(
            sa.select(IndicatorValue.value).where(
                IndicatorValue.territory_code == code, IndicatorValue.indicator == indicator
            )
        )

    # By hand from the file: Allauch (13002, 21,187 inhabitants) has 19 GPs (D201), 692 equipments.
    assert value("13002", "bpe_d201") == 19
    assert value("13002", "bpe_total") == 692
    assert value("13002", "bpe_d201_p1000") == pytest.approx(0.897, abs=1e-3)
    assert value("13201", "bpe_total") == 3547
    assert value("13201", "bpe_total_p1000") == pytest.approx(3547 / 39786 * 1000)


def test_bpe_without_populations_keeps_counts_and_leaves_rates_missing(runner, app):
    result = run(
        runner, "import", BPE, "--source", "BPE", "--territory-field", "DCIRIS", "--aggregate",
        "bpe", "--all-territories",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Population inconnue pour 7 commune(s)" in result.output
    assert stored(app, territory_code="13002", indicator="bpe_d201_p1000", value=None) == 1


def test_the_composite_index_is_computed_and_its_method_printed(runner, client, make_user):
    import_qpv(runner)
    result = run(runner, "composite", EXAMPLE, "--territories", "qpv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Méthode : Indicateur de fragilité sociale")
    assert "Taux de pauvreté (tp60, 2015 ; une hausse aggrave ; poids 2" in result.output
    assert "105 territoires retenus (territoires de type qpv)" in result.output
    definition = {
        "indice": {"libelle": "Pauvreté", "standardisation": "minmax"},
        "composantes": [{"indicateur": "tp60"}, {"indicateur": "brev"}],
    }
    response = client.post(
        f"{API}/composite",
        json={"definition": definition, "territories": "qpv"},
        headers=make_user("analyste")[1],
    )
    assert response.status_code == 200, response.json
    assert "min-max" in response.json["method"]
    top = response.json["rows"][0]
    assert top["rank"] == 1 and 0 < top["score"] <= 1


def xlsx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    return out.getvalue()


def xlsx_with_formula() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["code_qp", "tp60"])
    workbook.active.append(["QP031001", "=40-1"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        (
            "qpv.csv",
            QPV.read_bytes(),
            ["--territory-field", "CODGEO"],
            "colonne de territoire « CODGEO » absente",
        ),
        (
            "qpv.csv",
            QPV.read_bytes(),
            ["--territory-field", "code_qp", "--sep", ";"],
            "le fichier semble séparé par « , »",
        ),
        (
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00IHDR",
            ["--territory-field", "code_qp"],
            "n'est pas un fichier CSV ou XLSX lisible",
        ),
        ("bombe.xlsx", xlsx_bomb(), ["--territory-field", "code_qp"], "archive XLSX suspecte"),
        ("formule.xlsx", xlsx_with_formula(), ["--territory-field", "code_qp"], "formule"),
    ],
)
def test_bad_files_are_refused_in_french_and_nothing_is_written(
    runner, app, tmp_path, name, content, extra, message
):
    path = tmp_path / name
    path.write_bytes(content)
    result = run(runner, "import", path, "--source", "test", "--period", "2015", *extra)
    assert result.exit_code == 1
    assert message in result.output
    assert stored(app) == 0


def test_an_admin_uploads_a_file_and_gets_the_same_report(client, make_user, app):
    form = {
        "source": "Insee, données QPV",
        "territory_field": "code_qp",
        "period": "2015",
        "file": (io.BytesIO(QPV.read_bytes()), "qpv.csv"),
        "dictionary": (io.BytesIO(QPV_DICTIONARY.read_bytes()), "dictionnaire.csv"),
    }
    analyst = make_user("analyste")[1]
    denied = client.post(f"{API}/imports", data=dict(form), headers=analyst)
    assert denied.status_code == 403
    form["file"] = (io.BytesIO(QPV.read_bytes()), "qpv.csv")
    form["dictionary"] = (io.BytesIO(QPV_DICTIONARY.read_bytes()), "dictionnaire.csv")
    response = client.post(f"{API}/imports", data=form, headers=make_user("admin")[1])
    assert response.status_code == 201, response.json
    assert response.json["values"] == 4305 and response.json["created"] == 4305
    assert "4305 valeurs" in response.json["summary"]
    assert stored(app) == 4305
    bad = client.post(
        f"{API}/imports",
        data={"source": "x", "territory_field": "CODGEO", "period": "2015",
              "file": (io.BytesIO(QPV.read_bytes()), "qpv.csv")},
        headers=make_user("admin")[1],
    )  # fmt: skip
    assert bad.status_code == 422 and "CODGEO" in bad.json["message"]
