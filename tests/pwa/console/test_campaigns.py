"""Enquêtes et campagnes in the console, from the organiser's side: a template published and
previewed as residents see it, a campaign opened on the organiser's territory, a resident's
answer in the app counted, exported as CSV and XLSX; a broken XLSForm refused with the
importer's French message; a campaign closed early; each organiser sees their own territories."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.campaigns import open_campaign
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

BAROMETRE = "Baromètre de la coopération"


def shot(page, name: str) -> None:
    """A full-page screenshot from the top (the sticky top bar stays where it belongs)."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def answer_the_barometre(page, title: str) -> None:
    """A resident answers the template in the app, in French, and the phone sends it."""
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name=f"Répondre à « {title} »").click()
    expect(page.get_by_text("Ce baromètre aide le partenariat", exact=False)).to_be_visible()
    suivant = page.get_by_role("button", name="Suivant")
    suivant.click()
    page.get_by_label("Association", exact=True).check()
    page.get_by_label("Projet de quartier").check()
    suivant.click()
    page.get_by_label("Communication : on s'informe", exact=False).check()
    suivant.click()
    page.get_by_label("Coordination : on agit ensemble", exact=False).check()
    suivant.click()
    page.get_by_label("Le manque de temps").check()
    suivant.click()
    page.get_by_label("De quoi le partenariat a-t-il besoin", exact=False).fill(
        "Du temps pour se voir"
    )
    suivant.click()
    page.get_by_label("Des temps d'échange réguliers", exact=False).check()
    suivant.click()
    suivant.click()  # "Et si… ?" is optional
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Réponse enregistrée sur ce téléphone.")).to_be_visible()
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()


def test_an_organiser_opens_a_campaign_from_a_template_and_exports_a_residents_answer(
    server, console, page
):
    make_staff(server.app, "Claire", "animateur")
    make_resident(server.app, "Nadia")
    open_console(console, "Claire")
    go_to(console, "Enquêtes")
    expect(console.get_by_role("heading", name="Enquêtes et campagnes")).to_be_visible()
    expect(console.get_by_text("Aucune campagne pour l'instant.")).to_be_visible()
    check_accessibility(console, "enquêtes, vide")
    shot(console, "console-30-enquetes")

    console.get_by_role("button", name=f"Publier le modèle « {BAROMETRE} »").click()
    expect(console.get_by_text(f"Formulaire « {BAROMETRE} » publié (version 1).")).to_be_visible()
    expect(
        console.get_by_role("table", name="Les formulaires publiés (dernière version de chacun)")
    ).to_contain_text(BAROMETRE)
    shot(console, "console-31-modele-publie")
    console.get_by_role("link", name="Ouvrir une campagne avec ce formulaire").click()

    expect(console.get_by_role("heading", name="Ouvrir une campagne")).to_be_visible()
    expect(console.get_by_label("Formulaire")).to_contain_text(f"{BAROMETRE} (version 1)")
    expect(console.get_by_label("Titre de la campagne")).to_have_value(BAROMETRE)
    territory = console.get_by_role("checkbox", name="(QP031001)")
    expect(territory).to_be_checked()  # the organiser's only territory
    # French validation, in the page, then from the server's rule
    console.get_by_label("Titre de la campagne").fill("")
    console.get_by_role("button", name="Ouvrir la campagne").click()
    expect(console.get_by_role("alert")).to_contain_text("Donnez un titre à la campagne")
    check_accessibility(console, "nouvelle campagne, erreurs")
    console.get_by_label("Titre de la campagne").fill("Baromètre du quartier")
    console.get_by_label("Présentation (facultatif)").fill("Pour l'atelier du partenariat.")
    several = console.get_by_label("Plusieurs réponses par personne")
    expect(several).not_to_be_checked()  # by default, one answer each (corrected, not repeated)
    several.check()
    shot(console, "console-32-nouvelle-campagne")
    console.get_by_role("button", name="Ouvrir la campagne").click()

    expect(console.get_by_role("heading", name="Baromètre du quartier")).to_be_visible()
    with server.app.app_context():
        from backend.extensions.database import db
        from backend.models import Campaign

        assert db.session.scalars(sa.select(Campaign.multiple_answers)).all() == [True]
    expect(
        console.get_by_text("Campagne « Baromètre du quartier » ouverte sur QP031001.")
    ).to_be_visible()
    count = console.locator(".response-count")
    expect(count).to_contain_text("0")
    expect(console.locator(".campaign-facts")).to_contain_text("Ouverte")
    expect(console.get_by_text("Pas encore de réponse.")).to_be_visible()
    check_accessibility(console, "campagne ouverte")
    shot(console, "console-33-campagne")

    steps.log_in(page, "Nadia")
    answer_the_barometre(page, "Baromètre du quartier")

    count.get_by_role("button", name="Actualiser").click()
    expect(count.locator(".big-number")).to_have_text("1")
    expect(count).to_contain_text("réponse reçue")
    # one answer: below the disclosure threshold, no count per question is shown
    expect(
        console.get_by_text("Le résumé par question s'affiche à partir de 11 réponses")
    ).to_be_visible()
    expect(console.get_by_role("table", name="Dans quel cadre coopérez-vous ?")).to_have_count(0)
    check_accessibility(console, "campagne avec une réponse")
    shot(console, "console-34-campagne-une-reponse")

    with console.expect_download() as download:
        console.get_by_role("button", name="Télécharger (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    text = pathlib_text(download.value.path())
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1
    assert rows[0]["Dans quel cadre coopérez-vous ?"] == "Projet de quartier"
    assert "Du temps pour se voir" in rows[0].values()
    # As a spreadsheet user reads it: the moment in Paris time, no internal column.
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", rows[0]["Répondu le (heure de Paris)"])
    assert not any("reserved_name_for_field_list_labels" in name for name in rows[0])

    console.get_by_label("Noms des questions et des choix", exact=False).check()
    with console.expect_download() as download:
        console.get_by_role("button", name="Télécharger (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).worksheets[0]
    header, *lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(lines) == 1
    answer = dict(zip(header, lines[0], strict=False))
    assert answer["cadre"] == "projet_quartier"
    assert answer["besoins"] == "Du temps pour se voir"

    console.get_by_role("link", name="← Enquêtes et campagnes").click()
    campaigns = console.get_by_role("table", name="Les campagnes de vos territoires")
    row = campaigns.get_by_role("row").filter(has_text="Baromètre du quartier")
    expect(row).to_contain_text("Ouverte")
    expect(row.get_by_role("cell").last).to_have_text("1")
    shot(console, "console-35-campagnes")


def pathlib_text(path) -> str:
    """A CSV made for French Excel: UTF-8 with a BOM."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        return file.read()


def broken_xlsform(path) -> None:
    """A select_one whose list of choices is missing: the importer refuses the form."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["select_one couleurs", "couleur", "Votre couleur préférée ?"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Couleurs", "couleurs"])
    book.save(path)


def test_a_broken_xlsform_is_refused_with_the_importers_french_message(server, console, tmp_path):
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Enquêtes")
    console.get_by_role("button", name="Importer le formulaire").click()
    expect(console.get_by_role("alert")).to_contain_text("Choisissez d'abord un fichier XLSForm")

    broken = tmp_path / "couleurs.xlsx"
    broken_xlsform(broken)
    console.get_by_label("Fichier XLSForm").set_input_files(broken)
    console.get_by_role("button", name="Importer le formulaire").click()
    alert = console.get_by_role("alert")
    expect(alert).to_contain_text("Le formulaire n'a pas été importé")
    expect(alert).to_contain_text("Il manque la feuille « choices »")
    expect(console.get_by_text("Aucun formulaire publié", exact=False)).to_be_visible()
    check_accessibility(console, "XLSForm refusé")
    shot(console, "console-36-xlsform-refuse")

    fixed = tmp_path / "couleurs.md"
    fixed.write_text(
        "| survey |\n| | type | name | label |\n"
        "| | select_one couleurs | couleur | Votre couleur préférée ? |\n"
        "| choices |\n| | list_name | name | label |\n"
        "| | couleurs | bleu | Bleu |\n| | couleurs | vert | Vert |\n"
        "| settings |\n| | form_title | form_id |\n| | Couleurs | couleurs |\n",
        encoding="utf-8",
    )
    console.get_by_label("Fichier XLSForm").set_input_files(fixed)
    console.get_by_role("button", name="Importer le formulaire").click()
    expect(console.get_by_text("Formulaire « Couleurs » publié (version 1).")).to_be_visible()
    expect(console.get_by_role("alert")).to_have_count(0)
    expect(
        console.get_by_role("table", name="Les formulaires publiés (dernière version de chacun)")
    ).to_contain_text("Couleurs")
    console.get_by_role("link", name="Voir l'aperçu").click()  # the published version's preview
    expect(console.get_by_role("heading", name="Aperçu : Couleurs")).to_be_visible()
    phone = console.get_by_role("region", name="Aperçu sur un téléphone")
    question = phone.get_by_role("radiogroup", name="Votre couleur préférée ?").or_(
        phone.get_by_role("group", name="Votre couleur préférée ?")
    )
    expect(question.get_by_role("radio", name="Bleu")).to_be_visible()
    question.get_by_role("radio", name="Vert").check()
    phone.get_by_role("button", name="Envoyer mes réponses").click()
    expect(phone.get_by_text("Fin de l'aperçu", exact=False)).to_be_visible()
    check_accessibility(console, "fin de l'aperçu")


def test_the_preview_shows_the_form_as_residents_see_it_and_sends_nothing(server, console):
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Enquêtes")
    console.get_by_role("link", name="Aperçu du modèle « Vivre dans mon quartier »").click()
    expect(
        console.get_by_role("heading", name="Aperçu du modèle : Vivre dans mon quartier")
    ).to_be_visible()
    phone = console.get_by_role("region", name="Aperçu sur un téléphone")
    expect(phone.get_by_role("heading", name="Page 1 sur", exact=False)).to_be_visible()
    expect(
        phone.get_by_text("seuls des résultats d'ensemble sont publiés", exact=False)
    ).to_be_visible()
    phone.get_by_role("button", name="Suivant").click()
    first = phone.get_by_role("group", name="Depuis combien de temps habitez-vous le quartier ?")
    expect(first).to_be_visible()
    expect(first.get_by_role("radio", name="De 1 à 5 ans")).to_be_visible()
    phone.get_by_role("button", name="Suivant").click()  # the form's own rule, as on a phone
    expect(phone.get_by_text("Cette question est obligatoire.").first).to_be_visible()
    check_accessibility(console, "aperçu d'un modèle")
    shot(console, "console-37-apercu")
    first.get_by_role("radio", name="De 1 à 5 ans").check()
    phone.get_by_role("button", name="Suivant").click()
    expect(phone.get_by_role("heading", name="Page 3 sur", exact=False)).to_be_visible()
    phone.get_by_role("button", name="Précédent").click()
    expect(first.get_by_role("radio", name="De 1 à 5 ans")).to_be_checked()
    console.get_by_role("button", name="Recommencer l'aperçu").click()
    expect(phone.get_by_role("heading", name="Page 1 sur", exact=False)).to_be_visible()
    # nothing was published by looking
    console.get_by_role("link", name="← Enquêtes et campagnes").click()
    expect(console.get_by_text("Aucun formulaire publié", exact=False)).to_be_visible()


def other_campaign(app) -> str:
    """A campaign on QP034005, opened by its own animatrice."""
    from backend.extensions.database import db
    from backend.models import User
    from backend.services import campaigns, surveys
    from backend.services.scope import scope_of
    from surveys import templates

    ines_id = make_staff(app, "Inès", "animateur", ("QP034005",))
    with app.app_context():
        ines = scope_of(db.session.get(User, uuid.UUID(ines_id)))
        survey, _ = surveys.publish(ines, templates.load("vivre-dans-mon-quartier"))
        now = dt.datetime.now(dt.UTC)
        campaign = campaigns.create_campaign(ines, {
            "survey_id": survey.id, "title": "Vivre à Montpellier", "territories": ["QP034005"],
            "opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=30),
        })  # fmt: skip
        db.session.commit()
        return str(campaign.id)


def test_each_organiser_sees_the_campaigns_of_their_territories(server, console):
    open_campaign(server.app, "vivre-dans-mon-quartier", title="Vivre aux Izards")
    foreign = other_campaign(server.app)
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Enquêtes")
    campaigns = console.get_by_role("table", name="Les campagnes de vos territoires")
    expect(campaigns).to_contain_text("Vivre aux Izards")
    expect(campaigns).not_to_contain_text("Vivre à Montpellier")
    console.get_by_role("link", name="Ouvrir une campagne").first.click()
    territories = console.get_by_role("group", name="Territoires de la campagne")
    expect(territories.get_by_role("checkbox")).to_have_count(1)
    expect(territories).to_contain_text("QP031001")
    # an address typed by hand: the API refuses what the console hides
    console.goto(f"/console#/enquetes/campagne/{foreign}")
    # Another team's campaign does not exist for them.
    expect(console.get_by_text("Campagne introuvable.")).to_be_visible()

    console.get_by_role("button", name="Se déconnecter").click()
    make_staff(server.app, "Yanis", "analyste")
    open_console(console, "Yanis")
    go_to(console, "Enquêtes")
    expect(console.get_by_role("table", name="Les campagnes de vos territoires")).to_contain_text(
        "Vivre aux Izards"
    )
    expect(console.get_by_role("link", name="Ouvrir une campagne")).to_have_count(0)
    expect(console.get_by_role("heading", name="Ajouter un formulaire")).to_have_count(0)
    console.get_by_role("link", name="Vivre aux Izards").click()
    expect(console.get_by_role("button", name="Télécharger (CSV)")).to_be_visible()
    expect(console.get_by_role("button", name="Clore la campagne", exact=False)).to_have_count(0)


def test_an_organiser_closes_a_campaign_early_and_reopens_it(server, console):
    open_campaign(server.app, "vivre-dans-mon-quartier", title="Vivre aux Izards")
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Enquêtes")
    console.get_by_role("link", name="Vivre aux Izards").click()
    facts = console.locator(".campaign-facts")
    expect(facts).to_contain_text("Ouverte")
    console.get_by_role("button", name="Clore la campagne avant la date prévue").click()
    expect(console.get_by_text("Clore la campagne maintenant ?")).to_be_visible()
    check_accessibility(console, "clore une campagne")
    shot(console, "console-38-clore")
    console.get_by_role("button", name="Oui, clore la campagne").click()
    expect(console.get_by_text("Campagne close : elle ne reçoit plus de réponses.")).to_be_visible()
    expect(facts).to_contain_text("Close")
    shot(console, "console-39-campagne-close")
    console.get_by_role("button", name="Rouvrir la campagne").click()
    expect(console.get_by_text("Campagne rouverte.")).to_be_visible()
    expect(facts).to_contain_text("Ouverte")


BUS = """| survey |
| | type | name | label | required |
| | select_one oui_non | bus | Prenez-vous le bus ? | yes |
| | integer | trajets | Combien de trajets par semaine ? | |
| choices |
| | list_name | name | label |
| | oui_non | oui | Oui |
| | oui_non | non | Non |
| settings |
| | form_title | form_id |
| | Mobilité | mobilite |
"""


def answer_many(app, campaign_id, resident_id, times: int) -> None:
    """``times`` responses of a resident, sent as the phone would, by the services."""
    from backend.extensions.database import db
    from backend.models import User
    from backend.services import campaigns, responses
    from backend.services.scope import scope_of

    with app.app_context():
        resident = scope_of(db.session.get(User, resident_id))
        campaign = campaigns.get_campaign(campaign_id)
        for n in range(times):
            responses.submit_one(resident, campaign, {
                "id": uuid.uuid4(), "submitted_at": dt.datetime.now(dt.UTC), "location": None,
                "answers": {"bus": "oui", "trajets": 2 + 2 * (n % 2)},
            })  # fmt: skip
        db.session.commit()


def test_the_summary_per_question_once_there_are_enough_responses(server, console):
    campaign_id = open_campaign(server.app, BUS, title="Se déplacer", multiple_answers=True)
    answer_many(server.app, campaign_id, make_resident(server.app, "Nadia"), 11)
    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    console.goto(f"/console#/enquetes/campagne/{campaign_id}")
    expect(console.locator(".response-count .big-number")).to_have_text("11")
    bus = console.get_by_role("table", name="Prenez-vous le bus ?")
    expect(bus.get_by_role("row").filter(has_text="Oui")).to_contain_text("100 %")
    expect(bus.get_by_role("row").filter(has_text="Non").get_by_role("cell").nth(1)).to_have_text(
        "0"
    )
    trips = console.get_by_role("table", name="Combien de trajets par semaine ?")
    expect(trips.get_by_role("row").filter(has_text="Réponses")).to_contain_text("11")
    expect(trips.get_by_role("row").filter(has_text="Moyenne")).to_contain_text("2,9")  # French
    check_accessibility(console, "résumé par question")
