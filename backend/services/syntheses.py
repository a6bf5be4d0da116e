"""Syntheses: load what a territory × theme × period needs, call ``analysis.synthesis``, and
either serve the result as it is now (a working version) or freeze it (an issued synthesis).

An issued synthesis stores its parameters, a snapshot of the rows it read (count, and a hash
of their ids and update times), the package version and its content (JSON). Its HTML, PDF
and CSV are rendered again from that stored content on each request: the figures never
change, the layout benefits from later template fixes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping

import backend
from analysis import synthesis as pure
from backend.extensions.database import db
from backend.models import Observation, Synthesis, Territory
from backend.services import Invalid, NotFound, atelier_records, audit, observation_table, outbox
from backend.services.scope import Permission, Scope, descendant_ids
from backend.services.themes import all_themes, theme_codes

FORMATS = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
OUTLINE_TOLERANCE_DEG = 0.00003  # ~3 m: the outline stays exact at print scale, and small


@dataclasses.dataclass
class SynthesisRequest:
    """What a synthesis is about: a territory, a theme (None: every theme), a period."""

    territory: str
    theme: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "territory": self.territory,
            "theme": self.theme,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclasses.dataclass(frozen=True)
class DisclosureRules:
    """What a published synthesis may show: counts of people from DISCLOSURE_THRESHOLD, counts
    of reports from DISCLOSURE_MIN_CONTRIBUTORS distinct residents, points on the PUBLIC_GRID_M
    grid."""

    threshold: int
    contributors: int
    grid_m: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> DisclosureRules:
        return cls(
            settings["DISCLOSURE_THRESHOLD"],
            settings["DISCLOSURE_MIN_CONTRIBUTORS"],
            settings["PUBLIC_GRID_M"],
        )


def _territory(scope: Scope, code: str) -> Territory:
    """The territory if the actor may read it (the command line acts as the system: all)."""
    scope.require(Permission.SYNTHESISE)
    territory = db.session.scalar(sa.select(Territory).where(Territory.code == code))
    if territory is None or not scope.sees_territory(territory.id):
        raise NotFound(f"Territoire inconnu ou hors de vos territoires : {code}.")
    return territory


def _check(request: SynthesisRequest) -> None:
    if request.theme is not None and request.theme not in theme_codes():
        raise Invalid(
            f"Thème inconnu : {request.theme}.",
            {"theme": [f"Thèmes possibles : {', '.join(sorted(theme_codes()))}."]},
        )
    if request.since and request.until and request.since >= request.until:
        raise Invalid(
            "La période est vide : « since » doit précéder « until ».",
            {"until": ["Doit être après « since »."]},
        )


def observations_frame(territory: Territory, request: SynthesisRequest) -> pd.DataFrame:
    """The visible observations of the territory (and of those below it) for the request."""
    where = [
        Observation.territory_id.in_(descendant_ids({territory.id})),
        Observation.status == "visible",
    ]
    if request.theme:
        where.append(Observation.theme == request.theme)
    if request.since:
        where.append(Observation.observed_at >= request.since)
    if request.until:
        where.append(Observation.observed_at < request.until)
    return observation_table.read(where)


def snapshot(frame: pd.DataFrame) -> dict[str, Any]:
    """What the synthesis read: enough to tell later whether the data has changed since."""
    return observation_table.fingerprint(frame)


def _outline(territory: Territory) -> dict[str, Any]:
    return mapping(to_shape(territory.geom).simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True))


def _place(territory: Territory) -> pure.Place:
    parent = None
    if territory.parent_code:
        parent = db.session.scalar(
            sa.select(Territory.name).where(Territory.code == territory.parent_code)
        )
    children = [
        {"code": c.code, "name": c.name, "outline": _outline(c)}
        for c in db.session.scalars(
            sa.select(Territory)
            .where(Territory.parent_code == territory.code)
            .order_by(Territory.code)
        )
    ]
    return pure.Place(
        children=children,
        code=territory.code,
        name=territory.name,
        kind=territory.kind,
        outline=_outline(territory),
        parent_name=parent,
        parent_code=territory.parent_code if parent else None,
        population=territory.population,
    )


def indicator_comparisons(territory: Territory) -> pd.DataFrame | None:
    """The territory's indicators beside its commune, EPCI and France, when any are stored
    (``backend.services.indicators``, from the indicators work; absent before it lands)."""
    try:
        from backend.services import indicators  # type: ignore[attr-defined]
    except ImportError:
        return None
    compare = getattr(indicators, "compare_territory", None)
    if compare is None:
        return None
    try:
        frame = compare(territory.code)
    except NotFound:  # no indicator imported for it
        return None
    return frame if len(frame) else None


def survey_inputs(territory: Territory) -> list[pure.SurveyInput]:
    """The campaigns answered in the territory (or below it), each with its answers there."""
    try:
        from backend.models.surveys import Campaign, SurveyResponse  # type: ignore[import-not-found]
    except ImportError:  # the survey backend has not landed
        return []
    ids = descendant_ids({territory.id})
    responses = db.session.scalars(
        sa.select(SurveyResponse)
        .where(SurveyResponse.territory_id.in_(ids))
        .order_by(SurveyResponse.campaign_id, SurveyResponse.submitted_at)
    ).all()
    answers: dict[Any, list[dict[str, Any]]] = {}
    for response in responses:
        answers.setdefault(response.campaign_id, []).append(response.answers)
    inputs = []
    for campaign_id, rows in answers.items():
        campaign = db.session.get(Campaign, campaign_id)
        inputs.append(
            pure.SurveyInput(
                title=campaign.title,
                definition=campaign.survey.definition,
                answers=rows,
                opens_at=campaign.opens_at.isoformat(),
                closes_at=campaign.closes_at.isoformat(),
            )
        )
    return inputs


def build(
    scope: Scope, request: SynthesisRequest, rules: DisclosureRules
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(content, snapshot) of the synthesis as the data stands now."""
    _check(request)
    territory = _territory(scope, request.territory)
    frame = observations_frame(territory, request)
    taken = snapshot(frame)
    content = pure.build_synthesis(
        frame,
        _place(territory),
        theme=request.theme,
        since=request.since,
        until=request.until,
        indicators=indicator_comparisons(territory),
        surveys=survey_inputs(territory),
        ateliers=atelier_records.for_synthesis(territory),
        threshold=rules.threshold,
        contributors=rules.contributors,
        grid_m=rules.grid_m,
        theme_labels={t["code"]: t["label"] for t in all_themes()},
        package_version=backend.__version__,
        fingerprint=taken["rows_sha256"],
    )
    return content, taken


def issue(scope: Scope, request: SynthesisRequest, rules: DisclosureRules) -> Synthesis:
    """Freeze the synthesis as it stands now; each call makes a new one."""
    content, taken = build(scope, request, rules)
    now = dt.datetime.now(dt.UTC)
    synthesis = Synthesis(
        id=uuid.uuid4(),
        territory_code=request.territory,
        theme=request.theme,
        since=request.since,
        until=request.until,
        parameters=request.to_json()
        | {
            "threshold": content["disclosure"]["threshold"],
            "contributors": content["disclosure"].get("contributors"),
            "grid_m": content["disclosure"]["grid_m"],
        },
        snapshot=taken,
        package_version=backend.__version__,
        issued_by_id=scope.user_id,
        issued_at=now,
        content={},
    )
    content["issue"] = {"id": str(synthesis.id), "issued_at": now.isoformat(), "frozen": True}
    synthesis.content = content
    db.session.add(synthesis)
    audit.record(
        scope,
        "synthesis.issue",
        target_type="synthesis",
        target_id=synthesis.id,
        territory=request.territory,
        theme=request.theme,
        since=content["period"]["since"],
        until=content["period"]["until"],
        rows=taken["rows"],
    )
    territory_id = db.session.scalar(
        sa.select(Territory.id).where(Territory.code == request.territory)
    )
    outbox.emit(outbox.SYNTHESIS_ISSUED, [(synthesis.id, territory_id)])
    db.session.flush()
    return synthesis


def list_issued(scope: Scope, territory: str) -> list[Synthesis]:
    """The syntheses issued for a territory the user may read, newest first."""
    _territory(scope, territory)
    query = sa.select(Synthesis).where(Synthesis.territory_code == territory)
    return list(db.session.scalars(query.order_by(Synthesis.issued_at.desc())))


def get_issued(scope: Scope, synthesis_id: uuid.UUID) -> Synthesis:
    scope.require(Permission.SYNTHESISE)
    synthesis = db.session.get(Synthesis, synthesis_id)
    territory_id = (
        db.session.scalar(sa.select(Territory.id).where(Territory.code == synthesis.territory_code))
        if synthesis is not None
        else None
    )
    if synthesis is None or not scope.sees_territory(territory_id):
        raise NotFound("Synthèse introuvable.")
    return synthesis


def render(content: dict[str, Any], fmt: str) -> bytes:
    """The content in one of ``FORMATS``; HTML and PDF are laid out by the current templates."""
    if fmt == "html":
        return pure.render_html(content).encode("utf-8")
    if fmt == "pdf":
        return pure.render_pdf(content)
    if fmt == "csv":
        return pure.to_csv(content)
    return pure.render_json(content)


def filename(content: dict[str, Any], fmt: str) -> str:
    theme = (content.get("theme") or {}).get("code") or "portrait"
    issue_id = (content.get("issue") or {}).get("id")
    stamp = issue_id[:8] if issue_id else dt.date.today().isoformat()
    return f"synthese-{content['territory']['code']}-{theme}-{stamp}.{fmt}"
