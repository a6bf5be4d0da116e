"""Logging in again on another day, staying logged in across restarts (the refresh token, rotated
by the server), renewing an expired access token without the resident noticing, logging out."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_resident, screenshot

pytestmark = pytest.mark.browser


def live_refresh_tokens(app, user_id) -> int:
    from backend.extensions.database import db
    from backend.models import RefreshToken

    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        )


def stored_session(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('veilleurs.session')") or "null")


def test_log_in_stay_logged_in_renew_and_log_out(server, context, page):
    user_id = make_resident(server.app, "Karim")
    page.goto("/")
    check_accessibility(page, "se connecter")
    screenshot(page, "05-se-connecter")

    page.get_by_label("Pseudonyme").fill("Karim")
    page.get_by_label("Mot de passe", exact=True).fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Pseudonyme ou mot de passe incorrect.")
    steps.log_in(page, "Karim")

    # The phone restarts the app: a new page, same storage, still logged in.
    page.close()
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()

    # A day later the access token has expired: the app renews it with the refresh token (which
    # the server rotates) and the resident sees nothing of it.
    before = stored_session(page)
    expired = before | {"access_token": before["access_token"][:-4] + "AAAA"}
    page.evaluate("s => localStorage.setItem('veilleurs.session', s)", json.dumps(expired))
    page.goto("/#/compte")
    page.reload()
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()
    expect(page.get_by_text("Saint Jean", exact=False)).to_be_visible()
    page.wait_for_function(
        "old => JSON.parse(localStorage.getItem('veilleurs.session')).refresh_token !== old",
        arg=before["refresh_token"],
    )
    assert live_refresh_tokens(server.app, user_id) == 1
    check_accessibility(page, "compte")
    screenshot(page, "06-compte")

    page.get_by_role("button", name="Me déconnecter").click()
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    assert stored_session(page) is None
    assert live_refresh_tokens(server.app, user_id) == 0


def test_logging_out_with_unsent_reports_asks_first(server, context, page):
    make_resident(server.app, "Nadia")
    steps.log_in(page, "Nadia")
    context.set_offline(True)
    steps.report(
        page,
        theme="Santé, accès aux soins",
        polarity="Une difficulté",
        text="Plus de médecin au centre",
    )
    page.get_by_role("link", name="Compte").click()
    page.get_by_role("button", name="Me déconnecter").click()
    expect(page.get_by_role("alert")).to_contain_text("1 observation n'est pas encore envoyée.")
    page.get_by_role("button", name="Rester connecté·e").click()
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()
    expect(page.get_by_text("1 observation en attente d'envoi.")).to_be_visible()


def test_a_wrong_invitation_code_is_explained(server, page):
    page.goto("/?invite=ZZZZ-ZZZZ")
    page.get_by_label("Pseudonyme").fill("Yasmine")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe")
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Cochez la case pour accepter la notice : c'est nécessaire pour participer."
    )
    page.get_by_label("J'ai lu cette notice et j'accepte de participer.").check()
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Code d'invitation inconnu : vérifiez-le auprès de votre animateur."
    )
    check_accessibility(page, "rejoindre avec erreurs")
    screenshot(page, "13-rejoindre-erreur")
