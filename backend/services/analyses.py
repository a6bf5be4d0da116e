"""Analyses of the contributions a user may see, run as jobs (see backend/jobs.py).

Each runner loads the data in the requester's scope with the requested filters, calls the pure
``analysis`` package, and returns the result with a description of the data it used (filters,
counts, a hash of the rows), so the result can be cited and checked later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

import backend
from backend.extensions.database import db
from backend.models import AnalysisJob, Territory
from backend.services import Invalid, NotFound, observation_table
from backend.services.analysis_options import check_options
from backend.services.observations import ObservationFilters, scope_conditions
from backend.services.scope import Permission, Scope


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
    return observation_table.read(
        scope_conditions(Scope.system(job.scope), _filters(job.parameters))
    )


def data_description(frame: pd.DataFrame, job: AnalysisJob) -> dict[str, Any]:
    """What the analysis read: its filters, the fingerprint of the rows, their territories."""
    return {
        "filters": {
            k: v
            for k, v in job.parameters.items()
            if k in ("territory", "theme", "polarity", "since", "until", "campaign")
        },
        **observation_table.fingerprint(frame),
        "territories": sorted(frame["territory"].dropna().unique().tolist()) if len(frame) else [],
    }


@dataclasses.dataclass(frozen=True)
class AnalysisSettings:
    """What the runners need of the settings: the disclosure threshold (DISCLOSURE_THRESHOLD)."""

    disclosure_threshold: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> AnalysisSettings:
        return cls(settings["DISCLOSURE_THRESHOLD"])


Runner = Callable[[AnalysisJob, AnalysisSettings], tuple[dict[str, Any], dict[str, Any]]]


def run_counts(
    job: AnalysisJob, settings: AnalysisSettings
) -> tuple[dict[str, Any], dict[str, Any]]:
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


def _int_option(parameters: dict[str, Any], key: str, default: Any, low: int, high: int) -> Any:
    value = parameters.get(key, default)
    if value in (None, "auto"):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"Paramètre « {key} » : un entier entre {low} et {high} est attendu.")
    return value


def run_text_clusters(
    job: AnalysisJob, settings: AnalysisSettings
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Clusters of the observations' texts, labelled, with verbatim quotes (masked)."""
    from analysis.disclosure import mask_identifiers
    from analysis.text import cluster_texts

    frame = observations_frame(job)
    if len(frame) < 10:
        raise Invalid(
            f"Trop peu d'observations ({len(frame)}) pour regrouper des textes : au moins 10."
        )
    n_clusters = _int_option(job.parameters, "n_clusters", "auto", 2, 40)
    method = job.parameters.get("method", "auto")
    if "guided" in job.parameters and "method" not in job.parameters:  # the older parameter
        method = "guided" if job.parameters["guided"] else "free"
    if method not in ("auto", "guided", "free", "mixed"):
        raise Invalid("Paramètre « method » : auto, guided, free ou mixed.")
    seed = _int_option(job.parameters, "random_state", 0, 0, 2**31 - 1)
    result = cluster_texts(
        frame["text"].tolist(),
        n_clusters=n_clusters,
        method=method,
        random_state=seed,
        metadata=frame[["theme", "polarity", "territory"]],
    ).to_dict()
    for cluster in result.get("clusters", []):
        cluster["name"] = mask_identifiers(cluster.get("name", ""))
        cluster["label"] = mask_identifiers(cluster.get("label", ""))
        cluster["quotes"] = [
            {**q, "text": mask_identifiers(q["text"])}
            if isinstance(q, dict)
            else mask_identifiers(q)
            for q in cluster.get("quotes", [])
        ]
    return result, data_description(frame, job)


def run_hotspots(
    job: AnalysisJob, settings: AnalysisSettings
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Dense places of observations (per theme or polarity if asked), never below the threshold."""
    from analysis.spatial import find_hotspots

    frame = observations_frame(job)
    threshold = settings.disclosure_threshold
    by = job.parameters.get("by")
    if by not in (None, "theme", "polarity"):
        raise Invalid("Paramètre « by » : theme, polarity ou rien.")
    radius = job.parameters.get("radius_m", 150)
    if isinstance(radius, bool) or not isinstance(radius, int | float) or not 20 <= radius <= 2000:
        raise Invalid("Paramètre « radius_m » : une distance entre 20 et 2 000 mètres.")
    codes = sorted(frame["territory"].dropna().unique().tolist()) if len(frame) else []
    names = dict(
        db.session.execute(
            sa.select(Territory.code, Territory.name).where(Territory.code.in_(codes))
        ).all()
    )
    analysis = find_hotspots(
        frame,
        radius_m=float(radius),
        min_points=max(threshold, _int_option(job.parameters, "min_points", threshold, 2, 1000)),
        by=by,
        disclosure_threshold=threshold,
        territory_names=names,
    )
    result = {
        "hotspots": analysis.to_geojson(),
        "n_hotspots": len(analysis.hotspots),
        "n_suppressed": analysis.n_suppressed,
        "parameters": analysis.parameters,
    }
    return result, data_description(frame, job)


def run_typology(
    job: AnalysisJob, settings: AnalysisSettings
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Typology of a campaign's respondents (MCA then Ward clustering), public-safe output."""
    from analysis.survey_stats import survey_typology

    if not job.parameters.get("campaign"):
        raise Invalid("Une typologie porte sur une campagne : précisez « campaign ».")
    campaign, records, data = _campaign_records(job)
    threshold = settings.disclosure_threshold
    if len(records) < 2 * threshold:
        raise Invalid(
            f"Trop peu de réponses ({len(records)}) pour une typologie : au moins {2 * threshold}."
        )
    n_classes = _int_option(job.parameters, "n_classes", None, 2, 8)
    typology = survey_typology(
        campaign.survey.definition,
        records,
        n_classes=n_classes,
        random_state=0,
        disclosure_threshold=threshold,
    )
    return typology.to_dict(public=True), data


def run_crossing(
    job: AnalysisJob, settings: AnalysisSettings
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two variables crossed (χ², residuals, lift), shown under the disclosure rules: the
    observations' theme, type, territory, month or text group, or two questions of a survey."""
    from analysis.crossing import cross_observations
    from backend.models import Theme

    row, column = job.parameters["row"], job.parameters["column"]
    threshold = settings.disclosure_threshold
    if job.parameters.get("campaign"):
        return _survey_crossing(job, row, column, threshold)
    frame = observations_frame(job)
    labels: dict[str, dict[str, str]] = {
        "theme": {
            code: label for code, label in db.session.execute(sa.select(Theme.code, Theme.label))
        }
    }
    codes = sorted(frame["territory"].dropna().unique().tolist()) if len(frame) else []
    labels["territory"] = {
        code: f"{name} ({code})"
        for code, name in db.session.execute(
            sa.select(Territory.code, Territory.name).where(Territory.code.in_(codes))
        )
    }
    if "cluster" in (row, column):
        frame, labels["cluster"] = _with_text_groups(frame)
    result = cross_observations(frame, row, column, threshold=threshold, labels=labels)
    return result, data_description(frame, job)


def _with_text_groups(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each observation's text group (same clustering as ``text_clusters`` with its defaults)."""
    from analysis.disclosure import mask_identifiers
    from analysis.text import cluster_texts

    if len(frame) < 10:
        raise Invalid(
            f"Trop peu d'observations ({len(frame)}) pour regrouper des textes : au moins 10."
        )
    clustering = cluster_texts(frame["text"].tolist(), random_state=0)
    frame = frame.assign(
        cluster=[str(label + 1) if label >= 0 else None for label in clustering.labels]
    )
    names = {str(c.id + 1): f"{c.id + 1}. {mask_identifiers(c.label)}" for c in clustering.clusters}
    return frame, names


def _survey_crossing(
    job: AnalysisJob, row: str, column: str, threshold: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two questions of a campaign's survey crossed over its respondents in the job's scope."""
    from analysis.crossing import cross_questions

    campaign, records, data = _campaign_records(job)
    definition = campaign.survey.definition
    return cross_questions(definition, records, row, column, threshold=threshold), data


def _campaign_records(job: AnalysisJob) -> tuple[Any, list[dict[str, Any]], dict[str, Any]]:
    """The campaign of the job, its responses in the job's scope and their description."""
    import uuid

    from backend.services import campaigns, responses

    raw = job.parameters.get("campaign")
    try:
        campaign = campaigns.get_campaign(uuid.UUID(str(raw)))
    except ValueError as error:
        raise Invalid("Identifiant de campagne invalide.") from error
    scope = set(job.scope) if job.scope is not None else None
    records = [
        {"id": str(r.id), "territory": r.territory_code, "answers": r.answers}
        for r in responses.scoped_responses(campaign, scope=scope)
        if r.survey_id == campaign.survey_id
    ]
    data = {
        "filters": {"campaign": str(campaign.id), "survey_version": campaign.survey.version},
        **observation_table.fingerprint(pd.DataFrame({"id": [r["id"] for r in records]})),
    }
    return campaign, records, data


# What each kind of analysis runs: job -> (result, description of the data it read).
RUNNERS: dict[str, Runner] = {
    "counts": run_counts,
    "text_clusters": run_text_clusters,
    "hotspots": run_hotspots,
    "typology": run_typology,
    "crossing": run_crossing,
}


def submit(
    scope: Scope, kind: str, filters: dict[str, Any], options: dict[str, Any]
) -> AnalysisJob:
    """Ask for an analysis: its filters (already checked by the API's schema) and its options
    (checked here, before any job exists)."""
    if kind not in RUNNERS:
        raise Invalid(
            f"Type d'analyse inconnu : {kind} (possibles : {', '.join(sorted(RUNNERS))}).",
            {"kind": ["Type d'analyse inconnu."]},
        )
    parameters = {**filters, **check_options(kind, options)}
    scope.require(Permission.ANALYSE)
    if kind == "crossing" and parameters["row"] == parameters["column"]:
        message = "Choisissez deux variables différentes à croiser."
        raise Invalid(message, {"parameters": {"column": [message]}})
    if kind == "crossing" and not parameters.get("campaign"):
        from analysis.crossing import OBSERVATION_VARIABLES

        for key in ("row", "column"):
            if parameters[key] not in OBSERVATION_VARIABLES:
                message = (
                    f"Paramètre « {key} » : une de ces variables est attendue : "
                    f"{', '.join(OBSERVATION_VARIABLES)} (ou une question, avec « campaign »)."
                )
                raise Invalid(message, {"parameters": {key: [message]}})
    code = parameters.get("territory")
    if code:
        territory_id = db.session.scalar(sa.select(Territory.id).where(Territory.code == code))
        if territory_id is None or not scope.sees_territory(territory_id):
            raise NotFound(f"Territoire inconnu ou hors de vos territoires : {code}.")
    visible = scope.visible_territory_ids
    job = AnalysisJob(
        kind=kind,
        parameters=parameters,
        scope=sorted(visible) if visible is not None else None,
        package_version=backend.__version__,
        created_by_id=scope.user_id,
        created_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(job)
    db.session.flush()
    return job


def readable(scope: Scope, job: AnalysisJob) -> bool:
    """Its author's (or any, for an admin) — and only while the territories it read are still
    theirs: a result computed before their territories shrank is not theirs to read any more."""
    if scope.everywhere:
        return True
    if job.created_by_id != scope.user_id:
        return False
    visible = scope.visible_territory_ids or frozenset()
    return job.scope is not None and set(job.scope) <= visible


def get_job(scope: Scope, job_id: Any) -> AnalysisJob:
    scope.require(Permission.ANALYSE)
    job = db.session.get(AnalysisJob, job_id)
    if job is None or not readable(scope, job):
        raise NotFound("Analyse introuvable.")
    return job


def jobs_query(scope: Scope) -> sa.Select[tuple[AnalysisJob]]:
    scope.require(Permission.ANALYSE)
    query = sa.select(AnalysisJob).order_by(AnalysisJob.created_at.desc())
    if not scope.everywhere:
        query = query.where(AnalysisJob.created_by_id == scope.user_id)
    return query
