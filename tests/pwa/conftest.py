"""Browser tests: the PWA in Debian's headless Chromium, from the resident's side, against a real
server (the Flask app in a thread) on a migrated SpatiaLite database with the real territories.

Map tiles point at a closed local port, so no tile ever loads: what residents see offline or
without a tile server (the territory's outline on a blank map) is what these tests use.
"""

from __future__ import annotations

import dataclasses
import io
import json
import pathlib
import shutil
import subprocess
import threading

import flask
import pytest
from PIL import Image

from tests.backend.conftest import inside
from tests.conftest import (
    ROOT,
    Database,
    clean_database,
    load_baseline_territories,
    make_app,
    migrate,
)

PWA = ROOT / "backend" / "web"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
AXE = PWA / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CLOSED_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
PHONE = {"width": 360, "height": 740}
PASSWORD = "mot-de-passe-solide"


@dataclasses.dataclass
class Server:
    app: object
    url: str


@pytest.fixture(scope="session")
def built_pwa():
    """The build, made (or found up to date, in milliseconds) by the project's own script."""
    subprocess.run([str(ROOT / "scripts" / "build-pwa.sh")], check=True, capture_output=True)
    return PWA / "dist"


@pytest.fixture(scope="session")
def pwa_server(built_pwa, tmp_path_factory):
    from werkzeug.serving import make_server

    from backend.extensions.database import db

    tmp = tmp_path_factory.mktemp("pwa")
    database = Database("spatialite", tmp, "pwa")
    app = make_app(database, tmp / "media")
    app.config["TILES_URL"] = CLOSED_TILES_URL
    migrate(app)
    load_baseline_territories(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Server(app, f"http://127.0.0.1:{server.port}")
    server.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()
    database.drop()


@pytest.fixture
def server(pwa_server):
    from backend.extensions.security import limiter

    yield pwa_server
    clean_database(pwa_server.app)
    limiter.reset()  # rate-limit counters (logins from 127.0.0.1) are per test


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is missing: run scripts/install-system.sh test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def gps(code: str = "QP031001", accuracy: float = 12) -> dict[str, float]:
    lon, lat = inside(code)
    return {"longitude": lon, "latitude": lat, "accuracy": accuracy}


@pytest.fixture
def context(browser, server):
    """A phone: 360 px wide, touch, French, GPS allowed and inside QPV QP031001 (Muret)."""
    context = browser.new_context(
        base_url=server.url,
        viewport=PHONE,
        has_touch=True,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        permissions=["geolocation"],
        geolocation=gps(),
        service_workers="allow",
        bypass_csp=True,  # lets the tests inject axe-core into the page
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors in the page: {errors}"


def make_invite(app, territory: str = "QP031001") -> str:
    result = app.test_cli_runner().invoke(args=["invites", "create", "--territory", territory])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def make_resident(app, pseudonym: str, territories=("QP031001",)):
    from backend.extensions.database import db
    from backend.services import accounts
    from backend.services.territories import get_territory

    with app.app_context():
        user = accounts.create_user(
            pseudonym, PASSWORD, "veilleur", [get_territory(c) for c in territories]
        )
        accounts.record_consent(
            user, accounts.AccountPolicy.from_settings(flask.current_app.config)
        )
        db.session.commit()
        return user.id


def check_accessibility(page, screen: str) -> None:
    """axe-core in the page: no serious or critical violation on this screen."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{screen}: {json.dumps(serious, ensure_ascii=False, indent=1)}"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # or the sticky top bar is drawn mid-page
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def photo_file(tmp_path_factory) -> pathlib.Path:
    """A camera-sized JPEG (4000×3000), which the app must shrink to 1600 px before sending."""
    image = Image.new("RGB", (4000, 3000), (40, 120, 90))
    for x in range(0, 4000, 250):
        image.paste((230, 200, 60), (x, 0, x + 60, 3000))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    path = tmp_path_factory.mktemp("photos") / "encombrants.jpg"
    path.write_bytes(out.getvalue())
    return path
