"""Every console screen on an organiser's phone (390 px), a laptop (1366 px) and a workshop
projector (1920 px), with a territory's worth of data: nothing wider than the screen (no sideways
scrolling of the page), axe clean, a screenshot of each to look at."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import AXE, make_invite, screenshot
from tests.pwa.console import syntheses_steps
from tests.pwa.console.analyses_steps import api_job, seed_campaign, seed_observations, token
from tests.pwa.console.conftest import make_staff, open_console

pytestmark = pytest.mark.browser

WIDTHS = {"telephone": (390, 844), "portable": (1366, 768), "projecteur": (1920, 1080)}

# Elements wider than the window, for the failure message: which one pushes the page sideways.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim()
    ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const culprits = [...document.querySelectorAll("body *")]
    .map((el) => [el, el.getBoundingClientRect().right])
    .filter(([el, right]) => right > width + 1 && !clipped(el))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([el, right]) => `${name(el.parentElement)} > ${name(el)} → ${Math.round(right)} px`);
  return {scrollWidth: document.documentElement.scrollWidth, width, culprits};
}"""
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""


@pytest.fixture
def territory_with_data(server):
    """Claire, animateur of QP031001, with what a territory has after a few months: 40 located
    reports with real texts and 48 more by three veilleurs, a campaign with 60 responses, an
    invitation, a finished analysis of the texts, a crossing and a frozen synthesis."""
    app = server.app
    make_staff(app, "Claire", "animateur")
    seed_observations(app)
    syntheses_steps.report(app)
    campaign = seed_campaign(app, "Claire")
    make_invite(app)
    client = app.test_client()
    job = client.post(
        "/api/v1/analyses",
        json={"kind": "text_clusters", "territory": "QP031001", "parameters": {"n_clusters": 5}},
        headers=token(client, "Claire"),
    ).json
    assert api_job(app, "Claire", job["id"])["status"] == "finished"
    crossing = client.post(
        "/api/v1/analyses",
        json={"kind": "crossing", "parameters": {"row": "theme", "column": "polarity"}},
        headers=token(client, "Claire"),
    ).json
    assert api_job(app, "Claire", crossing["id"])["status"] == "finished"
    synthesis = syntheses_steps.issue(app, "QP031001")
    return {
        "campaign": campaign,
        "analysis": job["id"],
        "crossing": crossing["id"],
        "synthesis": synthesis,
    }


def screens(data) -> list[tuple[str, str, str]]:
    """(file name, address, the heading that says the screen is there)."""
    return [
        ("accueil", "#/", "Bonjour Claire"),
        ("territoires", "#/territoires", "Territoires"),
        ("invitations", "#/invitations", "Invitations"),
        ("membres", "#/membres", "Membres"),
        ("moderation", "#/moderation", "Modération"),
        ("enquetes", "#/enquetes", "Enquêtes"),
        ("modele", "#/enquetes/modele/vivre-dans-mon-quartier", "Aperçu du modèle"),
        ("nouvelle-campagne", "#/enquetes/nouvelle", "Ouvrir une campagne"),
        ("campagne", f"#/enquetes/campagne/{data['campaign']}", "Vivre à Muret"),
        ("observations", "#/observations", "Observations"),
        ("analyses", "#/analyses", "Analyses"),
        ("analyse", f"#/analyses/{data['analysis']}", "Thèmes des textes"),
        ("croisement", f"#/analyses/{data['crossing']}", "Analyse : Croisements"),
        ("syntheses", "#/syntheses", "Synthèses"),
        ("synthese", f"#/syntheses/{data['synthesis']}", "Synthèse"),
        ("ateliers", "#/ateliers", "Ateliers"),
    ]


def test_every_console_screen_fits_a_phone_a_laptop_and_a_projector(
    server, browser, territory_with_data
):
    problems: list[str] = []
    for device, (width, height) in WIDTHS.items():
        context = browser.new_context(
            base_url=server.url,
            viewport={"width": width, "height": height},
            locale="fr-FR",
            timezone_id="Europe/Paris",
            bypass_csp=True,  # lets the test inject axe-core into the page
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        try:
            open_console(page, "Claire")
            for name, address, heading in screens(territory_with_data):
                page.goto(f"/console{address}")
                expect(page.get_by_role("heading", name=heading).first).to_be_visible()
                expect(page.get_by_text("Chargement")).to_have_count(0)
                page.wait_for_load_state("networkidle")
                measure = page.evaluate(OVERFLOW)
                if measure["scrollWidth"] > width:
                    problems.append(f"{device} {name}: {json.dumps(measure, ensure_ascii=False)}")
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate(AXE_RUN)
                if violations:
                    problems.append(
                        f"{device} {name}: axe {json.dumps(violations, ensure_ascii=False)}"
                    )
                screenshot(page, f"console-largeur-{device}-{name}")
        finally:
            context.close()
        assert not errors, f"JavaScript errors on the {device}: {errors}"
    assert not problems, "\n".join(problems)
