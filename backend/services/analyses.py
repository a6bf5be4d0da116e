"""Analyses of the contributions a user may see, run as jobs (see services.jobs).

Each runner loads the data in the requester's scope with the requested filters, calls the pure
``analysis`` package, and returns the result with a description of the data it used (filters,
counts, a hash of the rows), so the result can be cited and checked later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

import backend
from backend.extensions.database import db
from backend.models import AnalysisJob, Observation, Territory, User
from backend.services import Invalid, NotFound, jobs
from backend.services.accounts import visible_territory_ids
from backend.services.observations import ObservationFilters, scoped_query

ANALYST_ROLES = ("analyste", "animateur", "admin")


def _filters(parameters: dict[str, Any]) -> ObservationFilters:
    def when(key: str) -> dt.datetime | None:
        value = parameters.get(key)
        return dt.datetime.fromisoformat(value) if value else None

    return ObservationFilters(
        territory=parameters.get("territory"),
        theme=parameters.get("theme"),
        polarity=parameters.get("polarity"),
        since=when("since"),
        until=when("until"),
        status="visible",
    )


def observations_frame(job: AnalysisJob) -> pd.DataFrame:
    """The visible observations in the job's scope and filters, one row each."""
    query = scoped_query(_unrestricted(), _filters(job.parameters))
    if job.scope is not None:
        query = query.where(Observation.territory_id.in_(job.scope))
    rows = []
    for observation in db.session.scalars(query):
        point = to_shape(observation.geom)
        rows.append(
            {
                "id": str(observation.id),
                "lon": point.x,
                "lat": point.y,
                "theme": observation.theme,
                "polarity": observation.polarity,
                "territory": observation.territory_code,
                "text": observation.text,
                "observed_at": observation.observed_at,
            }
        )
    columns = ["id", "lon", "lat", "theme", "polarity", "territory", "text", "observed_at"]
    return pd.DataFrame(rows, columns=columns)


def _unrestricted() -> Any:
    """A reader with no territorial restriction: the job's own scope is applied on top."""

    class Reader:
        role = "admin"
        id = None

    return Reader()


def data_description(frame: pd.DataFrame, job: AnalysisJob) -> dict[str, Any]:
    digest = (
        hashlib.sha256("\n".join(sorted(frame["id"])).encode()).hexdigest() if len(frame) else None
    )
    return {
        "filters": {
            k: v
            for k, v in job.parameters.items()
            if k in ("territory", "theme", "polarity", "since", "until", "campaign")
        },
        "rows": len(frame),
        "rows_sha256": digest,
        "territories": sorted(frame["territory"].dropna().unique().tolist()) if len(frame) else [],
        "read_at": dt.datetime.now(dt.UTC).isoformat(),
    }


def run_counts(job: AnalysisJob) -> tuple[dict[str, Any], dict[str, Any]]:
    """Counts by theme, polarity and month: the tables behind the console's charts."""
    frame = observations_frame(job)
    result: dict[str, Any] = {"total": len(frame)}
    if len(frame):
        month = frame["observed_at"].map(lambda d: d.strftime("%Y-%m"))
        result["by_theme"] = frame["theme"].value_counts().sort_index().to_dict()
        result["by_polarity"] = frame["polarity"].value_counts().sort_index().to_dict()
        result["by_month"] = month.value_counts().sort_index().to_dict()
        result["by_territory"] = (
            frame["territory"].fillna("—").value_counts().sort_index().to_dict()
        )
    return result, data_description(frame, job)


jobs.RUNNERS["counts"] = run_counts


def submit(user: User, kind: str, parameters: dict[str, Any]) -> AnalysisJob:
    if kind not in jobs.RUNNERS:
        raise Invalid(
            f"Type d'analyse inconnu : {kind} (possibles : {', '.join(sorted(jobs.RUNNERS))}).",
            {"kind": ["Type d'analyse inconnu."]},
        )
    scope = visible_territory_ids(user)
    code = parameters.get("territory")
    if code:
        territory_id = db.session.scalar(sa.select(Territory.id).where(Territory.code == code))
        if territory_id is None or (scope is not None and territory_id not in scope):
            raise NotFound(f"Territoire inconnu ou hors de vos territoires : {code}.")
    job = AnalysisJob(
        kind=kind,
        parameters=parameters,
        scope=sorted(scope) if scope is not None else None,
        package_version=backend.__version__,
        created_by_id=user.id,
        created_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(job)
    db.session.commit()
    jobs.enqueue(job)
    return job


def get_job(user: User, job_id: Any) -> AnalysisJob:
    job = db.session.get(AnalysisJob, job_id)
    if job is None or (user.role != "admin" and job.created_by_id != user.id):
        raise NotFound("Analyse introuvable.")
    return job
