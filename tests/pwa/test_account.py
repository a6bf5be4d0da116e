"""The resident's rights in the app: the privacy notice (at join, and asked again when it changes),
their data downloaded, their account deleted (with or without their contributions), a password
reset with the animateur's code, and the thumbnails of their photos."""

from __future__ import annotations

import json
import pathlib

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.campaigns import open_campaign, stored_responses
from tests.pwa.conftest import (
    PASSWORD,
    check_accessibility,
    make_invite,
    make_resident,
    screenshot,
)
from tests.pwa.test_offline_reports import stored, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def new_notice(server):
    """``publish()`` puts a new version of the privacy notice in force on the running server."""
    config = server.app.config
    original = config["CONSENT_VERSION"]
    versions = iter(["2027-01", "2027-06"])
    yield lambda: config.__setitem__("CONSENT_VERSION", next(versions))
    config["CONSENT_VERSION"] = original


def test_the_full_notice_is_readable_before_joining(server, page):
    code = make_invite(server.app)
    page.goto(f"/?invite={code}")
    page.get_by_role("link", name="Lire la notice de confidentialité complète").click()
    expect(page.get_by_role("heading", name="Vos données sur Veilleurs")).to_be_visible()
    expect(page.get_by_text("Tout récupérer", exact=True)).to_be_visible()
    check_accessibility(page, "notice complète")
    screenshot(page, "30-notice-complete")
    page.get_by_role("link", name="Retour").click()
    expect(page.get_by_role("heading", name="Rejoindre les veilleurs")).to_be_visible()
    expect(page.get_by_label("Code d'invitation")).to_have_value(code)


def test_consent_is_asked_again_when_the_notice_changes(server, page, new_notice):
    make_resident(server.app, "Awa")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/me")):
        steps.log_in(page, "Awa")  # the app reads my account (consent included) as it opens
    new_notice()
    # A report made now is refused by the server for want of consent: the app asks for it.
    expect(page.get_by_text("Position GPS trouvée", exact=False)).to_be_visible()
    steps.choose_tile(page, "Propreté, déchets")
    steps.choose_tile(page, "Une difficulté")
    page.get_by_label("Décrivez en quelques mots").fill("Tags rue Voltaire")
    page.get_by_role("button", name="Enregistrer l'observation").click()
    expect(
        page.get_by_role("heading", name="La notice de confidentialité a changé")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Vos données sur Veilleurs")).to_be_visible()
    assert stored(server.app)[0] == []
    check_accessibility(page, "notice à accepter")
    screenshot(page, "31-notice-a-accepter")
    page.get_by_role("button", name="Accepter et continuer").click()
    expect(page.get_by_text("Cochez la case pour accepter la notice", exact=False)).to_be_visible()
    page.get_by_label("J'ai lu cette notice et j'accepte de continuer à participer.").check()
    page.get_by_role("button", name="Accepter et continuer").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
    wait_until(page, lambda: stored(server.app)[0])  # the waiting report goes with the new consent
    assert [o["text"] for o in stored(server.app)[0]] == ["Tags rue Voltaire"]

    new_notice()  # and when the app opens, it asks the server (GET /me)
    page.reload()
    expect(
        page.get_by_role("heading", name="La notice de confidentialité a changé")
    ).to_be_visible()
    page.get_by_role("link", name="Mon compte").click()  # the account stays open meanwhile
    expect(page.get_by_role("button", name="Télécharger mes données")).to_be_visible()


def account_rows(app):
    from backend.extensions.database import db
    from backend.models import Observation, User

    with app.app_context():
        users = db.session.scalars(sa.select(User.pseudonym)).all()
        authors = db.session.scalars(sa.select(Observation.author_id)).all()
        return users, authors


ONE_QUESTION = """
| survey |
| | type | name | label | required |
| | text | idee | Votre idée pour le quartier | yes |
"""


@pytest.mark.parametrize("keep", [True, False], ids=["keep-contributions", "delete-all"])
def test_download_my_data_then_delete_my_account(server, context, page, keep):
    make_resident(server.app, "Samir")
    steps.log_in(page, "Samir")
    steps.report(page, theme="Logement, habitat", polarity="Une idée", text="Un local vélos")
    wait_until(page, lambda: stored(server.app)[0])
    open_campaign(server.app, ONE_QUESTION, title="Une question")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Une question »").click()
    page.get_by_label("Votre idée pour le quartier").fill("Des bancs")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    wait_until(page, lambda: stored_responses(server.app))
    page.get_by_role("link", name="Compte").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger mes données").click()
    assert download.value.suggested_filename.startswith("mes-donnees-veilleurs-")
    data = json.loads(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["pseudonym"] == "Samir"
    assert [o["text"] for o in data["observations"]] == ["Un local vélos"]
    assert [r["answers"] for r in data["responses"]] == [{"idee": "Des bancs"}]
    expect(page.get_by_text("Fichier téléchargé", exact=False)).to_be_visible()

    page.get_by_role("button", name="Supprimer mon compte…").click()
    choice = "Laisser mes contributions" if keep else "Tout supprimer."
    page.get_by_label(choice, exact=False).check()
    check_accessibility(page, "supprimer mon compte")
    screenshot(page, "32-supprimer-compte")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Dernière confirmation.", exact=False)).to_be_visible()
    screenshot(page, "33-supprimer-compte-confirmer")
    page.get_by_role("button", name="Oui, supprimer définitivement mon compte").click()

    expect(page.get_by_role("heading", name="Rejoindre les veilleurs")).to_be_visible()
    expect(page.get_by_text("Merci", exact=False)).to_be_visible()
    users, authors = account_rows(server.app)
    assert "Samir" not in users
    assert authors == ([None] if keep else [])
    responses = stored_responses(server.app)
    assert [(r["respondent"], r["answers"]) for r in responses] == (
        [(None, {"idee": "Des bancs"})] if keep else []
    )
    assert page.evaluate("localStorage.getItem('veilleurs.session')") is None
    page.reload()  # nobody is logged in on this phone any more
    expect(page.get_by_role("heading", name="Rejoindre les veilleurs")).to_be_visible()
    expect(page.get_by_text("Merci", exact=False)).to_have_count(0)


def test_a_password_reset_with_the_animateurs_code(server, page):
    from backend.extensions.database import db
    from backend.models import User
    from backend.services import users
    from backend.services.scope import scope_of

    resident = make_resident(server.app, "Yasmina")
    animateur = make_resident(server.app, "Anim Muret")
    with server.app.app_context():
        actor = db.session.get(User, animateur)
        actor.role = "animateur"
        code, _ = users.start_password_reset(scope_of(actor), db.session.get(User, resident))
        db.session.commit()

    page.goto("/#/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    page.get_by_label("Pseudonyme").fill("Yasmina")
    page.get_by_label("Code de réinitialisation").fill("0000-0000-0000")
    page.get_by_label("Nouveau mot de passe", exact=True).fill("un-nouveau-secret")
    page.get_by_role("button", name="Changer mon mot de passe").click()
    expect(page.get_by_text("Pseudonyme ou code incorrect", exact=False)).to_be_visible()
    check_accessibility(page, "mot de passe oublié")
    screenshot(page, "34-mot-de-passe-oublie")
    page.get_by_label("Code de réinitialisation").fill(code.lower())
    page.get_by_role("button", name="Changer mon mot de passe").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()

    page.get_by_role("link", name="Compte").click()
    page.get_by_role("button", name="Me déconnecter").click()
    page.get_by_label("Pseudonyme").fill("Yasmina")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)  # the old one no longer works
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Mot de passe", exact=True).fill("un-nouveau-secret")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()


def test_my_observations_show_their_photo_thumbnails(server, page, photo_file):
    make_resident(server.app, "Inès")
    steps.log_in(page, "Inès")
    steps.report(page, theme="Espaces verts, nature, chaleur", polarity="Une ressource",
                 text="Le jardin partagé", photo=photo_file)  # fmt: skip
    wait_until(page, lambda: stored(server.app)[1] == 1)
    page.get_by_role("link", name="Mes observations", exact=True).click()
    thumbnail = page.get_by_role("img", name="Photo 1 de l'observation « Le jardin partagé »")
    expect(thumbnail).to_be_visible()
    # A signed link: the <img> loads it without a token.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    check_accessibility(page, "mes observations avec photo")
    screenshot(page, "35-mes-observations-photo")
