"""Rights come from the account as it stands, never from what a token once said: a demoted,
disabled or deleted account, a closed session or a changed password ends its tokens at once."""

from __future__ import annotations

import pytest

from tests.backend.conftest import observation_payload

PASSWORD = "mot-de-passe-solide"


def login(client, pseudonym: str, password: str = PASSWORD) -> dict:
    response = client.post(
        "/api/v1/auth/token", json={"pseudonym": pseudonym, "password": password}
    )
    assert response.status_code == 200, response.json
    return response.json


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_a_demoted_admin_loses_admin_rights_with_the_token_in_hand(client, make_user):
    demoted, demoted_headers = make_user("admin", ())
    _, other_admin = make_user("admin", ())
    assert client.get("/api/v1/audit", headers=demoted_headers).status_code == 200
    assert client.get("/api/v1/users", headers=demoted_headers).status_code == 200

    changed = client.patch(
        f"/api/v1/users/{demoted.id}",
        json={"role": "analyste", "territories": ["QP031001"]},
        headers=other_admin,
    )
    assert changed.status_code == 200
    # The same, unexpired token: the session ended with the change.
    for method, path in (
        ("GET", "/api/v1/audit?format=csv"),
        ("GET", "/api/v1/users"),
        ("POST", "/api/v1/indicators/imports"),
    ):
        refused = client.open(path, method=method, headers=demoted_headers)
        assert refused.status_code == 401, (path, refused.status_code)
        assert "reconnectez-vous" in refused.json["message"]
    # Logged in again, the account acts with its new role.
    fresh = bearer(login(client, demoted.pseudonym))
    assert client.get("/api/v1/audit", headers=fresh).status_code == 403
    assert client.get("/api/v1/me", headers=fresh).json["role"] == "analyste"


def test_a_demoted_analyst_cannot_issue_a_synthesis(client, make_user):
    analyst, analyst_headers = make_user("analyste", ("QP031001",))
    _, admin = make_user("admin", ())
    client.patch(f"/api/v1/users/{analyst.id}", json={"role": "veilleur"}, headers=admin)
    issued = client.post(
        "/api/v1/syntheses", json={"territory": "QP031001"}, headers=analyst_headers
    )
    assert issued.status_code == 401
    fresh = bearer(login(client, analyst.pseudonym))
    assert (
        client.post("/api/v1/syntheses", json={"territory": "QP031001"}, headers=fresh).status_code
        == 403
    )


def test_a_territory_change_applies_at_once(client, make_user):
    animateur, old_headers = make_user("animateur", ("QP031001",))
    _, admin = make_user("admin", ())
    _, resident = make_user("veilleur", ("QP031001",))
    client.post("/api/v1/observations", json=observation_payload(), headers=resident)
    assert client.get("/api/v1/observations", headers=old_headers).json
    client.patch(f"/api/v1/users/{animateur.id}", json={"territories": ["QP034005"]}, headers=admin)
    assert client.get("/api/v1/observations", headers=old_headers).status_code == 401
    fresh = bearer(login(client, animateur.pseudonym))
    assert client.get("/api/v1/observations", headers=fresh).json == []


def test_a_deleted_account_token_is_refused_everywhere(client, make_user):
    _, headers = make_user("admin", ())
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    for path in ("/api/v1/users", "/api/v1/audit", "/api/v1/me", "/api/v1/observations"):
        assert client.get(path, headers=headers).status_code == 401, path
    created = client.post("/api/v1/observations", json=observation_payload(), headers=headers)
    assert created.status_code == 401


def test_logout_ends_that_session_only(client, make_user):
    user, _ = make_user("veilleur")
    phone, laptop = login(client, user.pseudonym), login(client, user.pseudonym)
    assert (
        client.post(
            "/api/v1/auth/logout", json={"refresh_token": phone["refresh_token"]}
        ).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=bearer(phone)).status_code == 401
    assert (
        client.post(
            "/api/v1/observations", json=observation_payload(), headers=bearer(phone)
        ).status_code
        == 401
    )
    # The other session goes on, and still refreshes.
    assert client.get("/api/v1/me", headers=bearer(laptop)).status_code == 200
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": laptop["refresh_token"]})
    assert refreshed.status_code == 200
    assert client.get("/api/v1/me", headers=bearer(refreshed.json)).status_code == 200


def test_a_password_reset_ends_every_session(client, make_user):
    resident, _ = make_user("veilleur")
    _, animateur = make_user("animateur", ("QP031001",))
    old = login(client, resident.pseudonym)
    code = client.post(f"/api/v1/users/{resident.id}/password-reset", headers=animateur).json
    reset = client.post(
        "/api/v1/auth/reset",
        json={
            "pseudonym": resident.pseudonym,
            "reset_code": code["reset_code"],
            "password": "un nouveau mot de passe",
        },
    )
    assert reset.status_code == 200
    assert client.get("/api/v1/me", headers=bearer(old)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(reset.json)).status_code == 200


def test_a_disabled_account_stops_at_once_and_cannot_log_in(client, make_user, db_session):
    resident, headers = make_user("veilleur")
    _, animateur = make_user("animateur", ("QP031001",))
    disabled = client.patch(
        f"/api/v1/users/{resident.id}", json={"disabled": True}, headers=animateur
    )
    assert disabled.status_code == 200 and disabled.json["disabled"] is True
    refused = client.post("/api/v1/observations", json=observation_payload(), headers=headers)
    assert refused.status_code == 401 and "désactivé" in refused.json["message"]
    again = client.post(
        "/api/v1/auth/token", json={"pseudonym": resident.pseudonym, "password": PASSWORD}
    )
    assert again.status_code == 401 and "désactivé" in again.json["message"]
    enabled = client.patch(
        f"/api/v1/users/{resident.id}", json={"disabled": False}, headers=animateur
    )
    assert enabled.status_code == 200 and enabled.json["disabled"] is False
    assert (
        client.get("/api/v1/me", headers=bearer(login(client, resident.pseudonym))).status_code
        == 200
    )
    _, admin = make_user("admin", ())
    actions = [e["action"] for e in client.get("/api/v1/audit", headers=admin).json]
    assert {"user.disable", "user.enable"} <= set(actions)


def test_a_token_from_another_session_version_is_refused(app, client, make_user):
    """A token signed with the right key but naming an older version of the account's rights."""
    import uuid

    import jwt

    from backend.extensions import auth

    user, _ = make_user("veilleur")
    tokens = login(client, user.pseudonym)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    with app.test_request_context():
        stale = auth.encode_access_token(user.id, uuid.UUID(claims["sid"]), claims["sv"] - 1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {stale}"}).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(tokens)).status_code == 200


@pytest.mark.parametrize(
    "claims_change", [{"sv": "0"}, {"sv": True}, {"sid": "pas-un-uuid"}, {"sid": None}]
)
def test_malformed_session_claims_are_401(app, client, make_user, claims_change):
    import jwt

    _, headers = make_user("veilleur")
    token = headers["Authorization"].split()[1]
    claims = jwt.decode(token, options={"verify_signature": False}) | claims_change
    forged = jwt.encode(claims, app.config["SECRET_KEY"], algorithm="HS256")
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    )


@pytest.mark.parametrize(
    ("role", "console", "invitable"),
    [
        ("veilleur", set(), []),
        ("analyste", {"analyse", "synthesise", "read_territory_observations"}, []),
        ("animateur", {"moderate", "invite", "run_campaigns"}, ["veilleur", "animateur"]),
        (
            "admin",
            {"import_reference", "read_audit", "all_territories"},
            ["veilleur", "animateur", "analyste", "admin"],
        ),
    ],
)
def test_the_api_says_what_the_role_may_do(client, make_user, role, console, invitable):
    """The console draws its menu from this, not from a second copy of the role table."""
    _, headers = make_user(role, ("QP031001",) if role != "admin" else ())
    me = client.get("/api/v1/me", headers=headers).json
    assert console <= set(me["permissions"])
    assert ("report" in me["permissions"]) and (
        role != "veilleur" or me["permissions"] == ["report"]
    )
    assert me["invitable_roles"] == invitable


def test_results_of_a_wider_past_scope_are_no_longer_readable(client, make_user):
    from tests.backend.test_analyses import wait_for

    analyst, old = make_user("analyste", ("31555",))  # Toulouse and its QPV
    job = client.post("/api/v1/analyses", json={"kind": "counts"}, headers=old).json
    assert wait_for(client, old, job["id"])["status"] == "finished"
    _, admin = make_user("admin", ())
    client.patch(f"/api/v1/users/{analyst.id}", json={"territories": ["QP031001"]}, headers=admin)
    fresh = bearer(login(client, analyst.pseudonym))
    assert client.get(f"/api/v1/analyses/{job['id']}", headers=fresh).status_code == 404
    assert client.get("/api/v1/analyses", headers=fresh).json == []
    again = client.post("/api/v1/analyses", json={"kind": "counts"}, headers=fresh).json
    assert wait_for(client, fresh, again["id"])["status"] == "finished"


def test_invitations_stop_with_the_rights_of_who_made_them(client, make_user):
    animateur, headers = make_user("animateur", ("QP031001",))
    made = {
        role: client.post(
            "/api/v1/territories/QP031001/invites", json={"role": role}, headers=headers
        ).json["code"]
        for role in ("veilleur", "animateur")
    }
    _, admin = make_user("admin", ())
    client.patch(f"/api/v1/users/{animateur.id}", json={"disabled": True}, headers=admin)
    for role, code in made.items():
        joined = client.post(
            "/api/v1/auth/join",
            json={
                "invite_code": code,
                "pseudonym": f"arrivee {role}",
                "password": PASSWORD,
                "consent": True,
            },
        )
        assert joined.status_code == 403, role
    event = client.get("/api/v1/audit?action=invite.revoke", headers=admin).json[0]
    assert sorted(event["details"]["invites"]) == sorted(made.values())
