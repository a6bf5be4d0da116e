"""Everything stored about one person, for ``GET /me/export`` (RGPD art. 15 and 20).

Built from the tables themselves, not from a hand-kept list of fields: every table that links a
row to an account is declared below, either as *about the person* (every column of their rows,
secrets excepted) or as *made by the person* (a staff member's invitations, forms, campaigns…:
a reference to each). A test fails when a table linking to accounts is in neither list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping

from backend.extensions.database import db
from backend.models import (
    AuditEvent,
    FollowUp,
    LoginThrottle,
    Observation,
    Photo,
    Survey,
    Territory,
    User,
)
from backend.services import accounts, ateliers

# Never given out, even to their owner: they would only help someone who stole the file.
SECRET_COLUMNS = frozenset({"password_hash", "reset_code_hash", "token_hash", "account_key"})

# table -> (section of the export, the column naming the person)
ABOUT_THE_PERSON: dict[str, tuple[str, str]] = {
    "user_account": ("account", "id"),
    "user_territory": ("territories", "user_id"),
    "consent": ("consents", "user_id"),
    "refresh_token": ("sessions", "user_id"),
    "observation": ("observations", "author_id"),
    "survey_response": ("responses", "respondent_id"),
    "atelier_participant": ("atelier_participations", "user_id"),
}
# table -> {column naming the person: section}; each row given as a reference (id, dates, kind)
MADE_BY: dict[str, dict[str, str]] = {
    "observation": {"moderated_by_id": "moderated_observations"},
    "invite": {"created_by_id": "invitations_created"},
    "survey_form": {"created_by_id": "forms_created"},
    "survey": {"created_by_id": "form_versions_published"},
    "campaign": {"created_by_id": "campaigns_created"},
    "campaign_app_user": {"created_by_id": "collect_access_created"},
    "synthesis": {"issued_by_id": "syntheses_issued"},
    "analysis_job": {"created_by_id": "analyses_requested"},
    "observation_follow_up": {"by_id": "follow_ups_given"},
    "webhook_subscription": {"created_by_id": "webhooks_created"},
    "api_key": {"user_id": "api_keys_created"},  # staff only; the key itself is a hash
    "atelier": {"created_by_id": "ateliers_created"},
}
REFERENCE_COLUMNS = (
    "id", "code", "form_id", "version", "title", "kind", "status", "territory_code", "theme",
    "role", "held_on", "created_at", "issued_at", "moderated_at", "opens_at", "closes_at",
)  # fmt: skip


def _plain(value: Any) -> Any:
    """A stored value as JSON: dates in ISO 8601, ids as text, places as GeoJSON."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, WKBElement | bytes | memoryview):
        try:
            return mapping(to_shape(value if isinstance(value, WKBElement) else WKBElement(value)))
        except Exception:
            return bytes(value).hex() if not isinstance(value, WKBElement) else str(value)
    return value


def _rows(table: sa.Table, column: str, user_id: uuid.UUID, columns: list[str]) -> list[dict]:
    selected = [table.c[name] for name in columns]
    query = sa.select(*selected).where(table.c[column] == user_id)
    if "id" in table.c:
        query = query.order_by(table.c["id"])
    return [
        {name: _plain(value) for name, value in row._mapping.items()}
        for row in db.session.execute(query)
    ]


def _full_columns(table: sa.Table) -> list[str]:
    return [c.name for c in table.c if c.name not in SECRET_COLUMNS]


PhotoUrl = Callable[[uuid.UUID], str]


def _photos(observation_ids: list[str], photo_url: PhotoUrl) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    if not observation_ids:
        return found
    for photo in db.session.scalars(
        sa.select(Photo).where(Photo.observation_id.in_([uuid.UUID(i) for i in observation_ids]))
    ):
        found.setdefault(str(photo.observation_id), []).append(
            {
                "id": str(photo.id),
                "url": photo_url(photo.id),
                "content_type": photo.content_type,
                "width": photo.width,
                "height": photo.height,
                "size_bytes": photo.size_bytes,
                "sha256": photo.sha256,
                "created_at": photo.created_at.isoformat(),
            }
        )
    return found


def export(user: User, photo_url: PhotoUrl) -> dict[str, Any]:
    """Every row stored about the person, and a reference to what they made as staff; each
    photo with its address (``photo_url``, given by the route that knows the server's)."""
    tables = db.metadata.tables
    data: dict[str, Any] = {"exported_at": dt.datetime.now(dt.UTC).isoformat()}
    for name, (section, column) in ABOUT_THE_PERSON.items():
        data[section] = _rows(tables[name], column, user.id, _full_columns(tables[name]))
    data["account"] = data["account"][0]
    data["account"]["territories"] = [t.code for t in user.territories]
    data["territories"] = [t.code for t in user.territories]
    photos = _photos([o["id"] for o in data["observations"]], photo_url)
    follow_ups = _follow_ups(user)
    codes = _territory_codes()
    for observation in data["observations"]:
        observation["location"] = observation.pop("geom")
        observation["territory"] = codes.get(observation["territory_id"])
        observation["photos"] = photos.get(observation["id"], [])
        observation["follow_up"] = follow_ups.get(observation["id"], [])
    forms = {
        survey_id: (form_id, version)
        for survey_id, form_id, version in db.session.execute(
            sa.select(Survey.id, Survey.form_id, Survey.version)
        )
    }
    for response in data["responses"]:
        response["location"] = response.pop("geom")
        response["territory"] = codes.get(response["territory_id"])
        response["form_id"], response["survey_version"] = forms[uuid.UUID(response["survey_id"])]
    for participation in data["atelier_participations"]:
        participation.update(ateliers.contributions(uuid.UUID(participation["id"])))
    made: dict[str, list[dict[str, Any]]] = {}
    for name, links in MADE_BY.items():
        table = tables[name]
        columns = [c for c in REFERENCE_COLUMNS if c in table.c]
        for column, section in links.items():
            made[section] = _rows(table, column, user.id, columns)
    data["made_as_staff"] = made
    data["audit"] = _audit(user)
    data["login_failures"] = _login_failures(user)
    return data


def _follow_ups(user: User) -> dict[str, list[dict[str, Any]]]:
    """The public follow-up of the person's observations, step by step (who gave it: not theirs
    to know, as in the app)."""
    found: dict[str, list[dict[str, Any]]] = {}
    rows = db.session.scalars(
        sa.select(FollowUp)
        .join(Observation, Observation.id == FollowUp.observation_id)
        .where(Observation.author_id == user.id)
        .order_by(FollowUp.at, FollowUp.id)
    )
    for step in rows:
        found.setdefault(str(step.observation_id), []).append(
            {
                "status": step.status,
                "to_whom": step.to_whom,
                "public_reply": step.public_reply,
                "at": _plain(step.at),
            }
        )
    return found


def _territory_codes() -> dict[int, str]:
    return dict(db.session.execute(sa.select(Territory.id, Territory.code)).all())


def _audit(user: User) -> list[dict[str, Any]]:
    """What the audit log says the person did, or what was done to their account."""
    table = AuditEvent.__table__
    query = (
        sa.select(table)
        .where(sa.or_(table.c.actor_id == user.id, table.c.target_id == str(user.id)))
        .order_by(table.c.at)
    )
    return [
        {name: _plain(value) for name, value in row._mapping.items()}
        for row in db.session.execute(query)
    ]


def _login_failures(user: User) -> list[dict[str, Any]]:
    """Failed logins under the person's pseudonym: from which address, how many, when."""
    key = accounts.account_key(user.pseudonym)
    table = LoginThrottle.__table__
    return [
        {name: _plain(value) for name, value in row._mapping.items() if name != "account_key"}
        for row in db.session.execute(sa.select(table).where(table.c.account_key == key))
    ]


def linked_tables() -> set[str]:
    """The tables with a column that points to an account (what the export must cover)."""
    return {
        table.name
        for table in db.metadata.sorted_tables
        for column in table.c
        if any(fk.column.table.name == User.__tablename__ for fk in column.foreign_keys)
    } | {User.__tablename__}
