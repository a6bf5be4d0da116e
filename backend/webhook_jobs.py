"""Running the webhook relay: woken after each commit that wrote outbox events, on RQ when
REDIS_URL is set (the worker re-schedules itself for the next retry), in a thread of the web
process otherwise (retries then wait for the next event or ``veilleurs webhooks relay``).

Waking never fails the request that wrote the events: they are in the outbox whatever happens,
and the next wake or the command sends them.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging

import flask
import sqlalchemy as sa

from backend.extensions.database import db
from backend.jobs import redis_connection
from backend.services import outbox, webhooks

log = logging.getLogger(__name__)
JOB = "backend.webhook_jobs.relay"
_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="webhooks")


_installed = False


def init_app(app: flask.Flask) -> None:
    """Listen to commits (once per process: the session is shared by every app)."""
    global _installed
    if _installed:
        return
    _installed = True

    @sa.event.listens_for(db.session, "after_commit")
    def _after_commit(session: sa.orm.Session) -> None:
        if session.info.pop(outbox.PENDING_KEY, False) and flask.has_app_context():
            wake(flask.current_app._get_current_object())  # type: ignore[attr-defined]

    @sa.event.listens_for(db.session, "after_soft_rollback")
    def _after_rollback(session: sa.orm.Session, previous: object) -> None:
        session.info.pop(outbox.PENDING_KEY, None)


def wake(app: flask.Flask, at: dt.datetime | None = None) -> None:
    """Ask for a relay run now (or at ``at``, on RQ); errors are logged, never raised."""
    url = app.config.get("REDIS_URL")
    try:
        if url:
            from rq import Queue

            queue = Queue(app.config["JOBS_QUEUE"], connection=redis_connection(url))
            if at is None or at <= dt.datetime.now(dt.UTC):
                queue.enqueue(JOB)
            else:
                queue.enqueue_at(at, JOB)
        else:
            _executor.submit(_run_in_app, app)
    except Exception:  # Redis away: the events wait in the outbox
        log.exception("webhook relay could not be woken")


def _run_in_app(app: flask.Flask) -> None:
    with app.app_context():
        try:
            run(app, reschedule=False)
        except Exception:  # the events stay in the outbox for the next run
            log.exception("webhook relay failed")


def run(app: flask.Flask, *, reschedule: bool) -> tuple[int, int]:
    """One relay pass; on RQ, schedule the next one for the earliest retry still pending."""
    settings = webhooks.Settings.of(app.config)
    try:
        made, sent = relay_once(settings)
    finally:
        db.session.rollback()
    if reschedule:
        upcoming = webhooks.next_wake()
        db.session.rollback()
        if upcoming is not None:
            wake(app, upcoming)
    return made, sent


def relay() -> None:
    """Entry point for RQ workers."""
    from backend.jobs import _worker_app

    if flask.has_app_context():
        run(flask.current_app._get_current_object(), reschedule=True)  # type: ignore[attr-defined]
        return
    app = _worker_app()
    with app.app_context():
        run(app, reschedule=True)


def wait_idle(timeout: float = 60) -> None:
    """Block until the in-process relay is idle (tests, commands)."""
    _executor.submit(lambda: None).result(timeout=timeout)


def relay_once(settings: webhooks.Settings) -> tuple[int, int]:
    """Dispatch the outbox, then send what is due: (deliveries made, attempts made). Each step
    is its own transaction: a delivery is claimed (committed) before it is sent, and its result
    committed at once, so a relay that stops loses at most the attempt in flight."""
    made = webhooks.dispatch(settings)
    db.session.commit()
    sent = 0
    for delivery_id in webhooks.due_deliveries(dt.datetime.now(dt.UTC)):
        claimed = webhooks.claim(delivery_id, dt.datetime.now(dt.UTC))
        db.session.commit()
        if claimed:
            webhooks.attempt(delivery_id, settings)
            db.session.commit()
            sent += 1
    webhooks.purge(dt.datetime.now(dt.UTC))
    db.session.commit()
    return made, sent
