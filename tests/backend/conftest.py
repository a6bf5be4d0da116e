"""Factories for backend tests: users with roles and territories, their tokens, observations."""

from __future__ import annotations

import datetime as dt
import functools
import json
import pathlib
import uuid
from typing import Any

import flask
import pytest
import shapely.geometry


@pytest.fixture
def make_user(app):
    """``make_user(role, territories=("QP031001",))`` → (user, Authorization headers)."""
    from backend.extensions.database import db
    from backend.services import accounts
    from backend.services.territories import get_territory

    counter = iter(range(1, 10_000))

    def factory(
        role: str = "veilleur",
        territories: tuple[str, ...] = ("QP031001",),
        pseudonym: str | None = None,
    ):
        with app.test_request_context():
            user = accounts.create_user(
                pseudonym or f"{role}-{next(counter)}-{uuid.uuid4().hex[:4]}",
                "mot-de-passe-solide",
                role,
                [get_territory(code) for code in territories],
            )
            accounts.record_consent(
                user, accounts.AccountPolicy.from_settings(flask.current_app.config)
            )
            tokens = accounts.issue_tokens(
                user, accounts.AccountPolicy.from_settings(flask.current_app.config)
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user, {"Authorization": f"Bearer {tokens.access_token}"}

    return factory


DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


@functools.cache
def _features(name: str) -> dict[str, Any]:
    collection = json.loads((DATA / "territories" / name).read_text(encoding="utf-8"))
    return {
        f["properties"].get("code_qp") or f["properties"].get("code_commune"): f
        for f in collection["features"]
    }


def inside(code: str, name: str = "occitanie-qpv2015.geojson") -> list[float]:
    """A point certainly inside the real polygon of that territory, as [lon, lat]."""
    point = shapely.geometry.shape(_features(name)[code]["geometry"]).representative_point()
    return [point.x, point.y]


def observation_payload(**overrides):
    """A valid observation, as the PWA sends it; by default inside QPV QP031001 (Muret, Saint Jean)."""
    payload = {
        "id": str(uuid.uuid4()),
        "observed_at": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat(),
        "location": {"type": "Point", "coordinates": inside("QP031001")},
        "accuracy_m": 12,
        "theme": "proprete",
        "polarity": "difficulte",
        "text": "Encombrants devant le bâtiment C",
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def veilleur(make_user):
    return make_user("veilleur")
