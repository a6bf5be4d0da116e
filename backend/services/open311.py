"""Open311 GeoReport v2 over the observations: the thesaurus' themes are the services, visible
observations the service requests — public fields only (a point on the public grid, the text with
identifiers masked, no author), the moderation state as status until the field team's follow-up
lands (visible → open; hidden → closed, with no content); ``jurisdiction_id`` is a territory code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from analysis.disclosure import snap_to_grid
from analysis.synthesis.clusters import public_quote
from backend.extensions.database import db
from backend.models import Observation, Territory
from backend.services import NotFound, follow_ups
from backend.services.scope import descendant_ids
from backend.services.themes import all_themes, theme_label

MAX_RESULTS = 1000  # the spec's default cap
DEFAULT_DAYS = 90  # the spec's default window
HIDDEN_NOTE = "Retirée par la modération."


def services() -> list[dict[str, Any]]:
    return [
        {
            "service_code": theme["code"],
            "service_name": theme["label"],
            "description": f"Observations des habitant·es : {theme['label']}",
            "metadata": False,
            "type": "realtime",
            "keywords": theme["code"],
            "group": "Veilleurs",
        }
        for theme in all_themes()
    ]


def service_definition(code: str) -> dict[str, Any]:
    if code not in {t["code"] for t in all_themes()}:
        raise NotFound(f"Service inconnu : {code}.")
    return {"service_code": code, "attributes": []}


def territory_ids(jurisdiction: str | None) -> set[int] | None:
    """The territories a jurisdiction covers (it and everything below); None: everywhere."""
    if not jurisdiction:
        return None
    found = db.session.scalar(sa.select(Territory.id).where(Territory.code == jurisdiction))
    if found is None:
        raise NotFound(f"Juridiction inconnue : {jurisdiction} (un code de territoire).")
    return descendant_ids({found})


@dataclasses.dataclass
class RequestFilters:
    ids: list[uuid.UUID] | None = None
    service_codes: list[str] | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    status: list[str] | None = None
    jurisdiction: str | None = None


def as_request(observation: Observation, grid_m: int) -> dict[str, Any]:
    """One service request, with the spec's fields, public ones only."""
    follow_up = follow_ups.public_follow_up(observation)
    hidden = observation.status == "hidden"
    status = "closed" if hidden or follow_up["status"] in follow_ups.CLOSING_STEPS else "open"
    notes = HIDDEN_NOTE if hidden else follow_up["public_reply"] or follow_up["label"]
    request: dict[str, Any] = {
        "service_request_id": str(observation.id),
        "status": status,
        "status_notes": notes,
        "service_name": theme_label(observation.theme),
        "service_code": observation.theme,
        "description": None,
        "agency_responsible": None if hidden else follow_up["to_whom"],
        "service_notice": None,
        "requested_datetime": observation.received_at.isoformat(timespec="seconds"),
        "updated_datetime": (observation.updated_at or observation.received_at).isoformat(
            timespec="seconds"
        ),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    if not hidden:
        point = to_shape(observation.geom)
        lon, lat = snap_to_grid(point.x, point.y, grid_m)
        request.update(description=public_quote(observation.text), lat=lat, long=lon)
    return request


def find_requests(filters: RequestFilters, grid_m: int) -> list[dict[str, Any]]:
    query = sa.select(Observation)
    if filters.ids:
        query = query.where(Observation.id.in_(filters.ids))
    else:
        end = filters.end or dt.datetime.now(dt.UTC)
        start = filters.start or end - dt.timedelta(days=DEFAULT_DAYS)
        query = query.where(Observation.received_at >= start, Observation.received_at < end)
    if filters.service_codes:
        query = query.where(Observation.theme.in_(filters.service_codes))
    if filters.status and set(filters.status) != {"open", "closed"}:
        closed = sa.or_(
            Observation.status == "hidden",
            follow_ups.last_step_status().in_(follow_ups.CLOSING_STEPS),
        )
        query = query.where(closed if "closed" in filters.status else sa.not_(closed))
    covered = territory_ids(filters.jurisdiction)
    if covered is not None:
        query = query.where(Observation.territory_id.in_(covered))
    query = query.order_by(Observation.received_at.desc(), Observation.id).limit(MAX_RESULTS)
    return [as_request(o, grid_m) for o in db.session.scalars(query)]


def find_request(request_id: uuid.UUID, jurisdiction: str | None, grid_m: int) -> dict[str, Any]:
    found = find_requests(RequestFilters(ids=[request_id], jurisdiction=jurisdiction), grid_m)
    if not found:
        raise NotFound("Demande introuvable.")
    return found[0]
