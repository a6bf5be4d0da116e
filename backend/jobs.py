"""Background jobs: RQ on Redis when REDIS_URL is set, a thread in the web process otherwise.

Either way the API answers 202 with the job, and ``GET /analyses/{id}`` shows its status. The job
function receives only the job id; it opens its own application context, so an RQ worker (another
process, possibly another machine) runs it exactly as the web process would.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import logging
import traceback
import uuid
from typing import Any

import flask
import sqlalchemy as sa

from analysis.errors import AnalysisError
from backend.extensions.database import db
from backend.models import AnalysisJob
from backend.services import DomainError

log = logging.getLogger(__name__)
JOB_TIMEOUT_S = 30 * 60

_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="job")


def redis_connection(url: str) -> Any:
    from redis import Redis

    return Redis.from_url(url)


def enqueue(job: AnalysisJob) -> None:
    """Hand the job to RQ, or to the in-process thread when there is no Redis."""
    app = flask.current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if url:
        from rq import Queue

        Queue(app.config["JOBS_QUEUE"], connection=redis_connection(url)).enqueue(
            "backend.jobs.run_job",
            str(job.id),
            job_id=str(job.id),
            job_timeout=JOB_TIMEOUT_S,
        )
    else:
        _executor.submit(_run_in_app, app, job.id)


def _run_in_app(app: flask.Flask, job_id: uuid.UUID) -> None:
    with app.app_context():
        execute(job_id)


@functools.cache
def _worker_app() -> flask.Flask:
    from backend import create_app

    return create_app()


def run_job(job_id: str) -> None:
    """Entry point for RQ workers: in the worker's app context (``veilleurs worker``), or an app
    built from the environment."""
    if flask.has_app_context():
        execute(uuid.UUID(job_id))
        return
    with _worker_app().app_context():
        execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    """Run a job and store its result or its error; never raises."""
    job = db.session.get(AnalysisJob, job_id)
    if job is None or job.status not in ("queued", "running"):
        return
    job.status, job.started_at = "running", dt.datetime.now(dt.UTC)
    db.session.commit()
    from backend.services.analyses import RUNNERS, AnalysisSettings

    settings = AnalysisSettings.from_settings(flask.current_app.config)
    try:
        result, data = RUNNERS[job.kind](job, settings)
    except (DomainError, AnalysisError) as error:
        db.session.rollback()
        _fail(job_id, str(error))
    except Exception:
        db.session.rollback()
        log.error("analysis %s failed:\n%s", job_id, traceback.format_exc())
        _fail(
            job_id, "L'analyse a échoué sur une erreur interne ; l'équipe technique a été prévenue."
        )
    else:
        job = db.session.get(AnalysisJob, job_id)
        assert job is not None
        job.result, job.data = result, data
        job.status, job.finished_at = "finished", dt.datetime.now(dt.UTC)
        db.session.commit()


def _fail(job_id: uuid.UUID, message: str) -> None:
    db.session.execute(
        sa.update(AnalysisJob)
        .where(AnalysisJob.id == job_id)
        .values(status="failed", error=message, finished_at=dt.datetime.now(dt.UTC))
    )
    db.session.commit()


def wait_idle(timeout: float = 60) -> None:
    """Block until the in-process queue is empty (tests, and `veilleurs` commands that must wait)."""
    _executor.submit(lambda: None).result(timeout=timeout)
