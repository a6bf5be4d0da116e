"""Survey campaigns for the browser tests, opened on the live server as an organiser would:
a form published (a built-in template, or one written inline as a Markdown table), then a
campaign on QPV QP031001 that is open now; and the responses the server stored."""

from __future__ import annotations

import datetime as dt
import uuid

import flask
import sqlalchemy as sa

from surveys import templates
from surveys.xlsform import import_xlsform
from tests.pwa.conftest import PASSWORD

ORGANISER = "organisatrice-muret"


def definition_of(form: str) -> dict:
    """A built-in template by name, or a form written as a Markdown table."""
    return import_xlsform(form).definition if "|" in form else templates.load(form)


def _organiser():
    """The organiser's scope (created on first use), as the services take it."""
    from backend.extensions.database import db
    from backend.models import User
    from backend.services import accounts
    from backend.services.scope import scope_of
    from backend.services.territories import get_territory

    user = db.session.scalar(sa.select(User).where(User.pseudonym == ORGANISER))
    if user is None:
        user = accounts.create_user(ORGANISER, PASSWORD, "animateur", [get_territory("QP031001")])
        accounts.record_consent(
            user, accounts.AccountPolicy.from_settings(flask.current_app.config)
        )
    return scope_of(user)


def open_campaign(app, form: str, *, title: str | None = None) -> uuid.UUID:
    """Publish ``form`` and open a campaign on QP031001 for a month; returns the campaign's id."""
    from backend.extensions.database import db
    from backend.services import campaigns, surveys

    with app.app_context():
        organiser = _organiser()
        survey, _ = surveys.publish(organiser, definition_of(form))
        now = dt.datetime.now(dt.UTC)
        campaign = campaigns.create_campaign(organiser, {
            "survey_id": survey.id, "title": title or survey.title, "territories": ["QP031001"],
            "opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=30),
        })  # fmt: skip
        db.session.commit()
        return campaign.id


def move_to_new_version(app, campaign_id: uuid.UUID, form: str) -> None:
    """Publish a new version of the campaign's form and move the campaign to it."""
    from backend.extensions.database import db
    from backend.services import campaigns, surveys

    with app.app_context():
        organiser = _organiser()
        survey, created = surveys.publish(organiser, definition_of(form))
        assert created
        campaign = campaigns.get_campaign(campaign_id)
        campaigns.update_campaign(organiser, campaign, {"survey_id": survey.id})
        db.session.commit()


def stored_responses(app) -> list[dict]:
    from backend.extensions.database import db
    from backend.models import SurveyResponse, User

    with app.app_context():
        rows = db.session.execute(
            sa.select(SurveyResponse, User.pseudonym)
            .outerjoin(User, User.id == SurveyResponse.respondent_id)
            .order_by(SurveyResponse.received_at)
        ).all()
        return [
            {"campaign_id": r.campaign_id, "respondent": pseudonym, "answers": r.answers,
             "territory": r.territory_code, "version": r.survey.version}
            for r, pseudonym in rows
        ]  # fmt: skip
