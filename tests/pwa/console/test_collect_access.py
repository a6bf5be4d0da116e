"""An organiser gives ODK Collect access to a campaign from its page: the settings QR, shown
once, is what Collect scans (read here as a phone's camera reads it), and its credentials open
the OpenRosa server until the access is revoked."""

from __future__ import annotations

import base64
import json
import re
import zlib

import pytest
from playwright.sync_api import expect

from tests.pwa.campaigns import ORGANISER, open_campaign
from tests.pwa.conftest import check_accessibility, screenshot
from tests.pwa.console.conftest import open_console
from tests.pwa.console.test_invitations import decode_qr

pytestmark = pytest.mark.browser


def form_list(app, settings: dict) -> int:
    """What Collect gets from ``formList`` with these settings (over HTTPS, as in production)."""
    general = settings["general"]
    secret = base64.b64encode(f"{general['username']}:{general['password']}".encode()).decode()
    response = app.test_client().get(
        "/openrosa/formList",
        headers={"X-OpenRosa-Version": "1.0", "Authorization": f"Basic {secret}"},
        base_url="https://localhost",
    )
    return response.status_code


def test_an_organiser_gives_collect_access_with_a_qr_and_revokes_it(server, console):
    campaign_id = open_campaign(server.app, "diagnostic-en-marchant", title="Marche du 12")
    open_console(console, ORGANISER)
    console.goto(f"/console#/enquetes/campagne/{campaign_id}")
    section = console.get_by_role("region", name="ODK Collect et Enketo")
    expect(section.get_by_text("Aucun accès pour l'instant.")).to_be_visible()

    section.get_by_role("button", name="Créer un accès").click()
    expect(section.get_by_role("alert")).to_contain_text("Donnez un nom")
    section.get_by_label("Nom de l'accès").fill("Tablette 1")
    section.get_by_role("button", name="Créer un accès").click()
    shown = section.get_by_role("group", name="Accès « Tablette 1 » créé")
    expect(shown).to_be_visible()
    check_accessibility(console, "campagne : accès ODK Collect")
    screenshot(console, "console-campagne-collect-1366")
    console.set_viewport_size({"width": 390, "height": 844})
    screenshot(console, "console-campagne-collect-390")
    console.set_viewport_size({"width": 1366, "height": 900})

    qr = shown.get_by_role("img", name=re.compile("QR code de configuration"))
    settings = json.loads(zlib.decompress(base64.b64decode(decode_qr(qr.screenshot()))))
    assert settings["general"]["server_url"].endswith("/openrosa")
    assert settings["project"]["name"] == "Marche du 12"
    expect(shown).to_contain_text(settings["general"]["password"])
    assert form_list(server.app, settings) == 200

    shown.get_by_role("button", name="J'ai configuré le téléphone").click()
    expect(shown).to_be_hidden()
    expect(console.get_by_text(settings["general"]["password"])).to_have_count(0)  # shown once
    row = section.get_by_role("row").filter(has_text="Tablette 1")
    expect(row).to_contain_text(settings["general"]["username"])
    row.get_by_role("button", name="Révoquer l'accès Tablette 1").click()
    expect(row).to_contain_text("Révoqué le")
    assert form_list(server.app, settings) == 401


def test_an_organiser_imports_a_kobo_export_and_reads_what_was_kept(server, console, tmp_path):
    from tests.backend.test_submission_imports import KOBO, TREES

    campaign_id = open_campaign(server.app, TREES, title="Arbres du quartier")
    export = tmp_path / "arbres.json"
    export.write_text(json.dumps({"results": KOBO["submissions"]}), encoding="utf-8")
    open_console(console, ORGANISER)
    console.goto(f"/console#/enquetes/campagne/{campaign_id}")
    section = console.get_by_role("region", name="Importer des réponses KoboToolbox ou ODK")
    section.get_by_role("button", name="Importer", exact=True).click()
    expect(section.get_by_role("alert")).to_contain_text("Choisissez un fichier")
    section.get_by_label("Fichier à importer").set_input_files(str(export))
    section.get_by_role("button", name="Importer", exact=True).click()
    report = section.get_by_role("status")
    expect(report).to_contain_text("3 réponse(s) importée(s)")
    expect(report).to_contain_text("hors de la période")  # made in 2021: kept, with a note
    expect(console.locator(".response-count .big-number")).to_have_text("3")
    check_accessibility(console, "campagne : import KoboToolbox")
    screenshot(console, "console-campagne-import-1280")
    section.get_by_label("Fichier à importer").set_input_files(str(export))
    section.get_by_role("button", name="Importer", exact=True).click()
    expect(report).to_contain_text("0 réponse(s) importée(s), 3 déjà là")


def test_an_organiser_attaches_the_file_a_choice_list_is_read_from(server, console, tmp_path):
    from tests.backend.test_openrosa import FROM_FILE

    campaign_id = open_campaign(server.app, FROM_FILE, title="Communes")
    communes = tmp_path / "communes.csv"
    communes.write_text("name,label\n31555,Toulouse\n", encoding="utf-8")
    open_console(console, ORGANISER)
    console.goto(f"/console#/enquetes/campagne/{campaign_id}")
    section = console.get_by_role("region", name="ODK Collect et Enketo")
    files = section.get_by_role("list", name="Fichiers du formulaire")
    expect(files).to_contain_text("communes.csv : manquant")
    section.get_by_label("Joindre un fichier (.csv, .geojson, .xml)").set_input_files(str(communes))
    expect(section.get_by_role("status")).to_contain_text("Fichier « communes.csv » joint.")
    expect(files).to_contain_text("communes.csv : joint le")
    check_accessibility(console, "campagne : fichiers du formulaire")
