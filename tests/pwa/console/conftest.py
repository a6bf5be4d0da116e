"""The console in headless Chromium: a laptop screen, staff accounts, logging in at /console."""

from __future__ import annotations

import flask
import pytest
from playwright.sync_api import Page, expect

from tests.pwa.conftest import PASSWORD

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def desk(browser, server):
    """A laptop in a workshop room: French, 1280×800, no geolocation."""
    context = browser.new_context(
        base_url=server.url,
        viewport=LAPTOP,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        accept_downloads=True,
        bypass_csp=True,  # lets the tests inject axe-core into the page
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def console(desk):
    """A page of the console; the test fails on any JavaScript error in it."""
    page = desk.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors in the console: {errors}"


def make_staff(app, pseudonym: str, role: str, territories=("QP031001",)) -> str:
    """An animateur, analyste or admin of these territories (consent given), by the services."""
    from backend.extensions.database import db
    from backend.services import accounts
    from backend.services.territories import get_territory

    with app.app_context():
        user = accounts.create_user(
            pseudonym, PASSWORD, role, [get_territory(c) for c in territories]
        )
        accounts.record_consent(
            user, accounts.AccountPolicy.from_settings(flask.current_app.config)
        )
        db.session.commit()
        return str(user.id)


def open_console(page: Page, pseudonym: str) -> None:
    """Log in at /console: the menu of the console then shows."""
    page.goto("/console")
    page.get_by_label("Pseudonyme").fill(pseudonym)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("navigation", name="Menu de la console")).to_be_visible()


def go_to(page: Page, section: str) -> None:
    """Open a section from the console's menu."""
    page.get_by_role("navigation", name="Menu de la console").get_by_role(
        "link", name=section, exact=True
    ).click()
