"""On a phone, the page count never grows while the resident answers: a follow-up question that
appears was already counted, a skipped one drops out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.campaigns import open_campaign
from tests.pwa.conftest import make_resident, screenshot

pytestmark = pytest.mark.browser

FOLLOW_UP = """
| survey |
| | type | name | label | relevant |
| | select_one oui_non | bus | Prenez-vous le bus ? | |
| | text | ligne | Quelle ligne ? | ${bus} = 'oui' |
| | text | idee | Une idée pour le quartier ? | |
| choices |
| | list_name | name | label |
| | oui_non | oui | Oui |
| | oui_non | non | Non |
"""


def progress(page) -> str:
    return page.locator("h2.progress").inner_text()


def test_the_page_count_never_grows(server, context, page):
    make_resident(server.app, "Léa")
    open_campaign(server.app, FOLLOW_UP, title="Le bus")
    steps.log_in(page, "Léa")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Le bus »").click()
    expect(page.locator("h2.progress")).to_have_text("Page 1 sur 3")
    page.get_by_label("Oui").check()  # the follow-up becomes relevant: already counted
    expect(page.locator("h2.progress")).to_have_text("Page 1 sur 3")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_label("Quelle ligne ?")).to_be_visible()
    assert progress(page) == "Page 2 sur 3"
    screenshot(page, "62-enquete-pages")
    page.get_by_role("button", name="Précédent").click()
    page.get_by_label("Non").check()  # skipped: the count goes down, never up
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_label("Une idée pour le quartier ?")).to_be_visible()
    assert progress(page) == "Page 2 sur 2"
