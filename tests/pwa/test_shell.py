"""The app shell: light (under 200 KB compressed on first load), installable (manifest, icons,
service worker), served with the right caching, and the API docs work without internet."""

from __future__ import annotations

import gzip
import json
import pathlib
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.pwa import steps
from tests.pwa.conftest import check_accessibility, make_invite, make_resident, screenshot

BUDGET_BYTES = 200 * 1024


def transferred_size(url: str) -> int:
    """Bytes on the wire for a client that accepts gzip (what a phone downloads)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            return len(body)
        return len(gzip.compress(body, compresslevel=6))


@pytest.mark.browser
def test_first_load_stays_under_200_kb_compressed(server, context, page):
    fetched: set[str] = set()
    context.on("request", lambda r: fetched.add(r.url.removeprefix(server.url)))
    code = make_invite(server.app)
    page.goto(f"/?invite={code}")
    steps.wait_for_offline_shell(page)
    expect(page.get_by_role("heading", name="Rejoindre les veilleurs")).to_be_visible()

    shell = json.loads((pathlib.Path(server.app.config["PWA_DIST"]) / "shell.json").read_text())
    first_load = {
        u.split("?")[0] or "/" for u in fetched if not u.startswith(("/api/", "/config.json"))
    }
    first_load = {"/" if u.startswith("/?") else u for u in first_load}
    assert first_load <= set(shell), first_load - set(shell)
    total = sum(transferred_size(server.url + path) for path in shell)
    print(f"coquille : {total / 1024:.1f} Ko compressés pour {len(shell)} fichiers")
    assert total < BUDGET_BYTES


def get(client, path: str, **kwargs):
    """A response read whole and closed (files are streamed: an open one would leak)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def test_built_files_revalidate_with_their_etag_compressed_or_not(pwa_server):
    """A phone that has the manifest asks again with its ETag and gets 304, nothing re-sent; the
    gzip copy has an ETag of its own (the bytes differ)."""
    client = pwa_server.app.test_client()
    for encoding in ("gzip", "identity"):
        first = get(client, "/manifest.webmanifest", headers={"Accept-Encoding": encoding})
        assert first.status_code == 200 and first.data
        again = get(
            client,
            "/manifest.webmanifest",
            headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]},
        )
        assert again.status_code == 304 and again.data == b""
    plain = get(client, "/manifest.webmanifest", headers={"Accept-Encoding": "identity"})
    packed = get(client, "/manifest.webmanifest", headers={"Accept-Encoding": "gzip"})
    assert plain.headers["ETag"] != packed.headers["ETag"]


def test_caching_headers_and_installability(pwa_server):
    client = pwa_server.app.test_client()
    page = get(client, "/?invite=ABCD-EFGH", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    html = gzip.decompress(page.data).decode()
    assert '<html lang="fr">' in html and 'rel="manifest"' in html
    script = html.split('<script type="module" src="')[1].split('"')[0]
    asset = get(client, script)
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    assert asset.headers["Content-Type"].startswith("text/javascript")
    for path in ("/sw.js", "/manifest.webmanifest"):
        assert get(client, path).headers["Cache-Control"] == "no-cache"
    manifest = json.loads(get(client, "/manifest.webmanifest").data)
    assert manifest["lang"] == "fr" and manifest["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        assert get(client, icon["src"]).status_code == 200
    assert get(client, "/config.json").json["tiles_url"].startswith("http://127.0.0.1:9/")
    assert get(client, "/assets/../__init__.py").status_code == 404


def test_the_console_is_its_own_page_kept_out_of_the_phones_shell(pwa_server, built_pwa):
    client = pwa_server.app.test_client()
    for path in ("/console", "/console/"):
        page = get(client, path)
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-cache"
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    html = get(client, "/console").get_data(as_text=True)
    script = html.split('<script type="module" src="')[1].split('"')[0]
    assert script.startswith("/assets/console-")
    assert get(client, script).status_code == 200
    shell = json.loads((built_pwa / "shell.json").read_text())
    assert not any("console" in path for path in shell)  # residents' phones never fetch it


def test_api_docs_use_the_local_swagger_ui(pwa_server):
    client = pwa_server.app.test_client()
    docs = get(client, "/api/docs").get_data(as_text=True)
    assert 'src="/swagger-ui/swagger-ui-bundle.js"' in docs
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert get(client, f"/swagger-ui/{name}").status_code == 200


@pytest.mark.browser
def test_other_screens_are_accessible(server, page):
    make_resident(server.app, "Inès")
    page.goto("/#/confidentialite")
    expect(page.get_by_role("heading", name="Confidentialité")).to_be_visible()
    check_accessibility(page, "confidentialité")
    steps.log_in(page, "Inès")
    page.get_by_role("link", name="Enquêtes").click()
    expect(page.get_by_role("heading", name="Enquêtes")).to_be_visible()
    check_accessibility(page, "enquêtes")
    screenshot(page, "11-enquetes")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Signaler").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
    check_accessibility(page, "signaler sur ordinateur")
    screenshot(page, "12-signaler-ordinateur")


@pytest.fixture
def new_version(server, tmp_path):
    """A copy of the build the server serves; ``publish()`` makes it a new version."""
    import shutil

    original = server.app.config["PWA_DIST"]
    dist = tmp_path / "dist"
    shutil.copytree(original, dist)
    server.app.config["PWA_DIST"] = str(dist)

    def publish():
        sw = dist / "sw.js"
        sw.write_text(sw.read_text(encoding="utf-8") + "\n// new version\n", encoding="utf-8")
        (dist / "sw.js.gz").unlink()

    yield publish
    server.app.config["PWA_DIST"] = original


@pytest.mark.browser
def test_an_open_app_offers_the_new_version(server, page, new_version):
    make_resident(server.app, "Rose")
    steps.log_in(page, "Rose")
    steps.wait_for_offline_shell(page)
    new_version()
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    expect(page.get_by_text("Une nouvelle version de Veilleurs est prête.")).to_be_visible()
    check_accessibility(page, "nouvelle version")
    screenshot(page, "14-nouvelle-version")
    page.get_by_role("button", name="Recharger").click()
    expect(page.get_by_role("heading", name="Signaler")).to_be_visible()
