"""Moderation at volume, in the console: a text search that ignores accents finds the reports
about lighting among many, the keyboard moves through the queue and ticks them, one bulk action
hides the ticked ones with one reason (their authors read it on their phone), another marks a
whole page read. Axe clean, screenshots at 390 px and 1366 px."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.backend.conftest import inside
from tests.backend.test_streets import ban_csv
from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console
from tests.pwa.console.moderation_steps import card, cards, send_observations, stored

pytestmark = pytest.mark.browser

LIGHTS = ("Éclairage en panne rue Gounod", "ECLAIRAGE du parking trop faible")


def both_widths(page: Page, name: str, screen: str) -> None:
    for width, height, device in ((390, 844, "telephone"), (1366, 768, "portable")):
        page.set_viewport_size({"width": width, "height": height})
        check_accessibility(page, f"{screen} ({width} px)")
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"{name}-{device}")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_search_keyboard_and_bulk_actions(server, console, page, tmp_path):
    make_staff(server.app, "Claire", "animateur")
    streets = tmp_path / "adresses-31.csv"  # the BAN's file of the commune, by the command line
    streets.write_bytes(ban_csv([("Rue Gounod", *inside("QP031001"))]))
    result = server.app.test_cli_runner().invoke(args=["streets", "import", str(streets)])
    assert result.exit_code == 0, result.output
    awa = make_resident(server.app, "Awa")
    send_observations(
        server.app,
        awa,
        *[{"text": text} for text in LIGHTS],
        *[{"text": f"Encombrants devant l'entrée n°{i}"} for i in range(12)],
    )
    open_console(console, "Claire")
    go_to(console, "Modération")
    expect(console.get_by_text("14 observations à relire.")).to_be_visible()

    console.get_by_label("Rechercher dans le texte").fill("eclairage")
    console.get_by_role("button", name="Rechercher", exact=True).click()
    expect(console.get_by_text("2 observations à relire.")).to_be_visible()
    expect(cards(console)).to_have_count(2)
    expect(card(console, LIGHTS[0])).to_contain_text("près de : Rue Gounod")  # a place she knows

    # The keyboard: j goes to the first card, x ticks it, j then x the next.
    console.get_by_role("heading", name="Modération", level=1).focus()
    console.keyboard.press("j")
    expect(console.locator("article.moderation-card h2").first).to_be_focused()
    console.keyboard.press("x")
    console.keyboard.press("j")
    console.keyboard.press("x")
    expect(console.get_by_text("2 observations sélectionnées")).to_be_visible()
    bar = console.get_by_role("region", name="Actions groupées")
    console.get_by_role("button", name="Masquer la sélection").click()
    expect(console.get_by_role("alert").filter(has_text="Indiquez la raison")).to_be_visible()
    console.get_by_label("Raison du masquage", exact=True).fill(
        "Déjà signalé à la mairie : merci !"
    )
    both_widths(console, "console-80-moderation-volume", "modération : sélection")
    console.get_by_role("button", name="Masquer la sélection").click()
    expect(console.get_by_text("2 observations masquées")).to_be_visible()
    expect(console.get_by_text("Aucune observation à relire ne correspond")).to_be_visible()
    assert all(stored(server.app, text)["status"] == "hidden" for text in LIGHTS)
    assert bar is not None

    # The rest of the queue, one page, read in one action.
    console.get_by_label("Rechercher dans le texte").fill("")
    console.get_by_role("button", name="Rechercher", exact=True).click()
    expect(console.get_by_text("12 observations à relire.")).to_be_visible()
    console.get_by_role("button", name="Tout sélectionner sur la page").click()
    expect(console.get_by_text("10 observations sélectionnées")).to_be_visible()
    console.get_by_role("button", name="Marquer comme relues").click()
    expect(console.get_by_text("2 observations à relire.")).to_be_visible()
    expect(card(console, "n°0")).to_have_count(1)

    # Awa reads why on her phone.
    steps.log_in(page, "Awa")
    page.get_by_role("link", name="Mes observations").click()
    hidden = page.locator(".card", has_text=LIGHTS[0])
    expect(hidden).to_contain_text("Déjà signalé à la mairie : merci !")


def test_a_resident_retakes_the_photo_and_the_report_returns_to_the_queue(
    server, console, page, photo_file
):
    from tests.backend.test_photos import jpeg_with_gps
    from tests.pwa.console.analyses_steps import token

    make_staff(server.app, "Claire", "animateur")
    awa = make_resident(server.app, "Awa")
    (observation_id,) = send_observations(server.app, awa, {"text": "Fuite sous l'évier commun"})
    client = server.app.test_client()
    first = client.post(
        f"/api/v1/observations/{observation_id}/photos",
        data={"file": (io.BytesIO(jpeg_with_gps(120, 90)), "floue.jpg")},
        headers=token(client, "Awa"),
        content_type="multipart/form-data",
    ).json

    open_console(console, "Claire")
    go_to(console, "Modération")
    report = card(console, "Fuite sous l'évier")
    report.get_by_role("button", name="Masquer…").click()
    report.get_by_label("Raison du masquage").fill("Photo floue : pouvez-vous la reprendre ?")
    report.get_by_role("button", name="Masquer l'observation").click()
    expect(console.get_by_text("Observation masquée")).to_be_visible()
    console.get_by_role("button", name="Actualiser la file").click()
    expect(console.get_by_text("Aucune observation à relire")).to_be_visible()

    steps.log_in(page, "Awa")
    page.get_by_role("link", name="Mes observations").click()
    mine = page.locator(".card", has_text="Fuite sous l'évier")
    expect(mine).to_contain_text("Photo floue : pouvez-vous la reprendre ?")
    mine.get_by_label("Remplacer la photo 1").set_input_files(str(photo_file))
    expect(page.get_by_text("Photo remplacée.")).to_be_visible()
    thumbnail = mine.get_by_role("img")
    expect(thumbnail).to_have_count(1)
    expect(thumbnail).not_to_have_attribute("src", re.compile(first["id"]))
    check_accessibility(page, "mes observations : photo remplacée")
    screenshot(page, "81-photo-remplacee")

    console.get_by_role("button", name="Actualiser la file").click()
    expect(console.get_by_text("1 observation à relire.")).to_be_visible()
    expect(card(console, "Fuite sous l'évier").locator(".badge")).to_have_text(
        ["À relire", "Masquée"]
    )
