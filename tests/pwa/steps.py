"""What a resident does in the app, step by step, in the app's own words (shared by the tests)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.pwa.conftest import PASSWORD


def join(page: Page, code: str, pseudonym: str) -> None:
    page.goto(f"/?invite={code}")
    expect(page.get_by_role("heading", name="Rejoindre les veilleurs")).to_be_visible()
    expect(page.get_by_label("Code d'invitation")).to_have_value(code)
    page.get_by_label("Pseudonyme").fill(pseudonym)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("J'ai lu cette notice et j'accepte de participer.").check()
    page.get_by_role("button", name="Rejoindre").click()
    # A short welcome first, at the top of the page, then the first report.
    expect(page.get_by_role("heading", name=f"Bienvenue, {pseudonym} !")).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    page.get_by_role("link", name="Faire mon premier signalement").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()


def log_in(page: Page, pseudonym: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    page.get_by_label("Pseudonyme").fill(pseudonym)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()


def wait_for_offline_shell(page: Page) -> None:
    """The service worker has installed the shell (so the app opens without network)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def choose_tile(page: Page, name: str) -> None:
    """Tap a large tile (theme or type); its radio button is then checked."""
    radio = page.get_by_role("radio", name=name)
    page.locator("label.tile", has=radio).click()
    expect(radio).to_be_checked()


def report(
    page: Page,
    *,
    theme: str,
    polarity: str,
    text: str,
    photo=None,
    tap_map: bool = False,
) -> None:
    """Fill the report form and save it; the form is empty again afterwards."""
    page.get_by_role("link", name="Signaler").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
    if tap_map:
        page.locator(".map").click(position={"x": 170, "y": 120})
        expect(page.get_by_text("Lieu choisi sur la carte.")).to_be_visible()
    else:
        expect(page.get_by_text(re.compile(r"Position GPS trouvée"))).to_be_visible()
    choose_tile(page, theme)
    choose_tile(page, polarity)
    page.get_by_label("Décrivez en quelques mots").fill(text)
    if photo is not None:
        page.locator("input[name=gallery]").set_input_files(str(photo))
        expect(page.get_by_role("img", name="Photo 1")).to_be_visible()
    page.get_by_role("button", name="Enregistrer l'observation").click()
    expect(page.get_by_text("Observation enregistrée", exact=False)).to_be_visible()
    expect(page.get_by_label("Décrivez en quelques mots")).to_have_value("")
