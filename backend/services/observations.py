"""Observations: idempotent creation (one at a time or in offline batches), reading with the
caller's scope, editing, moderating."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import Observation
from backend.services import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    audit,
    observation_store,
    spatial,
)
from backend.services.scope import Permission, Scope, descendant_ids

CREATED, DUPLICATE, CONFLICT = "created", "duplicate", "conflict"


def content_hash(author_id: uuid.UUID, item: dict[str, Any]) -> str:
    """A fingerprint of what the client sent: a replay is compared to it, not to later edits."""
    canonical = {
        "author": str(author_id),
        "observed_at": item["observed_at"].astimezone(dt.UTC).isoformat(),
        "lon": round(item["lon"], 7),
        "lat": round(item["lat"], 7),
        "accuracy_m": item.get("accuracy_m"),
        "theme": item["theme"],
        "polarity": item["polarity"],
        "text": item["text"],
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


@dataclasses.dataclass
class Outcome:
    id: uuid.UUID
    status: str  # created | duplicate | conflict
    row: dict[str, Any] | None = None  # the stored columns, when created now


def create_observations(author_id: uuid.UUID, items: Sequence[dict[str, Any]]) -> list[Outcome]:
    """Store validated observations; an id already stored is a duplicate (same content) or a
    conflict (other content). A unique key, not a prior read, guarantees one row per id even
    under concurrent retries."""
    if not items:
        return []
    received_at = dt.datetime.now(dt.UTC)
    rows = [
        {
            "id": item["id"],
            "author_id": author_id,
            "lon": item["lon"],
            "lat": item["lat"],
            "accuracy_m": item.get("accuracy_m"),
            "theme": item["theme"],
            "polarity": item["polarity"],
            "text": item["text"],
            "observed_at": item["observed_at"],
            "received_at": received_at,
            "content_hash": item.get("content_hash") or content_hash(author_id, item),
        }
        for item in items
    ]
    try:
        returned = observation_store.insert_rows(rows)
    except observation_store.integrity_error_types() as error:
        # The author's account was deleted while their token was still valid.
        from backend.services.accounts import Unauthorized

        raise Unauthorized("Compte introuvable : reconnectez-vous.") from error
    inserted = {r["id"]: dict(r) for r in returned}
    pending = [row for row in rows if row["id"] not in inserted]
    stored = {}
    if pending:
        stored = dict(
            db.session.execute(
                sa.select(Observation.id, Observation.content_hash).where(
                    Observation.id.in_([row["id"] for row in pending])
                )
            ).all()
        )
    outcomes = []
    for row in rows:
        if row["id"] in inserted:
            outcomes.append(Outcome(row["id"], CREATED, inserted[row["id"]]))
        else:
            status = DUPLICATE if stored.get(row["id"]) == row["content_hash"] else CONFLICT
            outcomes.append(Outcome(row["id"], status))
    return outcomes


def create_observation(author_id: uuid.UUID, item: dict[str, Any]) -> tuple[Observation, bool]:
    """One observation: (the stored observation, whether it was created now)."""
    (outcome,) = create_observations(author_id, [item])
    if outcome.status == CONFLICT:
        raise Conflict(
            "Une autre observation porte déjà cet identifiant : générez un nouvel identifiant."
        )
    if outcome.row is not None:
        # Built from the INSERT's RETURNING: no second query on the hot path.
        observation = Observation(**outcome.row)
        observation.territory_code = territory_code(outcome.row["territory_id"])
        return observation, True
    observation = db.session.get(Observation, outcome.id, populate_existing=True)
    assert observation is not None
    return observation, False


_territory_codes: dict[tuple[str, int], str] = {}


def territory_code(territory_id: int | None) -> str | None:
    """A territory's code by id; an id never changes code, so it is cached per process."""
    if territory_id is None:
        return None
    key = (str(db.engine.url), territory_id)
    if key not in _territory_codes:
        from backend.models import Territory

        code = db.session.scalar(sa.select(Territory.code).where(Territory.id == territory_id))
        if code is None:
            return None
        _territory_codes[key] = code
    return _territory_codes[key]


@dataclasses.dataclass
class ObservationFilters:
    territory: str | None = None
    theme: str | None = None
    polarity: str | None = None
    status: str | None = None
    reviewed: bool | None = None  # the moderation queue: reviewed=False
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    bbox: tuple[float, float, float, float] | None = None
    mine: bool = False


def scoped_query(scope: Scope, filters: ObservationFilters) -> sa.Select[tuple[Observation]]:
    """Observations the user may see, filtered; newest first (see :func:`scope_conditions`)."""
    query = sa.select(Observation).where(*scope_conditions(scope, filters))
    return query.order_by(Observation.observed_at.desc(), Observation.id)


def scope_conditions(scope: Scope, filters: ObservationFilters) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of the observations the user may see, filtered (for lists, files and
    the figures computed by the database alike).

    A veilleur sees their own; animateurs and analystes those of their territories (and the
    territories below them); an admin all. Hidden observations stay visible to their author
    and to those who moderate, not to analystes.
    """
    from backend.models import Territory

    where: list[sa.ColumnElement[bool]] = []
    if filters.mine or not scope.can(Permission.READ_TERRITORY_OBSERVATIONS):
        where.append(Observation.author_id == scope.user_id)
    else:
        visible = scope.visible_territory_ids
        if visible is not None:
            where.append(Observation.territory_id.in_(visible))
        if not scope.can(Permission.READ_HIDDEN_OBSERVATIONS):
            where.append(Observation.status == "visible")
    if filters.territory:
        wanted = db.session.scalar(
            sa.select(Territory.id).where(Territory.code == filters.territory)
        )
        ids = spatial_descendants(wanted)
        where.append(Observation.territory_id.in_(ids))
    if filters.theme:
        where.append(Observation.theme == filters.theme)
    if filters.polarity:
        where.append(Observation.polarity == filters.polarity)
    if filters.status:
        where.append(Observation.status == filters.status)
    if filters.reviewed is not None:
        column = Observation.moderated_at
        where.append(column.is_not(None) if filters.reviewed else column.is_(None))
    if filters.since:
        where.append(Observation.observed_at >= filters.since)
    if filters.until:
        where.append(Observation.observed_at < filters.until)
    if filters.bbox:
        where.append(spatial.observations_in_bbox(filters.bbox))
    return where


def spatial_descendants(territory_id: int | None) -> set[int]:
    return descendant_ids({territory_id}) if territory_id is not None else set()


def get_visible(scope: Scope, observation_id: uuid.UUID) -> Observation:
    """The observation if the actor may see it; otherwise 404 (never reveal that it exists)."""
    query = scoped_query(scope, ObservationFilters()).where(Observation.id == observation_id)
    observation = db.session.scalar(query)
    if observation is None:
        raise NotFound("Observation introuvable.")
    return observation


def update(scope: Scope, observation: Observation, changes: dict[str, Any]) -> Observation:
    """The author edits the content; a moderator hides/restores with a reason or corrects the theme."""
    own = observation.author_id == scope.user_id
    moderator = scope.can(Permission.MODERATE)
    moderation = {"status", "moderation_reason"} & changes.keys()
    content = changes.keys() - {"status", "moderation_reason", "theme", "reviewed"}
    if (moderation or "reviewed" in changes) and not moderator:
        raise Forbidden("Seuls les animateurs peuvent relire, masquer ou rétablir une observation.")
    if content and not own:
        raise Forbidden("Vous ne pouvez modifier que vos propres observations.")
    if "theme" in changes and not own and not moderator:
        raise Forbidden("Vous ne pouvez modifier que vos propres observations.")
    now = dt.datetime.now(dt.UTC)
    if "theme" in changes and not own and changes["theme"] != observation.theme:
        audit.record(
            scope,
            "observation.theme_correct",
            target_type="observation",
            target_id=observation.id,
            territory=observation.territory_code,
            before=observation.theme,
            after=changes["theme"],
        )
        observation.submitted_theme = observation.submitted_theme or observation.theme
        observation.theme = changes["theme"]
        observation.moderated_by_id, observation.moderated_at = scope.user_id, now
    elif "theme" in changes:
        observation.theme = changes["theme"]
    if moderation:
        status = changes.get("status", observation.status)
        if status == "hidden" and not (changes.get("moderation_reason") or "").strip():
            raise Invalid(
                "Indiquez la raison du masquage : l'auteur la verra.",
                {"moderation_reason": ["La raison est obligatoire pour masquer."]},
            )
        if status != observation.status:
            audit.record(
                scope,
                "observation.hide" if status == "hidden" else "observation.restore",
                target_type="observation",
                target_id=observation.id,
                territory=observation.territory_code,
                reason=changes.get("moderation_reason"),
            )
        observation.status = status
        observation.moderation_reason = (
            changes.get("moderation_reason") if status == "hidden" else None
        )
        observation.moderated_by_id, observation.moderated_at = scope.user_id, now
    if changes.get("reviewed"):
        # Read and left as it is: out of the queue, its status untouched (whatever a colleague did).
        audit.record(
            scope,
            "observation.review",
            target_type="observation",
            target_id=observation.id,
            territory=observation.territory_code,
        )
        observation.moderated_by_id, observation.moderated_at = scope.user_id, now
    for key in ("text", "polarity", "accuracy_m", "observed_at"):
        if key in changes:
            setattr(observation, key, changes[key])
    if "lon" in changes:
        observation.geom = spatial.point_expr(changes["lon"], changes["lat"])
        observation.territory_id = db.session.scalar(
            sa.select(spatial.smallest_territory(changes["lon"], changes["lat"]))
        )
    observation.updated_at = now
    db.session.flush()
    db.session.refresh(observation)
    return observation


def delete(scope: Scope, observation: Observation) -> None:
    own = observation.author_id == scope.user_id
    if not own and not scope.can(Permission.EDIT_ANY_CONTRIBUTION):
        raise Forbidden("Vous ne pouvez supprimer que vos propres observations.")
    audit.record(
        scope,
        "observation.delete",
        target_type="observation",
        target_id=observation.id,
        territory=observation.territory_code,
        by_author=own,
    )
    db.session.delete(observation)
