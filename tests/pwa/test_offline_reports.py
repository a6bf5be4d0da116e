"""A resident joins with an invitation, reports online, then offline (three reports, one with a
photo, one placed by tapping the map), reloads the app without network, and when the network
comes back everything reaches the server exactly once — even when the server's answers get lost
and the phone sends the same batch and the same photo again."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, gps, make_invite, screenshot

pytestmark = pytest.mark.browser


def stored(app):
    from backend.extensions.database import db
    from backend.models import Observation, Photo, User

    with app.app_context():
        rows = db.session.execute(
            sa.select(Observation, User.pseudonym)
            .join(User, User.id == Observation.author_id)
            .order_by(Observation.received_at)
        ).all()
        photos = db.session.scalars(sa.select(Photo)).all()
        return (
            [
                {
                    "text": o.text,
                    "author": pseudonym,
                    "territory": o.territory_code,
                    "accuracy_m": o.accuracy_m,
                    "photos": [(p.width, p.height) for p in o.photos],
                }
                for o, pseudonym in rows
            ],
            len(photos),
        )


def lose_answers(page, pattern: str, log: list[str]) -> None:
    """The next request to ``pattern`` reaches the server, but its answer never reaches the phone."""

    def handler(route):
        route.fetch()  # the server does the work…
        log.append(route.request.url)
        route.abort("connectionreset")  # …and the phone hears nothing

    page.route(pattern, handler, times=1)


def wait_until(page, condition, timeout_ms: int = 10_000) -> None:
    """Let the page run until ``condition()`` holds (for what only the test's own code sees)."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("condition not reached in time")


def test_reports_offline_reach_the_server_once_with_their_photo(server, context, page, photo_file):
    code = make_invite(server.app)
    page.goto(f"/?invite={code}")
    check_accessibility(page, "rejoindre")
    screenshot(page, "01-rejoindre")
    steps.join(page, code, "Samira du 3e")
    steps.wait_for_offline_shell(page)

    steps.report(
        page,
        theme="Propreté, déchets",
        polarity="Une difficulté",
        text="Encombrants devant le bâtiment C",
    )
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    check_accessibility(page, "signaler")
    screenshot(page, "02-signaler")
    observations, _ = stored(server.app)
    assert [(o["text"], o["author"], o["territory"]) for o in observations] == [
        ("Encombrants devant le bâtiment C", "Samira du 3e", "QP031001")
    ]

    context.set_offline(True)
    expect(page.get_by_text("Hors ligne", exact=True)).to_be_visible()
    steps.report(
        page,
        theme="Espaces verts, nature, chaleur",
        polarity="Une ressource",
        text="Le jardin partagé est ouvert le samedi",
        photo=photo_file,
    )
    steps.report(
        page,
        theme="Transports, mobilité",
        polarity="Une idée",
        text="Un abri à l'arrêt de bus Saint-Jean",
    )
    context.set_geolocation(gps(accuracy=900))  # inside a building: the GPS is poor
    expect(page.get_by_text(re.compile(r"Position GPS imprécise \(± 900 m\)"))).to_be_visible()
    steps.report(
        page,
        theme="Voirie, éclairage, accessibilité",
        polarity="Une difficulté",
        text="Lampadaire éteint rue des Lilas",
        tap_map=True,
    )
    expect(page.get_by_text("3 observations en attente d'envoi.")).to_be_visible()

    page.reload()  # still offline: the service worker serves the app, IndexedDB kept the reports
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
    page.get_by_role("link", name="Mes observations", exact=True).click()
    expect(page.locator(".badge.pending")).to_have_count(3)
    expect(page.get_by_text("Sera envoyée quand le réseau reviendra.")).to_have_count(3)
    check_accessibility(page, "mes observations hors ligne")
    screenshot(page, "03-mes-observations-hors-ligne")
    assert len(stored(server.app)[0]) == 1

    lost: list[str] = []
    lose_answers(page, "**/api/v1/sync", lost)
    lose_answers(page, "**/api/v1/observations/*/photos", lost)
    context.set_offline(False)  # the app sends by itself when the network returns
    expect(page.get_by_text("Hors ligne", exact=True)).to_have_count(0)
    wait_until(page, lambda: len(lost) == 1)
    assert lost[0].endswith("/api/v1/sync")
    assert len(stored(server.app)[0]) == 4  # stored, though the phone does not know yet
    expect(page.get_by_text("3 observations en attente d'envoi.")).to_be_visible()

    # The resident insists: the same batch again (duplicates), then the photo (lost again), then
    # the photo once more (the server recognises the same bytes).
    page.get_by_role("button", name="Envoyer maintenant").click()
    wait_until(page, lambda: len(lost) == 2)
    assert "/photos" in lost[1]
    expect(page.get_by_text("1 observation en attente d'envoi.")).to_be_visible()
    expect(page.get_by_text("Observation reçue ; photo en cours d'envoi.")).to_be_visible()
    page.get_by_role("button", name="Envoyer maintenant").click()
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()

    observations, photo_count = stored(server.app)
    assert len(observations) == 4 and photo_count == 1
    by_text = {o["text"]: o for o in observations}
    assert by_text["Le jardin partagé est ouvert le samedi"]["photos"] == [(1600, 1200)]
    assert by_text["Lampadaire éteint rue des Lilas"]["accuracy_m"] is None  # placed on the map
    assert {o["territory"] for o in observations} == {"QP031001"}
    expect(page.locator(".badge.visible")).to_have_count(4)
    screenshot(page, "04-mes-observations-envoyees")
