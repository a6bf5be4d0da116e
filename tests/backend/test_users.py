"""Organisers see who joined their territories, reset a forgotten password without e-mail;
admins change roles, and every change is in the audit log."""

from __future__ import annotations


def test_animateur_lists_the_accounts_of_their_territories_only(client, make_user):
    _, animateur = make_user("animateur", ("31395",))  # the commune of Muret
    mine, _ = make_user("veilleur", ("QP031001",))  # a QPV of Muret
    foreign, _ = make_user("veilleur", ("QP034005",))
    listed = {u["pseudonym"] for u in client.get("/api/v1/users", headers=animateur).json}
    assert mine.pseudonym in listed and foreign.pseudonym not in listed
    by_territory = client.get(
        "/api/v1/users?territory=QP031001&role=veilleur", headers=animateur
    ).json
    assert [u["pseudonym"] for u in by_territory] == [mine.pseudonym]
    _, veilleur = make_user("veilleur")
    assert client.get("/api/v1/users", headers=veilleur).status_code == 403


def test_password_reset_code_handed_over_by_the_animateur(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    resident, _ = make_user("veilleur", pseudonym="oubli-du-mot-de-passe")
    response = client.post(f"/api/v1/users/{resident.id}/password-reset", headers=animateur)
    assert response.status_code == 201
    code = response.json["reset_code"]
    wrong = client.post(
        "/api/v1/auth/reset",
        json={
            "pseudonym": "oubli-du-mot-de-passe",
            "reset_code": "0000-0000-0000",
            "password": "nouveau mot de passe",
        },
    )
    assert wrong.status_code == 401
    done = client.post(
        "/api/v1/auth/reset",
        json={
            "pseudonym": "oubli-du-mot-de-passe",
            "reset_code": code.lower(),
            "password": "nouveau mot de passe",
        },
    )
    assert done.status_code == 200 and done.json["access_token"]
    assert (
        client.post(
            "/api/v1/auth/token",
            json={"pseudonym": "oubli-du-mot-de-passe", "password": "nouveau mot de passe"},
        ).status_code
        == 200
    )
    assert (
        client.post(
            "/api/v1/auth/token",
            json={"pseudonym": "oubli-du-mot-de-passe", "password": "mot-de-passe-solide"},
        ).status_code
        == 401
    )
    reused = client.post(
        "/api/v1/auth/reset",
        json={
            "pseudonym": "oubli-du-mot-de-passe",
            "reset_code": code,
            "password": "encore un autre",
        },
    )
    assert reused.status_code == 401  # one use only


def test_animateur_cannot_reset_another_organiser_or_a_foreign_resident(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    colleague, _ = make_user("animateur", ("QP031001",))
    foreign, _ = make_user("veilleur", ("QP034005",))
    assert (
        client.post(f"/api/v1/users/{colleague.id}/password-reset", headers=animateur).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/users/{foreign.id}/password-reset", headers=animateur).status_code
        == 404
    )


def test_admin_changes_a_role_the_old_session_ends_and_the_audit_log_says_so(client, make_user):
    _, admin = make_user("admin", ())
    _, animateur = make_user("animateur", ("QP031001",))
    user, _ = make_user("veilleur")
    tokens = client.post(
        "/api/v1/auth/token", json={"pseudonym": user.pseudonym, "password": "mot-de-passe-solide"}
    ).json
    changed = client.patch(
        f"/api/v1/users/{user.id}",
        json={"role": "animateur", "territories": ["QP031001", "31395"]},
        headers=admin,
    )
    assert changed.status_code == 200
    assert changed.json["role"] == "animateur" and sorted(changed.json["territories"]) == [
        "31395",
        "QP031001",
    ]
    assert (
        client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 401
    )
    assert (
        client.patch(
            f"/api/v1/users/{user.id}", json={"role": "admin"}, headers=animateur
        ).status_code
        == 403
    )
    event = client.get("/api/v1/audit?action=user.change", headers=admin).json[0]
    assert (
        event["details"]["before"]["role"] == "veilleur"
        and event["details"]["after"]["role"] == "animateur"
    )
