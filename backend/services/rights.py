"""The residents' rights: the privacy notice, consent, export of everything, erasure."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

import flask
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from backend.extensions.database import db
from backend.models import Consent, Observation, User
from backend.services import accounts, audit

NOTICE = pathlib.Path(__file__).resolve().parents[1] / "privacy" / "notice-fr.md"


def privacy_notice() -> dict[str, str]:
    return {
        "version": flask.current_app.config["CONSENT_VERSION"],
        "language": "fr",
        "text": NOTICE.read_text(encoding="utf-8"),
    }


def accept_current_notice(user: User) -> accounts.Tokens:
    """Record consent to the current notice; new tokens carry it (writes are allowed again)."""
    if accounts.consent_required(user):
        accounts.record_consent(user)
        db.session.flush()
    return accounts.issue_tokens(user)


def _observation_export(observation: Observation) -> dict[str, Any]:
    point = to_shape(observation.geom)
    return {
        "id": str(observation.id),
        "observed_at": observation.observed_at.isoformat(),
        "received_at": observation.received_at.isoformat(),
        "location": {"type": "Point", "coordinates": [point.x, point.y]},
        "accuracy_m": observation.accuracy_m,
        "territory": observation.territory_code,
        "theme": observation.theme,
        "polarity": observation.polarity,
        "text": observation.text,
        "status": observation.status,
        "moderation_reason": observation.moderation_reason,
        "photos": [
            flask.url_for("photos.PhotoById", photo_id=p.id, _external=True)
            for p in observation.photos
        ],
    }


EXPORTERS: dict[str, Any] = {}  # other kinds of contribution (survey responses) register here


def export(user: User) -> dict[str, Any]:
    """Everything the user contributed, machine-readable (RGPD art. 15 and 20)."""
    observations = db.session.scalars(
        sa.select(Observation)
        .where(Observation.author_id == user.id)
        .order_by(Observation.observed_at)
    ).all()
    data: dict[str, Any] = {
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "account": {
            "id": str(user.id),
            "pseudonym": user.pseudonym,
            "role": user.role,
            "territories": [t.code for t in user.territories],
            "created_at": user.created_at.isoformat(),
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        },
        "consents": [
            {"version": c.version, "accepted_at": c.accepted_at.isoformat()} for c in user.consents
        ],
        "observations": [_observation_export(o) for o in observations],
    }
    for kind, exporter in EXPORTERS.items():
        data[kind] = exporter(user)
    return data


ERASERS: dict[str, Any] = {}  # (user, keep_contributions) -> None, registered by other kinds


def erase(user: User, *, keep_contributions: bool = False) -> dict[str, Any]:
    """Delete the account. Contributions are deleted with it, or — if the resident asks to keep
    them for the shared diagnostic — kept with no link to anyone. Photos are always deleted."""
    observations = db.session.scalars(
        sa.select(Observation).where(Observation.author_id == user.id)
    ).all()
    photo_ids = [p.id for o in observations for p in o.photos]
    for observation in observations:
        if keep_contributions:
            observation.author_id = None
            for photo in list(observation.photos):
                db.session.delete(photo)
        else:
            db.session.delete(observation)
    for eraser in ERASERS.values():
        eraser(user, keep_contributions)
    audit.record(
        None,
        "account.delete",
        target_type="user",
        target_id=user.id,
        kept_contributions=keep_contributions,
        observations=len(observations),
    )
    accounts.revoke_all(user.id)
    db.session.execute(sa.delete(Consent).where(Consent.user_id == user.id))
    db.session.delete(user)
    db.session.flush()
    return {"observations": len(observations), "photo_ids": photo_ids}
