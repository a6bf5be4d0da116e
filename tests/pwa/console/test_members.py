"""« Membres » in the console: an animateur sees who joined her territory and what they gave,
finds a resident by a piece of their pseudonym, makes the code a resident who forgot their
password types in the app (here, on a phone), disables then removes a member; an admin changes a
staff member's role. Axe clean, screenshots at 390 px and 1366 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.backend.conftest import observation_payload
from tests.pwa.conftest import PASSWORD, check_accessibility, make_resident, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

TABLE = re.compile("Membres de vos territoires")


def row(page: Page, pseudonym: str):
    table = page.get_by_role("table", name=TABLE)
    return table.get_by_role("row").filter(has=page.get_by_text(pseudonym, exact=True))


def cell(page: Page, pseudonym: str, column: str):
    expect(row(page, pseudonym)).to_be_visible()
    headers = page.get_by_role("table", name=TABLE).locator("thead th").all_inner_texts()
    return row(page, pseudonym).locator("td").nth(headers.index(column))


def report(app, pseudonym: str, count: int) -> None:
    client = app.test_client()
    tokens = client.post(
        "/api/v1/auth/token", json={"pseudonym": pseudonym, "password": PASSWORD}
    ).json
    for _ in range(count):
        response = client.post(
            "/api/v1/observations",
            json=observation_payload(),
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
        assert response.status_code == 201, response.json


def both_widths(page: Page, name: str, screen: str) -> None:
    """Axe and a screenshot on an organiser's phone (390 px) and a laptop (1366 px)."""
    for width, height, device in ((390, 844, "telephone"), (1366, 768, "portable")):
        page.set_viewport_size({"width": width, "height": height})
        check_accessibility(page, f"{screen} ({width} px)")
        screenshot(page, f"{name}-{device}")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_an_animateur_hands_a_reset_code_then_disables_and_removes(server, console, page):
    make_staff(server.app, "Claire", "animateur")
    make_resident(server.app, "Yasmina")
    make_resident(server.app, "Éloïse")
    make_resident(server.app, "Bruno")
    make_resident(server.app, "Loin d'ici", territories=("QP034005",))
    report(server.app, "Yasmina", 3)

    open_console(console, "Claire")
    go_to(console, "Membres")
    expect(console.get_by_role("heading", name="Membres", exact=True)).to_be_visible()
    expect(console.get_by_role("status").filter(has_text="4 membres.")).to_be_visible()
    expect(row(console, "Loin d'ici")).to_have_count(0)  # another territory's resident
    expect(cell(console, "Yasmina", "Contributions")).to_have_text("3 observations")
    expect(cell(console, "Bruno", "Contributions")).to_have_text("Aucune")
    expect(cell(console, "Bruno", "Dernière activité")).to_have_text("Jamais")
    expect(cell(console, "Yasmina", "Dernière activité")).not_to_have_text("Jamais")
    expect(cell(console, "Claire", "Actions")).to_have_text("")  # herself: nothing to do
    both_widths(console, "console-60-membres", "membres : liste")

    # Found without its accents.
    console.get_by_label("Pseudonyme").fill("eloi")
    expect(console.get_by_role("status").filter(has_text="1 membre.")).to_be_visible()
    expect(row(console, "Éloïse")).to_be_visible()
    console.get_by_label("Pseudonyme").fill("")
    expect(console.get_by_role("status").filter(has_text="4 membres.")).to_be_visible()

    # Yasmina forgot her password: the code is shown once, on a slip that can be printed.
    console.get_by_role("button", name="Nouveau code de réinitialisation pour Yasmina").click()
    dialog = console.get_by_role("dialog", name="Code de réinitialisation pour Yasmina")
    expect(dialog).to_contain_text("Valable une seule fois")
    expect(dialog.get_by_role("button", name="Imprimer")).to_be_visible()
    code = dialog.locator(".reset-code").inner_text()
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", code), code
    both_widths(console, "console-61-membres-code", "membres : code de réinitialisation")
    dialog.get_by_role("button", name="Fermer").click()
    expect(cell(console, "Yasmina", "État")).to_have_text("Code remis, en attente")

    # On her phone, with the code read aloud.
    page.goto("/#/mot-de-passe-oublie")
    page.get_by_label("Pseudonyme").fill("Yasmina")
    page.get_by_label("Code de réinitialisation").fill(code)
    page.get_by_label("Nouveau mot de passe", exact=True).fill("un-nouveau-secret")
    page.get_by_role("button", name="Changer mon mot de passe").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
    console.reload()
    expect(cell(console, "Yasmina", "État")).to_have_text("Actif")

    # Disabled: the state says so, and the resident's session ends.
    console.get_by_role("button", name="Désactiver Yasmina").click()
    expect(console.get_by_text("Yasmina est désactivé·e")).to_be_visible()
    expect(cell(console, "Yasmina", "État")).to_have_text("Désactivé")
    console.get_by_role("button", name="Réactiver Yasmina").click()
    expect(cell(console, "Yasmina", "État")).to_have_text("Actif")

    # Removed after a confirmation (Échap cancels).
    console.get_by_role("button", name="Retirer Bruno").click()
    confirm = console.get_by_role("dialog", name="Retirer Bruno ?")
    expect(confirm.get_by_role("button", name="Annuler")).to_be_focused()
    both_widths(console, "console-62-membres-retirer", "membres : retirer")
    console.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    console.get_by_role("button", name="Retirer Bruno").click()
    confirm.get_by_role("button", name="Oui, retirer").click()
    expect(console.get_by_text("Bruno a été retiré·e")).to_be_visible()
    expect(row(console, "Bruno")).to_have_count(0)
    expect(console.get_by_role("status").filter(has_text="3 membres.")).to_be_visible()


def test_an_admin_changes_a_staff_members_role(server, console):
    make_staff(server.app, "Alice", "admin", territories=())
    make_staff(server.app, "Marc", "analyste")
    open_console(console, "Alice")
    go_to(console, "Membres")
    role = console.get_by_label("Rôle de Marc")
    expect(role).to_have_value("analyste")
    role.select_option("animateur")
    expect(console.get_by_text("Marc est maintenant Animateur")).to_be_visible()
    expect(console.get_by_label("Rôle de Marc")).to_have_value("animateur")
    console.get_by_label("Rôle", exact=True).select_option("animateur")
    expect(console.get_by_role("status").filter(has_text="1 membre.")).to_be_visible()
    both_widths(console, "console-63-membres-admin", "membres : administrateur")
