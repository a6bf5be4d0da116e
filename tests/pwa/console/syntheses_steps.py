"""What the syntheses tests start from: reports in QP031001 sent by veilleurs through the API,
syntheses frozen by the services, and the files the console downloads, read back."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import flask
from playwright.sync_api import Page

from tests.backend.test_syntheses import THEMES, payloads

HOME = "QP031001"


def report(app, themes: list[str] = THEMES, territory: str = HOME, batch: str = "a") -> int:
    """The observations of tests/backend/test_syntheses.py (48 in QP031001 by default: 30 on
    cleanliness, 15 on mobility, 3 on health), sent by three veilleurs through /api/v1/sync,
    in turn (each veilleur reports on every theme: three residents behind each)."""
    from backend.extensions.database import db
    from backend.services import accounts
    from backend.services.territories import get_territory

    items = payloads(themes, seed=ord(batch))
    client = app.test_client()
    people = max(1, -(-len(items) // 16))
    for n in range(people):
        with app.test_request_context():
            user = accounts.create_user(
                f"veilleur-{batch}{n}",
                "mot-de-passe-solide",
                "veilleur",
                [get_territory(territory)],
            )
            accounts.record_consent(
                user, accounts.AccountPolicy.from_settings(flask.current_app.config)
            )
            token = accounts.issue_tokens(
                user, accounts.AccountPolicy.from_settings(flask.current_app.config)
            ).access_token
            db.session.commit()
        response = client.post(
            "/api/v1/sync",
            json={"observations": items[n::people]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert {r["status"] for r in response.json["results"]} == {"created"}, response.json
    return len(items)


def issue(app, territory: str, theme: str | None = None) -> str:
    """A synthesis frozen by the services (as the CLI does); its id."""
    from backend.extensions.database import db
    from backend.services import syntheses
    from backend.services.scope import Scope

    with app.test_request_context():
        synthesis = syntheses.issue(
            Scope.system(),
            syntheses.SynthesisRequest(territory=territory, theme=theme),
            syntheses.DisclosureRules.from_settings(app.config),
        )
        db.session.commit()
        return str(synthesis.id)


def download(page: Page, button) -> tuple[str, bytes]:
    """Click a download button: (the file's name, its bytes)."""
    with page.expect_download() as info:
        button.click()
    download = info.value
    path = download.path()
    assert path is not None, download.failure()
    with open(path, "rb") as file:
        return download.suggested_filename, file.read()


def pdf_text(data: bytes, tmp_path) -> str | None:
    """The text of a PDF by poppler's pdftotext (None when it is not installed)."""
    if not shutil.which("pdftotext"):
        return None
    source = tmp_path / "synthese.pdf"
    source.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def pdf_picture(data: bytes, tmp_path, name: str) -> None:
    """The PDF's first page as a PNG beside the screenshots (when pdftoppm is installed)."""
    from tests.pwa.conftest import SCREENSHOTS

    if not shutil.which("pdftoppm"):
        return
    source = tmp_path / "picture.pdf"
    source.write_bytes(data)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(SCREENSHOTS / name),
        ],
        check=True,
    )


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
