"""A national deployment's volumes on PostGIS (gunicorn, 2 workers), beside raw baselines measured
in the same run — 100,000 observations and 5,000 answers made by ``demo seed --size large``:

- GET /observations/counts (one grouping; the console's four) vs the same raw ``GROUP BY``s
  through psycopg — target: at most 3× (ratio ≥ 0.33);
- the CSV export of the 100,000 observations vs a raw ``COPY … TO STDOUT`` of the same columns —
  at most 3×, and the gunicorn worker's peak memory (VmHWM) under 300 MB;
- POST /observations under ``wrk`` (a non-Python load generator) vs the raw Flask + psycopg
  insert of the same row — target ≥ 0.6;
- the console's observations page in headless Chromium with the CPU slowed 4×: every figure
  shown, exact, within 2 s; and the frame time while panning its map, within 20 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator

import psycopg

from bench.common import Result, best_time
from bench.servers import gunicorn, postgis_app

OBSERVATIONS, RESPONSES = 100_000, 5_000
WRK_SECONDS, WRK_CONNECTIONS = 8, 4
PASSWORD = "mot-de-passe-bench"


def _get(port: int, path: str, token: str) -> bytes:
    """A GET read to its end (a streamed body too)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, (response.status, body[:300])
        return body
    finally:
        connection.close()


def _workers_peak_mb(master: int | None = None) -> float:
    """The largest peak resident memory (VmHWM) among gunicorn's workers, in MB."""
    peaks = []
    for status in pathlib.Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ")
        if b"gunicorn" not in cmdline or b"backend.wsgi:app" not in cmdline:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", text)
        ppid = re.search(r"PPid:\s+(\d+)", text)
        if match and ppid and int(ppid.group(1)) != 1:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=float("nan"))


RAW_GROUPINGS = {
    "theme": "SELECT theme, count(*) FROM observation GROUP BY theme ORDER BY theme",
    "polarity": "SELECT polarity, count(*) FROM observation GROUP BY polarity ORDER BY polarity",
    "month": "SELECT to_char(timezone('UTC', observed_at), 'YYYY-MM') m, count(*)"
    " FROM observation GROUP BY m ORDER BY m",
    "territory": "SELECT territory_id, count(*) FROM observation GROUP BY territory_id"
    " ORDER BY territory_id",
}
RAW_COPY = """COPY (SELECT o.id, o.observed_at, o.received_at, ST_X(o.geom), ST_Y(o.geom),
  o.accuracy_m, t.code, o.theme, o.polarity, o.text, o.status
  FROM observation o LEFT JOIN territory t ON t.id = o.territory_id
  ORDER BY o.observed_at DESC, o.id) TO STDOUT WITH CSV HEADER"""


def _raw_counts(dsn: str, groupings: list[str], repeat: int = 5) -> float:
    with psycopg.connect(dsn) as conn:

        def once() -> None:
            with conn.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM observation")
                cursor.fetchall()
                for name in groupings:
                    cursor.execute(RAW_GROUPINGS[name])
                    cursor.fetchall()

        once()
        return best_time(once, repeat)


def _raw_copy(dsn: str) -> tuple[float, int]:
    size = 0

    def once() -> None:
        nonlocal size
        size = 0
        with (
            psycopg.connect(dsn) as conn,
            conn.cursor() as cursor,
            cursor.copy(RAW_COPY) as copy,
        ):
            for chunk in copy:
                size += len(chunk)

    return best_time(once, 2), size


WRK_SCRIPT = """
local counter = 0
local run = "%(run)s"
local thread_id = 0
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("tid", next_thread)
end
function init(args)
  thread_id = tid or 0
end
request = function()
  counter = counter + 1
  local id = string.format("%%s-%%04x-4000-8000-%%012x", run, thread_id, counter)
  local body = '{"id":"' .. id .. '","observed_at":"%(observed)s",' ..
    '"location":{"type":"Point","coordinates":[%(lon)s,%(lat)s]},"accuracy_m":12,' ..
    '"theme":"proprete","polarity":"difficulte",' ..
    '"text":"Encombrants devant le b\\195\\162timent C, depuis trois jours"}'
  return wrk.format("POST", "%(path)s", {["Content-Type"]="application/json",
    ["Authorization"]="%(auth)s"}, body)
end
"""


def _wrk(port: int, path: str, auth: str, point: list[float], tmp: str) -> tuple[float, int]:
    """Requests/s of ``wrk`` posting fresh observations, and the number of non-2xx answers."""
    script = pathlib.Path(tmp) / f"post-{uuid.uuid4().hex[:6]}.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "run": uuid.uuid4().hex[:8],
            "observed": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
            "lon": point[0],
            "lat": point[1],
            "path": path,
            "auth": auth,
        },
        encoding="utf-8",
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    done = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    assert done is not None, out
    seconds = float(done.group(2)) / (1000 if done.group(3) == "ms" else 1)
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(found.group(1)) if found else 0
    return (int(done.group(1)) - errors) / seconds, errors  # only the stored ones count


def _console(
    port: int, pseudonym: str, total: int
) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """(seconds until every figure of the observations page is shown and exact, CPU ×4;
    (p95, worst) frame times in ms while panning the map, then the same with the CPU ×4)."""
    from playwright.sync_api import expect, sync_playwright

    from tests.pwa.conftest import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="fr-FR")
        page.set_default_timeout(60_000)
        page.goto(f"http://127.0.0.1:{port}/console")
        page.get_by_label("Pseudonyme").fill(pseudonym)
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        menu = page.get_by_role("navigation", name="Menu de la console")
        expect(menu).to_be_visible()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        start = time.perf_counter()
        menu.get_by_role("link", name="Observations", exact=True).click()
        # One check polled at each frame: the exact total, the map drawn, the charts there.
        page.wait_for_function(
            """(total) => {
              const count = document.querySelector('.obs-count');
              const map = document.querySelector('.map-status');
              return count && count.getAttribute('aria-busy') === 'false'
                && count.textContent.replace(/\\D/g, '').startsWith(total)
                && map && map.getAttribute('aria-busy') === 'false'
                && [...document.querySelectorAll('figure figcaption')]
                  .some((c) => c.textContent === 'Observations par territoire');
            }""",
            arg=str(total),
            polling="raf",
            timeout=60_000,
        )
        seconds = time.perf_counter() - start
        frames = {}
        for rate in (1, 4):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            frames[rate] = _pan(page)
        browser.close()
    return seconds, frames[1], frames[4]


def _pan(page: object) -> tuple[float, float]:
    """(p95, worst) frame time in ms, measured in the page, while the mouse drags the map."""
    box = page.locator(".console-map").bounding_box()  # type: ignore[attr-defined]
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.evaluate(  # type: ignore[attr-defined]
        """() => { window.__frames = []; let last = performance.now();
          const tick = (now) => { window.__frames.push(now - last); last = now;
            window.__raf = requestAnimationFrame(tick); };
          window.__raf = requestAnimationFrame(tick); }"""
    )
    page.mouse.move(x, y)  # type: ignore[attr-defined]
    page.mouse.down()  # type: ignore[attr-defined]
    for step in range(60):
        page.mouse.move(x + 4 * step * (1 if step < 30 else -1), y + 2 * step)  # type: ignore[attr-defined]
    page.mouse.up()  # type: ignore[attr-defined]
    frames = page.evaluate(  # type: ignore[attr-defined]
        "() => { cancelAnimationFrame(window.__raf); return window.__frames; }"
    )
    frames = sorted(frames[1:]) or [float("nan")]
    return frames[int(0.95 * (len(frames) - 1))], frames[-1]


def run() -> Iterator[Result]:
    from tests.backend.conftest import inside

    point = inside("QP031001")
    with tempfile.TemporaryDirectory() as tmp, postgis_app(pathlib.Path(tmp)) as (url, app):
        from backend.demo_volume import seed_volume
        from backend.extensions.database import db
        from backend.services import accounts

        start = time.perf_counter()
        with app.app_context():
            seed_volume(OBSERVATIONS, RESPONSES, echo=lambda _: None)
        seed_seconds = time.perf_counter() - start
        with app.test_request_context():
            admin = accounts.create_user("bench-admin", PASSWORD, "admin")
            accounts.record_consent(admin)
            veilleur = accounts.create_user("bench-veilleur", PASSWORD, "veilleur")
            accounts.record_consent(veilleur)
            admin_token = accounts.issue_tokens(admin).access_token
            token = accounts.issue_tokens(veilleur).access_token
            author = str(veilleur.id)
            db.session.commit()
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE observation")  # as autovacuum would after a bulk load
        print(f"  (jeu volumineux créé en {seed_seconds:.1f} s)", flush=True)
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "MEDIA_DIR": f"{tmp}/media",
            "RAW_DSN": dsn,
            "RAW_AUTHOR": author,
            "ACCESS_TOKEN_MINUTES": "60",
            "RATE_LIMIT_WRITE": "100000000/minute",
            "OBSERVATIONS_PER_DAY": "100000000",
            "TILES_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png",
            "DB_POOL_PRE_PING": os.environ.get("DB_POOL_PRE_PING", "1"),
        }
        with gunicorn("backend.wsgi:app", env) as port:
            for groupings in (["theme"], ["theme", "polarity", "month", "territory"]):
                path = "/api/v1/observations/counts?" + "&".join(f"by={g}" for g in groupings)
                _get(port, path, admin_token)
                # Interleaved, best of 7 each: the shared machine's noise hits both alike.
                api_times, raw_times = [], []
                for _ in range(7):
                    api_times.append(best_time(lambda path=path: _get(port, path, admin_token), 1))
                    raw_times.append(_raw_counts(dsn, groupings, repeat=1))
                api, raw = min(api_times), min(raw_times)
                yield (
                    Result(
                        f"GET /observations/counts by={','.join(groupings)} (100 000 obs.)",
                        api * 1000,
                        "ms",
                        raw * 1000,
                        "mêmes GROUP BY psycopg",
                        higher_is_better=False,
                        target=1 / 3,
                        note=f"admin ; jeu créé en {seed_seconds:.0f} s",
                    )
                )
            before = _workers_peak_mb()
            size = 0

            def export() -> None:
                nonlocal size
                size = len(_get(port, "/api/v1/exports/observations?format=csv", admin_token))

            api_export = best_time(export, 2)
            peak = _workers_peak_mb()
            raw_export, raw_size = _raw_copy(dsn)
            yield (
                Result(
                    "export CSV de 100 000 observations (flux)",
                    api_export,
                    "s",
                    raw_export,
                    "COPY … TO STDOUT des mêmes colonnes",
                    higher_is_better=False,
                    target=1 / 3,
                    note=f"{size / 1e6:.1f} Mo (COPY {raw_size / 1e6:.1f} Mo) ; "
                    f"pic mémoire du worker {peak:.0f} Mo (avant {before:.0f} Mo ; cible < 300)",
                )
            )
            yield (
                Result(
                    "pic mémoire d'un worker pendant l'export CSV",
                    peak,
                    "Mo",
                    300.0,
                    "plafond",
                    higher_is_better=False,
                    target=1.0,
                    note=f"dont {peak - before:.0f} Mo ajoutés par l'export (pic avant : {before:.0f} Mo)",
                )
            )
            if shutil.which("chromium"):
                seconds, plain, slowed = _console(port, "bench-admin", OBSERVATIONS)
                yield (
                    Result(
                        "console, page Observations (100 000 obs., CPU ×4) : chiffres exacts affichés",
                        seconds,
                        "s",
                        2.0,
                        "budget",
                        higher_is_better=False,
                        target=1.0,
                    )
                )
                for label, (p95, worst) in (("", plain), (", CPU ×4", slowed)):
                    yield (
                        Result(
                            f"console, carte : temps de trame en déplacement (p95{label})",
                            p95,
                            "ms",
                            20.0,
                            "budget",
                            higher_is_better=False,
                            target=1.0,
                            note=f"pire trame {worst:.0f} ms",
                        )
                    )
            if shutil.which("wrk"):
                auth = f"Bearer {token}"
                api_rate, api_errors = _wrk(port, "/api/v1/observations", auth, point, tmp)
        if shutil.which("wrk"):
            with gunicorn("bench.raw_app:app", env) as port:
                raw_rate, raw_errors = _wrk(port, "/raw", "", point, tmp)
            yield (
                Result(
                    "POST /observations sous wrk (gunicorn 2 workers, PostGIS)",
                    api_rate,
                    "req/s",
                    raw_rate,
                    "Flask minimal + psycopg, même ligne (wrk)",
                    target=0.6,
                    note=f"{WRK_CONNECTIONS} connexions, {WRK_SECONDS} s, non-2xx {api_errors}/{raw_errors}",
                )
            )
