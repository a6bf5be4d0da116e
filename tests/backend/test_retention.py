"""`veilleurs retention apply`: old raw data is anonymised; recent data is untouched."""

from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa

from tests.backend.conftest import observation_payload
from tests.backend.test_photos import jpeg_with_gps, upload


def test_old_observations_lose_author_exact_point_and_photos(
    app, client, runner, veilleur, make_user
):
    user, headers = veilleur
    old = observation_payload(observed_at="2021-03-01T10:00:00+01:00")
    recent = observation_payload()
    for item in (old, recent):
        assert client.post("/api/v1/observations", json=item, headers=headers).status_code == 201
        upload(client, headers, item["id"], jpeg_with_gps(80, 60))

    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0 and "1 observations seraient anonymisées, 1 photos" in dry.output
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "1 observations ont été anonymisées, 1 photos supprimées" in result.output

    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        rows = {str(o.id): o for o in db.session.scalars(sa.select(Observation))}
        anonymised, kept = rows[old["id"]], rows[recent["id"]]
        assert anonymised.author_id is None and anonymised.accuracy_m is None
        assert anonymised.photos == [] and anonymised.anonymised_at is not None
        assert anonymised.text == old["text"] and anonymised.theme == old["theme"]
        assert kept.author_id == user.id and len(kept.photos) == 1
    _, animateur = make_user("animateur", ("QP031001",))
    moved = client.get(f"/api/v1/observations/{old['id']}", headers=animateur).json
    original = old["location"]["coordinates"]
    lon, lat = moved["location"]["coordinates"]
    shift = math.hypot(
        (lon - original[0]) * 111_320 * math.cos(math.radians(lat)), (lat - original[1]) * 111_320
    )
    assert 0 < shift <= 71  # now the centre of its 100 m cell
    assert (
        len(list(__import__("pathlib").Path(app.config["MEDIA_DIR"]).iterdir())) == 2
    )  # the recent photo only
    again = runner.invoke(args=["retention", "apply"])
    assert "0 observations ont été anonymisées" in again.output  # idempotent


def test_expired_tokens_and_old_audit_events_are_purged(app, runner, make_user):
    from backend.extensions.database import db
    from backend.models import AuditEvent, RefreshToken

    make_user()
    with app.app_context():
        db.session.execute(
            sa.update(RefreshToken).values(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        )
        db.session.add(
            AuditEvent(
                at=dt.datetime(2015, 1, 1, tzinfo=dt.UTC), action="invite.create", details={}
            )
        )
        db.session.commit()
    result = runner.invoke(args=["retention", "apply"])
    assert "1 jetons expirés et 1 événements d'audit anciens purgés" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RefreshToken)) == 0
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert actions == ["retention.apply"]


def test_old_survey_answers_lose_their_respondent_and_exact_point(app, client, runner, make_user):
    import uuid as uuid_module

    from tests.backend.conftest import inside
    from tests.backend.test_campaigns import open_campaign
    from tests.backend.test_responses import ANSWERS
    from tests.backend.test_surveys import FORM, upload

    _, animateur = make_user("animateur", ("QP031007",))
    survey = upload(client, animateur, FORM).json
    campaign = open_campaign(client, animateur, survey["id"], opens_at="2020-01-01T00:00:00+01:00")
    _, resident = make_user("veilleur", ("QP031007",))
    item = {
        "id": str(uuid_module.uuid4()),
        "submitted_at": "2021-06-01T10:00:00+02:00",
        "answers": ANSWERS,
        "location": {"type": "Point", "coordinates": inside("QP031007")},
    }
    stored = client.post(
        f"/api/v1/campaigns/{campaign['id']}/responses", json=item, headers=resident
    )
    assert stored.status_code == 201, stored.json
    result = runner.invoke(args=["retention", "apply"])
    assert "1 réponses d'enquête détachées" in result.output, result.output
    from backend.extensions.database import db
    from backend.models import SurveyResponse

    with app.app_context():
        response = db.session.get(SurveyResponse, uuid_module.UUID(item["id"]))
        assert response.respondent_id is None and response.answers
    again = runner.invoke(args=["retention", "apply"])
    assert "0 réponses d'enquête détachées" in again.output
