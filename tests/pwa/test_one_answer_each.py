"""One answer per person, from the resident's side: the confirmation says what happened (sent),
the survey then shows « Répondu le … » and « Corriger ma réponse » instead of a second blank
form, and the correction replaces the answer on the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.campaigns import open_campaign, stored_responses
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.test_offline_reports import wait_until

pytestmark = pytest.mark.browser

WHO = """
| survey |
| | type | name | label | required |
| | text | prenom | Votre prénom | yes |
| | integer | age | Votre âge | |
"""


def answer_pages(page, first_name: str, age: str, button: str = "Envoyer mes réponses") -> None:
    page.get_by_label("Votre prénom").fill(first_name)
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Votre âge").fill(age)
    page.get_by_role("button", name=button).click()


def test_an_answered_survey_is_corrected_not_answered_twice(server, context, page):
    make_resident(server.app, "Awa")
    open_campaign(server.app, WHO, title="Qui êtes-vous ?")
    steps.log_in(page, "Awa")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Qui êtes-vous ? »").click()
    answer_pages(page, "Awa", "40")

    # Online, the response leaves the phone at once: the message says it was sent.
    expect(page.get_by_text("Réponse envoyée : merci !")).to_be_visible()
    wait_until(page, lambda: stored_responses(server.app))
    page.reload()
    card = page.locator(".card", has_text="Qui êtes-vous ?")
    expect(card.get_by_text("Répondu le", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Répondre à « Qui êtes-vous ? »")).to_have_count(0)
    check_accessibility(page, "enquête déjà répondue")
    screenshot(page, "60-enquete-repondue")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "60-enquete-repondue-1366")
    page.set_viewport_size({"width": 390, "height": 844})

    page.get_by_role("link", name="Corriger ma réponse à « Qui êtes-vous ? »").click()
    expect(
        page.get_by_text("Vous corrigez votre réponse déjà envoyée", exact=False)
    ).to_be_visible()
    expect(page.get_by_label("Votre prénom")).to_have_value("Awa")
    screenshot(page, "61-enquete-correction")
    answer_pages(page, "Awa", "41", button="Envoyer la correction")
    expect(page.get_by_text("Réponse corrigée et envoyée : merci !")).to_be_visible()
    (response,) = stored_responses(server.app)
    assert response["answers"] == {"prenom": "Awa", "age": 41}
    page.reload()
    card = page.locator(".card", has_text="Qui êtes-vous ?")
    expect(card.get_by_text("corrigé le", exact=False)).to_be_visible()
