"""Syntheses in the console: an organiser previews a portrait de quartier in the page, downloads
it (PDF, CSV, HTML), freezes it, finds it among the frozen syntheses and downloads it again;
the form speaks French; an organiser only sees the syntheses of their territories."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import check_accessibility, screenshot
from tests.pwa.console import syntheses_steps as steps
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

TITLE = "Portrait de quartier — Saint Jean"


def key_figure(page, label: str):
    return page.locator(".key-figure", has=page.get_by_text(label, exact=True)).locator("dd")


def test_an_organiser_previews_downloads_freezes_and_finds_a_portrait(server, console, tmp_path):
    steps.report(server.app)
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Synthèses")

    expect(console.get_by_role("heading", name="Préparer une synthèse")).to_be_visible()
    expect(console.get_by_label("Territoire", exact=True)).to_have_value("QP031001")
    expect(console.get_by_label("Thème")).to_have_value("")  # all themes: the portrait
    expect(console.get_by_text("Aucune synthèse figée pour l'instant")).to_be_visible()
    check_accessibility(console, "synthèses : formulaire")
    screenshot(console, "console-70-syntheses-formulaire")

    # The preview, in the page: key figures, tables, with small counts suppressed.
    console.get_by_role("button", name="Voir l'aperçu").click()
    expect(console.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(console.get_by_text("Version de travail · non figée")).to_be_visible()
    expect(key_figure(console, "Signalements")).to_have_text("48")
    themes = console.get_by_role("table", name="Signalements par thème et par polarité")
    expect(themes.get_by_role("row", name=re.compile(r"^Propreté, déchets 30 "))).to_be_visible()
    # Three reports on health by three different veilleurs: published (3 residents behind).
    expect(
        themes.get_by_role("row", name=re.compile(r"^Santé, accès aux soins 3 "))
    ).to_be_visible()
    expect(console.get_by_role("heading", name="3. Les sujets qui reviennent")).to_be_visible()
    check_accessibility(console, "synthèses : aperçu")
    screenshot(console, "console-71-syntheses-apercu")

    working = console.get_by_role("group", name="Télécharger la version de travail")
    name, pdf = steps.download(console, working.get_by_role("button", name="Télécharger en PDF"))
    assert name.startswith("synthese-QP031001-portrait") and name.endswith(".pdf")
    assert pdf.startswith(b"%PDF")
    text = steps.pdf_text(pdf, tmp_path)
    if text is not None:
        assert "Saint Jean" in text and "Version de travail" in text
    steps.pdf_picture(pdf, tmp_path, "console-72-syntheses-pdf")

    name, data = steps.download(console, working.get_by_role("button", name="Télécharger en CSV"))
    assert name.endswith(".csv")
    rows = steps.csv_rows(data)
    total = next(
        r for r in rows if r["table"] == "chiffres_cles" and r["category"] == "observations"
    )
    assert total["value"] == "48"

    # The document as it will be printed, in a frame beside the console.
    console.get_by_role("button", name="Voir la mise en page du document").click()
    document = console.frame_locator("iframe[title^='Document']")
    expect(document.get_by_role("heading", name="Portrait de quartier")).to_be_visible()
    expect(document.get_by_text("Saint Jean", exact=False).first).to_be_visible()
    screenshot(console, "console-73-syntheses-document")
    console.get_by_role("button", name="Masquer la mise en page").click()

    # Frozen: it joins the list, from which it downloads again.
    console.get_by_role("button", name="Figer cette synthèse").click()
    expect(console.get_by_text(re.compile(r"Synthèse figée n° [0-9a-f]{8}"))).to_be_visible()
    issued = console.get_by_role("table", name="Synthèses figées, la plus récente d'abord")
    row = issued.get_by_role("row").filter(has_text="Saint Jean (QP031001)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Portrait de quartier")
    expect(row).to_contain_text("48")
    check_accessibility(console, "synthèses : figée")
    screenshot(console, "console-74-syntheses-figees")

    name, again = steps.download(console, row.get_by_role("button", name="Télécharger en PDF"))
    assert again.startswith(b"%PDF") and re.match(
        r"synthese-QP031001-portrait-[0-9a-f]{8}\.pdf", name
    )
    text = steps.pdf_text(again, tmp_path)
    if text is not None:
        assert "Saint Jean" in text and "Synthèse figée" in text
    name, data = steps.download(console, row.get_by_role("button", name="Télécharger en CSV"))
    frozen = steps.csv_rows(data)
    assert next(r for r in frozen if r["table"] == "chiffres_cles")["value"] == "48"

    # The share link opens the frozen synthesis, its figures unchanged by new reports.
    steps.report(server.app, ["mobilite"] * 5, batch="b")
    row.get_by_role("link", name=re.compile("^Ouvrir")).click()
    expect(console.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(console.get_by_text(re.compile(r"Synthèse figée n° [0-9a-f]{8} ·"))).to_be_visible()
    expect(key_figure(console, "Signalements")).to_have_text("48")
    check_accessibility(console, "synthèses : synthèse figée ouverte")
    screenshot(console, "console-75-syntheses-lien")
    name, page = steps.download(
        console,
        console.get_by_role("group", name="Télécharger la synthèse figée").get_by_role(
            "button", name="Télécharger en HTML"
        ),
    )
    assert name.endswith(".html") and "Synthèse figée n°" in page.decode("utf-8")


def test_a_mostly_masked_synthesis_says_so_and_offers_a_wider_one(server, console):
    """Health, by one veilleur only: the preview warns before freezing and widens on a click."""
    steps.report(server.app, ["sante"] * 6 + ["proprete"] * 10, batch="c")  # one veilleur
    steps.report(server.app, ["proprete"] * 16, batch="d")
    steps.report(server.app, ["proprete"] * 16, batch="e")
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Synthèses")
    console.get_by_label("Thème").select_option(label="Santé, accès aux soins")
    console.get_by_role("button", name="Voir l'aperçu").click()
    warning = console.locator(".mostly-masked")
    expect(warning).to_contain_text("La plupart des chiffres de cette synthèse seraient masqués")
    expect(console.get_by_text("Moins de 3 habitants différents ont signalé")).to_be_visible()
    check_accessibility(console, "synthèses : presque tout masqué")
    screenshot(console, "console-76-syntheses-masquee")
    console.set_viewport_size({"width": 390, "height": 844})
    screenshot(console, "console-76-syntheses-masquee-390")
    console.set_viewport_size({"width": 1280, "height": 900})
    warning.get_by_role("button", name="Le portrait de quartier (tous les thèmes)").click()
    expect(console.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(key_figure(console, "Signalements")).to_have_text("48")
    expect(console.locator(".mostly-masked")).to_have_count(0)


def test_the_form_explains_a_wrong_period_in_french(server, console):
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Synthèses")
    console.get_by_label("Thème").select_option(label="Transports, mobilité")
    console.get_by_label("Du").fill("2026-03-01")
    console.get_by_label("Au (inclus)").fill("2026-01-31")
    console.get_by_role("button", name="Voir l'aperçu").click()
    summary = console.get_by_role("alert").filter(has_text="À corriger")
    expect(summary).to_contain_text(
        "La date de fin doit être le même jour que la date de début ou après."
    )
    expect(console.get_by_label("Au (inclus)")).to_have_attribute("aria-invalid", "true")
    expect(console.locator(".synthesis-preview")).to_have_count(0)
    check_accessibility(console, "synthèses : période invalide")
    screenshot(console, "console-76-syntheses-erreur")

    # Corrected: a theme's synthesis, with too few reports to publish their detail.
    console.get_by_label("Au (inclus)").fill("2026-03-31")
    console.get_by_role("button", name="Voir l'aperçu").click()
    expect(console.get_by_role("heading", name="Transports, mobilité — Saint Jean")).to_be_visible()
    expect(console.get_by_text("Aucun signalement sur la période.")).to_be_visible()
    expect(console.get_by_text("du 1 mars 2026 au 31 mars 2026", exact=False)).to_be_visible()


def test_an_organiser_only_sees_the_syntheses_of_their_territories(server, console):
    mine = steps.issue(server.app, "QP031001")
    theirs = steps.issue(server.app, "QP031010")  # Empalot, Toulouse: someone else's
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Synthèses")

    options = console.get_by_label("Territoire", exact=True).locator("option")
    expect(options).to_have_text(["Saint Jean (QP031001)"])
    issued = console.get_by_role("table", name="Synthèses figées, la plus récente d'abord")
    expect(issued.get_by_role("row")).to_have_count(2)  # the header and her territory's one
    expect(issued).to_contain_text("Saint Jean (QP031001)")
    expect(issued).not_to_contain_text("Empalot")
    expect(issued.get_by_role("link", name=f"Ouvrir la synthèse n° {mine[:8]}")).to_be_visible()

    # A link to another territory's synthesis: the API refuses, the page says so.
    console.goto(f"/console#/syntheses/{theirs}")
    expect(
        console.get_by_text("Impossible de charger la synthèse figée : Synthèse introuvable.")
    ).to_be_visible()
    check_accessibility(console, "synthèses : lien refusé")
    screenshot(console, "console-77-syntheses-refus")


def test_the_document_shows_in_its_frame_under_the_real_security_policy(browser, server):
    """The other tests bypass the CSP (to inject axe-core): the frame must work without that."""
    make_staff(server.app, "Claire", "animateur")
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    try:
        open_console(page, "Claire")
        go_to(page, "Synthèses")
        page.get_by_role("button", name="Voir l'aperçu").click()
        page.get_by_role("button", name="Voir la mise en page du document").click()
        document = page.frame_locator("iframe[title^='Document']")
        heading = document.get_by_role("heading", name="Portrait de quartier")
        expect(heading).to_be_visible()
        # Its stylesheet applies (inline styles are allowed): the title is not a browser's default h1.
        size = heading.evaluate("h => getComputedStyle(h).fontSize")
        assert size != "32px", size
        assert not blocked, blocked
    finally:
        context.close()
