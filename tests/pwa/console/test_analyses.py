"""Analyses in the console: an analyst launches one from a form, follows it while the server
computes it (in-process jobs: no Redis in these tests), then reads its result as a page — text
clusters with labels and quotes, hotspots on a map and in a table, a typology's classes — and
exports the tables as CSV. The API's scope decides what is read: my territories, my analyses."""

from __future__ import annotations

import csv
import io
import re
import threading

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import check_accessibility, screenshot
from tests.pwa.console.analyses_steps import api_job, seed_campaign, seed_observations, token
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

RESULT_TIMEOUT = 60_000  # ms: the analysis runs in the server's thread


def read_csv(download) -> list[dict[str, str]]:
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(io.StringIO(handle.read()), delimiter=";"))


def launch(page, kind: str) -> str:
    """Choose the kind, launch, land on the analysis's page; returns its id."""
    page.get_by_role("radio", name=kind, exact=True).check()
    page.get_by_role("button", name="Lancer l'analyse").click()
    expect(page).to_have_url(re.compile(r"#/analyses/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


@pytest.fixture
def gate(monkeypatch):
    """Holds text-cluster jobs in "running" until the test opens the gate (then runs them)."""
    from backend.services import analyses

    opened = threading.Event()
    run = analyses.RUNNERS["text_clusters"]

    def held(job, settings):
        opened.wait(timeout=30)
        return run(job, settings)

    monkeypatch.setitem(analyses.RUNNERS, "text_clusters", held)
    yield opened
    opened.set()


def test_text_clusters_are_launched_followed_and_read_with_their_quotes(server, console, gate):
    seed_observations(server.app)
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    go_to(console, "Analyses")
    expect(console.get_by_role("heading", name="Analyses", level=1)).to_be_visible()
    expect(console.get_by_text("Vous n'avez encore lancé aucune analyse.")).to_be_visible()
    # My territories only: the analyst of QP031001 is offered nothing else.
    console.get_by_role("radio", name="Thèmes des textes", exact=True).check()
    territory = console.get_by_label("Territoire")
    assert territory.locator("option").all_inner_texts() == [
        "Tous mes territoires",
        "Saint Jean (QP031001)",
    ]
    territory.select_option("QP031001")
    console.get_by_label("Nombre de groupes").fill("5")  # 40 short texts: "auto" finds one
    check_accessibility(console, "formulaire d'analyse")
    screenshot(console, "console-60-analyses-formulaire")

    console.get_by_role("button", name="Lancer l'analyse").click()
    expect(console).to_have_url(re.compile(r"#/analyses/[0-9a-f-]{36}$"))
    job_id = console.url.rsplit("/", 1)[1]
    expect(console.get_by_text("Calcul en cours")).to_be_visible()
    expect(console.get_by_text("En cours", exact=True)).to_be_visible()
    check_accessibility(console, "analyse en cours")
    screenshot(console, "console-62-analyses-en-cours")
    gate.set()

    expect(console.get_by_text("Analyse terminée.")).to_be_visible(timeout=RESULT_TIMEOUT)
    job = api_job(server.app, "Yanis", job_id)
    assert job["status"] == "finished" and job["data"]["rows"] == 40
    clusters = job["result"]["clusters"]
    assert job["parameters"] == {"territory": "QP031001", "n_clusters": 5}
    assert len(clusters) == job["result"]["n_clusters"] == 5
    expect(
        console.get_by_role("heading", name=f"{len(clusters)} groupes de textes")
    ).to_be_visible()
    cards = console.locator("li.cluster")
    expect(cards).to_have_count(len(clusters))
    for card, cluster in zip(cards.all(), clusters, strict=True):
        expect(card.get_by_role("heading", level=3)).to_have_text(
            f"Groupe {cluster['id'] + 1} : {cluster['label']}"
        )
        expect(card).to_contain_text(f"{cluster['size']} observations")
        stability = f"stabilité {cluster['stability']:.2f}".replace(".", ",").rstrip("0")
        expect(card.locator(".stability")).to_contain_text(stability.rstrip(","))
        if cluster["unstable"]:
            expect(card.locator(".stability")).to_contain_text("(instable)")
        else:
            expect(card.locator(".stability")).not_to_contain_text("instable")
        assert card.locator("blockquote").all_inner_texts() == cluster["quotes"]
    # The method retained and why, as the analysis says it; unstable groups are announced.
    reason = job["result"]["method"]["reason"]
    expect(console.locator(".method-reason")).to_have_text(reason[0].upper() + reason[1:])
    unstable = sum(c["unstable"] for c in clusters)
    note = console.get_by_role("note").filter(has_text="instable")
    expect(note).to_have_count(1 if unstable else 0)
    expect(console.get_by_text("Empreinte des données (SHA-256)")).to_be_visible()
    expect(console.get_by_text(job["data"]["rows_sha256"])).to_be_visible()
    check_accessibility(console, "résultat des thèmes des textes")
    screenshot(console, "console-63-analyses-themes-des-textes")

    table = console.get_by_role(
        "table", name="Les groupes de textes, leurs mots et leurs citations"
    )
    with console.expect_download() as download:
        table.locator("..").get_by_role("button", name="Exporter le tableau (CSV)").click()
    assert download.value.suggested_filename == f"analyse-{job_id[:8]}-groupes-de-textes.csv"
    rows = read_csv(download.value)
    assert [(r["Groupe"], r["Nom du groupe"], r["Observations"]) for r in rows] == [
        (str(c["id"] + 1), c["label"], str(c["size"])) for c in clusters
    ]
    assert all(r["Stabilité"].startswith("stabilité ") for r in rows)
    assert rows[0]["Citations"].split(" | ") == clusters[0]["quotes"]

    # The chart of the groups' sizes has its table too.
    with console.expect_download() as sizes:
        console.get_by_role("button", name="Exporter (CSV)").click()
    assert [int(r["Nombre"]) for r in read_csv(sizes.value)] == [c["size"] for c in clusters]

    # Back to the list: the analysis is there, finished, and opens again.
    console.get_by_role("link", name="← Toutes mes analyses").click()
    listed = console.get_by_role("table", name="Mes analyses, les plus récentes d'abord")
    expect(listed.locator("tbody tr")).to_have_count(1)
    expect(listed).to_contain_text("Terminée")
    expect(listed).to_contain_text("Territoire QP031001")
    listed.get_by_role("link", name="Thèmes des textes").click()
    expect(console.locator("li.cluster")).to_have_count(len(clusters))


def test_hotspots_are_on_the_map_and_in_their_table(server, console):
    seed_observations(server.app)
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    go_to(console, "Analyses")
    job_id = launch(console, "Points chauds")
    expect(console.get_by_text("Analyse terminée.")).to_be_visible(timeout=RESULT_TIMEOUT)
    job = api_job(server.app, "Yanis", job_id)
    features = job["result"]["hotspots"]["features"]
    assert len(features) == 2 and all(f["properties"]["count"] == 20 for f in features)
    expect(console.get_by_role("heading", name="2 points chauds")).to_be_visible()
    map_ = console.get_by_role("region", name="Carte des points chauds")
    expect(map_.locator("path.leaflet-interactive")).to_have_count(2)
    table = console.get_by_role("table", name="Les points chauds, du plus dense au moins dense")
    expect(table.locator("tbody tr")).to_have_count(2)
    check_accessibility(console, "résultat des points chauds")
    screenshot(console, "console-64-analyses-points-chauds")
    map_.locator("path.leaflet-interactive").first.click(force=True)
    names = [f["properties"]["name"] for f in features]
    assert all(name.startswith("Saint Jean, secteur ") for name in names)  # territory + sector
    expect(map_.locator(".leaflet-popup-content")).to_contain_text(
        re.compile(r"Point chaud \d \(Saint Jean, secteur [a-z-]+\) : 20 observations")
    )
    with console.expect_download() as download:
        console.get_by_role("button", name="Exporter le tableau (CSV)").click()
    rows = read_csv(download.value)
    assert [(r["Point chaud"], r["Observations"]) for r in rows] == [("1", "20"), ("2", "20")]
    assert [r["Lieu"] for r in rows] == names
    centre = features[0]["properties"]["centre"]
    assert float(rows[0]["Longitude du centre"].replace(",", ".")) == pytest.approx(centre[0])


def test_a_typology_of_a_campaign_s_respondents(server, console):
    make_staff(server.app, "Claire", "animateur")
    campaign = seed_campaign(server.app, "Claire")
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    go_to(console, "Analyses")
    console.get_by_role("radio", name="Typologie des répondants", exact=True).check()
    console.get_by_label("Enquête").select_option(campaign)
    job_id = launch(console, "Typologie des répondants")
    expect(console.get_by_text("Analyse terminée.")).to_be_visible(timeout=RESULT_TIMEOUT)
    job = api_job(server.app, "Yanis", job_id)
    classes = job["result"]["classes"]
    assert job["result"]["n_classes"] == 2 and job["data"]["rows"] == 60
    expect(console.get_by_role("heading", name="2 classes de répondants")).to_be_visible()
    for found in classes:
        article = console.locator("article.typology-class", has_text=f"Classe {found['class']}")
        expect(article.locator(".class-text")).to_have_text(found["text"])
        if found["over"]:
            over = article.get_by_role("table", name=re.compile("plus fréquentes"))
            expect(over.locator("tbody tr")).to_have_count(len(found["over"]))
    expect(console.get_by_text("surreprésentés").first).to_be_visible()
    check_accessibility(console, "résultat de la typologie")
    screenshot(console, "console-65-analyses-typologie")
    first = console.locator("article.typology-class").first
    with console.expect_download() as download:
        first.get_by_role("button", name="Exporter le tableau (CSV)").first.click()
    rows = read_csv(download.value)
    assert [(r["Question"], r["Réponse"]) for r in rows] == [
        (t["variable_label"], t["modality_label"]) for t in classes[0]["over"]
    ]
    with console.expect_download() as sizes:
        console.get_by_role("button", name="Exporter (CSV)").click()
    assert [int(r["Nombre"]) for r in read_csv(sizes.value)] == [c["size"] for c in classes]


def test_counts_are_charts_with_their_tables(server, console):
    total = seed_observations(server.app, per_place=6)
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    go_to(console, "Analyses")
    launch(console, "Comptages")
    expect(console.get_by_role("heading", name=f"{total} observations")).to_be_visible(
        timeout=RESULT_TIMEOUT
    )
    chart = console.get_by_role("figure", name="Observations par type")
    chart.get_by_role("button", name="Voir le tableau").click()
    counts = chart.get_by_role("table", name="Observations par type")
    values = [int(v) for v in counts.locator("tbody td:nth-child(2)").all_inner_texts()]
    assert sum(values) == total
    check_accessibility(console, "résultat des comptages")
    screenshot(console, "console-66-analyses-comptages")


def test_the_form_says_what_to_fix_and_failures_are_explained(server, console):
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    go_to(console, "Analyses")
    console.get_by_role("button", name="Lancer l'analyse").click()
    summary = console.get_by_role("alert")
    expect(summary).to_contain_text("Choisissez le type d'analyse.")
    console.get_by_role("radio", name="Points chauds", exact=True).check()
    console.get_by_label("Rayon de voisinage (mètres)").fill("5")
    console.get_by_label("Du").fill("2025-03-10")
    console.get_by_label("Au (inclus)").fill("2025-03-01")
    console.get_by_role("button", name="Lancer l'analyse").click()
    expect(summary).to_contain_text("Le rayon est un nombre entier de mètres entre 20 et 2 000.")
    expect(summary).to_contain_text("La fin de la période doit venir après son début.")
    expect(console.get_by_label("Rayon de voisinage (mètres)")).to_have_attribute(
        "aria-invalid", "true"
    )
    console.get_by_role("radio", name="Typologie des répondants", exact=True).check()
    console.get_by_role("button", name="Lancer l'analyse").click()
    expect(summary).to_contain_text("Choisissez l'enquête dont les répondants seront classés.")
    check_accessibility(console, "formulaire d'analyse à corriger")
    console.evaluate("window.scrollTo(0, 0)")  # the sticky top bar, in a full-page screenshot
    screenshot(console, "console-61-analyses-a-corriger")

    # Nothing to read in my territories: the analysis fails, and says why in French.
    console.get_by_role("radio", name="Thèmes des textes", exact=True).check()
    console.get_by_label("Au (inclus)").fill("2025-03-31")
    launch(console, "Thèmes des textes")
    failure = console.locator(".analysis-error")
    expect(failure).to_contain_text("L'analyse a échoué.", timeout=RESULT_TIMEOUT)
    expect(failure).to_contain_text("Trop peu d'observations (0) pour regrouper des textes")
    check_accessibility(console, "analyse échouée")
    screenshot(console, "console-67-analyses-echec")

    # Launching it again starts from the same settings.
    console.get_by_role("link", name="Modifier les réglages et relancer").click()
    expect(console.get_by_role("radio", name="Thèmes des textes", exact=True)).to_be_checked()
    expect(console.get_by_label("Du")).to_have_value("2025-03-10")
    expect(console.get_by_label("Au (inclus)")).to_have_value("2025-03-31")
    listed = console.get_by_role("table", name="Mes analyses, les plus récentes d'abord")
    expect(listed).to_contain_text("Échouée")
    expect(listed).to_contain_text("depuis le 10 mars 2025 · jusqu'au 31 mars 2025")


def test_an_analysis_is_seen_by_its_author_only(server, console):
    make_staff(server.app, "Yanis", "analyste")
    make_staff(server.app, "Ines", "analyste", ("QP034005",))
    client = server.app.test_client()
    job = client.post(
        "/api/v1/analyses", json={"kind": "counts"}, headers=token(client, "Yanis")
    ).json
    open_console(console, "Ines")
    go_to(console, "Analyses")
    territory_options = None
    console.get_by_role("radio", name="Comptages", exact=True).check()
    territory_options = console.get_by_label("Territoire").locator("option").all_inner_texts()
    assert territory_options == ["Tous mes territoires", "Mosson (QP034005)"]
    expect(console.get_by_text("Vous n'avez encore lancé aucune analyse.")).to_be_visible()
    console.goto(f"/console#/analyses/{job['id']}")
    expect(
        console.get_by_text("Impossible de lire cette analyse : Analyse introuvable.")
    ).to_be_visible()
    check_accessibility(console, "analyse d'un autre")
