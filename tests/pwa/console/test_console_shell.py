"""The console's frame: staff log in at /console and see the sections of their role; a resident is
sent back to the app; the API stays the judge (a hidden screen is also a refused call)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

MENU = "Menu de la console"


def menu_entries(page) -> list[str]:
    return page.get_by_role("navigation", name=MENU).get_by_role("link").all_inner_texts()


def test_an_animateur_sees_the_organisers_sections(server, console):
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    expect(console.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    assert menu_entries(console) == [
        "Territoires",
        "Invitations",
        "Membres",
        "Modération",
        "Enquêtes",
        "Observations",
        "Analyses",
        "Synthèses",
        "Webhooks",
        "Ateliers",
    ]
    check_accessibility(console, "accueil de la console")
    screenshot(console, "console-00-accueil")


def test_an_analyst_does_not_see_moderation_nor_invitations(server, console):
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    entries = menu_entries(console)
    assert "Modération" not in entries and "Invitations" not in entries
    assert "Membres" not in entries
    assert "Analyses" in entries
    console.goto("/console#/moderation")  # typed by hand: the home page, not the hidden screen
    expect(console.get_by_role("heading", name="Bonjour Yanis")).to_be_visible()


def test_a_resident_is_sent_back_to_the_app(server, console):
    make_resident(server.app, "Awa")
    open_page = console
    open_page.goto("/console")
    open_page.get_by_label("Pseudonyme").fill("Awa")
    open_page.get_by_label("Mot de passe", exact=True).fill("mot-de-passe-solide")
    open_page.get_by_role("button", name="Se connecter").click()
    expect(
        open_page.get_by_role(
            "heading", name="Cet espace est réservé aux animateurs et aux analystes"
        )
    ).to_be_visible()
    expect(open_page.get_by_role("navigation", name=MENU)).to_have_count(0)
    check_accessibility(open_page, "console refusée")
    open_page.get_by_role("link", name="Ouvrir l'application des veilleurs").click()
    expect(open_page.get_by_role("heading", name="Signaler")).to_be_visible()


def test_staff_find_the_console_from_the_app(server, page):
    make_staff(server.app, "Claire", "animateur")
    steps.log_in(page, "Claire")
    page.get_by_role("link", name="Console").click()
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()


def test_the_console_fits_a_phone_for_organisers_in_the_field(server, browser):
    """At 390 px the menu wraps above the screen; nothing is wider than the phone."""
    make_staff(server.app, "Claire", "animateur")
    phone = browser.new_context(
        base_url=server.url,
        viewport={"width": 390, "height": 844},
        locale="fr-FR",
        bypass_csp=True,  # lets the test inject axe-core into the page
    )
    page = phone.new_page()
    try:
        open_console(page, "Claire")
        for section, heading in (("Modération", "Modération"), ("Invitations", "Invitations")):
            go_to(page, section)
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            expect(page.get_by_role("status").first).to_be_visible()  # the screen has loaded
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, section
            check_accessibility(page, f"{section} sur un téléphone")
        screenshot(page, "console-01-telephone")
    finally:
        phone.close()
