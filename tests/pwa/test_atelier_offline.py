"""A participant's phone on a weak network: the answer given offline is kept on the phone, said
to be waiting, and sent when the network comes back — once, even if sent again."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_atelier(app) -> tuple[str, str]:
    """An atelier on QP031001 projecting its cooperation step: (id, code)."""
    from backend.extensions.database import db
    from backend.services import accounts, ateliers
    from backend.services.scope import scope_of
    from backend.services.territories import get_territory

    with app.test_request_context():
        user = accounts.create_user(
            "Nadia", "mot-de-passe-solide", "animateur", [get_territory("QP031001")]
        )
        scope = scope_of(user)
        body = {"territory": "QP031001", "title": "Atelier", "held_on": dt.date(2026, 3, 12)}
        atelier = ateliers.create_atelier(
            scope, body | {"steps": [{"kind": "cooperation"}]}, threshold=5, themes=[]
        )
        ateliers.update_atelier(scope, atelier, {"step": 0}, themes=[])
        db.session.commit()
        return str(atelier.id), atelier.join_code


def answers(app, atelier_id: str) -> int:
    from backend.extensions.database import db
    from backend.models import Atelier
    from backend.services import ateliers

    with app.app_context():
        atelier = db.session.get(Atelier, uuid.UUID(atelier_id))
        return ateliers.live(atelier)["step"]["results"]["answers"]


def test_an_answer_given_offline_is_sent_when_the_network_returns(server, context, page):
    atelier_id, code = open_atelier(server.app)
    page.goto(f"/#/atelier/{code}")
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.get_by_role("heading", name="Où en est notre coopération ?")).to_be_visible()

    context.set_offline(True)
    page.get_by_label("Assistance").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Réponse gardée sur le téléphone")).to_be_visible()
    expect(page.get_by_text("1 envoi en attente.")).to_be_visible()
    assert answers(server.app, atelier_id) == 0

    context.set_offline(False)  # the next refresh sends it
    expect(page.get_by_text("Réponse reçue.")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("1 envoi en attente.")).to_have_count(0)
    assert answers(server.app, atelier_id) == 1
    page.reload()  # nothing left to send: still one answer, and it is mine
    expect(page.get_by_label("Assistance")).to_be_checked()
    assert answers(server.app, atelier_id) == 1
