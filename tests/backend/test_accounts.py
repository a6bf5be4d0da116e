"""A resident joins with an invitation code under a pseudonym, consents, logs in again, refreshes."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa


def create_invite(client, headers, code="QP031001", **body):
    return client.post(f"/api/v1/territories/{code}/invites", json=body, headers=headers)


@pytest.fixture
def animateur(make_user):
    return make_user("animateur", ("QP031001",))


@pytest.fixture
def invite_code(client, animateur):
    response = create_invite(client, animateur[1], max_uses=5)
    assert response.status_code == 201, response.json
    return response.json["code"]


def join(client, code, pseudonym="Amina du 3e", password="un mot de passe", consent=True):
    return client.post(
        "/api/v1/auth/join",
        json={
            "invite_code": code,
            "pseudonym": pseudonym,
            "password": password,
            "consent": consent,
        },
    )


def test_animateur_creates_an_invitation_for_their_territory(client, animateur):
    response = create_invite(
        client, animateur[1], max_uses=30, expires_at="2030-01-01T00:00:00+01:00"
    )
    assert response.status_code == 201
    invite = response.json
    assert invite["territory"] == "QP031001"
    assert invite["role"] == "veilleur" and invite["max_uses"] == 30 and invite["uses"] == 0
    assert invite["expires_at"] == "2029-12-31T23:00:00+00:00"
    assert invite["join_url"].endswith(f"/?invite={invite['code']}")


def test_animateur_cannot_invite_for_a_foreign_territory_or_as_admin(client, animateur):
    assert create_invite(client, animateur[1], code="QP034005").status_code == 403
    assert create_invite(client, animateur[1], role="admin").status_code == 403


def test_veilleur_cannot_create_invitations(client, make_user):
    _, headers = make_user("veilleur")
    response = create_invite(client, headers)
    assert response.status_code == 403
    assert response.json["message"] == "Votre rôle ne permet pas cette action."


def test_invitation_requires_authentication(client):
    response = create_invite(client, {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_resident_joins_with_a_pseudonym_and_consent(client, app, invite_code):
    response = join(client, invite_code.lower().replace("-", " "))  # typed loosely on a phone
    assert response.status_code == 201, response.json
    body = response.json
    assert body["user"]["pseudonym"] == "Amina du 3e"
    assert body["user"]["role"] == "veilleur"
    assert body["user"]["territories"] == ["QP031001"]
    assert body["user"]["consent"]["version"] == app.config["CONSENT_VERSION"]
    assert body["user"]["consent_required"] is False
    assert body["access_token"] and body["refresh_token"] and body["token_type"] == "Bearer"
    assert "password" not in body["user"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json["pseudonym"] == "Amina du 3e"

    from backend.models import Invite, User

    with app.app_context():
        from backend.extensions.database import db

        user = db.session.scalar(sa.select(User).where(User.pseudonym == "Amina du 3e"))
        assert user.password_hash.startswith("$argon2id$")
        assert db.session.scalar(sa.select(Invite.uses).where(Invite.code == invite_code)) == 1


def test_join_without_consent_is_refused_and_writes_nothing(client, invite_code):
    response = join(client, invite_code, consent=False)
    assert response.status_code == 422
    assert "consent" in response.json["errors"]["json"]
    assert (
        client.post(
            "/api/v1/auth/token", json={"pseudonym": "Amina du 3e", "password": "un mot de passe"}
        ).status_code
        == 401
    )


@pytest.mark.parametrize(
    ("pseudonym", "fragment"),
    [
        ("ab", "entre 3 et 40"),
        ("amina@example.org", "Lettres, chiffres"),
        ("Amina 0612345678", "téléphone"),
    ],
)
def test_pseudonyms_that_are_not_pseudonyms_are_refused(client, invite_code, pseudonym, fragment):
    response = join(client, invite_code, pseudonym=pseudonym)
    assert response.status_code == 422
    assert fragment in " ".join(response.json["errors"]["json"]["pseudonym"])


def test_unknown_expired_or_used_up_codes_are_403(client, animateur, app):
    assert join(client, "ZZZZ-ZZZZ").status_code == 403
    one_use = create_invite(client, animateur[1], max_uses=1).json["code"]
    assert join(client, one_use, pseudonym="premier").status_code == 201
    used_up = join(client, one_use, pseudonym="second")
    assert used_up.status_code == 403
    assert "déjà été utilisé" in used_up.json["message"]

    from backend.models import Invite

    expiring = create_invite(client, animateur[1]).json["code"]
    with app.app_context():
        from backend.extensions.database import db

        db.session.execute(
            sa.update(Invite)
            .where(Invite.code == expiring)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
        db.session.commit()
    expired = join(client, expiring, pseudonym="troisieme")
    assert expired.status_code == 403 and "expiré" in expired.json["message"]


def test_a_pseudonym_is_unique_whatever_its_case_and_accents(client, invite_code):
    assert join(client, invite_code, pseudonym="Élodie").status_code == 201
    again = join(client, invite_code, pseudonym="elodie")
    assert again.status_code == 409
    assert "déjà pris" in again.json["message"]


def test_login_again_later_and_wrong_password(client, invite_code):
    join(client, invite_code)
    ok = client.post(
        "/api/v1/auth/token", json={"pseudonym": "amina du 3e", "password": "un mot de passe"}
    )
    assert ok.status_code == 200 and ok.json["access_token"]
    wrong = client.post(
        "/api/v1/auth/token", json={"pseudonym": "Amina du 3e", "password": "autre chose"}
    )
    assert wrong.status_code == 401
    assert wrong.json["message"] == "Pseudonyme ou mot de passe incorrect."
    unknown = client.post(
        "/api/v1/auth/token", json={"pseudonym": "personne", "password": "autre chose"}
    )
    assert unknown.status_code == 401 and unknown.json["message"] == wrong.json["message"]


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_session(client, invite_code):
    tokens = join(client, invite_code).json
    first = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 200
    assert first.json["refresh_token"] != tokens["refresh_token"]
    assert (
        client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {first.json['access_token']}"}
        ).status_code
        == 200
    )
    # The old token was rotated away: presenting it again looks like theft.
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 401
    # ...and the whole session is revoked, including the token issued by the rotation.
    assert (
        client.post(
            "/api/v1/auth/refresh", json={"refresh_token": first.json["refresh_token"]}
        ).status_code
        == 401
    )


def test_logout_revokes_the_refresh_token(client, invite_code):
    tokens = join(client, invite_code).json
    assert (
        client.post(
            "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 204
    )
    assert (
        client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 401
    )


def test_expired_or_forged_access_tokens_are_401(client, app, make_user):
    import jwt

    user, _ = make_user()
    expired = jwt.encode(
        {"sub": str(user.id), "role": "veilleur", "typ": "access", "exp": 1_000_000_000},
        app.config["SECRET_KEY"],
        algorithm="HS256",
    )
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and "expiré" in response.json["message"]
    forged = jwt.encode(
        {"sub": str(user.id), "role": "admin", "typ": "access", "exp": 4_000_000_000},
        "another-secret-key-that-is-long-enough",
        algorithm="HS256",
    )
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    )


def test_cli_creates_users_and_invitations(runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--pseudonym",
            "chef-projet",
            "--role",
            "animateur",
            "--territory",
            "QP031001",
            "--password-stdin",
        ],
        input="un mot de passe solide\n",
    )
    assert result.exit_code == 0, result.output
    login = client.post(
        "/api/v1/auth/token",
        json={"pseudonym": "chef-projet", "password": "un mot de passe solide"},
    )
    assert login.json["user"]["role"] == "animateur"
    result = runner.invoke(args=["invites", "create", "--territory", "QP031001", "--uses", "2"])
    assert result.exit_code == 0, result.output
    code = result.output.strip()
    assert join(client, code, pseudonym="depuis la cli").status_code == 201
    bad = runner.invoke(args=["invites", "create", "--territory", "QP000000"])
    assert bad.exit_code == 1 and "Territoire inconnu" in bad.output
