"""Invitations in the console: an organiser creates a code for her territory, shows its QR code (read
here by a real decoder), a resident joins with the link it holds, the list counts them, and a
revoked code lets nobody in any more; the poster prints alone; each organiser sees only what the
API lets them do."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.pwa.conftest import PASSWORD, PHONE, SCREENSHOTS, check_accessibility
from tests.pwa.conftest import screenshot as full_page_screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

LIST = "Invitations de "


def screenshot(page: Page, name: str) -> None:
    """The whole page from its top (the sticky top bar then stays where it belongs)."""
    page.evaluate("window.scrollTo(0, 0)")
    full_page_screenshot(page, name)


def decode_qr(png: bytes) -> str:
    """The text of the one QR code in a screenshot, as a phone's camera would read it."""
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(codes) == 1, f"{len(codes)} QR codes read"
    return codes[0].text


def invite_row(page: Page, code: str):
    table = page.get_by_role("table", name=re.compile(LIST))
    return table.get_by_role("row").filter(has=page.get_by_text(code, exact=True))


def cell(page: Page, code: str, column: str):
    """One cell of an invitation's row, by its column's header (once the row is there)."""
    expect(invite_row(page, code)).to_be_visible()
    headers = page.get_by_role("table", name=re.compile(LIST)).locator("thead th").all_inner_texts()
    return invite_row(page, code).locator("td").nth(headers.index(column))


def fill_join_form(phone: Page, pseudonym: str) -> None:
    expect(phone.get_by_role("heading", name="Rejoindre les veilleurs")).to_be_visible()
    phone.get_by_label("Pseudonyme").fill(pseudonym)
    phone.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    phone.get_by_label("J'ai lu cette notice et j'accepte de participer.").check()
    phone.get_by_role("button", name="Rejoindre").click()


def test_a_qr_code_brings_a_resident_in_until_it_is_revoked(server, console, page, browser):
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Invitations")
    expect(console.get_by_role("heading", name="Invitations", exact=True)).to_be_visible()
    expect(console.get_by_text("Aucune invitation pour l'instant")).to_be_visible()
    check_accessibility(console, "invitations : formulaire")
    screenshot(console, "console-10-invitations-formulaire")

    # What cannot be sent is said in French, beside the field and at the top.
    console.get_by_label("Nombre d'utilisations").fill("0")
    console.get_by_role("button", name="Créer l'invitation").click()
    summary = console.get_by_role("alert").filter(has_text="L'invitation n'a pas été créée")
    expect(summary).to_contain_text("un nombre entier entre 1 et 100 000")
    check_accessibility(console, "invitations : erreurs")
    screenshot(console, "console-11-invitations-erreurs")

    console.get_by_label("Nombre d'utilisations").fill("25")
    console.get_by_role("button", name="Créer l'invitation").click()
    created = console.get_by_role("status").filter(has_text=re.compile(r"Invitation \S+ créée"))
    expect(created).to_be_visible()
    code = re.search(r"Invitation (\S+) créée", created.inner_text()).group(1)
    expect(cell(console, code, "Utilisations / maximum")).to_have_text("0 / 25")
    expect(cell(console, code, "État")).to_have_text("Active")
    expect(cell(console, code, "Rôle")).to_have_text("Veilleur")

    # The QR code on the screen holds the join link, shown as text too.
    link = f"{server.url}/?invite={code}"
    expect(console.get_by_label("Lien d'inscription")).to_have_value(link)
    qr = console.get_by_role("img", name=re.compile(r"QR code : lien pour rejoindre"))
    assert decode_qr(qr.screenshot()) == link
    console.get_by_role("button", name="Copier le lien").click()
    expect(console.get_by_text(re.compile(r"Lien copié|Le lien est sélectionné"))).to_be_visible()
    check_accessibility(console, "invitations : QR code et liste")
    screenshot(console, "console-12-invitations-qr-liste")

    # A resident scans it: the app opens on the join form with the code filled in.
    page.goto(decode_qr(qr.screenshot()))
    expect(page.get_by_label("Code d'invitation")).to_have_value(code)
    fill_join_form(page, "Nadia")
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()

    console.get_by_role("button", name="Actualiser").click()
    expect(cell(console, code, "Personnes inscrites")).to_have_text("1")
    expect(cell(console, code, "Utilisations / maximum")).to_have_text("1 / 25")

    # Revoked after a confirmation: the code no longer lets anyone in.
    invite_row(console, code).get_by_role("button", name=f"Révoquer {code}").click()
    dialog = console.get_by_role("dialog", name=f"Révoquer l'invitation {code} ?")
    expect(dialog).to_contain_text("La personne inscrite garde son compte")
    check_accessibility(console, "invitations : confirmation de révocation")
    screenshot(console, "console-13-invitations-revoquer")
    # The safe choice has the focus; Échap cancels, as "Annuler" does.
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    console.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(cell(console, code, "État")).to_have_text("Active")
    invite_row(console, code).get_by_role("button", name=f"Révoquer {code}").click()
    dialog.get_by_role("button", name="Oui, révoquer").click()
    expect(console.get_by_text(f"L'invitation {code} est révoquée")).to_be_visible()
    expect(cell(console, code, "État")).to_have_text("Révoquée")
    revoke = invite_row(console, code).get_by_role("button", name=f"Révoquer {code}")
    expect(revoke).to_have_count(0)
    # Its poster is no longer offered, and the page says why.
    expect(console.get_by_text("Révoquée : ce code ne permet plus de rejoindre.")).to_be_visible()
    expect(qr).to_have_count(0)
    screenshot(console, "console-14-invitations-revoquee")

    other = browser.new_context(base_url=server.url, viewport=PHONE, locale="fr-FR")
    try:
        phone = other.new_page()
        phone.goto(link)
        expect(phone.get_by_label("Code d'invitation")).to_have_value(code)
        fill_join_form(phone, "Karim")
        expect(phone.get_by_role("alert")).to_contain_text("Code d'invitation inconnu")
        expect(phone.get_by_role("heading", name="Signaler")).to_have_count(0)
    finally:
        other.close()


def test_the_poster_prints_alone_and_projects_full_screen(server, console):
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Invitations")
    console.get_by_role("button", name="Créer l'invitation").click()
    created = console.get_by_role("status").filter(has_text=re.compile(r"Invitation \S+ créée"))
    code = re.search(r"Invitation (\S+) créée", created.inner_text()).group(1)
    poster = console.get_by_role("region", name="Rejoignez les veilleurs du quartier")
    expect(poster).to_contain_text(code)
    expect(poster).to_contain_text("Saint Jean")  # the territory's name, not only its code
    expect(poster).to_contain_text("Code valable jusqu'au")

    # On paper: the poster only, its QR code large and still readable.
    console.emulate_media(media="print")
    expect(console.get_by_role("navigation", name="Menu de la console")).to_be_hidden()
    expect(console.get_by_role("button", name="Créer l'invitation")).to_be_hidden()
    expect(console.get_by_role("table")).to_be_hidden()
    expect(console.get_by_label("Lien d'inscription")).to_be_hidden()
    qr = poster.get_by_role("img")
    assert qr.bounding_box()["width"] > 400  # 12 cm at 96 px per inch
    assert decode_qr(qr.screenshot()) == f"{server.url}/?invite={code}"
    screenshot(console, "console-15-invitations-affiche-a4")
    console.emulate_media(media="screen")

    # On a projector: the poster fills the screen; Échap brings the console back.
    console.get_by_role("button", name="Projeter").click()
    projected = console.get_by_role("dialog", name="Affiche projetée")
    expect(projected).to_be_visible()
    box = projected.bounding_box()
    size = console.viewport_size
    assert box["width"] >= size["width"] - 1 and box["height"] >= size["height"] - 1
    check_accessibility(console, "invitations : projection")
    # The screen only: what the projector shows.
    console.screenshot(path=str(SCREENSHOTS / "console-16-invitations-projection.png"))
    console.keyboard.press("Escape")
    expect(projected).to_have_count(0)
    expect(console.get_by_role("button", name="Projeter")).to_be_visible()


def test_the_list_tells_active_expired_used_up_and_revoked(server, console):
    from backend.extensions.database import db
    from backend.models import Invite, User
    from backend.services import accounts
    from backend.services.scope import scope_of
    from backend.services.territories import get_territory

    make_staff(server.app, "Claire", "animateur")
    with server.app.app_context():
        claire = scope_of(db.session.query(User).filter_by(pseudonym="Claire").one())
        muret = get_territory("QP031001")
        codes = {}
        for name, kwargs in {
            "active": {"max_uses": 5},
            "expired": {},
            "used-up": {"max_uses": 2},
            "revoked": {},
        }.items():
            codes[name] = accounts.create_invite(claire, muret, **kwargs).code
        invites = {i.code: i for i in db.session.query(Invite)}
        invites[codes["expired"]].expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        invites[codes["used-up"]].uses = 2
        accounts.revoke_invite(claire, codes["revoked"])
        db.session.commit()

    open_console(console, "Claire")
    go_to(console, "Invitations")
    expect(console.get_by_text("4 invitations, 2 personnes inscrites")).to_be_visible()
    states = {"active": "Active", "expired": "Expirée", "used-up": "Épuisée", "revoked": "Révoquée"}
    for name, state in states.items():
        expect(cell(console, codes[name], "État")).to_have_text(state)
    expect(cell(console, codes["active"], "Expire le")).to_have_text("Sans date limite")
    check_accessibility(console, "invitations : états")
    screenshot(console, "console-17-invitations-etats")


def test_an_animateur_invites_only_to_her_territories_and_roles(server, console):
    make_staff(server.app, "Claire", "animateur", territories=("QP031001",))
    open_console(console, "Claire")
    go_to(console, "Invitations")
    territories = console.get_by_label("Territoire").locator("option")
    expect(territories).to_have_text([re.compile(r"\(QP031001\)$")])  # one, hers
    roles = console.get_by_label("Rôle des personnes invitées").locator("option")
    expect(roles).to_have_text(["Veilleur (habitant·e)", "Animateur"])

    # Her territory is taken from her while the page is open: the API refuses, the page says why.
    from backend.extensions.database import db
    from backend.models import User

    with server.app.app_context():
        db.session.query(User).filter_by(pseudonym="Claire").one().territories = []
        db.session.commit()
    console.get_by_role("button", name="Créer l'invitation").click()
    summary = console.get_by_role("alert").filter(has_text="L'invitation n'a pas été créée")
    expect(summary).to_contain_text("Vous n'animez pas ce territoire.")
    screenshot(console, "console-18-invitations-refus")


def test_an_admin_invites_anywhere_with_any_role(server, console):
    make_staff(server.app, "Sam", "admin", territories=())
    open_console(console, "Sam")
    go_to(console, "Invitations")
    select = console.get_by_label("Territoire")
    select.select_option("QP066007")
    expect(
        console.get_by_role("heading", name=re.compile("Invitations de Bas-Vernet"))
    ).to_be_visible()
    roles = console.get_by_label("Rôle des personnes invitées").locator("option")
    expect(roles).to_have_text(["Veilleur (habitant·e)", "Animateur", "Analyste", "Administrateur"])
    console.get_by_label("Rôle des personnes invitées").select_option("analyste")
    console.get_by_label("Nombre d'utilisations").fill("1")
    console.get_by_role("button", name="Créer l'invitation").click()
    created = console.get_by_role("status").filter(has_text=re.compile(r"Invitation \S+ créée"))
    code = re.search(r"Invitation (\S+) créée", created.inner_text()).group(1)
    expect(cell(console, code, "Rôle")).to_have_text("Analyste")
    # A staff code is given by hand: its QR code, but no poster for a wall.
    expect(console.get_by_text("donnez-le en main propre, ne l'affichez pas")).to_be_visible()
    qr = console.get_by_role("img", name=re.compile("QR code : lien pour rejoindre"))
    assert decode_qr(qr.screenshot()) == f"{server.url}/?invite={code}"
    wall_poster = console.get_by_role("region", name="Rejoignez les veilleurs du quartier")
    expect(wall_poster).to_have_count(0)
    expect(console.get_by_role("button", name="Projeter")).to_have_count(0)
    check_accessibility(console, "invitations : code d'analyste")
    screenshot(console, "console-19-invitations-admin")
