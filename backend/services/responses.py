"""Survey responses: idempotent submission (one at a time or in offline batches), reading them
with the caller's scope, and the residents' rights over them.

Idempotency follows observations: the client makes the id; same id and same content → the
stored response; same id and other content → conflict. A unique key decides under concurrency
(INSERT … ON CONFLICT DO NOTHING), not a prior read.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import hashlib
import json
import threading
import uuid
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

import surveys
from backend.extensions.database import db
from backend.models import Campaign, Survey, SurveyResponse, User
from backend.services import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    audit,
    campaigns,
    outbox,
    spatial,
)
from backend.services.observations import territory_code
from backend.services.scope import Scope
from backend.services.surveys import insert_new

CREATED, DUPLICATE, CONFLICT, INVALID = "created", "duplicate", "conflict", "invalid"
INVALID_ANSWERS = "Certaines réponses ne conviennent pas : voir le détail par question."
ALREADY_ANSWERED = (
    "Vous avez déjà répondu à cette enquête : corrigez votre réponse plutôt que d'en envoyer "
    "une autre."
)
CAMPAIGN_OVER = "Cette campagne est terminée : votre réponse ne peut plus être corrigée."


class AlreadyAnswered(Conflict):
    """A second response from one person to a campaign that takes one: ``response_id`` is the
    stored one (the app offers to correct it)."""

    def __init__(self, response_id: uuid.UUID) -> None:
        super().__init__(ALREADY_ANSWERED)
        self.response_id = response_id
        self.details = {"response_id": str(response_id)}


def content_hash(respondent_id: uuid.UUID, campaign_id: uuid.UUID, item: dict[str, Any]) -> str:
    """A fingerprint of what the client sent: a replay is compared to it."""
    location = item.get("location")
    canonical = {
        "respondent": str(respondent_id),
        "campaign": str(campaign_id),
        "submitted_at": item["submitted_at"].astimezone(dt.UTC).isoformat(),
        "answers": item["answers"],
        "location": [round(c, 7) for c in location] if location else None,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


_PREPARED: collections.OrderedDict[uuid.UUID, surveys.PreparedSurvey] = collections.OrderedDict()
_PREPARED_LOCK = threading.Lock()


def prepared(survey: Survey) -> surveys.PreparedSurvey:
    """The survey version, compiled once per process (a published version never changes)."""
    with _PREPARED_LOCK:
        hit = _PREPARED.get(survey.id)
        if hit is not None:
            _PREPARED.move_to_end(survey.id)
            return hit
    compiled = surveys.prepare_survey(survey.definition)
    with _PREPARED_LOCK:
        _PREPARED[survey.id] = compiled
        while len(_PREPARED) > 128:
            _PREPARED.popitem(last=False)
    return compiled


@dataclasses.dataclass
class Outcome:
    id: uuid.UUID
    status: str  # created | duplicate | conflict
    row: dict[str, Any] | None = None  # the stored columns, when created now
    answered: uuid.UUID | None = None  # on a conflict: the person's stored response


def sole_response(campaign: Campaign, respondent_id: uuid.UUID | None) -> uuid.UUID | None:
    """The person's response to a campaign that takes one per person (None: none yet, or the
    campaign takes several)."""
    if campaign.multiple_answers or respondent_id is None:
        return None
    return db.session.scalar(
        sa.select(SurveyResponse.id)
        .where(SurveyResponse.campaign_id == campaign.id)
        .where(SurveyResponse.respondent_id == respondent_id)
        .order_by(SurveyResponse.submitted_at)
        .limit(1)
    )


def _replay_status(response_id: uuid.UUID, digest: str) -> str | None:
    stored = db.session.scalar(
        sa.select(SurveyResponse.content_hash).where(SurveyResponse.id == response_id)
    )
    if stored is None:
        return None
    return DUPLICATE if stored == digest else CONFLICT


def submit(
    respondent: Scope,
    campaign: Campaign,
    item: dict[str, Any],
    *,
    ancestry: list[tuple[int, set[int]]] | None = None,
) -> Outcome:
    """Judge and store one response (``item`` as the input schema loads it).

    A replay is recognised before anything is judged again, so an answer stored just before
    the campaign closed is still acknowledged. Raises :class:`Invalid` with the reason
    (period, territory, per-question problems) when the response cannot be accepted.
    """
    digest = content_hash(respondent.user_id, campaign.id, item)
    replay = _replay_status(item["id"], digest)
    if replay is not None:
        return Outcome(item["id"], replay)
    received_at = campaigns.now()
    campaigns.check_period(campaign, item["submitted_at"], received_at)
    answered = sole_response(campaign, respondent.user_id)
    if answered is not None:
        return Outcome(item["id"], CONFLICT, answered=answered)
    point = item.get("location")
    territory_id = campaigns.response_territory(campaign, respondent, point, ancestry)
    survey = campaign.survey
    moment = item["submitted_at"]  # with the phone's offset: today() is the respondent's day
    result = surveys.validate_response(prepared(survey), item["answers"], clock=lambda: moment)
    if not result.is_valid:
        raise Invalid(INVALID_ANSWERS, {"answers": result.problems_by_question()})
    values = {
        "id": item["id"],
        "campaign_id": campaign.id,
        "survey_id": survey.id,
        "respondent_id": respondent.user_id,
        "sole_respondent_id": None if campaign.multiple_answers else respondent.user_id,
        "territory_id": territory_id,
        "geom": spatial.point_expr(*point) if point else None,
        "answers": result.answers,
        "calculated": result.calculated,
        "submitted_at": item["submitted_at"],
        "received_at": received_at,
        "content_hash": digest,
    }
    row = insert_new(SurveyResponse.__table__, values, None)
    if row is not None:
        outbox.emit(outbox.RESPONSE_RECEIVED, [(item["id"], territory_id)])
        return Outcome(item["id"], CREATED, row)
    # The same id arrived at the same moment (a retry racing the first send), or another
    # response of the same person did (two phones, one campaign that takes one answer).
    replay = _replay_status(item["id"], digest)
    if replay is not None:
        return Outcome(item["id"], replay)
    return Outcome(item["id"], CONFLICT, answered=sole_response(campaign, respondent.user_id))


def submit_one(
    respondent: Scope, campaign: Campaign, item: dict[str, Any]
) -> tuple[SurveyResponse, bool]:
    """One response: (the stored response, whether it was created now); a conflict raises."""
    outcome = submit(respondent, campaign, item)
    if outcome.answered is not None:
        raise AlreadyAnswered(outcome.answered)
    if outcome.status == CONFLICT:
        raise Conflict(
            "Une autre réponse porte déjà cet identifiant : générez un nouvel identifiant."
        )
    if outcome.row is not None:
        # Built from the INSERT's RETURNING: no second read of what was just written.
        response = SurveyResponse(**outcome.row)
        response.territory_code = territory_code(outcome.row["territory_id"])
        response.survey = campaign.survey
        return response, True
    stored = db.session.get(SurveyResponse, outcome.id, populate_existing=True)
    assert stored is not None
    return stored, False


def correct(author: Scope, response_id: uuid.UUID, answers: dict[str, Any]) -> SurveyResponse:
    """The author's corrected answers, judged again on the version they answered, while the
    campaign is open; the correction is audited (the answers themselves are not copied there)."""
    response = db.session.get(SurveyResponse, response_id)
    if response is None or author.user_id is None or response.respondent_id != author.user_id:
        raise NotFound("Réponse introuvable.")
    campaign = db.session.get(Campaign, response.campaign_id)
    assert campaign is not None
    if campaigns.status(campaign) != campaigns.OPEN:
        raise Invalid(CAMPAIGN_OVER, {"campaign": [CAMPAIGN_OVER]})
    moment = campaigns.now().astimezone(response.submitted_at.tzinfo)
    result = surveys.validate_response(prepared(response.survey), answers, clock=lambda: moment)
    if not result.is_valid:
        raise Invalid(INVALID_ANSWERS, {"answers": result.problems_by_question()})
    response.answers, response.calculated = result.answers, result.calculated
    response.edited_at = campaigns.now()
    db.session.flush()
    audit.record(
        author,
        "response.edit",
        target_type="response",
        target_id=response.id,
        territory=response.territory_code,
        campaign=str(campaign.id),
    )
    return response


def sync_responses(respondent: Scope, items: list[Any], schema: ma.Schema) -> list[dict[str, Any]]:
    """``POST /sync``'s responses, answered item by item; one bad item rejects nothing else."""
    results = []
    found: dict[uuid.UUID, Campaign | None] = {}
    ancestry = campaigns.respondent_ancestry(respondent)
    for raw in items:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        result: dict[str, Any] = {"id": None if raw_id is None else str(raw_id), "kind": "response"}
        try:
            item = schema.load(raw)
        except ma.ValidationError as error:
            results.append(result | {"status": INVALID, "errors": error.messages})
            continue
        campaign_id = item.pop("campaign_id")
        if campaign_id not in found:
            found[campaign_id] = db.session.get(Campaign, campaign_id)
        campaign = found[campaign_id]
        if campaign is None:
            errors = {"campaign_id": ["Campagne inconnue."]}
            results.append(result | {"status": INVALID, "errors": errors})
            continue
        try:
            outcome = submit(respondent, campaign, item, ancestry=ancestry)
        except DomainError as error:
            errors = getattr(error, "errors", None) or {"_schema": [str(error)]}
            results.append(result | {"status": INVALID, "errors": errors})
            continue
        if outcome.answered is not None:
            errors = {"_schema": [ALREADY_ANSWERED]}
            results.append(
                result
                | {"status": CONFLICT, "errors": errors, "response_id": str(outcome.answered)}
            )
            continue
        results.append(result | {"status": outcome.status})
    return results


def scoped_responses(
    campaign: Campaign, *, scope: set[int] | None = None, respondent: uuid.UUID | None = None
) -> list[SurveyResponse]:
    """The campaign's responses filed under ``scope`` (None: all), or those of ``respondent``."""
    query = sa.select(SurveyResponse).where(SurveyResponse.campaign_id == campaign.id)
    if respondent is not None:
        query = query.where(SurveyResponse.respondent_id == respondent)
    elif scope is not None:
        query = query.where(SurveyResponse.territory_id.in_(scope))
    return list(db.session.scalars(query.order_by(SurveyResponse.submitted_at, SurveyResponse.id)))


def my_responses(respondent: uuid.UUID) -> list[SurveyResponse]:
    return list(
        db.session.scalars(
            sa.select(SurveyResponse)
            .where(SurveyResponse.respondent_id == respondent)
            .order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id)
        )
    )


def response_counts(campaign_ids: list[uuid.UUID], *, scope: set[int] | None = None,
                    respondent: uuid.UUID | None = None) -> dict[uuid.UUID, int]:  # fmt: skip
    """Responses per campaign, filed under ``scope`` (None: all) or made by ``respondent``."""
    if not campaign_ids:
        return {}
    query = (
        sa.select(SurveyResponse.campaign_id, sa.func.count())
        .where(SurveyResponse.campaign_id.in_(campaign_ids))
        .group_by(SurveyResponse.campaign_id)
    )
    if respondent is not None:
        query = query.where(SurveyResponse.respondent_id == respondent)
    elif scope is not None:
        query = query.where(SurveyResponse.territory_id.in_(scope))
    return {campaign_id: count for campaign_id, count in db.session.execute(query).all()}


def last_responses(campaign_ids: list[uuid.UUID], respondent: uuid.UUID | None) -> dict[uuid.UUID, dict[str, Any]]:  # fmt: skip
    """The respondent's latest response to each campaign: its id, when sent, when corrected."""
    if not campaign_ids or respondent is None:
        return {}
    rows = db.session.execute(
        sa.select(
            SurveyResponse.campaign_id,
            SurveyResponse.id,
            SurveyResponse.submitted_at,
            SurveyResponse.edited_at,
        )
        .where(SurveyResponse.campaign_id.in_(campaign_ids))
        .where(SurveyResponse.respondent_id == respondent)
        .order_by(SurveyResponse.submitted_at)
    ).all()
    return {
        row.campaign_id: {
            "id": row.id,
            "submitted_at": row.submitted_at,
            "edited_at": row.edited_at,
        }
        for row in rows  # the latest wins
    }


def location(response: SurveyResponse) -> dict[str, Any] | None:
    if response.geom is None:
        return None
    point = to_shape(response.geom)
    return {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]}


def as_record(response: SurveyResponse) -> dict[str, Any]:
    """A response as plain JSON (the personal export and the organisers' JSON export)."""
    return {
        "id": str(response.id),
        "campaign_id": str(response.campaign_id),
        "survey_id": str(response.survey_id),
        "form_id": response.survey.form_id,
        "survey_version": response.survey.version,
        "submitted_at": response.submitted_at.isoformat(),
        "received_at": response.received_at.isoformat(),
        "territory": response.territory_code,
        "location": location(response),
        "answers": response.answers,
        "calculated": response.calculated,
    }


def erase_for_rights(user: User, keep_contributions: bool) -> None:
    """``DELETE /me``: the user's responses are deleted, or kept with no link to them."""
    mine = SurveyResponse.respondent_id == user.id
    if keep_contributions:
        db.session.execute(
            sa.update(SurveyResponse)
            .where(mine)
            .values(respondent_id=None, sole_respondent_id=None)
        )
    else:
        db.session.execute(sa.delete(SurveyResponse).where(mine))
