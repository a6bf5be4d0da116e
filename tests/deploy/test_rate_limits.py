"""Rate limits are the configured ones under gunicorn's real processes, not one per process.

Before: the counters lived in each worker's memory, so with 2 workers every limit was doubled.
Now Redis holds them when REDIS_URL is set, and without Redis ``veilleurs serve`` runs a single
process (with threads), whose memory holds every counter."""

from __future__ import annotations

import collections
import random
import string
import uuid

import pytest

from tests.deploy.servers import request, veilleurs_serve

pytestmark = pytest.mark.slow  # each test starts gunicorn

LIMIT = 5
ATTEMPTS = 16


def join_attempts(port: int) -> collections.Counter[int]:
    """Joins with an unknown invitation code, each on a new connection (so the kernel hands them
    to every worker): the limit counts attempts, refused or not."""
    answers = collections.Counter()
    for _ in range(ATTEMPTS):
        status, _, _ = request(
            port,
            "POST",
            "/api/v1/auth/join",
            {
                "invite_code": "ZZZZ-ZZZZ",
                "pseudonym": "essai-" + "".join(random.choices(string.ascii_lowercase, k=8)),
                "password": "un mot de passe solide",
                "consent": True,
            },
        )
        answers[status] += 1
    return answers


@pytest.mark.parametrize(
    "args, settings",
    [
        (("--workers", "2"), {"REDIS_URL": "redis://127.0.0.1:6379/0"}),
        ((), {}),  # the embedded default: no Redis, one process
    ],
    ids=["redis-2-workers", "embedded-default"],
)
def test_a_limit_is_the_configured_one_across_gunicorn_workers(app, tmp_path, args, settings):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    with veilleurs_serve(
        app.config,
        tmp_path,
        *args,
        RATE_LIMIT_JOIN=f"{LIMIT}/hour",
        RATE_LIMIT_KEY_PREFIX=prefix,
        **settings,
    ) as port:
        answers = join_attempts(port)
    assert answers[429] == ATTEMPTS - LIMIT, answers
    assert sum(n for status, n in answers.items() if status != 429) == LIMIT


def test_serve_warns_that_several_processes_without_redis_multiply_the_limits(app, tmp_path):
    with veilleurs_serve(app.config, tmp_path, "--workers", "2") as port:
        assert request(port, "GET", "/healthz")[0] == 200
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "chaque limite est multipliée par 2" in log
