"""Slow clients against the shipped ways to serve: the README's production recipe (nginx in
front of gunicorn, as scripts/deploy installs them) and ``veilleurs serve`` alone.

Before: ``veilleurs serve`` ran 2 synchronous workers, and 12 half-sent requests stopped
/healthz (each held a worker until its timeout killed it)."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.backend.conftest import observation_payload
from tests.deploy.servers import production_stack, request, veilleurs_serve
from tests.deploy.slow_clients import SlowClients

pytestmark = pytest.mark.slow  # each test starts gunicorn and nginx


def assert_still_serving(port: int, headers: dict[str, str]) -> None:
    status, _, body = request(port, "GET", "/healthz")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"
    report = observation_payload()
    status, _, body = request(port, "POST", "/api/v1/observations", report, headers)
    assert status == 201, body
    assert json.loads(body)["territory"] == "QP031001"


def test_the_production_recipe_answers_while_100_slow_clients_hang_on(app, make_user, tmp_path):
    _, headers = make_user()
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    with (
        production_stack(app.config, tmp_path, RATE_LIMIT_KEY_PREFIX=prefix) as port,
        SlowClients(port, 100) as slow,
    ):
        assert slow.opened == 100
        assert_still_serving(port, headers)
        assert_still_serving(port, headers)


def test_the_production_recipe_refuses_a_body_over_max_upload_in_french(app, make_user, tmp_path):
    """nginx refuses it before it reaches gunicorn, with the API's JSON error, in French."""
    _, headers = make_user()
    with production_stack(app.config, tmp_path, MAX_UPLOAD_MB="1") as port:
        status, _, body = request(
            port, "POST", "/api/v1/observations", b"x" * (1024 * 1024 + 10), headers
        )
        assert status == 413
        assert json.loads(body)["message"] == "Envoi trop volumineux : 1 Mo au plus."
        # Within the limit, the application itself answers (here: not JSON → 400).
        status, _, body = request(port, "POST", "/api/v1/observations", b"x" * 1000, headers)
        assert status == 400
        assert "JSON" in json.loads(body)["message"]


def test_veilleurs_serve_alone_answers_while_12_requests_hang_half_sent(app, make_user, tmp_path):
    """A small install without nginx: threaded workers keep answering the audit's 12."""
    _, headers = make_user()
    with veilleurs_serve(app.config, tmp_path) as port, SlowClients(port, 12) as slow:
        assert slow.opened == 12
        assert_still_serving(port, headers)
