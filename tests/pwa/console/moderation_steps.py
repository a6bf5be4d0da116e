"""What the moderation tests need besides clicks: observations already on the server, the stored
row as it is, and a card of the queue found by its text."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page

from tests.backend.conftest import inside, observation_payload


def send_observations(app, author_id, *overrides: dict[str, Any], territory: str = "QP031001"):
    """Observations the resident sent earlier (validated as the API validates them)."""
    from backend.extensions.database import db
    from backend.resources.observations.schemas import ObservationCreateSchema
    from backend.services.observations import create_observations

    with app.test_request_context():
        place = {"type": "Point", "coordinates": inside(territory)}
        items = [
            ObservationCreateSchema().load(observation_payload(location=place, **o))
            for o in overrides
        ]
        create_observations(author_id, items)
        db.session.commit()
        return [str(item["id"]) for item in items]


def stored(app, text: str) -> dict[str, Any]:
    """The row on the server, found by its (original) text."""
    import sqlalchemy as sa

    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        row = db.session.scalars(sa.select(Observation).where(Observation.text == text)).one()
        return {
            "text": row.text,
            "theme": row.theme,
            "submitted_theme": row.submitted_theme,
            "status": row.status,
            "moderation_reason": row.moderation_reason,
            "reviewed": row.moderated_at is not None,
        }


def delete_observation(app, observation_id: str) -> None:
    """The author deletes it (from another device) while the animateur's page still shows it."""
    import uuid

    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        db.session.delete(db.session.get(Observation, uuid.UUID(observation_id)))
        db.session.commit()


def card(page: Page, text: str) -> Locator:
    return page.locator("article.moderation-card", has_text=text)


def cards(page: Page) -> Locator:
    return page.locator("article.moderation-card")
