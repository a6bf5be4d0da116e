"""Feedback to residents: the public follow-up organisers give a report (received → read →
forwarded → taken into account → resolved / not retained, each with an optional public reply),
a resident's « Nouveautés » (replies to their reports, surveys open on their territory), and
what neighbours reported on the resident's territory, on the public grid and without a name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from sqlalchemy import orm as so

from analysis.disclosure import snap_to_grid
from backend.extensions.database import db
from backend.models import FollowUp, Observation
from backend.models.observations import FOLLOW_UP_STATUSES
from backend.services import Invalid, audit, campaigns, outbox
from backend.services.scope import Permission, Scope

LABELS = {
    "recue": "Reçue",
    "lue": "Lue par un animateur",
    "transmise": "Transmise",
    "prise_en_compte": "Prise en compte",
    "resolue": "Résolue",
    "non_retenue": "Non retenue",
}
assert set(LABELS) == set(FOLLOW_UP_STATUSES)
MAX_TO_WHOM = 120
MAX_REPLY = 1000
MAX_NEWS = 50
MAX_NEIGHBOURS = 500
NEWS_CAMPAIGN_DAYS = 60


def current_status(observation: Observation) -> str:
    """The last step organisers set; before any, « lue » once an animateur has seen it."""
    if observation.follow_ups:
        return observation.follow_ups[-1].status
    return "lue" if observation.moderated_at is not None else "recue"


# The steps after which a report is closed for other tools (Open311's « closed »).
CLOSING_STEPS = ("resolue", "non_retenue")


def public_follow_up(observation: Observation) -> dict[str, Any]:
    """What anyone may know of the follow-up: the status, its label, to whom it was forwarded
    and the public reply of the last step (never who set it)."""
    last = observation.follow_ups[-1] if observation.follow_ups else None
    status = current_status(observation)
    return {
        "status": status,
        "label": LABELS[status],
        "to_whom": last.to_whom if last else None,
        "public_reply": last.public_reply if last else None,
        "at": last.at.isoformat(timespec="seconds") if last else None,
    }


def last_step_status() -> sa.ScalarSelect[str]:
    """In SQL, the observation's current follow-up status (« recue » before any step)."""
    return sa.func.coalesce(
        sa.select(FollowUp.status)
        .where(FollowUp.observation_id == Observation.id)
        .order_by(FollowUp.at.desc(), FollowUp.id.desc())
        .limit(1)
        .correlate(Observation)
        .scalar_subquery(),
        "recue",
    )


def add_step(
    scope: Scope,
    observation: Observation,
    status: str,
    to_whom: str | None = None,
    public_reply: str | None = None,
) -> FollowUp:
    """A new step of the public follow-up, seen by the author; the report counts as read."""
    scope.require(Permission.MODERATE, "Seuls les animateurs peuvent suivre une observation.")
    to_whom = (to_whom or "").strip() or None
    public_reply = (public_reply or "").strip() or None
    if status == "transmise" and not to_whom:
        raise Invalid(
            "Indiquez à qui l'observation est transmise (bailleur, mairie, service…).",
            {"to_whom": ["Obligatoire pour « Transmise »."]},
        )
    now = dt.datetime.now(dt.UTC)
    step = FollowUp(
        observation_id=observation.id,
        status=status,
        to_whom=to_whom,
        public_reply=public_reply,
        at=now,
        by_id=scope.user_id,
    )
    db.session.add(step)
    if observation.moderated_at is None:
        observation.moderated_by_id, observation.moderated_at = scope.user_id, now
    audit.record(
        scope,
        "observation.follow_up",
        target_type="observation",
        target_id=observation.id,
        territory=observation.territory_code,
        status=status,
        to_whom=to_whom,
        replied=public_reply is not None,
    )
    outbox.emit(outbox.OBSERVATION_FOLLOWED_UP, [(observation.id, observation.territory_id)])
    db.session.flush()
    db.session.expire(observation, ["follow_ups"])
    return step


@dataclasses.dataclass
class News:
    """One item of a resident's « Nouveautés »."""

    id: str
    kind: str  # "suivi" or "enquete"
    at: dt.datetime
    title: str
    text: str | None
    observation_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None


def _excerpt(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def news(scope: Scope) -> list[News]:
    """The follow-up of the resident's reports and the surveys open on their territories,
    newest first (bounded): the app keeps the list offline and counts what was not seen."""
    items: list[News] = []
    rows = db.session.execute(
        sa.select(FollowUp, Observation.text)
        .join(Observation, Observation.id == FollowUp.observation_id)
        .where(Observation.author_id == scope.user_id)
        .order_by(FollowUp.at.desc(), FollowUp.id.desc())
        .limit(MAX_NEWS)
    )
    for step, text in rows:
        title = f"« {_excerpt(text)} » : {LABELS[step.status].lower()}"
        if step.to_whom:
            title += f" ({step.to_whom})"
        items.append(
            News(
                f"suivi-{step.id}", "suivi", step.at, title, step.public_reply, step.observation_id
            )
        )
    recent = campaigns.now() - dt.timedelta(days=NEWS_CAMPAIGN_DAYS)
    for campaign in campaigns.list_campaigns(scope, active=True)[:MAX_NEWS]:
        if campaign.opens_at >= recent:
            items.append(
                News(
                    f"enquete-{campaign.id}",
                    "enquete",
                    campaign.opens_at,
                    f"Nouvelle enquête : {campaign.title}",
                    campaign.description,
                    campaign_id=campaign.id,
                )
            )
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:MAX_NEWS]


def neighbours(scope: Scope, grid_m: int) -> dict[str, Any]:
    """What others reported on the resident's territories: visible reports an animateur has
    read, each on the centre of its public grid cell, with no author, newest first (bounded)."""
    territories = scope.visible_territory_ids
    query = sa.select(Observation).where(
        Observation.status == "visible",
        Observation.moderated_at.is_not(None),
        sa.or_(Observation.author_id.is_(None), Observation.author_id != scope.user_id),
    )
    if territories is not None:
        query = query.where(Observation.territory_id.in_(territories))
    features = []
    query = query.options(so.selectinload(Observation.follow_ups))
    for observation in db.session.scalars(
        query.order_by(Observation.observed_at.desc()).limit(MAX_NEIGHBOURS)
    ):
        point = to_shape(observation.geom)
        lon, lat = snap_to_grid(point.x, point.y, grid_m)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": {
                    "theme": observation.theme,
                    "polarity": observation.polarity,
                    "text": observation.text,
                    "month": observation.observed_at.strftime("%Y-%m"),
                    "follow_up": current_status(observation),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
