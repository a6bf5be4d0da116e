"""The first minutes: after joining, a short welcome (what to report, what happens next, privacy
in two lines) at the top of the page, then the first report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import PASSWORD, check_accessibility, make_invite, screenshot

pytestmark = pytest.mark.browser


def test_a_new_resident_lands_on_a_welcome_at_the_top(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/?invite={make_invite(server.app)}")
    page.get_by_label("Pseudonyme").fill("Inès du 5e")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("J'ai lu cette notice et j'accepte de participer.").check()
    page.get_by_role("button", name="Rejoindre").click()  # at the bottom of a long form

    expect(page.get_by_role("heading", name="Bienvenue, Inès du 5e !")).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    for title in ("Que signaler ?", "Et ensuite ?", "Vos données"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Ni e-mail ni téléphone", exact=False)).to_be_visible()
    check_accessibility(page, "bienvenue")
    screenshot(page, "02-bienvenue")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "02-bienvenue-1366")
    page.get_by_role("link", name="Faire mon premier signalement").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
