"""Territoires in the console: an animateur sees their territories on a map with their indicators
(and the commune and France alongside); an admin imports a territory file and an indicator file
from the browser and reads the importers' report, or their French error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DATA
from tests.pwa.conftest import check_accessibility, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

QPV_FILE = DATA / "territories" / "occitanie-qpv2015.geojson"
INDICATORS = DATA / "indicators"


def import_indicators(app) -> None:
    """The QPV file (with its dictionary) and Filosofi for communes, with the CLI as admins do."""
    runner = app.test_cli_runner()
    for args in (
        [INDICATORS / "occitanie-qpv2015-indicateurs.csv", "--source", "Insee, données QPV",
         "--territory-field", "code_qp", "--period", "2015",
         "--dictionary", INDICATORS / "occitanie-qpv2015-indicateurs-dictionnaire.csv"],
        [INDICATORS / "filosofi_com_2016_dep13_31_34.csv", "--source", "Insee, Filosofi 2016",
         "--territory-field", "CODGEO", "--geography-version", "cog2017"],
    ):  # fmt: skip
        result = runner.invoke(args=["indicators", "import", *map(str, args)])
        assert result.exit_code == 0, result.output


def test_an_animateur_sees_only_their_territories_with_their_indicators(server, console):
    import_indicators(server.app)
    make_staff(server.app, "Claire", "animateur", ("QP031001",))
    open_console(console, "Claire")
    go_to(console, "Territoires")
    expect(console.get_by_role("heading", name="Territoires", level=1)).to_be_visible()

    table = console.get_by_role("table", name="Mes territoires")
    expect(table.get_by_role("row")).to_have_count(2)  # the header and Saint Jean only
    expect(table).to_contain_text("QP031001")
    expect(console.locator(".console-map path.leaflet-interactive")).to_have_count(1)

    indicators = console.get_by_role("region", name="Indicateurs : Saint Jean (QP031001)")
    card = indicators.get_by_role("listitem").filter(has_text="Taux de pauvreté")
    expect(card).to_contain_text("39,1 %")
    all_values = indicators.get_by_role("table", name="Tous les indicateurs de Saint Jean")
    row = all_values.get_by_role("row").filter(has_text="Taux de pauvreté").first
    expect(row).to_contain_text("Insee, données QPV")
    expect(row).to_contain_text("2015")
    expect(row).to_contain_text("15 %")  # Muret, the commune (Filosofi 2016)
    expect(row).to_contain_text("Muret")
    expect(console.get_by_role("heading", name="Importer des fichiers")).to_have_count(0)
    check_accessibility(console, "territoires d'un animateur")
    screenshot(console, "console-40-territoires-animateur")


def test_an_admin_imports_territories_and_indicators_from_the_browser(server, console):
    make_staff(server.app, "Nadia", "admin", ())
    open_console(console, "Nadia")
    go_to(console, "Territoires")
    expect(console.get_by_role("heading", name="Importer des fichiers")).to_be_visible()
    check_accessibility(console, "territoires d'un administrateur")

    form = console.get_by_role("form", name="Fichier de territoires")
    form.get_by_role("button", name="Importer les territoires").click()
    expect(form.get_by_role("alert")).to_contain_text("Choisissez le fichier de territoires.")

    # The real QPV layer, as the CLI loads it: 32 of its polygons are invalid and get repaired.
    form.get_by_label("Fichier", exact=True).set_input_files(QPV_FILE)
    form.get_by_label("Type de territoire").select_option("qpv")
    form.get_by_label("Colonne du code").fill("code_qp")
    form.get_by_label("Colonne du nom").fill("nom_qp")
    form.get_by_label("Colonne du territoire parent (facultatif)").fill("code_commune")
    form.get_by_label("Version de la géographie (facultatif)").fill("qpv2015")
    form.get_by_role("button", name="Importer les territoires").click()
    report = form.get_by_role("status").filter(has_text="Rapport d'import des territoires")
    expect(report).to_contain_text("105 territoires (qpv, version qpv2015)", timeout=30_000)
    expect(report).to_contain_text("32 polygones invalides réparés")
    expect(report.locator("dd")).to_have_text(["105", "0", "105", "32", "0"])
    check_accessibility(console, "rapport d'import de territoires")

    indicators = console.get_by_role("form", name="Fichier d'indicateurs")
    indicators.get_by_label("Fichier", exact=True).set_input_files(
        INDICATORS / "occitanie-qpv2015-indicateurs.csv"
    )
    indicators.get_by_label("Dictionnaire des colonnes (facultatif)").set_input_files(
        INDICATORS / "occitanie-qpv2015-indicateurs-dictionnaire.csv"
    )
    indicators.get_by_label("Source", exact=True).fill("Insee, données QPV")
    indicators.get_by_label("Colonne du code territoire").fill("code_qp")
    indicators.get_by_label("Année (facultatif)").fill("2015")
    indicators.get_by_role("button", name="Importer les indicateurs").click()
    summary = indicators.get_by_role("status").filter(has_text="Rapport d'import des indicateurs")
    expect(summary).to_contain_text("4305 valeurs (41 indicateurs × 105 territoires)")
    expect(summary).to_contain_text("216 valeurs manquantes")

    # The list reloads: the first QPV now shows its indicators.
    expect(
        console.get_by_role("region", name="Indicateurs : Coeur De Ville (QP009001)")
    ).to_contain_text("Taux de pauvreté")
    screenshot(console, "console-41-territoires-imports")


def test_a_wrong_file_gives_the_importers_french_error(server, console, tmp_path):
    make_staff(server.app, "Nadia", "admin", ())
    open_console(console, "Nadia")
    go_to(console, "Territoires")
    form = console.get_by_role("form", name="Fichier de territoires")
    form.get_by_label("Fichier", exact=True).set_input_files(QPV_FILE)
    form.get_by_label("Colonne du code").fill("CODGEO")  # not a column of this file
    form.get_by_label("Colonne du nom").fill("nom_qp")
    form.get_by_role("button", name="Importer les territoires").click()
    expect(form.get_by_role("alert")).to_contain_text("CODGEO")

    pdf = tmp_path / "contours.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a map")
    form.get_by_label("Fichier", exact=True).set_input_files(pdf)
    form.get_by_label("Colonne du code").fill("code_qp")
    form.get_by_role("button", name="Importer les territoires").click()
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("non pris en charge")
    expect(alert.get_by_role("heading", name="L'import n'a pas abouti")).to_be_visible()
    check_accessibility(console, "erreur d'import")
    screenshot(console, "console-42-territoires-erreur")
