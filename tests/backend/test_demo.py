"""`veilleurs demo seed` gives a workshop something to open at once, and prints the accesses."""

from __future__ import annotations

import re


def test_demo_seed_prints_working_accesses_and_is_idempotent(runner, client):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    code = re.search(r"Code d'invitation .*: (\S+)", first.output).group(1)
    login, password = re.search(r"Animatrice : (\S+) / (\S+)", first.output).groups()
    assert "300 observations" in first.output
    staff = dict(re.findall(r"(?:Animatrice|Analyste|Admin)\s*: (\S+) / (\S+)", first.output))
    assert len(set(staff.values())) == 3, "each staff account has its own password"
    for pseudonym, secret in staff.items():
        logged = client.post(
            "/api/v1/auth/token", json={"pseudonym": pseudonym, "password": secret}
        )
        assert logged.status_code == 200, pseudonym

    tokens = client.post("/api/v1/auth/token", json={"pseudonym": login, "password": password}).json
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    listed = client.get("/api/v1/observations?page_size=1", headers=headers)
    assert '"total": 300' in listed.headers["X-Pagination"]
    assert listed.json[0]["territory"].startswith("QP031")

    joined = client.post(
        "/api/v1/auth/join",
        json={
            "invite_code": code,
            "pseudonym": "nouvelle veilleuse",
            "password": "mot de passe",
            "consent": True,
        },
    )
    assert joined.status_code == 201

    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0
    assert code in again.output and password in again.output
    listed = client.get("/api/v1/observations?page_size=1", headers=headers)
    assert '"total": 300' in listed.headers["X-Pagination"]


def test_demo_seed_with_a_size_adds_the_stated_counts(runner, client, make_user):
    import sqlalchemy as sa

    from backend.extensions.database import db
    from backend.models import Observation, SurveyResponse

    result = runner.invoke(
        args=["demo", "seed", "--observations", "1500", "--responses", "120", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "1500 observations et 120 réponses ajoutées" in result.output
    with client.application.app_context():
        count = sa.select(sa.func.count())
        assert db.session.scalar(count.select_from(Observation)) == 300 + 1500
        assert db.session.scalar(count.select_from(SurveyResponse)) == 120
        # Every point lies in the territory it is attached to (as if a resident had sent it).
        outside = db.session.scalar(
            sa.text(
                "SELECT count(*) FROM observation o JOIN territory t ON t.id = o.territory_id"
                " WHERE NOT ST_Covers(t.geom, o.geom)"
            )
        )
        assert outside == 0
        themes = db.session.scalar(sa.select(sa.func.count(sa.distinct(Observation.theme))))
        assert themes >= 8
    # Readable through the API like any other: the figures count them all.
    _, admin = make_user("admin", ())
    body = client.get("/api/v1/observations/counts?by=polarity", headers=admin).json
    assert body["total"] == 1800
    summary = client.get("/api/v1/campaigns", headers=admin).json
    assert any("démo volumineuse" in c["title"] for c in summary)
