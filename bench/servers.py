"""What the benchmarks run against: a throwaway PostGIS database, gunicorn, a load generator."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import pathlib
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get(
    "TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgis_app(tmp: pathlib.Path) -> Iterator[tuple[str, object]]:
    """A migrated PostGIS database with the baseline territories: (url, app)."""
    from tests.conftest import Database, load_baseline_territories, make_app, migrate

    database = Database("postgis", tmp, "bench")
    app = make_app(database, tmp / "media")
    migrate(app)
    load_baseline_territories(app)
    try:
        yield database.url, app
    finally:
        with app.app_context():
            from backend.extensions.database import db

            db.engine.dispose()
        database.drop()


@contextlib.contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int = 2) -> Iterator[int]:
    """gunicorn serving ``target`` on a free port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a worker still busy: stop it
            process.kill()
            process.wait()


def request(
    port: int, method: str, path: str, body: object, headers: dict[str, str]
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            method, path, json.dumps(body), {"Content-Type": "application/json", **headers}
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(
    make_request: Callable[[], tuple[int, bytes]], clients: int, seconds: float
) -> tuple[float, int]:
    """Successful requests per second over ``seconds`` from ``clients`` threads, and the number
    of failed ones (an error is never counted as throughput)."""
    done, errors = [0] * clients, [0] * clients
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        while time.perf_counter() < stop:
            status, _ = make_request()
            done[i] += 1
            if status >= 400:
                errors[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (sum(done) - sum(errors)) / (time.perf_counter() - start), sum(errors)


def new_id() -> str:
    return str(uuid.uuid4())
