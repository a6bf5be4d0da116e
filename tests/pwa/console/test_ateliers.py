"""A whole atelier in the browser: an organiser prepares it in the console and projects it; 20
phones (Playwright contexts, no account) join with the code, answer the cooperation scale, place
their dots and post and support ideas; the projected screen shows each answer within a second
(waited for with a 1 s timeout, not timed); the record is in the PDF and in the synthesis."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import check_accessibility, screenshot
from tests.pwa.console import syntheses_steps as steps
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser

PHONES = 20
SCREEN_DELAY_MS = 1000  # the projected screen follows each answer within a second
LEVELS = ["Communication", "Assistance", "Coordination", "Coexistence"]
ROLES = ["Habitant·e", "Association", "Technicien·ne", "Élu·e"]
WIDEST = """() => {
  const right = (el) => el.getBoundingClientRect().right;
  const over = [...document.querySelectorAll("body *")].filter((el) => right(el) > innerWidth + 1);
  return {scrollWidth: document.documentElement.scrollWidth,
          elements: over.slice(0, 5).map((el) => el.tagName + "." + el.className)};
}"""


def phone(browser, server):
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        locale="fr-FR",
        bypass_csp=True,  # lets the test inject axe-core
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def test_a_room_of_twenty_phones_runs_an_atelier(browser, server, console, tmp_path):
    make_staff(server.app, "Nadia", "animateur")
    open_console(console, "Nadia")
    go_to(console, "Ateliers")
    expect(console.get_by_role("heading", name="Préparer un atelier")).to_be_visible()
    check_accessibility(console, "ateliers : préparer")
    console.get_by_label("Titre").fill("Atelier Coopérations du 12 mars")
    console.get_by_label("Date").fill("2026-03-12")
    console.get_by_role("button", name="Créer l'atelier").click()
    code_element = console.locator(".atelier-code")
    expect(code_element).to_be_visible()
    code = code_element.inner_text().strip()
    assert len(code) == 6
    console.get_by_role("button", name="Commencer").click()
    expect(console.get_by_role("heading", name="Le portrait du quartier")).to_be_visible()
    # The first step shows the territory's synthesis, as the console previews it.
    expect(console.get_by_role("heading", name="Portrait de quartier — Saint Jean")).to_be_visible()
    check_accessibility(console, "atelier : écran projeté")
    screenshot(console, "console-90-atelier-ecran-1366")
    console.get_by_role("button", name="Étape suivante ▶").click()
    expect(console.get_by_role("heading", name="Où en est notre coopération ?")).to_be_visible()

    phones = []
    try:
        for i in range(PHONES):
            context, page, errors = phone(browser, server)
            phones.append((context, page, errors))
            page.goto(f"/#/atelier/{code}")
            expect(page.get_by_label("Code de l'atelier")).to_have_value(code)
            if i % 2 == 0:  # half say who they are; nothing is required
                page.get_by_label("Vous venez en tant que… (facultatif)").select_option(
                    label=ROLES[i % 4]
                )
            page.get_by_role("button", name="Rejoindre").click()
            expect(
                page.get_by_role("heading", name="Où en est notre coopération ?")
            ).to_be_visible()
            expect(console.locator(".atelier-participants")).to_have_text(
                str(i + 1), timeout=SCREEN_DELAY_MS
            )
        check_accessibility(phones[0][1], "atelier : téléphone")
        screenshot(phones[0][1], "app-90-atelier-telephone-390")

        # The cooperation scale: every answer on the screen within a second; the distribution
        # once five people answered.
        for i, (_, page, _) in enumerate(phones):
            page.get_by_label(LEVELS[i % 4]).check()
            page.get_by_role("button", name="Envoyer ma réponse").click()
            expect(page.get_by_text("Réponse reçue.")).to_be_visible()
            expect(console.locator(".atelier-count")).to_have_text(
                str(i + 1), timeout=SCREEN_DELAY_MS
            )
            bars = console.locator(".atelier-bars li")
            expect(bars).to_have_count(5 if i + 1 >= 5 else 0, timeout=SCREEN_DELAY_MS)
        expect(console.locator('.atelier-bars li[data-name="assistance"] .bar-count')).to_have_text(
            "5"
        )
        screenshot(console, "console-91-atelier-cooperation")
        for width in (1366, 390):  # a projector, and an organiser's phone in the field
            console.set_viewport_size({"width": width, "height": 768})
            screenshot(console, f"console-91-atelier-cooperation-{width}")
            widest = console.evaluate(WIDEST)
            assert widest["scrollWidth"] <= width, (width, widest)
        console.set_viewport_size({"width": 1280, "height": 800})

        # Dot-voting: three dots each, on the first two propositions.
        console.get_by_role("button", name="Étape suivante ▶").click()
        for i, (_, page, _) in enumerate(phones):
            expect(page.get_by_text("3 gommettes à placer sur 3.")).to_be_visible()
            labels = page.locator(".dot-label").all_inner_texts()
            for label in (labels[0], labels[0], labels[1]):
                page.get_by_role("button", name=f"Ajouter une gommette : {label}").click()
            page.get_by_role("button", name="Envoyer ma réponse").click()
            expect(page.get_by_text("Réponse reçue.")).to_be_visible()
            expect(console.locator(".atelier-count")).to_have_text(
                str(i + 1), timeout=SCREEN_DELAY_MS
            )
        first = console.locator(".atelier-bars li").first
        expect(first.locator(".bar-count")).to_have_text(str(2 * PHONES))
        screenshot(console, "console-92-atelier-gommettes")

        # The wall of « pas de côté »: five ideas, the first supported by everyone else.
        console.get_by_role("button", name="Étape suivante ▶").click()
        for i, (_, page, _) in enumerate(phones[:5]):
            page.get_by_label("Votre pas de côté").fill(f"Un pas de côté numéro {i}")
            page.get_by_role("button", name="Poser mon idée").click()
            expect(console.locator(".atelier-wall li")).to_have_count(
                i + 1, timeout=SCREEN_DELAY_MS
            )
        for i, (_, page, _) in enumerate(phones[1:]):
            idea = page.locator(".idea", has_text="Un pas de côté numéro 0")
            idea.get_by_role("button", name="Soutenir").click()
            expect(idea.get_by_role("button", name="Soutenue")).to_be_visible()
            expect(console.locator(".atelier-wall li").first.locator(".supports")).to_have_text(
                f"{i + 1} soutien{'s' if i else ''}", timeout=SCREEN_DELAY_MS
            )
        screenshot(console, "console-93-atelier-mur")
        screenshot(phones[1][1], "app-91-atelier-mur-390")
        for _, _, errors in phones:
            assert not errors, f"JavaScript errors on a phone: {errors}"
    finally:
        for context, _, _ in phones:
            context.close()

    # The end: results frozen, the record in the PDF, the atelier in the synthesis.
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Terminer l'atelier").click()
    expect(console.get_by_role("heading", name="Merci !")).to_be_visible()
    name, pdf = steps.download(console, console.get_by_role("button", name="Compte rendu PDF"))
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF")
    text = steps.pdf_text(pdf, tmp_path)
    if text is not None:
        assert "Atelier Coopérations du 12 mars" in text
        assert "Un pas de côté numéro 0" in text and "Assistance" in text
    console.set_viewport_size({"width": 1366, "height": 768})
    screenshot(console, "console-94-atelier-fin-1366")

    # The synthesis of the territory, in the console, now quotes the atelier.
    go_to(console, "Synthèses")
    console.get_by_role("button", name="Voir l'aperçu").click()
    expect(console.get_by_text("Ce qu'en dit l'atelier du 12 mars 2026")).to_be_visible()
    expect(console.get_by_text("« Un pas de côté numéro 0 » (19)")).to_be_visible()

    from backend.services import syntheses
    from backend.services.scope import Scope

    with server.app.test_request_context():
        content, _ = syntheses.build(
            Scope.system(),
            syntheses.SynthesisRequest(territory="QP031001"),
            syntheses.DisclosureRules.from_settings(server.app.config),
        )
        page_html = syntheses.render(content, "html").decode("utf-8").replace("\xa0", " ")
    assert "Ce qu’en dit l’atelier du 12 mars 2026" in page_html
    assert "Un pas de côté numéro 0" in page_html


def test_an_organiser_adds_a_question_of_their_own_and_phones_answer_it(browser, server, console):
    """Beyond the ready-made steps, a facilitator writes the question of their workshop and its
    choices (one per line); the phones then offer exactly those choices."""
    make_staff(server.app, "Karima", "animateur")
    open_console(console, "Karima")
    go_to(console, "Ateliers")
    console.get_by_label("Titre").fill("Atelier jardins partagés")
    for name in ("Où en est notre coopération ?", "Où agir en premier ? (3 gommettes)",
                 "Imaginons ensemble des pas de côté"):  # fmt: skip
        console.get_by_label(name).uncheck()
    add = console.get_by_role("button", name="Ajouter la question")
    console.get_by_label("Question", exact=True).fill("Quel jour pour le jardin ?")
    console.get_by_label("Réponses possibles, une par ligne (au moins deux)").fill("Mercredi\n")
    expect(add).to_be_disabled()  # one choice is no question
    console.get_by_label("Réponses possibles, une par ligne (au moins deux)").fill(
        "Mercredi\n  Samedi \n\nMercredi\nDimanche"
    )
    add.click()
    own = console.get_by_role("list", name="Vos questions, après les étapes cochées")
    expect(own).to_contain_text("Quel jour pour le jardin ?")
    expect(own).to_contain_text("Mercredi · Samedi · Dimanche")
    check_accessibility(console, "ateliers : une question à soi")
    screenshot(console, "console-91-atelier-question-1366")
    console.get_by_role("button", name="Créer l'atelier").click()
    code = console.locator(".atelier-code").inner_text().strip()
    console.get_by_role("button", name="Commencer").click()
    console.get_by_role("button", name="Étape suivante ▶").click()
    expect(console.get_by_role("heading", name="Quel jour pour le jardin ?")).to_be_visible()

    context, page, errors = phone(browser, server)
    try:
        page.goto(f"/#/atelier/{code}")
        page.get_by_role("button", name="Rejoindre").click()
        expect(page.get_by_role("heading", name="Quel jour pour le jardin ?")).to_be_visible()
        expect(page.get_by_role("radio")).to_have_count(3)
        labels = page.locator("fieldset.choices label").all_inner_texts()
        assert [label.strip() for label in labels] == ["Mercredi", "Samedi", "Dimanche"]
        assert errors == []
    finally:
        context.close()
