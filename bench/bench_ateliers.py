"""An atelier's room on ``veilleurs serve`` (gunicorn gthread, one process) with PostGIS: 200
participants join, then all answer the cooperation scale within 10 s while the projected screen
holds its event stream open; every answer must be acknowledged and stored (none lost).

Figure: the answers per second of a burst of 200 (each a new participant's first answer),
beside the raw baseline of the same run: a minimal Flask + psycopg endpoint inserting an
observation row (bench/raw_app.py) at the same concurrency — target ratio ≥ 0.3. The 10-s
room (each phone also reading the projected step every 2.5 s, with its ETag) is reported with
its slowest answer and the number stored.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import http.client
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator

from bench.common import Result
from bench.servers import ROOT, free_port, gunicorn, postgis_app, request

PARTICIPANTS, WINDOW_SECONDS, CLIENTS = 200, 10.0, 32
POLL_SECONDS = 2.5  # as the phone's page (backend/web/app/screens/atelier.js)
SCALE = ["concurrence", "coexistence", "communication", "assistance", "coordination"]


@contextlib.contextmanager
def veilleurs_serve(env: dict[str, str]) -> Iterator[int]:
    """``veilleurs serve`` as deployed (its gunicorn settings), on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(pathlib.Path(sys.executable).parent / "veilleurs"),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        # Until the app has booted and answers (its imports take seconds on a busy machine).
        deadline = time.time() + 120
        while time.time() < deadline:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def poll(port: int, participant: str, until: float, offset: float) -> None:
    """A phone reading what is projected (with its ETag: 304 when nothing changed)."""
    tag = ""
    next_read = time.perf_counter() + offset
    while next_read < until:
        time.sleep(max(0.0, next_read - time.perf_counter()))
        headers = {"X-Participation": participant, "If-None-Match": tag}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", "/api/v1/ateliers/participation", headers=headers)
            response = connection.getresponse()
            response.read()
            tag = response.getheader("ETag") or tag
        finally:
            connection.close()
        next_read += POLL_SECONDS
    time.sleep(max(0.0, until - time.perf_counter()))


def screen(port: int, atelier_id: str, token: str, stop: threading.Event) -> None:
    """The projected screen: an event stream held open (reconnected) during the load."""
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(
                "GET",
                f"/api/v1/ateliers/{atelier_id}/events",
                headers={"Authorization": f"Bearer {token}"},
            )
            response = connection.getresponse()
            while not stop.is_set() and response.readline():
                pass
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()


def run() -> list[Result]:
    from tests.backend.conftest import inside

    point = inside("QP031001")
    with tempfile.TemporaryDirectory() as tmp, postgis_app(pathlib.Path(tmp)) as (url, app):
        from backend.extensions.database import db
        from backend.services import accounts, ateliers
        from backend.services.scope import scope_of
        from backend.services.territories import get_territory

        with app.test_request_context():
            user = accounts.create_user(
                "bench", "mot-de-passe-bench", "animateur", [get_territory("QP031001")]
            )
            accounts.record_consent(user)
            token = accounts.issue_tokens(user).access_token
            steps = [{"kind": "cooperation"}] * 2
            body = {"territory": "QP031001", "title": "Banc", "held_on": dt.date.today()}
            made = [
                ateliers.create_atelier(
                    scope_of(user), body | {"steps": steps}, threshold=5, themes=[]
                )
                for _ in range(2)
            ]
            for atelier in made:
                ateliers.update_atelier(scope_of(user), atelier, {"step": 0}, themes=[])
            codes = [(str(a.id), a.join_code) for a in made]
            author = str(user.id)
            db.session.commit()
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "MEDIA_DIR": f"{tmp}/media",
            "RAW_DSN": dsn,
            "RAW_AUTHOR": author,
            "ACCESS_TOKEN_MINUTES": "60",
            # Two rooms of 200 join from one address within the minute (the default is 300).
            "RATE_LIMIT_ATELIER_JOIN": "100000/minute",
        }

        def raw_insert(_: int) -> int:
            from bench.bench_observations import payload

            return request(port, "POST", "/raw", payload(point), {})[0]

        with gunicorn("bench.raw_app:app", env) as port:
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                raw_statuses = list(pool.map(raw_insert, range(PARTICIPANTS)))
            raw_rate = PARTICIPANTS / (time.perf_counter() - start)

        with veilleurs_serve(env) as port:
            results = {}
            for label, (atelier_id, code) in zip(("burst", "room"), codes, strict=True):
                stop = threading.Event()
                projector = threading.Thread(
                    target=screen, args=(port, atelier_id, token, stop), daemon=True
                )
                projector.start()

                def join(_: int, code: str = code) -> str:
                    status, data = request(
                        port, "POST", "/api/v1/ateliers/join", {"code": code}, {}
                    )
                    assert status == 201, (status, data)
                    return json.loads(data)["token"]

                with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                    tokens = list(pool.map(join, range(PARTICIPANTS)))
                rng = random.Random(0)
                delays = sorted(rng.uniform(0, WINDOW_SECONDS) for _ in tokens)
                begin = time.perf_counter()

                def answer(
                    item: tuple[str, float],
                    label: str = label,
                    begin: float = begin,
                    rng: random.Random = rng,
                ) -> tuple[int, float]:
                    participant, delay = item
                    if label == "room":  # answers spread over the 10 s, as in a room, each
                        # phone reading the projected step every POLL_SECONDS until then
                        poll(port, participant, begin + delay, rng.uniform(0, POLL_SECONDS))
                    sent = time.perf_counter()
                    body = {"id": str(uuid.uuid4()), "step": 0, "value": rng.choice(SCALE)}
                    for _ in range(5):  # a phone retries a refused or lost send, same id
                        status, _ = request(
                            port,
                            "POST",
                            "/api/v1/ateliers/participation/answers",
                            body,
                            {"X-Participation": participant},
                        )
                        if status in (200, 201):
                            break
                        time.sleep(0.5)
                    return status, time.perf_counter() - sent

                pool_size = PARTICIPANTS if label == "room" else CLIENTS
                with concurrent.futures.ThreadPoolExecutor(pool_size) as pool:
                    outcomes = list(pool.map(answer, zip(tokens, delays, strict=True)))
                elapsed = time.perf_counter() - begin
                stop.set()
                live = json.loads(
                    request(
                        port,
                        "GET",
                        f"/api/v1/ateliers/{atelier_id}/live",
                        None,
                        {"Authorization": f"Bearer {token}"},
                    )[1]
                )
                results[label] = {
                    "elapsed": elapsed,
                    "acknowledged": sum(s in (200, 201) for s, _ in outcomes),
                    "slowest": max(t for _, t in outcomes),
                    "stored": live["step"]["results"]["answers"],
                }

    burst, room = results["burst"], results["room"]
    assert all(200 <= s < 300 for s in raw_statuses), "raw baseline failed"
    for label, result in results.items():
        assert result["acknowledged"] == result["stored"] == PARTICIPANTS, (label, result)
    return [
        Result(
            f"Atelier : {PARTICIPANTS} réponses d'un coup (veilleurs serve, PostGIS)",
            PARTICIPANTS / burst["elapsed"],
            "réponses/s",
            raw_rate,
            "Flask minimal + psycopg, une ligne",
            target=0.3,
            note=f"{CLIENTS} clients, écran en direct ouvert, {burst['stored']} enregistrées",
        ),
        Result(
            f"Atelier : {PARTICIPANTS} participants en {WINDOW_SECONDS:.0f} s (téléphones qui relisent)",
            room["elapsed"],
            "s",
            WINDOW_SECONDS + 1.0,
            "10 s de la salle + 1 s",
            higher_is_better=False,
            target=1.0,
            note=f"aucune perdue : {room['stored']}/{PARTICIPANTS} ; réponse la plus lente "
            f"{room['slowest']:.2f} s",
        ),
    ]
