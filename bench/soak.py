"""`make soak`: 50 simulated veilleurs against gunicorn + PostGIS for a few minutes, with faults.

Each veilleur reports (new ids), uploads photos, syncs batches that repeat already-acknowledged
items, and reads, retrying with the same ids after any failure as the app does. Midway a gunicorn
worker is killed and PostgreSQL is restarted. At the end the database must hold exactly what the
clients were acknowledged: 0 lost, 0 duplicated, and no request may have failed for good.

    python -m bench.soak [--veilleurs 50] [--seconds 180] [--no-faults | --no-postgres-restart]
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import io
import json
import os
import pathlib
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import flask

from bench.servers import gunicorn, postgis_app

RETRYABLE = {429, 500, 502, 503, 504}


@dataclasses.dataclass
class Tally:
    latencies: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    acknowledged: set[str] = dataclasses.field(default_factory=set)
    photos: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    retries: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)


def jpeg(seed: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (seed % 255, 80, 120)).save(out, format="JPEG", quality=80)
    return out.getvalue()


class Veilleur:
    def __init__(self, port: int, token: str, point: list[float], tally: Tally, seed: int) -> None:
        self.port, self.token, self.point, self.tally = port, token, point, tally
        self.rng = random.Random(seed)
        self.sent: list[dict] = []

    def call(
        self, kind: str, method: str, path: str, body: bytes | None, content_type: str
    ) -> tuple[int, bytes]:
        """One logical request, retried (same body, same ids) until it gets a definite answer."""
        for attempt in range(12):
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request(
                    method,
                    path,
                    body,
                    {"Authorization": f"Bearer {self.token}", "Content-Type": content_type},
                )
                response = conn.getresponse()
                status, data = response.status, response.read()
                conn.close()
            except (OSError, http.client.HTTPException):
                status, data = 0, b""
            if status and status not in RETRYABLE:
                self.tally.record(kind, time.perf_counter() - start)
                return status, data
            with self.tally.lock:
                self.tally.retries += 1
            time.sleep(min(0.2 * 2**attempt, 5) * (0.5 + self.rng.random()))
        return status, data

    def observation(self) -> dict:
        import datetime as dt

        return {
            "id": str(uuid.uuid4()),
            "observed_at": (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat(),
            "location": {"type": "Point", "coordinates": self.point},
            "accuracy_m": 10,
            "theme": self.rng.choice(["proprete", "mobilite", "tranquillite", "logement"]),
            "polarity": self.rng.choice(["difficulte", "ressource", "idee"]),
            "text": f"Observation de charge {self.rng.random():.6f}",
        }

    def report(self) -> None:
        item = self.observation()
        status, _ = self.call(
            "report", "POST", "/api/v1/observations", json.dumps(item).encode(), "application/json"
        )
        if status in (200, 201):
            self.sent.append(item)
            with self.tally.lock:
                self.tally.acknowledged.add(item["id"])
        else:
            self.fail(f"report {status}")

    def photo(self) -> None:
        if not self.sent:
            return self.report()
        target = self.rng.choice(self.sent)["id"]
        boundary = uuid.uuid4().hex
        data = jpeg(self.rng.randrange(255))
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n'
                "Content-Type: image/jpeg\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, answer = self.call(
            "photo",
            "POST",
            f"/api/v1/observations/{target}/photos",
            body,
            f"multipart/form-data; boundary={boundary}",
        )
        if status in (200, 201):
            with self.tally.lock:
                self.tally.photos.add((target, json.loads(answer)["id"]))
        else:
            self.fail(f"photo {status}")

    def sync(self) -> None:
        fresh = [self.observation() for _ in range(7)]
        replayed = self.rng.sample(self.sent, min(3, len(self.sent)))
        body = json.dumps({"observations": fresh + replayed}).encode()
        status, answer = self.call("sync", "POST", "/api/v1/sync", body, "application/json")
        if status != 200:
            return self.fail(f"sync {status}")
        results = {r["id"]: r["status"] for r in json.loads(answer)["results"]}
        for item in fresh:
            if results.get(item["id"]) in ("created", "duplicate"):
                self.sent.append(item)
                with self.tally.lock:
                    self.tally.acknowledged.add(item["id"])
            else:
                self.fail(f"sync item {results.get(item['id'])}")
        if any(results.get(i["id"]) != "duplicate" for i in replayed):
            self.fail("a replayed item was not a duplicate")

    def read(self) -> None:
        status, _ = self.call(
            "read", "GET", "/api/v1/observations?mine=true&page_size=20", None, "application/json"
        )
        if status != 200:
            self.fail(f"read {status}")

    def fail(self, what: str) -> None:
        with self.tally.lock:
            self.tally.failures.append(what)

    def run(self, until: float) -> None:
        actions = [self.report] * 50 + [self.photo] * 10 + [self.sync] * 15 + [self.read] * 25
        while time.time() < until:
            self.rng.choice(actions)()


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def restart_postgres() -> None:
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
    )


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100)[int(q) - 1]
        if len(values) >= 2
        else (values[0] if values else 0)
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veilleurs", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--no-postgres-restart",
        action="store_true",
        help="kill a worker but leave PostgreSQL running (other users of the server)",
    )
    args = parser.parse_args(argv)
    from tests.backend.conftest import inside

    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp, postgis_app(pathlib.Path(tmp)) as (url, app):
        from backend.extensions.database import db
        from backend.services import accounts

        tokens = []
        with app.test_request_context():
            for i in range(args.veilleurs):
                user = accounts.create_user(f"soak-{i}", "mot-de-passe-soak", "veilleur")
                accounts.record_consent(
                    user, accounts.AccountPolicy.from_settings(flask.current_app.config)
                )
                tokens.append(
                    accounts.issue_tokens(
                        user, accounts.AccountPolicy.from_settings(flask.current_app.config)
                    ).access_token
                )
            db.session.commit()
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "MEDIA_DIR": f"{tmp}/media",
            "ACCESS_TOKEN_MINUTES": "120",
            "RATE_LIMIT_WRITE": "100000/minute",
        }
        with gunicorn("backend.wsgi:app", env, workers=2) as (port):
            master = int(
                subprocess.run(
                    ["pgrep", "-f", f"gunicorn --bind 127.0.0.1:{port}"],
                    capture_output=True,
                    text=True,
                ).stdout.split()[0]
            )
            point = inside("QP031007")
            until = time.time() + args.seconds
            threads = [
                threading.Thread(target=Veilleur(port, t, point, tally, i).run, args=(until,))
                for i, t in enumerate(tokens)
            ]
            start = time.time()
            for thread in threads:
                thread.start()
            faults = []
            if not args.no_faults:
                time.sleep(args.seconds / 3)
                victim = worker_pids(master)[0]
                os.kill(victim, signal.SIGKILL)
                faults.append(
                    f"t={time.time() - start:.0f}s : worker gunicorn {victim} tué (SIGKILL)"
                )
                time.sleep(args.seconds / 3)
                if not args.no_postgres_restart:
                    restart_postgres()
                    faults.append(f"t={time.time() - start:.0f}s : PostgreSQL redémarré")
            for thread in threads:
                thread.join()
            elapsed = time.time() - start
        with app.app_context():
            import sqlalchemy as sa

            from backend.models import Observation, Photo

            db.engine.dispose()
            stored = {str(i) for i in db.session.scalars(sa.select(Observation.id))}
            photos = db.session.scalar(sa.select(sa.func.count()).select_from(Photo))
    lost = tally.acknowledged - stored
    extra = stored - tally.acknowledged
    reports = tally.latencies.get("report", [])
    every = [x for values in tally.latencies.values() for x in values]
    print(f"Soak : {args.veilleurs} veilleurs, {elapsed:.0f} s, gunicorn 2 workers + PostGIS")
    for fault in faults:
        print("  " + fault)
    print(
        f"  requêtes : {len(every)} ({len(every) / elapsed:.1f}/s), dont signalements {len(reports)} ({len(reports) / elapsed:.1f}/s)"
    )
    for kind, values in sorted(tally.latencies.items()):
        print(
            f"  {kind:7s} p50 {percentile(values, 50) * 1000:7.1f} ms   p99 {percentile(values, 99) * 1000:7.1f} ms   n={len(values)}"
        )
    print(f"  réessais clients : {tally.retries}")
    print(
        f"  accusés de réception : {len(tally.acknowledged)} observations, {len(tally.photos)} photos"
    )
    print(f"  en base : {len(stored)} observations, {photos} photos")
    print(
        f"  erreurs : {len(tally.failures)}   perdues : {len(lost)}   en trop (doublons) : {len(extra)}   "
        f"photos manquantes : {len(tally.photos) - photos}"
    )
    ok = not tally.failures and not lost and not extra and photos == len(tally.photos)
    print(
        "  RÉSULTAT : " + ("OK" if ok else "ÉCHEC " + "; ".join(sorted(set(tally.failures))[:10]))
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
