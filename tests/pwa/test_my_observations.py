""" "Mes observations": the state of each one (sent, hidden by the animateur with the reason, to
correct, already received with other content), edit and delete one's own."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.backend.conftest import observation_payload
from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_resident, screenshot

pytestmark = pytest.mark.browser


def create_observations(app, user_id, *payloads, hidden_reason=None):
    """Observations the resident sent earlier (the last one hidden if ``hidden_reason``)."""
    from backend.extensions.database import db
    from backend.models import Observation
    from backend.resources.observations.schemas import ObservationCreateSchema
    from backend.services.observations import create_observations as create

    with app.test_request_context():
        items = [ObservationCreateSchema().load(p) for p in payloads]
        create(user_id, items)
        if hidden_reason:
            last = db.session.get(Observation, items[-1]["id"])
            last.status, last.moderation_reason = "hidden", hidden_reason
        db.session.commit()


def texts_on_server(app) -> list[str]:
    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        return sorted(db.session.scalars(sa.select(Observation.text)))


def test_states_edit_and_delete(server, page):
    user_id = make_resident(server.app, "Fatou")
    create_observations(
        server.app,
        user_id,
        observation_payload(text="Le square est propre depuis lundi", polarity="ressource"),
        observation_payload(text="Tags injurieux sur la porte du local", theme="tranquillite"),
        hidden_reason="Propos visant une personne : merci de reformuler.",
    )
    steps.log_in(page, "Fatou")
    page.get_by_role("link", name="Mes observations", exact=True).click()
    expect(page.get_by_role("heading", name="Envoyées (2)")).to_be_visible()
    expect(page.locator(".badge.visible")).to_have_count(1)
    hidden = page.locator(".card", has_text="Tags injurieux")
    expect(hidden.locator(".badge")).to_have_text("Masquée par l'animateur")
    expect(hidden).to_contain_text("Propos visant une personne : merci de reformuler.")
    expect(hidden).to_contain_text("Saint Jean")
    check_accessibility(page, "mes observations")
    screenshot(page, "07-mes-observations")

    page.locator(".card", has_text="Le square").get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("heading", name="Modifier l'observation")).to_be_visible()
    expect(page.get_by_role("radio", name="Une ressource")).to_be_checked()
    page.get_by_label("Décrivez en quelques mots").fill("Le square est propre depuis lundi, merci")
    check_accessibility(page, "modifier")
    screenshot(page, "08-modifier")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page.get_by_text("Le square est propre depuis lundi, merci")).to_be_visible()

    hidden.get_by_role("button", name="Supprimer").click()
    hidden.get_by_role("button", name="Oui, supprimer").click()
    expect(page.get_by_text("Observation supprimée.")).to_be_visible()
    expect(page.get_by_text("Tags injurieux")).to_have_count(0)
    assert texts_on_server(server.app) == ["Le square est propre depuis lundi, merci"]


def answer_sync_with(page, status: str, errors=None) -> None:
    """The server's next answer to /sync gives every item this status."""

    def handler(route):
        batch = json.loads(route.request.post_data)
        results = [
            {"id": o["id"], "kind": "observation", "status": status}
            | ({"errors": errors} if errors else {})
            for o in batch["observations"]
        ]
        route.fulfill(json={"results": results})

    page.route("**/api/v1/sync", handler, times=1)


def test_refused_and_conflicting_reports_tell_the_resident_what_to_do(server, page):
    make_resident(server.app, "Lucas")
    steps.log_in(page, "Lucas")
    message = "Texte trop long (5200 caractères ; maximum 5000)."
    answer_sync_with(page, "invalid", {"text": [message]})
    steps.report(
        page, theme="Logement, habitat", polarity="Une difficulté", text="Ascenseur en panne"
    )
    expect(page.get_by_role("link", name="1 à vérifier")).to_be_visible()
    page.get_by_role("link", name="1 à vérifier").click()
    card = page.locator(".card", has_text="Ascenseur en panne")
    expect(card.locator(".badge")).to_have_text("À corriger")
    expect(card).to_contain_text(f"Description : {message}")
    check_accessibility(page, "à corriger")
    screenshot(page, "09-a-corriger")

    card.get_by_role("link", name="Corriger").click()
    page.get_by_label("Décrivez en quelques mots").fill("Ascenseur en panne au bâtiment B")
    answer_sync_with(page, "conflict")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    card = page.locator(".card", has_text="Ascenseur en panne au bâtiment B")
    expect(card.locator(".badge")).to_have_text("Déjà reçue, différente")
    check_accessibility(page, "conflit")
    screenshot(page, "10-conflit")
    assert texts_on_server(server.app) == []

    card.get_by_role("button", name="Envoyer comme nouvelle").click()
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    assert texts_on_server(server.app) == ["Ascenseur en panne au bâtiment B"]
