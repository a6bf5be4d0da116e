"""« Croisements » in the console: an analyst crosses two variables (the observations' theme and
type, or two questions of a survey), reads the verdict, the table coloured by residual with its
masked cells, the chart, and exports the cells as CSV — on a laptop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import check_accessibility, screenshot
from tests.pwa.console.analyses_steps import api_job, seed_campaign, seed_observations
from tests.pwa.console.conftest import go_to, make_staff, open_console
from tests.pwa.console.test_analyses import RESULT_TIMEOUT, read_csv

pytestmark = pytest.mark.browser

OVERFLOW = "() => document.documentElement.scrollWidth"


def test_theme_by_type_is_crossed_read_and_exported(server, console):
    seed_observations(server.app, per_place=40)
    make_staff(server.app, "Inès", "analyste")
    console.set_viewport_size({"width": 1366, "height": 768})
    open_console(console, "Inès")
    go_to(console, "Analyses")
    console.get_by_role("radio", name="Croisements", exact=True).check()
    console.get_by_role("button", name="Lancer l'analyse").click()
    summary = console.get_by_role("alert")
    expect(summary).to_contain_text("Choisissez la première variable")
    console.get_by_label("Croiser… (lignes)").select_option(label="Thème")
    console.get_by_label("…avec (colonnes)").select_option(label="Thème")
    console.get_by_role("button", name="Lancer l'analyse").click()
    expect(summary).to_contain_text("deux variables différentes")
    console.get_by_label("…avec (colonnes)").select_option(label="Type d’observation")
    console.get_by_role("button", name="Lancer l'analyse").click()
    expect(console).to_have_url(re.compile(r"#/analyses/[0-9a-f-]{36}$"))
    job_id = console.url.rsplit("/", 1)[1]

    heading = console.get_by_role("heading", name="Thème × Type d’observation")
    expect(heading).to_be_visible(timeout=RESULT_TIMEOUT)
    job = api_job(server.app, "Inès", job_id)
    result = job["result"]
    verdict = console.locator(".verdict")
    expect(verdict).to_have_text(result["test"]["verdict"])
    expect(console.locator(".analysis-meta")).to_contain_text("Thème × Type d’observation")
    table = console.locator(".crossing-table")
    expect(table.locator("tbody tr")).to_have_count(len(result["row"]["categories"]))
    masked = [c for c in result["cells"] if c["suppressed"]]
    assert masked, "40 observations per place over themes × types: some cells are small"
    expect(table.locator("td.cell.masked")).to_have_count(len(masked))
    shown = [c for c in result["cells"] if not c["suppressed"]]
    assert all(c["count"] == 0 or c["count"] >= 11 for c in shown)
    expect(console.get_by_text("valeur(s) masquée(s)")).to_be_visible()
    expect(console.get_by_role("list", name="Légende des couleurs")).to_be_visible()
    check_accessibility(console, "croisement")
    screenshot(console, "console-70-croisement-1366")

    with console.expect_download() as download:
        console.get_by_role("button", name="Exporter le croisement (CSV)").click()
    assert download.value.suggested_filename == f"analyse-{job_id[:8]}-croisement.csv"
    rows = read_csv(download.value)
    assert len(rows) == len(result["cells"])
    assert list(rows[0]) == [
        "Ligne", "Colonne", "Effectif", "Effectif attendu", "Part dans la ligne",
        "Rapport à l'attendu", "Résidu ajusté", "Lecture",
    ]  # fmt: skip
    for row, cell in zip(rows, result["cells"], strict=True):
        expected = "masqué" if cell["suppressed"] else str(cell["count"])
        assert row["Effectif"] == expected
        if cell["suppressed"]:
            assert row["Lecture"] == "non diffusé" and row["Résidu ajusté"] == "masqué"

    console.set_viewport_size({"width": 390, "height": 844})
    expect(heading).to_be_visible()
    assert console.evaluate(OVERFLOW) <= 390
    screenshot(console, "console-71-croisement-390")


def test_two_questions_of_a_survey_are_crossed(server, console):
    make_staff(server.app, "Léo", "animateur")
    seed_campaign(server.app, "Léo")
    make_staff(server.app, "Maëlle", "analyste")
    console.set_viewport_size({"width": 1366, "height": 768})
    open_console(console, "Maëlle")
    go_to(console, "Analyses")
    console.get_by_role("radio", name="Croisements", exact=True).check()
    console.get_by_label("Données").select_option(label="Enquête : Vivre à Muret")
    expect(console.get_by_label("Territoire")).to_have_count(0)  # the campaign's own scope
    rows = console.get_by_label("Croiser… (lignes)")
    expect(rows.locator("option", has_text="Propreté, déchets")).to_have_count(1)
    rows.select_option(label="Propreté, déchets")
    columns = console.get_by_label("…avec (colonnes)")
    columns.select_option(value="sat_tranquillite")
    console.get_by_role("button", name="Lancer l'analyse").click()
    expect(console).to_have_url(re.compile(r"#/analyses/[0-9a-f-]{36}$"))
    verdict = console.locator(".verdict")
    expect(verdict).to_contain_text("sont liés", timeout=RESULT_TIMEOUT)
    expect(console.get_by_text("Réponses lues")).to_be_visible()
    meta = console.locator(".analysis-meta")
    expect(meta).to_contain_text("Propreté, déchets × Tranquillité, sécurité")
    expect(console.locator(".residual-chart li.sur").first).to_be_visible()
    screenshot(console, "console-72-croisement-enquete-1366")
    console.set_viewport_size({"width": 390, "height": 844})
    assert console.evaluate(OVERFLOW) <= 390
    screenshot(console, "console-73-croisement-enquete-390")
