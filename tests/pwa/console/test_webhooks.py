"""Webhooks in the console: an animateur is refused a private address, subscribes her city's
tool (a local receiver, allowed for the test), copies the key shown once, a resident reports,
and the delivery shows as delivered; the screen fits a phone (390 px) and a laptop (1366 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.backend.conftest import observation_payload
from tests.backend.test_webhooks import Receiver
from tests.pwa.conftest import check_accessibility, make_resident, screenshot
from tests.pwa.console.analyses_steps import token
from tests.pwa.console.conftest import go_to, make_staff, open_console
from tests.pwa.console.test_widths import OVERFLOW

pytestmark = pytest.mark.browser


@pytest.fixture
def receiver(server):
    made = Receiver([200])
    yield made
    made.close()
    server.app.config.update(WEBHOOKS_ALLOW_PRIVATE=False)


def fits(console, width: int, name: str) -> None:
    console.set_viewport_size({"width": width, "height": 844 if width < 500 else 768})
    console.evaluate("window.scrollTo(0, 0)")
    overflow = console.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"], overflow["culprits"]
    screenshot(console, name)


def test_an_animateur_subscribes_and_follows_the_deliveries(server, console, receiver):
    from backend import webhook_jobs

    make_staff(server.app, "Claire", "animateur")
    open_console(console, "Claire")
    go_to(console, "Webhooks")
    expect(console.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
    expect(console.get_by_text("Aucun abonnement pour l'instant.")).to_be_visible()

    console.get_by_label("Adresse qui recevra les événements").fill("http://192.168.1.20/hook")
    console.get_by_role("button", name="S'abonner").click()
    refused = console.get_by_role("alert").filter(has_text="L'abonnement n'a pas été créé")
    expect(refused).to_contain_text("réseau privé")
    check_accessibility(console, "webhooks : adresse refusée")

    server.app.config.update(WEBHOOKS_ALLOW_PRIVATE=True)  # the test's receiver is local
    console.get_by_label("Adresse qui recevra les événements").fill(receiver.url)
    console.get_by_role("button", name="S'abonner").click()
    secret = console.locator("code").filter(has_text=re.compile(r"^whsec_"))
    expect(secret).to_be_visible()
    row = console.get_by_role("row").filter(has_text=receiver.url)
    expect(row).to_contain_text("Actif")

    make_resident(server.app, "Nadia")
    client = server.app.test_client()
    assert (
        client.post(
            "/api/v1/observations", json=observation_payload(), headers=token(client, "Nadia")
        ).status_code
        == 201
    )
    webhook_jobs.wait_idle()
    assert len(receiver.received) == 1

    row.get_by_role("button", name="Envois").click()
    deliveries = console.get_by_role("table", name=re.compile("Les 20 derniers envois"))
    expect(deliveries).to_contain_text("Livré")
    expect(deliveries).to_contain_text("observation.created")
    check_accessibility(console, "webhooks : envois")
    fits(console, 1366, "console-webhooks-portable")
    fits(console, 390, "console-webhooks-telephone")

    console.get_by_role("button", name="J'ai copié la clé").click()
    expect(secret).to_have_count(0)
    row.get_by_role("button", name="Suspendre").click()
    expect(row).to_contain_text("Suspendu")
