"""The invitation poster, printed as the organiser prints it (Chromium's own PDF, A4): one sheet,
nothing of the console on it, the QR code and the code readable."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import SCREENSHOTS
from tests.pwa.console.conftest import go_to, make_staff, open_console

pytestmark = pytest.mark.browser


def pdf_pages(path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)$", done.stdout, re.M).group(1))


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_the_a4_poster_prints_on_one_sheet(server, browser, tmp_path, width):
    assert shutil.which("pdfinfo") and shutil.which("pdftotext"), "poppler-utils is missing"
    make_staff(server.app, "Claire", "animateur")
    context = browser.new_context(
        base_url=server.url, viewport={"width": width, "height": 900}, locale="fr-FR"
    )
    try:
        console = context.new_page()
        open_console(console, "Claire")
        go_to(console, "Invitations")
        console.get_by_role("button", name="Créer l'invitation").click()
        created = console.get_by_role("status").filter(has_text=re.compile(r"Invitation \S+ créée"))
        code = re.search(r"Invitation (\S+) créée", created.inner_text()).group(1)
        expect(
            console.get_by_role("region", name="Rejoignez les veilleurs du quartier")
        ).to_be_visible()

        pdf = tmp_path / "affiche.pdf"
        console.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()

    assert pdf_pages(pdf) == 1
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(layout.split())  # the title wraps on paper
    assert "Rejoignez les veilleurs du quartier" in text and code in text
    assert "SAINT JEAN" in text and "Code valable jusqu'au" in text  # the kicker is in capitals
    for console_only in ("Menu de la console", "Créer l'invitation", "Se déconnecter"):
        assert console_only not in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-singlefile",
            str(pdf),
            str(SCREENSHOTS / f"console-affiche-a4-{width}"),
        ],
        check=True,
    )
