"""Modération in the console: a resident reports from the phone (with a photo); an animateur of
that territory finds it in the queue with its photo and place, corrects its theme, hides it with a
reason (the original is kept; the resident sees it is hidden, and why), restores it. Filters narrow
the queue, pages split it, and an animateur of another territory never sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_invite, make_resident, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console
from tests.pwa.console.moderation_steps import (
    card,
    cards,
    delete_observation,
    send_observations,
    stored,
)

pytestmark = pytest.mark.browser


def shoot(page, name: str) -> None:
    """A screenshot from the top of the page (the sticky bar would otherwise cross it)."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


TEXT = "Des encombrants bloquent l'entrée du bâtiment C depuis lundi"


def test_an_animateur_corrects_hides_and_restores_a_residents_report(
    server, page, console, photo_file
):
    # The resident reports from the phone, with a photo.
    steps.join(page, make_invite(server.app), "Awa")
    steps.report(
        page, theme="Propreté, déchets", polarity="Une difficulté", text=TEXT, photo=photo_file
    )
    page.get_by_role("link", name="Mes observations", exact=True).click()
    mine = page.locator(".card", has_text=TEXT)
    expect(mine.get_by_role("img")).to_be_visible()  # the photo reached the server too

    # The animateur of the territory finds it in the queue: text, photo, place.
    make_staff(server.app, "Claire", "animateur", ("QP031001",))
    open_console(console, "Claire")
    go_to(console, "Modération")
    expect(console.get_by_role("heading", name="Modération", level=1)).to_be_visible()
    expect(console.get_by_text("1 observation à relire.")).to_be_visible()
    report = card(console, TEXT)
    expect(report.get_by_role("heading", name="Propreté, déchets")).to_be_visible()
    expect(report.locator(".badge")).to_have_text(["À relire", "Visible"])
    expect(report).to_contain_text("Difficulté")
    expect(report).to_contain_text("Territoire : Saint Jean")
    photo = report.get_by_role(
        "img", name=re.compile(r"^Photo 1 de l'observation « Des encombrants")
    )
    expect(photo).to_be_visible()
    console.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    expect(report).to_contain_text(re.compile(r"Lieu : 43,\d{5} N · 1,\d{5} E"))
    places = console.get_by_role("region", name="Carte des observations de cette page")
    expect(places.locator("path.leaflet-interactive")).to_have_count(1)
    report.get_by_role("button", name=re.compile("^Voir sur la carte")).click()
    expect(report.get_by_role("button", name=re.compile("^Voir sur la carte"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(places.locator("path.leaflet-interactive[fill='#b3261e']")).to_have_count(1)
    check_accessibility(console, "file de modération")
    shoot(console, "console-20-file-de-moderation")

    # Its theme is corrected: the resident's choice stays on record.
    report.get_by_label("Thème").select_option(label="Tranquillité, sécurité")
    report.get_by_role("button", name=re.compile("^Corriger le thème")).click()
    expect(report.get_by_role("status")).to_have_text("Thème corrigé : Tranquillité, sécurité.")
    expect(report.get_by_role("heading", name="Tranquillité, sécurité")).to_be_visible()
    expect(report).to_contain_text("Thème choisi par le veilleur : Propreté, déchets (corrigé)")
    expect(report.locator(".badge")).to_have_text(["Relue", "Visible"])

    # Hidden: a reason is required, then given.
    report.get_by_role("button", name=re.compile("^Masquer…")).click()
    reason = report.get_by_label("Raison du masquage")
    expect(reason).to_be_focused()
    report.get_by_role("button", name="Annuler").click()
    expect(report.get_by_role("button", name=re.compile("^Masquer…"))).to_be_focused()
    console.keyboard.press("Enter")  # the keyboard opens it again
    expect(reason).to_be_focused()
    report.get_by_role("button", name=re.compile("^Masquer l'observation")).click()
    expect(report.get_by_role("alert")).to_have_text(
        "Indiquez la raison du masquage : le veilleur la verra."
    )
    check_accessibility(console, "masquage sans raison")
    reason.fill("Une adresse personnelle est citée : merci de la retirer.")
    shoot(console, "console-21-masquage")
    report.get_by_role("button", name=re.compile("^Masquer l'observation")).click()
    expect(report.get_by_role("status")).to_contain_text("Observation masquée")
    expect(report.locator(".badge")).to_have_text(["Relue", "Masquée"])
    expect(report).to_contain_text(
        "Raison donnée au veilleur : Une adresse personnelle est citée : merci de la retirer."
    )
    check_accessibility(console, "observation masquée")
    shoot(console, "console-22-masquee")
    assert stored(server.app, TEXT) == {
        "text": TEXT,  # the original is kept
        "theme": "tranquillite",
        "submitted_theme": "proprete",
        "status": "hidden",
        "moderation_reason": "Une adresse personnelle est citée : merci de la retirer.",
        "reviewed": True,
    }

    # The resident sees it hidden, and why.
    page.reload()
    page.get_by_role("link", name="Mes observations", exact=True).click()
    mine = page.locator(".card", has_text=TEXT)
    expect(mine.locator(".badge")).to_have_text("Masquée par l'animateur")
    expect(mine).to_contain_text("Une adresse personnelle est citée : merci de la retirer.")
    screenshot(page, "console-23-veilleur-voit-masquee")

    # Restored: visible again, for the resident too.
    report.get_by_role("button", name=re.compile("^Rétablir")).click()
    expect(report.get_by_role("status")).to_have_text(
        "Observation rétablie : elle est de nouveau visible."
    )
    expect(report.locator(".badge")).to_have_text(["Relue", "Visible"])
    assert stored(server.app, TEXT)["status"] == "visible"
    assert stored(server.app, TEXT)["moderation_reason"] is None

    # Reviewed now: it has left the queue "à relire".
    console.get_by_role("button", name="Actualiser la file").click()
    expect(
        console.get_by_text("Aucune observation à relire : un animateur a déjà vu chacune d'elles.")
    ).to_be_visible()
    expect(cards(console)).to_have_count(0)
    page.reload()
    page.get_by_role("link", name="Mes observations", exact=True).click()
    expect(page.locator(".card", has_text=TEXT).locator(".badge")).to_have_text("Envoyée")


def test_filters_narrow_the_queue_and_pages_split_it(server, console):
    awa = make_resident(server.app, "Awa")
    send_observations(
        server.app,
        awa,
        {"text": "Poubelles renversées rue des Lilas", "theme": "proprete"},
        {"text": "Un jardin partagé serait bienvenu", "theme": "espaces_verts", "polarity": "idee"},
        {"text": "Le bus 58 ne passe plus le dimanche", "theme": "mobilite"},
        *({"text": f"Lampadaire éteint numéro {n}", "theme": "voirie_eclairage"} for n in range(9)),
    )
    make_staff(server.app, "Claire", "animateur", ("QP031001",))
    open_console(console, "Claire")
    go_to(console, "Modération")
    expect(console.get_by_text("12 observations à relire.")).to_be_visible()
    expect(cards(console)).to_have_count(10)
    pages = console.get_by_role("navigation", name="Pages de la file")
    expect(pages).to_contain_text("Page 1 sur 2")
    pages.get_by_role("button", name="Page suivante").click()
    expect(pages).to_contain_text("Page 2 sur 2")
    expect(cards(console)).to_have_count(2)

    console.get_by_label("Thème", exact=True).first.select_option(label="Propreté, déchets")
    expect(console.get_by_text("1 observation à relire.")).to_be_visible()
    expect(cards(console)).to_have_count(1)
    expect(card(console, "Poubelles renversées")).to_be_visible()

    console.get_by_role("button", name="Réinitialiser les filtres").click()
    console.get_by_label("Type").select_option(label="Idée")
    expect(cards(console)).to_have_count(1)
    expect(card(console, "Un jardin partagé")).to_be_visible()
    card(console, "Un jardin partagé").get_by_role(
        "button", name=re.compile("^Marquer comme relue")
    ).click()
    expect(card(console, "Un jardin partagé").locator(".badge")).to_have_text(["Relue", "Visible"])
    console.get_by_role("button", name="Actualiser la file").click()
    expect(console.get_by_text("Aucune observation à relire", exact=False)).to_be_visible()
    console.get_by_label("Statut").select_option(label="Toutes")
    expect(card(console, "Un jardin partagé")).to_be_visible()
    console.get_by_label("Statut").select_option(label="Masquées")
    expect(console.get_by_text("Aucune observation ne correspond à ces filtres.")).to_be_visible()

    console.get_by_role("button", name="Réinitialiser les filtres").click()
    console.get_by_label("Observées du").fill("2031-01-01")
    expect(
        console.get_by_text("Aucune observation à relire ne correspond à ces filtres.")
    ).to_be_visible()
    console.get_by_label("au (inclus)").fill("2030-01-01")
    expect(console.get_by_role("alert")).to_have_text(
        "La date de fin doit être postérieure ou égale à la date de début."
    )
    check_accessibility(console, "période invalide")
    shoot(console, "console-24-filtres")


def test_an_animateur_of_another_territory_does_not_see_it(server, console):
    awa = make_resident(server.app, "Awa")
    send_observations(server.app, awa, {"text": "Tags sur le mur de l'école"})
    paul = make_resident(server.app, "Paul", ("QP034005",))
    (market,) = send_observations(
        server.app, paul, {"text": "Le marché du jeudi est revenu"}, territory="QP034005"
    )
    make_staff(server.app, "Malik", "animateur", ("QP034005",))
    open_console(console, "Malik")
    go_to(console, "Modération")
    expect(console.get_by_text("1 observation à relire.")).to_be_visible()
    expect(card(console, "Le marché du jeudi")).to_be_visible()
    expect(console.get_by_text("Tags sur le mur")).to_have_count(0)
    territories = console.get_by_label("Territoire", exact=True)
    assert [o for o in territories.locator("option").all_inner_texts() if "QP031001" in o] == []
    console.get_by_label("Statut").select_option(label="Toutes")
    expect(console.get_by_role("status").filter(has_text="1 observation.")).to_have_text(
        "1 observation."
    )  # the new list is in (not the one before the filter changed)
    expect(cards(console)).to_have_count(1)

    # A point on the map leads to its card.
    places = console.get_by_role("region", name="Carte des observations de cette page")
    places.locator("path.leaflet-interactive").click()
    market_card = card(console, "Le marché du jeudi")
    expect(market_card.get_by_role("heading", level=2)).to_be_focused()
    expect(
        market_card.get_by_role("button", name=re.compile("^Voir sur la carte"))
    ).to_have_attribute("aria-pressed", "true")

    # Its author deleted it meanwhile: the animateur is told, in French.
    delete_observation(server.app, market)
    market_card.get_by_role("button", name=re.compile("^Marquer comme relue")).click()
    expect(market_card.get_by_role("alert")).to_have_text("Observation introuvable.")
    expect(market_card.locator(".badge")).to_have_text(["À relire", "Visible"])
    check_accessibility(console, "action refusée")
    shoot(console, "console-25-erreur")
