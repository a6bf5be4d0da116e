"""How ``veilleurs serve`` runs gunicorn: threaded workers with bounded waits.

Measured on the 2-core development machine (tests/deploy, README « En production »): gunicorn's
default (2 *sync* workers) stops answering /healthz with 12 half-sent requests, since each one
holds a whole worker until its 30 s timeout kills it. Threaded workers (``gthread``) hand a
connection to a thread only once it has sent data, and close idle kept-alive connections after
``KEEPALIVE_SECONDS``: a few dozen slow clients no longer stop the service. Beyond one slow client
per thread, only a buffering proxy helps (a thread reads a request to its end): facing the
internet, nginx goes in front (``scripts/deploy``), which reads whole requests before passing
them on.
"""

from __future__ import annotations

import sys

THREADS = 16
KEEPALIVE_SECONDS = 5
# A worker whose main loop is silent this long is restarted (gthread: not tied to a request).
WORKER_TIMEOUT_SECONDS = 60
GRACEFUL_TIMEOUT_SECONDS = 30
# Request line and headers: what a browser or the PWA sends fits well within gunicorn's own
# limits; fewer header fields than its default (100) leaves less to dribble.
LIMIT_REQUEST_FIELDS = 50


def default_workers(redis_url: str | None) -> int:
    """One process without Redis, so that the rate limits (counted in its memory) are exact;
    two with Redis, which holds the counters for every process."""
    return 2 if redis_url else 1


def gunicorn_command(bind: str, workers: int, threads: int = THREADS) -> list[str]:
    """The gunicorn command line for ``bind`` (``HOST:PORT`` or ``unix:PATH``)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--keep-alive",
        str(KEEPALIVE_SECONDS),
        "--timeout",
        str(WORKER_TIMEOUT_SECONDS),
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT_SECONDS),
        "--limit-request-fields",
        str(LIMIT_REQUEST_FIELDS),
        "--access-logfile",
        "-",
        "backend.wsgi:app",
    ]
