"""Observations in the console: an analyst filters the observations of their territories, reads
the charts' tables (counts that match what was reported), exports a chart's table and the
filtered observations, and sees the points on the map."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.backend.conftest import inside
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

# (territory, theme, polarity, day): Saint Jean (Muret) and Grand Mirail (Toulouse), three
# months with a gap in March, and one in Montpellier that the analyst must not see.
SEEDED = [
    ("QP031001", "proprete", "difficulte", "2025-01-15"),
    ("QP031001", "proprete", "difficulte", "2025-02-10"),
    ("QP031001", "mobilite", "idee", "2025-02-12"),
    ("QP031001", "espaces_verts", "ressource", "2025-04-05"),
    ("QP031007", "proprete", "difficulte", "2025-04-08"),
    ("QP031007", "mobilite", "difficulte", "2025-01-20"),
    ("QP031007", "tranquillite", "difficulte", "2025-04-20"),
    ("QP034005", "proprete", "difficulte", "2025-02-01"),
]


def seed_observations(app) -> None:
    from backend.extensions.database import db
    from backend.services.observations import create_observations

    author = make_resident(app, "Awa", ("QP031001", "QP031007", "QP034005"))
    items = []
    for code, theme, polarity, day in SEEDED:
        lon, lat = inside(code)
        items.append(
            {
                "id": uuid.uuid4(),
                "lon": lon,
                "lat": lat,
                "accuracy_m": 10,
                "theme": theme,
                "polarity": polarity,
                "text": f"{theme} <b>observé</b> le {day}",
                "observed_at": dt.datetime.fromisoformat(day + "T12:00:00+00:00"),
            }
        )
    with app.app_context():
        create_observations(author, items)
        db.session.commit()


def chart(page, title: str):
    return page.get_by_role("figure", name=title)


def chart_table(page, title: str) -> list[list[str]]:
    figure = chart(page, title)
    figure.get_by_role("button", name="Voir le tableau").click()
    rows = figure.get_by_role("table", name=title).locator("tbody tr")
    return [row.locator("td").all_inner_texts() for row in rows.all()]


def read_download(download) -> str:
    with open(download.path(), encoding="utf-8-sig") as file:
        return file.read()


def test_an_analyst_filters_charts_and_exports_the_observations(server, console):
    seed_observations(server.app)
    make_staff(server.app, "Yanis", "analyste", ("QP031001", "QP031007"))
    open_console(console, "Yanis")
    go_to(console, "Observations")
    expect(console.get_by_role("heading", name="Observations", level=1)).to_be_visible()
    status = console.locator(".obs-count")
    expect(status).to_contain_text("7 observations correspondent aux filtres")
    points = console.locator(".console-map path.leaflet-interactive")
    expect(points).to_have_count(7)  # Montpellier's is not theirs
    territory_options = (
        console.get_by_label("Territoire", exact=True).locator("option").all_inner_texts()
    )
    assert "Mosson (QP034005)" not in " ".join(territory_options)
    assert chart_table(console, "Observations par mois") == [
        ["Janvier 2025", "2"],
        ["Février 2025", "2"],
        ["Mars 2025", "0"],
        ["Avril 2025", "3"],
    ]
    check_accessibility(console, "observations")
    screenshot(console, "console-50-observations")

    console.get_by_label("Thème", exact=True).select_option(label="Propreté, déchets")
    expect(status).to_contain_text("3 observations correspondent aux filtres")
    expect(points).to_have_count(3)
    rows = chart_table(console, "Observations par territoire")
    assert sorted(rows) == [["Grand Mirail (QP031007)", "1"], ["Saint Jean (QP031001)", "2"]]
    assert chart_table(console, "Observations par type") == [
        ["Difficulté", "3"],
        ["Ressource", "0"],
        ["Idée", "0"],
    ]

    figure = chart(console, "Observations par territoire")
    with console.expect_download() as info:
        figure.get_by_role("button", name="Exporter (CSV)").click()
    assert info.value.suggested_filename == "observations-par-territoire.csv"
    exported = list(csv.reader(io.StringIO(read_download(info.value)), delimiter=";"))
    assert exported[0] == ["Catégorie", "Nombre"]
    assert sorted(exported[1:]) == [
        ["Grand Mirail (QP031007)", "1"],
        ["Saint Jean (QP031001)", "2"],
    ]

    with console.expect_download() as info:
        console.get_by_role("button", name="CSV (Excel)").click()
    assert info.value.suggested_filename.endswith(".csv")
    # As a spreadsheet user opens it: French headers, dates and times of Paris.
    lines = list(csv.DictReader(io.StringIO(read_download(info.value)), delimiter=";"))
    assert sorted((r["Territoire"], r["Thème"]) for r in lines) == [
        ("QP031001", "Propreté, déchets"),
        ("QP031001", "Propreté, déchets"),
        ("QP031007", "Propreté, déchets"),
    ]
    assert not any(name.startswith(("reserved_", "_")) for name in lines[0])
    observed = sorted(r["Observé le (heure de Paris)"] for r in lines)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", t) for t in observed)

    console.get_by_label("Territoire", exact=True).select_option("QP031001")
    console.get_by_label("Du", exact=True).fill("2025-02-01")
    console.get_by_label("Au (inclus)").fill("2025-02-10")  # the 10th is in
    expect(status).to_contain_text("1 observation correspond aux filtres")
    with console.expect_download() as info:
        console.get_by_role("button", name="GeoJSON").click()
    collection = json.loads(read_download(info.value))
    assert [f["properties"]["observed_at"][:10] for f in collection["features"]] == ["2025-02-10"]
    with console.expect_download() as info:
        console.get_by_role("button", name="GeoPackage (QGIS)").click()
    assert info.value.suggested_filename.endswith(".gpkg")
    import pyogrio

    geopackage = info.value.path().with_suffix(".gpkg")
    info.value.save_as(geopackage)
    assert pyogrio.read_info(geopackage, layer="observations")["features"] == 1
    expect(points).to_have_count(1)
    # From the keyboard: the point is a stop of the Tab key, named by its text; Enter opens it.
    expect(points).to_have_attribute("role", "button")
    expect(points).to_have_attribute("aria-label", re.compile("observé"))
    points.focus()
    console.keyboard.press("Enter")
    popup = console.locator(".leaflet-popup")
    expect(popup).to_contain_text("proprete <b>observé</b>")  # text, never markup
    expect(popup).to_have_css("opacity", "1")  # faded in: axe reads the final colours
    check_accessibility(console, "observations filtrées")
    screenshot(console, "console-51-observations-filtrees")


def test_no_observation_says_so(server, console):
    make_staff(server.app, "Yanis", "analyste", ("QP031001",))
    open_console(console, "Yanis")
    go_to(console, "Observations")
    expect(console.locator(".obs-count")).to_contain_text("0 observation correspond aux filtres")
    expect(console.get_by_text("Aucune observation ne correspond à ces filtres.")).to_be_visible()
    expect(
        console.get_by_text("Aucune enquête sur vos territoires pour le moment.")
    ).to_be_visible()


FORM = """
| survey |
| | type | name | label |
| | select_one avis | avis | Vous sentez-vous bien dans le quartier ? |
| | integer | annees | Depuis combien d'années y vivez-vous ? |
| choices |
| | list_name | name | label |
| | avis | oui | Oui |
| | avis | non | Non |
| | avis | sans_avis | Sans avis |
| | avis | autre | Autre chose |
"""


def answer_campaign(app, campaign_id, answers: list[dict], located: int = 0) -> None:
    """Awa answers; the first ``located`` answers carry her phone's position (in QP031001)."""
    from backend.extensions.database import db
    from backend.services import campaigns, responses
    from backend.services.accounts import get_user
    from backend.services.scope import scope_of

    author = make_resident(app, "Awa")
    with app.app_context():
        user, campaign = scope_of(get_user(author)), campaigns.get_campaign(campaign_id)
        for number, values in enumerate(answers):
            item = {
                "id": uuid.uuid4(),
                "submitted_at": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
                "answers": values,
                "location": inside("QP031001") if number < located else None,
            }
            responses.submit_one(user, campaign, item)
        db.session.commit()


def test_an_analyst_reads_a_campaigns_answers_question_by_question(server, console, monkeypatch):
    from tests.pwa.campaigns import open_campaign

    monkeypatch.setitem(server.app.config, "DISCLOSURE_THRESHOLD", 2)
    campaign = open_campaign(server.app, FORM, title="Vivre à Saint Jean", multiple_answers=True)
    answer_campaign(
        server.app,
        campaign,
        [
            {"avis": "oui", "annees": 3},
            {"avis": "oui", "annees": 10},
            {"avis": "oui"},
            {"avis": "non", "annees": 20},
            {"avis": "non"},
            {"avis": "sans_avis"},
            {"avis": "autre"},
        ],
        located=3,
    )
    make_staff(server.app, "Yanis", "analyste", ("QP031001",))
    open_console(console, "Yanis")
    go_to(console, "Observations")
    console.get_by_label("Enquête", exact=True).select_option(label="Vivre à Saint Jean")
    answers = console.get_by_role("region", name="Réponses aux enquêtes")
    expect(answers.get_by_role("status")).to_contain_text("7 réponses de vos territoires")
    title = "Vous sentez-vous bien dans le quartier ? (7 réponses)"
    assert chart_table(console, title) == [["Oui", "3"], ["Non", "2"]]
    expect(answers).to_contain_text("Effectifs masqués (moins de 2) : Sans avis, Autre chose.")
    figures = answers.get_by_role("table", name="Depuis combien d'années y vivez-vous ?")
    expect(figures.get_by_role("row").filter(has_text="Médiane")).to_contain_text("10")
    with console.expect_download() as info:
        chart(console, title).get_by_role("button", name="Exporter (CSV)").click()
    rows = list(csv.reader(io.StringIO(read_download(info.value)), delimiter=";"))
    assert rows == [["Catégorie", "Nombre"], ["Oui", "3"], ["Non", "2"]]
    expect(answers.locator(".answers-located")).to_have_text(
        "3 réponses sur 7 ont été données avec leur position."
    )
    located = answers.get_by_role("region", name="Carte des réponses localisées")
    expect(located.locator("path.leaflet-interactive")).to_have_count(3)
    check_accessibility(console, "réponses à une enquête")
    screenshot(console, "console-52-observations-reponses")
