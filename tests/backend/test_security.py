"""HTTP hygiene and access: headers, CORS, rate limits, progressive delay, secrets out of logs."""

from __future__ import annotations

import logging

import pytest

from tests.backend.conftest import observation_payload


def test_security_headers_and_a_csp_without_inline_scripts_for_the_app(client):
    response = client.get("/api/v1/themes")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self';" in csp  # no inline script for the app
    assert "https://tile.openstreetmap.org" in csp  # map tiles may load
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store"  # personal data is not cached
    docs = client.get("/api/docs")
    assert (
        "'unsafe-inline'"
        in docs.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )


@pytest.fixture
def make_variant(app):
    """Another app on the same database with other settings (read at start-up, like CORS)."""
    from backend import create_app
    from backend.extensions.database import db

    made = []

    def factory(**config):
        variant = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "MEDIA_DIR": app.config["MEDIA_DIR"],
                "SECRET_KEY": app.config["SECRET_KEY"],
                **config,
            }
        )
        made.append(variant)
        return variant

    yield factory
    for variant in made:
        with variant.app_context():
            db.engine.dispose()
    # Extensions are module-level objects: give the limiter back to the test app.
    from backend.extensions.security import limiter

    limiter.init_app(app)


def test_cors_only_for_configured_origins(app, make_variant):
    variant = make_variant(CORS_ORIGINS=["https://console.exemple.fr"])
    client = variant.test_client()
    allowed = client.get("/api/v1/themes", headers={"Origin": "https://console.exemple.fr"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://console.exemple.fr"
    refused = client.get("/api/v1/themes", headers={"Origin": "https://malveillant.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = client.options(
        "/api/v1/observations",
        headers={
            "Origin": "https://console.exemple.fr",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://console.exemple.fr"
    default = app.test_client().get(
        "/api/v1/themes", headers={"Origin": "https://console.exemple.fr"}
    )
    assert "Access-Control-Allow-Origin" not in default.headers  # none allowed by default


def test_login_rate_limit_gives_a_clear_429(app, client, make_user):
    app.config["RATE_LIMIT_LOGIN"] = "3/minute"
    try:
        statuses = [
            client.post(
                "/api/v1/auth/token", json={"pseudonym": "personne", "password": "x" * 8}
            ).status_code
            for _ in range(4)
        ]
        assert statuses == [401, 401, 401, 429]
        response = client.post(
            "/api/v1/auth/token", json={"pseudonym": "personne", "password": "x" * 8}
        )
        assert response.json["message"] == "Trop de requêtes : réessayez dans un instant."
        assert int(response.headers["Retry-After"]) > 0
    finally:
        app.config["RATE_LIMIT_LOGIN"] = "10/minute;50/hour"


def test_writes_are_limited_per_account(app, client, make_user):
    _, first = make_user()
    _, second = make_user()
    app.config["RATE_LIMIT_WRITE"] = "2/minute"
    try:
        codes = [
            client.post(
                "/api/v1/observations", json=observation_payload(), headers=first
            ).status_code
            for _ in range(3)
        ]
        assert codes == [201, 201, 429]
        # another resident behind the same address is not blocked
        assert (
            client.post(
                "/api/v1/observations", json=observation_payload(), headers=second
            ).status_code
            == 201
        )
    finally:
        app.config["RATE_LIMIT_WRITE"] = "300/minute"


def attempt(client, pseudonym: str, password: str, address: str):
    return client.post(
        "/api/v1/auth/token",
        json={"pseudonym": pseudonym, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_logins_slow_down_the_client_not_the_owner(client, make_user):
    make_user(pseudonym="victime-des-essais")
    attacker, owner = "203.0.113.7", "198.51.100.20"
    wrong = [attempt(client, "victime-des-essais", "pas le bon", attacker) for _ in range(3)]
    assert [r.status_code for r in wrong] == [401] * 3
    # The third failure starts a delay for that client: even the right password waits…
    blocked = attempt(client, "victime-des-essais", "mot-de-passe-solide", attacker)
    assert blocked.status_code == 429
    assert "réessayez dans" in blocked.json["message"]
    assert int(blocked.headers["Retry-After"]) >= 1
    # … while the owner, from their own phone, logs in at once.
    assert attempt(client, "victime-des-essais", "mot-de-passe-solide", owner).status_code == 200


def test_known_and_unknown_pseudonyms_answer_alike(client, make_user):
    make_user(pseudonym="amina-du-3e")
    answers = {}
    for pseudonym in ("amina-du-3e", "personne-de-ce-nom"):
        responses = [attempt(client, pseudonym, "pas le bon", "192.0.2.1") for _ in range(4)]
        answers[pseudonym] = [
            (r.status_code, r.json["message"].split(" dans ")[0]) for r in responses
        ]
    assert answers["amina-du-3e"] == answers["personne-de-ce-nom"]
    assert [status for status, _ in answers["amina-du-3e"]] == [401, 401, 401, 429]


def test_failed_logins_store_no_pseudonym_in_clear(client, db_session):
    from backend.models import LoginThrottle

    attempt(client, "mon-mot-de-passe-par-erreur", "x", "192.0.2.9")
    keys = [row.account_key for row in db_session.query(LoginThrottle)]
    assert keys and all("mot-de-passe" not in key and len(key) == 64 for key in keys)


def test_tokens_and_passwords_never_reach_the_logs(app, caplog):
    from backend.extensions.security import redact

    line = 'POST /auth/token {"password": "secret123", "refresh_token": "abc.def"} Authorization: Bearer eyJhbGc.x.y'
    cleaned = redact(line)
    assert "secret123" not in cleaned and "abc.def" not in cleaned and "eyJhbGc" not in cleaned
    with caplog.at_level(logging.WARNING):
        app.logger.warning(
            "requête refusée : Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"
        )
    assert "eyJhbGciOiJIUzI1NiJ9" not in caplog.text
    assert "[masqué]" in caplog.text


@pytest.mark.parametrize(
    "path", ["/api/v1/photos/../../etc/passwd", "/api/v1/photos/..%2F..%2Fvar%2Fsecret_key"]
)
def test_path_traversal_in_media_names_finds_nothing(client, veilleur, path):
    response = client.get(path, headers=veilleur[1])
    assert response.status_code == 404
    assert b"root:" not in response.data


def test_media_store_refuses_keys_that_are_not_its_own(tmp_path):
    from backend.services.media import DirectoryStore

    store = DirectoryStore(tmp_path)
    for key in ("../x", "/etc/passwd", "a/b", ""):
        with pytest.raises(ValueError):
            store.read(key)


def test_rate_limits_survive_their_storage_going_down(app, make_variant, make_user):
    """Limits stored in a Redis that is unreachable: requests are served, not failed."""
    variant = make_variant(
        REDIS_URL="redis://127.0.0.1:1/0", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0"
    )
    _, headers = make_user()
    client = variant.test_client()
    response = client.post("/api/v1/observations", json=observation_payload(), headers=headers)
    assert response.status_code == 201
    login = client.post("/api/v1/auth/token", json={"pseudonym": "personne", "password": "x" * 8})
    assert login.status_code == 401


def test_one_account_cannot_flood_a_territory(app, client, make_user):
    from tests.backend.conftest import observation_payload

    _, resident = make_user("veilleur")
    _, neighbour = make_user("veilleur")
    app.config["OBSERVATIONS_PER_DAY"] = 3
    try:
        sent = [client.post("/api/v1/observations", json=observation_payload(), headers=resident)]
        batch = {"observations": [observation_payload(), observation_payload()]}
        sent.append(client.post("/api/v1/sync", json=batch, headers=resident))
        assert [r.status_code for r in sent] == [201, 200]
        refused = client.post("/api/v1/observations", json=observation_payload(), headers=resident)
        assert refused.status_code == 429
        assert "au plus 3 par jour" in refused.json["message"]
        assert "Retry-After" in refused.headers
        assert client.post("/api/v1/sync", json=batch, headers=resident).status_code == 429, (
            "a batch counts each of its observations"
        )
        # Answers to surveys alone are not reports; the neighbour's count is their own.
        assert (
            client.post("/api/v1/sync", json={"responses": []}, headers=resident).status_code == 200
        )
        ok = client.post("/api/v1/observations", json=observation_payload(), headers=neighbour)
        assert ok.status_code == 201
    finally:
        app.config["OBSERVATIONS_PER_DAY"] = 200
