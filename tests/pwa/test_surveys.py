"""Answering surveys in the app, from the resident's side: offline with skip logic, the form's
own constraint and required messages before sending, one response on the server after the
network comes back; a translated form; a repeat; drafts resumed; a refusal corrected."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.campaigns import move_to_new_version, open_campaign, stored_responses
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.test_offline_reports import wait_until

pytestmark = pytest.mark.browser


def next_page(page) -> None:
    page.get_by_role("button", name="Suivant").click()


def received(page, app) -> list[dict]:
    """The responses the server stored, once the phone has sent everything."""
    # « enregistrée sur ce téléphone » while it waits, « envoyée » once it left (maybe at once).
    said = re.compile("Réponse enregistrée sur ce téléphone|Réponse envoyée : merci !")
    expect(page.get_by_text(said)).to_be_visible()
    wait_until(page, lambda: stored_responses(app))
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    return stored_responses(app)


def test_a_survey_answered_offline_reaches_the_server_once(server, context, page):
    make_resident(server.app, "Nadia")
    open_campaign(server.app, "vivre-dans-mon-quartier")
    steps.log_in(page, "Nadia")
    steps.wait_for_offline_shell(page)
    page.get_by_role("link", name="Enquêtes").click()
    expect(page.get_by_role("heading", name="Vivre dans mon quartier")).to_be_visible()
    check_accessibility(page, "enquêtes ouvertes")
    screenshot(page, "20-enquetes")

    context.set_offline(True)
    page.get_by_role("link", name="Répondre à « Vivre dans mon quartier »").click()
    # Not « anonyme »: the answer stays linked to the account (to be corrected); what is true.
    expect(
        page.get_by_text("seuls des résultats d'ensemble sont publiés", exact=False)
    ).to_be_visible()
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
    expect(page.get_by_text("code d'invitation", exact=False)).to_have_count(0)  # signed in
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Réponse enregistrée sur ce téléphone.")).to_be_visible()
    expect(page.locator(".badge.pending", has_text="En attente d'envoi")).to_be_visible()
    expect(page.get_by_text("1 réponse en attente d'envoi.")).to_be_visible()
    page.reload()  # still offline: the app and the response are still there
    expect(page.get_by_role("heading", name="Enquêtes")).to_be_visible()
    expect(page.get_by_text("Sera envoyée quand le réseau reviendra.")).to_be_visible()
    assert stored_responses(server.app) == []

    context.set_offline(False)
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    (response,) = stored_responses(server.app)
    assert response["answers"] == {
        "anciennete": "1_5ans", "tranche_age": "30_44", "satisfaction_globale": "1",
        "difficultes": "Les ascenseurs en panne", "sat_proprete": "2", "nb_insatisfaits": "1",
        "changer": ["proprete", "logement", "sante"],
        "changer_idee": "Un local pour les associations", "participer": "oui",
    }  # fmt: skip


def test_a_translated_survey_with_the_language_switch(server, context, page):
    make_resident(server.app, "Kofi")
    open_campaign(server.app, "barometre-cooperation")
    steps.log_in(page, "Kofi")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Baromètre de la coopération »").click()
    expect(page.get_by_text("Ce baromètre aide le partenariat", exact=False)).to_be_visible()
    page.get_by_label("Langue du questionnaire").select_option("English (en)")
    expect(page.get_by_text("This barometer helps the partnership", exact=False)).to_be_visible()
    next_page(page)
    page.get_by_label("Other", exact=True).check()  # its follow-up appears on the same page
    page.get_by_label("Please specify:").fill("Collectif d'habitants")
    page.get_by_label("Neighbourhood project").check()
    check_accessibility(page, "enquête traduite")
    screenshot(page, "24-enquete-anglais")
    next_page(page)
    page.get_by_label("Communication: we keep each other informed").check()
    next_page(page)
    page.get_by_label("Coordination: we act together", exact=False).check()
    next_page(page)
    page.get_by_label("Lack of time").check()
    next_page(page)
    page.get_by_label("What does the partnership need", exact=False).fill("Du temps pour se voir")
    next_page(page)
    for choice in (
        "Regular exchanges",
        "Neutral facilitation",
        "Residents' participation",
        "Involvement of",
    ):
        page.get_by_label(choice, exact=False).check()
    next_page(page)  # the form's constraint message, in the chosen language
    expect(page.get_by_text("Choose three items at most.", exact=True)).to_be_visible()
    page.get_by_label("Langue du questionnaire").select_option("Français (fr)")
    expect(page.get_by_text("Choisissez trois éléments au plus.", exact=True)).to_be_visible()
    page.get_by_label("L'implication des élu·es").uncheck()
    next_page(page)
    next_page(page)  # "Et si… ?" is optional
    expect(page.get_by_text("Merci ! Les réponses sont rassemblées", exact=False)).to_be_visible()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    (response,) = received(page, server.app)
    assert response["answers"] == {
        "famille": "autre", "famille_autre": "Collectif d'habitants", "cadre": "projet_quartier",
        "niveau_actuel": "communication", "niveau_souhaite": "coordination",
        "rang_actuel": "3", "rang_souhaite": "5", "ecart": "2", "freins": ["temps"],
        "besoins": "Du temps pour se voir",
        "facilitateurs": ["temps_echange", "animation", "habitants"],
    }  # fmt: skip


def test_a_walk_with_repeated_stops(server, context, page):
    make_resident(server.app, "Lina")
    open_campaign(server.app, "diagnostic-en-marchant")
    steps.log_in(page, "Lina")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Diagnostic en marchant »").click()
    page.get_by_label("Nom du parcours").fill("Des Aubiers au marché")
    next_page(page)
    page.get_by_label("Date de la marche").fill("2099-01-01")
    next_page(page)
    expect(page.get_by_text("La date ne peut pas être dans le futur.", exact=True)).to_be_visible()
    page.get_by_label("Date de la marche").fill("2026-01-15")
    next_page(page)
    page.get_by_label("Nombre de participant·es").fill("12")
    next_page(page)
    page.get_by_label("Habitant·es").check()
    page.get_by_label("Élu·es").check()
    next_page(page)

    stop = page.get_by_role("group", name="Arrêt 1")
    stop.get_by_role("button", name="Utiliser ma position GPS").click()
    expect(stop.get_by_text("Lieu enregistré", exact=False)).to_be_visible()
    stop.get_by_label("Propreté, déchets").check()
    stop.get_by_label("Une difficulté").check()
    stop.get_by_label("Ce que l'on voit").fill("Dépôt sauvage près du parking")
    expect(
        stop.get_by_text("Les photos ne peuvent pas encore être jointes", exact=False)
    ).to_be_visible()
    stop.get_by_label("Sérieux").check()
    page.get_by_role("button", name="Ajouter : Arrêt").click()
    second = page.get_by_role("group", name="Arrêt 2")
    second.get_by_role("button", name="Choisir sur la carte").click()
    second.locator(".map").click(position={"x": 170, "y": 120})
    expect(second.get_by_text("choisi sur la carte", exact=False)).to_be_visible()
    second.get_by_label("Espaces verts, nature, chaleur").check()
    second.get_by_label("Une ressource, un point d'appui").check()
    second.get_by_label("Ce que l'on voit").fill("Jardin partagé ouvert")
    expect(second.get_by_label("Sérieux")).to_have_count(0)  # severity only for a difficulty
    page.get_by_role("button", name="Ajouter : Arrêt").click()
    page.get_by_role("button", name="Retirer « Arrêt 3 »").click()
    expect(page.get_by_role("group", name="Arrêt 3")).to_have_count(0)
    check_accessibility(page, "répétition")
    screenshot(page, "25-enquete-repetition")
    next_page(page)
    expect(page.get_by_text("2 arrêt(s) noté(s).")).to_be_visible()  # a calculation in a label
    next_page(page)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    (response,) = received(page, server.app)
    answers = response["answers"]
    first, other = answers["arrets"]
    assert first["lieu"]["type"] == "Point" and first["lieu"]["accuracy"] == 12
    assert (first["theme"], first["gravite"], first["numero"]) == ("proprete", "2", "1")
    assert "accuracy" not in other["lieu"] and "gravite" not in other
    assert (answers["nb_arrets"], answers["participants"]) == ("2", 12)
    assert answers["groupes"] == ["habitants", "elus"]


REFUSED_LATER = """
| survey |
| | type | name | label | required | constraint | constraint_message |
| | text | prenom | Votre prénom | yes | | |
| | integer | age | Votre âge | | . < {limit} | Âge impossible pour cette enquête |
"""


def test_a_draft_is_resumed_and_a_refused_response_corrected(server, context, page):
    make_resident(server.app, "Malik")
    campaign = open_campaign(server.app, REFUSED_LATER.format(limit=130), title="Qui êtes-vous ?")
    steps.log_in(page, "Malik")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Qui êtes-vous ? »").click()
    page.get_by_label("Votre prénom").fill("Malik")
    next_page(page)
    page.get_by_label("Votre âge").fill("120")
    page.get_by_role("link", name="Enquêtes").click()
    expect(page.get_by_text("Brouillon", exact=True)).to_be_visible()
    page.reload()
    page.get_by_role("link", name="Reprendre à « Qui êtes-vous ? »").click()
    expect(page.get_by_label("Votre âge")).to_have_value("120")  # the page and the answer kept
    # Meanwhile the organiser moves the campaign to a stricter version of the form.
    move_to_new_version(server.app, campaign, REFUSED_LATER.format(limit=100))
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_text("Une réponse demande votre attention.")).to_be_visible()
    expect(page.locator(".badge.invalid")).to_be_visible()
    check_accessibility(page, "réponse refusée")
    page.get_by_role("link", name="Corriger la réponse à « Qui êtes-vous ? »").click()
    expect(page.get_by_text("Âge impossible pour cette enquête")).to_be_visible()
    screenshot(page, "26-enquete-a-corriger")
    page.get_by_label("Votre âge").fill("40")
    expect(page.get_by_text("Âge impossible pour cette enquête")).to_have_count(0)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    (response,) = received(page, server.app)
    assert (response["answers"], response["version"]) == ({"prenom": "Malik", "age": 40}, 2)


EVERY_KIND = """
| survey |
| | type | name | label | required | choice_filter | parameters | appearance | repeat_count | constraint | constraint_message |
| | select_one villes or_other | ville | Votre ville | yes | | | minimal | | | |
| | select_one quartiers | quartier | Votre quartier | yes | ville = ${ville} | | | | | |
| | range | note | Votre note | yes | | start=0 end=10 step=2 | | | | |
| | rank priorites | priorites | Classez vos priorités | yes | | | | | | |
| | time | heure | À quelle heure ? | | | | | | | |
| | datetime | rdv | Prochain rendez-vous | | | | | | | |
| | decimal | loyer | Votre loyer | | | | | | . > 0 | Un loyer positif |
| | integer | enfants | Combien d'enfants ? | yes | | | | | . <= 5 | 5 au plus |
| | begin repeat | enfant | Enfant | | | | | ${enfants} | | |
| | integer | age | Son âge | yes | | | | | | |
| | end repeat | | | | | | | | | |
| | acknowledge | accord | J'ai compris | yes | | | | | | |
| choices |
| | list_name | name | label | ville |
| | villes | muret | Muret | |
| | villes | toulouse | Toulouse | |
| | quartiers | saint_jean | Saint-Jean | muret |
| | quartiers | mirail | Le Mirail | toulouse |
| | quartiers | bagatelle | Bagatelle | toulouse |
| | priorites | logement | Logement | |
| | priorites | emploi | Emploi | |
| | priorites | sante | Santé | |
"""


def test_every_kind_of_question(server, context, page):
    make_resident(server.app, "Tom")
    open_campaign(server.app, EVERY_KIND, title="Tout type de question")
    steps.log_in(page, "Tom")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Répondre à « Tout type de question »").click()
    page.get_by_label("Votre ville").select_option(label="Autre")  # a list: appearance minimal
    next_page(page)
    expect(page.get_by_label("Précisez :")).to_be_visible()  # or_other asks what it is
    page.get_by_role("button", name="Précédent").click()
    page.get_by_label("Votre ville").select_option(label="Toulouse")
    next_page(page)
    expect(page.get_by_role("radio")).to_have_count(2)  # a cascading list: Toulouse's districts
    page.get_by_label("Bagatelle").check()
    page.get_by_role("button", name="Précédent").click()
    page.get_by_label("Votre ville").select_option(label="Muret")
    next_page(page)
    expect(page.get_by_role("radio")).to_have_count(1)  # Bagatelle is no longer offered
    expect(page.get_by_label("Saint-Jean")).not_to_be_checked()
    page.get_by_label("Saint-Jean").check()
    next_page(page)
    page.get_by_label("Votre note").fill("6")
    expect(page.locator("output")).to_have_text("6")
    next_page(page)
    page.get_by_role("button", name="Monter « Santé »").click()
    page.get_by_role("button", name="Monter « Santé »").click()
    expect(page.get_by_role("status").filter(has_text="position 1 sur 3")).to_be_attached()
    check_accessibility(page, "classement")
    screenshot(page, "27-enquete-classement")
    next_page(page)
    page.get_by_label("À quelle heure ?").fill("18:30")
    next_page(page)
    page.get_by_label("Prochain rendez-vous").fill("2026-11-20T18:30")
    next_page(page)
    page.get_by_label("Votre loyer").fill("-5")
    next_page(page)
    expect(page.get_by_text("Un loyer positif", exact=True)).to_be_visible()
    page.get_by_label("Votre loyer").fill("650,50")
    next_page(page)
    page.get_by_label("Combien d'enfants ?").fill("2")
    next_page(page)
    expect(page.get_by_role("button", name="Ajouter : Enfant")).to_have_count(0)  # set by the form
    page.get_by_role("group", name="Enfant 1").get_by_label("Son âge").fill("4")
    page.get_by_role("group", name="Enfant 2").get_by_label("Son âge").fill("9")
    next_page(page)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Cette question est obligatoire.", exact=True)).to_be_visible()
    page.get_by_label("OK").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()

    (response,) = received(page, server.app)
    assert response["answers"] == {
        "ville": "muret", "quartier": "saint_jean", "note": 6,
        "priorites": ["sante", "logement", "emploi"], "heure": "18:30",
        "rdv": "2026-11-20T18:30:00+01:00", "loyer": 650.5, "enfants": 2,
        "enfant": [{"age": 4}, {"age": 9}], "accord": "OK",
    }  # fmt: skip
