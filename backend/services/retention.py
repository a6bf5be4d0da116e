"""Retention: old raw data is anonymised on a schedule (`veilleurs retention apply`, from cron).

After ``RETENTION_MONTHS``, an observation loses its link to its author, its point moves to the
centre of its public grid cell, its accuracy and photos go; its theme, polarity, text and date
stay for the long-run diagnostic. Expired refresh tokens and reset codes are purged; audit events
older than ``AUDIT_RETENTION_MONTHS`` are deleted; finished analysis jobs keep their results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from analysis.disclosure import snap_to_grid
from backend.extensions.database import db
from backend.models import (
    AuditEvent,
    LoginThrottle,
    Observation,
    Photo,
    RefreshToken,
    SurveyResponse,
    User,
)
from backend.services import ateliers, audit, spatial


@dataclasses.dataclass
class RetentionReport:
    cutoff: dt.datetime
    observations_anonymised: int = 0
    photos_deleted: int = 0
    tokens_purged: int = 0
    audit_events_purged: int = 0
    responses_anonymised: int = 0
    dry_run: bool = False
    # The photo files to delete once the anonymisation is committed (not in the audit).
    photo_ids: list[Any] = dataclasses.field(default_factory=list, repr=False)

    def summary(self) -> str:
        verb = "seraient" if self.dry_run else "ont été"
        return (
            f"Données antérieures au {self.cutoff:%d/%m/%Y} : {self.observations_anonymised} observations "
            f"{verb} anonymisées, {self.photos_deleted} photos supprimées, "
            f"{self.responses_anonymised} réponses d'enquête détachées de leur auteur ; {self.tokens_purged} jetons "
            f"expirés et {self.audit_events_purged} événements d'audit anciens purgés."
        )


def _responses_to_anonymise(
    cutoff: dt.datetime, grid: int
) -> list[tuple[Any, tuple[float, float] | None]]:
    """Old survey answers still linked to a respondent or holding a point off the public grid,
    with the grid point they move to."""
    candidates = db.session.scalars(
        sa.select(SurveyResponse).where(
            SurveyResponse.submitted_at < cutoff,
            sa.or_(SurveyResponse.respondent_id.is_not(None), SurveyResponse.geom.is_not(None)),
        )
    ).all()
    todo = []
    for response in candidates:
        snapped = None
        if response.geom is not None:
            point = to_shape(response.geom)
            snapped = snap_to_grid(point.x, point.y, grid)
            if abs(snapped[0] - point.x) < 1e-6 and abs(snapped[1] - point.y) < 1e-6:
                snapped = None  # already on the grid
        if response.respondent_id is not None or snapped is not None:
            todo.append((response, snapped))
    return todo


def _anonymise_responses(cutoff: dt.datetime, grid: int) -> int:
    """Old survey answers lose their respondent and their exact point (answers are kept)."""
    todo = _responses_to_anonymise(cutoff, grid)
    for response, snapped in todo:
        response.respondent_id = response.sole_respondent_id = None
        if snapped is not None:
            response.geom = spatial.point_expr(*snapped)
    return len(todo)


def months_ago(now: dt.datetime, months: int) -> dt.datetime:
    return now - dt.timedelta(days=round(months * 30.44))


@dataclasses.dataclass(frozen=True)
class RetentionPolicy:
    """How long raw data is kept (settings RETENTION_MONTHS, AUDIT_RETENTION_MONTHS) and the
    public grid old points move to (PUBLIC_GRID_M)."""

    months: int
    audit_months: int
    grid_m: int


def apply(
    policy: RetentionPolicy, now: dt.datetime | None = None, *, dry_run: bool = False
) -> RetentionReport:
    """Anonymise and purge what is past its retention; the caller commits, then deletes the
    photo files of ``report.photo_ids``."""
    now = now or dt.datetime.now(dt.UTC)
    report = RetentionReport(cutoff=months_ago(now, policy.months), dry_run=dry_run)
    if dry_run:
        report.responses_anonymised = len(_responses_to_anonymise(report.cutoff, policy.grid_m))
    old = db.session.scalars(
        sa.select(Observation).where(
            Observation.observed_at < report.cutoff, Observation.anonymised_at.is_(None)
        )
    ).all()
    photo_ids = [p.id for o in old for p in o.photos]
    report.observations_anonymised, report.photos_deleted = len(old), len(photo_ids)
    expired_tokens = sa.delete(RefreshToken).where(RefreshToken.expires_at < now)
    audit_cutoff = months_ago(now, policy.audit_months)
    old_events = sa.delete(AuditEvent).where(AuditEvent.at < audit_cutoff)
    if dry_run:
        report.tokens_purged = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RefreshToken)
            .where(RefreshToken.expires_at < now)
        )
        report.audit_events_purged = db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.at < audit_cutoff)
        )
        db.session.rollback()
        return report
    grid = policy.grid_m
    for observation in old:
        point = to_shape(observation.geom)
        lon, lat = snap_to_grid(point.x, point.y, grid)
        observation.geom = spatial.point_expr(lon, lat)
        observation.author_id = None
        observation.accuracy_m = None
        observation.anonymised_at = now
    if photo_ids:
        db.session.execute(sa.delete(Photo).where(Photo.id.in_(photo_ids)))
    report.responses_anonymised = _anonymise_responses(report.cutoff, grid)
    ateliers.unlink_before(report.cutoff)
    db.session.execute(
        sa.update(User)
        .where(User.reset_expires_at < now)
        .values(reset_code_hash=None, reset_expires_at=None)
    )
    report.tokens_purged = db.session.execute(expired_tokens).rowcount
    # Failed logins matter for a day at most (the longest delay is 15 minutes).
    db.session.execute(
        sa.delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - dt.timedelta(days=1))
    )
    report.audit_events_purged = db.session.execute(old_events).rowcount
    audit.record(
        None,
        "retention.apply",
        **{k: v for k, v in dataclasses.asdict(report).items() if k not in ("cutoff", "photo_ids")},
        cutoff=report.cutoff.isoformat(),
    )
    report.photo_ids = photo_ids
    return report
