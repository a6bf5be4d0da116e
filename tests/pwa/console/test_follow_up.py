"""Feedback to residents, from both sides: an animateur forwards a report to the bailleur with a
public reply in the moderation queue; on her phone the resident sees the step and the reply in
« Mes observations », a badge on « Nouveautés » until she opens it, the reply there with a new
survey of her territory, and her neighbours' reports on the map (no names). Axe clean,
screenshots at 390 px and 1366 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.backend.test_campaigns import open_campaign
from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.console.analyses_steps import token
from tests.pwa.console.conftest import go_to, make_staff, open_console
from tests.pwa.console.moderation_steps import card, send_observations

pytestmark = pytest.mark.browser

MINE = "Ascenseur du bâtiment B en panne depuis lundi"
THEIRS = "Un banc cassé près de l'école"


def both_widths(page: Page, name: str, screen: str, restore: dict[str, int]) -> None:
    for width, height, device in ((390, 844, "telephone"), (1366, 768, "portable")):
        page.set_viewport_size({"width": width, "height": height})
        check_accessibility(page, f"{screen} ({width} px)")
        screenshot(page, f"{name}-{device}")
    page.set_viewport_size(restore)


def open_survey(app) -> None:
    """A survey opened on the resident's territory, from the built-in template."""
    client = app.test_client()
    headers = token(client, "Claire")
    published = client.post(
        "/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=headers
    ).json
    open_campaign(client, headers, published["id"], ("QP031001",), title="Vivre à Saint-Jean")


def test_a_reply_reaches_the_resident_with_a_badge(server, console, page):
    make_staff(server.app, "Claire", "animateur")
    nadia = make_resident(server.app, "Nadia")
    voisin = make_resident(server.app, "Voisin")
    send_observations(server.app, nadia, {"text": MINE, "theme": "logement"})
    (theirs,) = send_observations(server.app, voisin, {"text": THEIRS})

    open_console(console, "Claire")
    go_to(console, "Modération")
    # The neighbour's report, read: it will show on Nadia's map.
    card(console, THEIRS).get_by_role("button", name="Marquer comme relue").click()
    expect(card(console, THEIRS).get_by_text("Observation marquée comme relue.")).to_be_visible()
    mine = card(console, MINE)
    mine.locator("summary", has_text="Suivi public").click()
    mine.get_by_label("Étape").select_option("transmise")
    mine.get_by_role("button", name="Enregistrer le suivi").click()
    expect(mine.get_by_role("alert")).to_contain_text("Indiquez à qui")
    mine.get_by_label("Transmise à").fill("Bailleur (Promologis)")
    mine.get_by_label("Réponse publique").fill(
        "Nous avons prévenu le bailleur, réparation prévue jeudi."
    )
    mine.get_by_role("button", name="Enregistrer le suivi").click()
    expect(mine.get_by_text("Suivi enregistré : Transmise")).to_be_visible()
    both_widths(
        console,
        "console-70-suivi-public",
        "modération : suivi public",
        {"width": 1280, "height": 800},
    )
    open_survey(server.app)

    steps.log_in(page, "Nadia")
    news_tab = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Nouveautés"
    )
    expect(news_tab).to_contain_text("2")  # the reply and the new survey, not seen yet
    page.get_by_role("link", name="Mes observations").click()
    report = page.locator(".card", has_text=MINE)
    expect(report).to_contain_text("Suivi : Transmise")
    expect(report).to_contain_text("Bailleur (Promologis)")
    expect(report).to_contain_text("réparation prévue jeudi")
    check_accessibility(page, "mes observations : suivi")
    screenshot(page, "71-mes-observations-suivi")

    news_tab.click()
    expect(page.get_by_role("heading", name="Nouveautés", exact=True)).to_be_visible()
    expect(page.get_by_text("Nouvelle enquête : Vivre à Saint-Jean")).to_be_visible()
    expect(page.locator(".news-item.suivi")).to_contain_text("réparation prévue jeudi")
    expect(page.locator(".badge.new")).to_have_count(2)
    expect(page.get_by_text("1 signalement de voisin·es")).to_be_visible()
    page.get_by_text("Voir la liste").click()
    expect(page.locator(".neighbours-list")).to_contain_text(THEIRS)
    expect(page.locator(".neighbours-list")).not_to_contain_text("Voisin")
    assert theirs not in page.content()
    expect(news_tab).not_to_contain_text("2")  # seen: the badge is gone
    both_widths(page, "72-nouveautes", "nouveautés", {"width": 360, "height": 740})

    # Seen stays seen after a reload.
    page.reload()
    expect(page.get_by_role("heading", name="Nouveautés", exact=True)).to_be_visible()
    expect(page.locator(".news-item")).to_have_count(2)
    expect(page.locator(".badge.new")).to_have_count(0)
