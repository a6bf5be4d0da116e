"""The observations page's figures always match the filters shown: while the database counts, a
loading state (never the old figure); a question that a newer filter made obsolete is cancelled
and its answer never shown. Many observations are drawn as counted cells on a canvas."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import screenshot
from tests.pwa.console.conftest import go_to, make_staff, open_console
from tests.pwa.console.test_observations import seed_observations

pytestmark = pytest.mark.browser
COUNTS = "**/api/v1/observations/counts?*"


def test_a_filter_change_shows_a_loading_state_and_never_the_old_figure(server, console):
    seed_observations(server.app)
    make_staff(server.app, "Yanis", "analyste", ("QP031001", "QP031007"))
    open_console(console, "Yanis")
    go_to(console, "Observations")
    status = console.locator(".obs-count")
    expect(status).to_contain_text("7 observations correspondent aux filtres")
    expect(console.get_by_role("figure", name="Observations par thème")).to_be_visible()

    held = []  # the database's answers, held back until the test lets them through
    hold = lambda route: held.append(route)  # noqa: E731
    console.route(COUNTS, hold)
    failed = []
    console.on("requestfailed", lambda r: "/observations/counts" in r.url and failed.append(r.url))
    console.get_by_label("Thème", exact=True).select_option(label="Propreté, déchets")
    expect(status).to_contain_text("Calcul des chiffres pour ces filtres")
    expect(status).to_have_attribute("aria-busy", "true")
    expect(status).not_to_contain_text("7")
    expect(console.get_by_role("figure", name="Observations par thème")).to_have_count(0)
    expect(console.locator(".charts-loading")).to_be_visible()

    # A second change while the first answer is awaited: the first question is cancelled.
    console.get_by_label("Type", exact=True).select_option(label="Idée")
    for _ in range(200):  # the route handler runs while Playwright waits
        if len(held) >= 2:
            break
        console.wait_for_timeout(50)
    assert "theme=proprete" in held[0].request.url and "polarity=" not in held[0].request.url
    assert "polarity=idee" in held[1].request.url
    held[1].continue_()
    expect(status).to_contain_text("0 observation correspond aux filtres")
    expect(console.get_by_text("Aucune observation ne correspond à ces filtres.")).to_be_visible()
    assert any("theme=proprete" in url and "polarity=" not in url for url in failed)
    # The obsolete answer, if the browser still wanted it (it cancelled it: nothing to let through).
    with contextlib.suppress(Exception):
        held[0].continue_()
    expect(status).to_contain_text("0 observation correspond aux filtres")
    console.unroute(COUNTS, hold)

    console.get_by_label("Type", exact=True).select_option(label="Difficulté")
    expect(status).to_contain_text("3 observations correspondent aux filtres")


@pytest.mark.parametrize("width", [390, 1366])
def test_many_observations_are_counted_cells_on_a_canvas(server, console, width):
    from backend.demo_volume import seed_volume

    with server.app.app_context():
        seed_volume(observations=3_000, responses=0, seed=7, echo=lambda _: None)
    make_staff(server.app, "Yanis", "admin", ())
    console.set_viewport_size({"width": width, "height": 900})
    open_console(console, "Yanis")
    go_to(console, "Observations")
    status = console.locator(".obs-count")
    expect(status).to_contain_text("3 000 observations correspondent aux filtres")
    map_status = console.locator(".map-status")
    expect(map_status).to_contain_text("La carte regroupe les")
    expect(console.locator(".console-map canvas")).to_have_count(1)
    expect(console.locator(".console-map path.leaflet-interactive")).to_have_count(0)
    # Dozens of territories: the chart shows the first 25, its table every one of them.
    territories = console.get_by_role("figure", name="Observations par territoire")
    expect(territories.locator(".bars li")).to_have_count(25)
    expect(territories).to_contain_text(re.compile(r"… et \d+ autres : voir le tableau"))
    screenshot(console, f"console-53-observations-volume-{width}")
