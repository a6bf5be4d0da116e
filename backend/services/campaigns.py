"""Campaigns: a survey version run on some territories over a period; who may run, see and
answer them, and when an answer still counts.

**Period and grace rule.** A response counts when it was *made* during the campaign —
``opens_at <= submitted_at <= closes_at`` (the phone's time, not the arrival time) — and it
*arrives* before ``closes_at`` plus the campaign's ``grace_days`` (the setting
RESPONSE_GRACE_DAYS when it was opened, default 7): an answer made offline
on the last day and synced the next week still counts, but the results stop moving a week
after the end. An organiser who closes a campaign by hand stops it at once: nothing is
accepted after ``closed_at``, whenever it was made.

**Territory rule.** With a location, the point must lie in one of the campaign's territories;
the response is filed under the smallest territory containing it. Without one, the respondent
must belong to one of the campaign's territories or to a territory below one (a veilleur of
QPV QP031007 answers a campaign on Toulouse, 31555); the response is filed under that
territory (the smallest, if several).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import db
from backend.models import Campaign, Survey, Territory, user_territory
from backend.models.surveys import campaign_territory
from backend.services import Forbidden, Invalid, NotFound, audit, spatial
from backend.services.scope import Permission, Scope, ancestor_ids, descendant_ids

SCHEDULED, OPEN, ENDED, CLOSED = "scheduled", "open", "ended", "closed"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def accepts_until(campaign: Campaign) -> dt.datetime:
    """The last moment a response may arrive: the campaign's end and its grace period."""
    return campaign.closed_at or campaign.closes_at + dt.timedelta(days=campaign.grace_days)


def status(campaign: Campaign, at: dt.datetime | None = None) -> str:
    """``scheduled``, ``open``, ``ended`` (over; answers made during it still arrive) or ``closed``."""
    at = at or now()
    if campaign.closed_at is not None and campaign.closed_at <= at:
        return CLOSED
    if at < campaign.opens_at:
        return SCHEDULED
    if at < campaign.closes_at:
        return OPEN
    return ENDED if at <= accepts_until(campaign) else CLOSED


def _day(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%d/%m/%Y %H:%M UTC")


def check_period(campaign: Campaign, submitted_at: dt.datetime, received_at: dt.datetime) -> None:
    """Refuse a response outside the campaign's period (see the module's grace rule)."""
    if campaign.closed_at is not None and campaign.closed_at <= received_at:
        message = "Cette campagne est close : elle ne reçoit plus de réponses."
        raise Invalid(message, {"campaign": [message]})
    if received_at > accepts_until(campaign):
        message = (
            f"Cette campagne s'est terminée le {_day(campaign.closes_at)} ; les réponses faites "
            f"pendant la campagne étaient reçues jusqu'au {_day(accepts_until(campaign))}."
        )
        raise Invalid(message, {"campaign": [message]})
    if submitted_at < campaign.opens_at:
        message = (
            f"Réponse faite avant l'ouverture de la campagne (le {_day(campaign.opens_at)}) : "
            "vérifiez la date de votre téléphone."
        )
        raise Invalid(message, {"submitted_at": [message]})
    if submitted_at > campaign.closes_at:
        message = f"Réponse faite après la fin de la campagne (le {_day(campaign.closes_at)})."
        raise Invalid(message, {"submitted_at": [message]})


def respondent_ancestry(respondent: Scope) -> list[tuple[int, set[int]]]:
    """The user's territories, smallest first, each with those above it (one short walk up,
    reading no polygon)."""
    parent = so.aliased(Territory)
    up = (
        sa.select(
            Territory.id.label("origin"),
            Territory.area_m2.label("area"),
            Territory.id,
            Territory.parent_code,
        )
        .join(user_territory, user_territory.c.territory_id == Territory.id)
        .where(user_territory.c.user_id == respondent.user_id)
        .cte("up", recursive=True)
    )
    up = up.union(
        sa.select(up.c.origin, up.c.area, parent.id, parent.parent_code).join(
            up, parent.code == up.c.parent_code
        )
    )
    ancestry: dict[int, set[int]] = {}
    rows = db.session.execute(sa.select(up.c.origin, up.c.id).order_by(up.c.area, up.c.origin))
    for origin, territory_id in rows:
        ancestry.setdefault(origin, set()).add(territory_id)
    return list(ancestry.items())


def list_campaigns(
    scope: Scope, *, active: bool = False, territory: str | None = None
) -> list[Campaign]:
    """Campaigns concerning the user's territories (all for an admin); ``active``: open now."""
    query = sa.select(Campaign).options(so.selectinload(Campaign.territories))
    scopes: list[frozenset[int] | set[int] | None] = [scope.related_territory_ids]
    if territory is not None:
        wanted = db.session.scalar(sa.select(Territory.id).where(Territory.code == territory))
        ids = {wanted} if wanted is not None else set()
        scopes.append(ancestor_ids(ids) | descendant_ids(ids))
    for scope in scopes:
        if scope is not None:
            query = query.where(
                Campaign.id.in_(
                    sa.select(campaign_territory.c.campaign_id).where(
                        campaign_territory.c.territory_id.in_(scope)
                    )
                )
            )
    if active:
        moment = now()
        query = query.where(
            Campaign.closed_at.is_(None), Campaign.opens_at <= moment, Campaign.closes_at > moment
        )
    return list(db.session.scalars(query.order_by(Campaign.opens_at.desc(), Campaign.title)))


def get_campaign(campaign_id: uuid.UUID) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("Campagne introuvable.")
    return campaign


def visible_campaign(scope: Scope, campaign_id: uuid.UUID) -> Campaign:
    """The campaign if it concerns the actor's territories (those above and below them too);
    otherwise 404, as if it did not exist."""
    campaign = get_campaign(campaign_id)
    related = scope.related_territory_ids
    if related is not None and not {t.id for t in campaign.territories} & related:
        raise NotFound("Campagne introuvable.")
    return campaign


class Organiser:
    """Which campaigns a user organises, and the territories whose responses they read.

    Animateurs and analystes organise a campaign when it covers one of the territories they
    see (or a territory above one: a campaign on Toulouse concerns the QPV's animateur); they
    read the responses filed under the territories they see. An admin organises every one.
    """

    def __init__(self, scope: Scope) -> None:
        self.allowed = scope.can(Permission.READ_RESPONSES)
        self.visible = scope.visible_territory_ids if self.allowed else frozenset()
        self.above = ancestor_ids(set(self.visible)) if self.visible else set()

    def organises(self, campaign: Campaign) -> bool:
        if not self.allowed:
            return False
        return self.visible is None or bool({t.id for t in campaign.territories} & self.above)

    def scope(self, campaign: Campaign) -> frozenset[int] | None:
        """The territories whose responses may be read (None: all); raises :class:`Forbidden`."""
        if not self.allowed:
            raise Forbidden(
                "Seuls les animateurs et analystes des territoires de la campagne y ont accès."
            )
        if not self.organises(campaign):
            raise Forbidden("Cette campagne ne porte pas sur vos territoires.")
        return self.visible


def organiser_scope(scope: Scope, campaign: Campaign) -> frozenset[int] | None:
    return Organiser(scope).scope(campaign)


def check_manages(scope: Scope, territories: list[Territory]) -> None:
    scope.require(
        Permission.RUN_CAMPAIGNS,
        "Seuls les animateurs et les administrateurs mènent des campagnes.",
    )
    outside = [t.code for t in territories if not scope.sees_territory(t.id)]
    if outside:
        raise Forbidden(f"Vous n'animez pas ce(s) territoire(s) : {', '.join(outside)}.")


def _check_dates(opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if closes_at <= opens_at:
        message = "La fin de la campagne doit venir après son ouverture."
        raise Invalid(message, {"closes_at": [message]})


def _territories(codes: list[str]) -> list[Territory]:
    found = {
        t.code: t for t in db.session.scalars(sa.select(Territory).where(Territory.code.in_(codes)))
    }
    unknown = [code for code in dict.fromkeys(codes) if code not in found]
    if unknown:
        message = f"Territoire(s) inconnu(s) : {', '.join(unknown)}."
        raise Invalid(message, {"territories": [message]})
    return [found[code] for code in dict.fromkeys(codes)]


def _survey(scope: Scope, survey_id: uuid.UUID) -> Survey:
    """A form version the actor may run: their team's, or a platform-wide one."""
    from backend.services.surveys import visible_survey

    try:
        return visible_survey(scope, survey_id)
    except NotFound:
        raise Invalid("Enquête inconnue.", {"survey_id": ["Enquête inconnue."]}) from None


def create_campaign(scope: Scope, data: dict[str, Any], grace_days: int = 7) -> Campaign:
    """Open a campaign on territories the user runs (an admin: anywhere); answers made during
    it are received until ``grace_days`` after its end."""
    territories = _territories(data["territories"])
    check_manages(scope, territories)
    _check_dates(data["opens_at"], data["closes_at"])
    moment = now()
    campaign = Campaign(
        survey=_survey(scope, data["survey_id"]),
        title=data["title"],
        description=data.get("description"),
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        multiple_answers=data.get("multiple_answers", False),
        grace_days=grace_days,
        territories=territories,
        created_by_id=scope.user_id,
        created_at=moment,
        updated_at=moment,
    )
    db.session.add(campaign)
    db.session.flush()
    audit.record(
        scope,
        "campaign.create",
        target_type="campaign",
        target_id=campaign.id,
        territory=",".join(t.code for t in territories)[:64],
        survey=str(campaign.survey_id),
    )
    return campaign


def update_campaign(scope: Scope, campaign: Campaign, changes: dict[str, Any]) -> Campaign:
    """Change the title, the dates, move to a newer version of the form, close or reopen."""
    check_manages(scope, campaign.territories)
    for key in ("title", "description", "multiple_answers"):
        if key in changes:
            setattr(campaign, key, changes[key])
    opens_at = changes.get("opens_at", campaign.opens_at)
    closes_at = changes.get("closes_at", campaign.closes_at)
    _check_dates(opens_at, closes_at)
    campaign.opens_at, campaign.closes_at = opens_at, closes_at
    if "survey_id" in changes and changes["survey_id"] != campaign.survey_id:
        campaign.survey = _newer_version(campaign.survey, _survey(scope, changes["survey_id"]))
    action = "campaign.update"
    if "closed" in changes:
        if changes["closed"] and campaign.closed_at is None:
            campaign.closed_at, action = now(), "campaign.close"
        elif not changes["closed"] and campaign.closed_at is not None:
            campaign.closed_at, action = None, "campaign.reopen"
    campaign.updated_at = now()
    db.session.flush()
    audit.record(
        scope,
        action,
        target_type="campaign",
        target_id=campaign.id,
        changes=sorted(changes),
    )
    return campaign


def _newer_version(current: Survey, wanted: Survey) -> Survey:
    if wanted.survey_form_id != current.survey_form_id:
        message = (
            f"Une campagne ne change pas de formulaire : choisissez une version de "
            f"« {current.form_id} »."
        )
        raise Invalid(message, {"survey_id": [message]})
    if wanted.version <= current.version:
        message = (
            f"La campagne utilise déjà la version {current.version} : seule une version plus "
            "récente peut la remplacer."
        )
        raise Invalid(message, {"survey_id": [message]})
    return wanted


def response_territory(
    campaign: Campaign,
    respondent: Scope,
    point: tuple[float, float] | None,
    ancestry: list[tuple[int, set[int]]] | None = None,
) -> int | None:
    """Where a response is filed (see the module's territory rule); refuses it if outside.

    ``ancestry`` (from :func:`respondent_ancestry`) spares a batch the same walk per item.
    """
    places = db.session.execute(
        sa.select(Territory.id, Territory.code, Territory.name)
        .join(campaign_territory, campaign_territory.c.territory_id == Territory.id)
        .where(campaign_territory.c.campaign_id == campaign.id)
        .order_by(Territory.code)
    ).all()
    names = ", ".join(f"{name} ({code})" for _, code, name in places)
    campaign_ids = {territory_id for territory_id, _, _ in places}
    if point is not None:
        lon, lat = point
        inside = db.session.scalar(
            sa.select(
                sa.exists().where(
                    Territory.id.in_(campaign_ids),
                    sa.func.ST_Covers(Territory.geom, spatial.point_expr(lon, lat)),
                )
            )
        )
        if not inside:
            message = f"Ce lieu est hors des territoires de la campagne : {names}."
            raise Invalid(message, {"location": [message]})
        return db.session.scalar(sa.select(spatial.smallest_territory(lon, lat)))
    ancestry = respondent_ancestry(respondent) if ancestry is None else ancestry
    mine = [territory_id for territory_id, above in ancestry if above & campaign_ids]
    if not mine:
        message = (
            f"Cette campagne concerne {names}, où vous n'êtes pas inscrit·e : indiquez le lieu "
            "de votre réponse s'il s'y trouve."
        )
        raise Invalid(message, {"location": [message]})
    return mine[0]  # the smallest
