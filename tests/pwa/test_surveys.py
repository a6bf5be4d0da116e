"""Answering surveys in the app, from the resident's side: offline with skip logic, the form's
own constraint and required messages before sending, one response on the server after the
network comes back; a translated form; a repeat; drafts resumed; a refusal corrected."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.campaigns import open_campaign, stored_responses
from tests.pwa.conftest import check_accessibility, make_resident, screenshot

pytestmark = pytest.mark.browser


def next_page(page) -> None:
    page.get_by_role("button", name="Suivant").click()


def test_a_survey_answered_offline_reaches_the_server_once(server, context, page, surveys):
    make_resident(server.app, "Nadia")
    open_campaign(surveys, context, "vivre-dans-mon-quartier")
    steps.log_in(page, "Nadia")
    steps.wait_for_offline_shell(page)
    page.get_by_role("link", name="Enquêtes").click()
    expect(page.get_by_role("heading", name="Vivre dans mon quartier")).to_be_visible()
    check_accessibility(page, "enquêtes ouvertes")
    screenshot(page, "20-enquetes")

    context.set_offline(True)
    page.get_by_role("link", name="Répondre à « Vivre dans mon quartier »").click()
    expect(page.get_by_text("Cette enquête est anonyme.", exact=False)).to_be_visible()
    next_page(page)
    next_page(page)  # the required question left unanswered: the form's rule, before sending
    expect(page.get_by_text("Cette question est obligatoire.").first).to_be_visible()
    check_accessibility(page, "question obligatoire")
    screenshot(page, "21-enquete-obligatoire")
    page.get_by_label("De 1 à 5 ans").check()
    next_page(page)
    page.get_by_label("30-44 ans").check()
    next_page(page)
    page.get_by_label("Pas du tout satisfait·e").check()
    next_page(page)  # skip logic: this question only comes for those who are not satisfied
    page.get_by_label("Qu'est-ce qui rend la vie difficile dans le quartier ?").fill(
        "Les ascenseurs en panne"
    )
    next_page(page)
    expect(page.get_by_text("Êtes-vous satisfait·e de…")).to_be_visible()  # a field-list page
    page.get_by_role("group", name="Propreté, déchets").get_by_label(
        "Plutôt pas satisfait·e"
    ).check()
    screenshot(page, "22-enquete-tableau")
    next_page(page)
    next_page(page)  # "Qu'aimez-vous" is optional; its follow-up stays hidden
    for theme in (
        "Propreté, déchets",
        "Logement, habitat",
        "Santé, accès aux soins",
        "Inclusion numérique",
    ):
        page.get_by_label(theme).check()
    next_page(page)
    expect(page.get_by_text("Choisissez trois thèmes au plus.", exact=True)).to_be_visible()
    check_accessibility(page, "contrainte de l'enquête")
    screenshot(page, "23-enquete-contrainte")
    page.get_by_label("Inclusion numérique").uncheck()
    next_page(page)
    page.get_by_label("Une idée pour que ça change ?").fill("Un local pour les associations")
    next_page(page)
    page.get_by_label("Oui").check()
    next_page(page)
    expect(page.get_by_text("Parlez-en à l'animateur", exact=False)).to_be_visible()
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Réponse enregistrée sur ce téléphone.")).to_be_visible()
    expect(page.locator(".badge.pending", has_text="En attente d'envoi")).to_be_visible()
    expect(page.get_by_text("1 réponse en attente d'envoi.")).to_be_visible()
    page.reload()  # still offline: the app and the response are still there
    expect(page.get_by_role("heading", name="Enquêtes")).to_be_visible()
    expect(page.get_by_text("Sera envoyée quand le réseau reviendra.")).to_be_visible()
    assert stored_responses(surveys) == []

    context.set_offline(False)
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    (response,) = stored_responses(surveys)
    assert response["answers"] == {
        "anciennete": "1_5ans", "tranche_age": "30_44", "satisfaction_globale": "1",
        "difficultes": "Les ascenseurs en panne", "sat_proprete": "2", "nb_insatisfaits": "1",
        "changer": ["proprete", "logement", "sante"],
        "changer_idee": "Un local pour les associations", "participer": "oui",
    }  # fmt: skip
