"""The residents' rights: the privacy notice, consent, export of everything, erasure."""

from __future__ import annotations

import pathlib
from typing import Any

import sqlalchemy as sa

from analysis.disclosure import without_quotes_of
from backend.extensions.database import db
from backend.models import AnalysisJob, Consent, LoginThrottle, Observation, Synthesis, User
from backend.services import accounts, ateliers, audit, personal_data, responses

NOTICE = pathlib.Path(__file__).resolve().parents[1] / "privacy" / "notice-fr.md"


def privacy_notice(policy: accounts.AccountPolicy) -> dict[str, str]:
    return {
        "version": policy.consent_version,
        "language": "fr",
        "text": NOTICE.read_text(encoding="utf-8"),
    }


def accept_current_notice(user: User, policy: accounts.AccountPolicy) -> accounts.Tokens:
    """Record consent to the current notice; new tokens carry it (writes are allowed again)."""
    if accounts.consent_required(user, policy):
        accounts.record_consent(user, policy)
        db.session.flush()
    return accounts.issue_tokens(user, policy)


def export(user: User, photo_url: personal_data.PhotoUrl) -> dict[str, Any]:
    """Everything stored about the user, machine-readable (RGPD art. 15 and 20)."""
    return personal_data.export(user, photo_url)


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
    responses.erase_for_rights(user, keep_contributions)
    ateliers.erase_for_rights(user.id, keep_contributions)
    quotes = 0 if keep_contributions else forget_words([o.text for o in observations])
    audit.record(
        None,
        "account.delete",
        target_type="user",
        target_id=user.id,
        kept_contributions=keep_contributions,
        observations=len(observations),
        quotes_removed=quotes,
    )
    accounts.revoke_all(user.id)
    db.session.execute(sa.delete(Consent).where(Consent.user_id == user.id))
    db.session.execute(
        sa.delete(LoginThrottle).where(
            LoginThrottle.account_key == accounts.account_key(user.pseudonym)
        )
    )
    db.session.delete(user)
    db.session.flush()
    return {"observations": len(observations), "photo_ids": photo_ids}


def forget_words(texts: list[str]) -> int:
    """Take these texts' quotes out of every stored analysis and issued synthesis (their
    figures stay as they were computed); how many quotes went."""
    removed = 0
    stored = [
        (row, "result")
        for row in db.session.scalars(sa.select(AnalysisJob).where(AnalysisJob.result.is_not(None)))
    ] + [(row, "content") for row in db.session.scalars(sa.select(Synthesis))]
    for row, column in stored:
        cleaned, count = without_quotes_of(getattr(row, column), texts)
        if count or cleaned != getattr(row, column):
            setattr(row, column, cleaned)  # a new object: the JSON column is written again
            removed += count
    return removed
