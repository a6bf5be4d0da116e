"""Importing existing KoboToolbox / ODK data into a campaign: every submission is kept, with
its answers as they came and a note per problem (surveys.submission_import reads the files).

A submission's id comes from its ``instanceID`` in the campaign, as for ODK Collect: importing
the same file again adds nothing (``duplicate``); a submission whose ``instanceID`` is already
stored with other answers is reported (``conflict``) and the stored one stays. Made outside the
campaign's period, it is kept, with a note.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from backend.extensions.database import db
from backend.models import Campaign, SurveyResponse
from backend.services import audit, campaigns, openrosa
from backend.services.photos import PhotoSettings
from backend.services.responses import prepared
from backend.services.scope import Scope
from surveys.submission_import import Submission, read_submissions

CREATED, DUPLICATE, CONFLICT = "created", "duplicate", "conflict"


def _digest(submission: Submission) -> str:
    text = json.dumps(submission.answers, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _period_note(campaign: Campaign, submission: Submission) -> list[dict[str, Any]]:
    moment = submission.submitted_at
    if moment is None or campaign.opens_at <= moment <= campaign.closes_at:
        return []
    return [
        {
            "question": "submitted_at",
            "code": "period",
            "message": "Réponse faite hors de la période de la campagne : importée quand même.",
        }
    ]


def import_file(
    scope: Scope,
    campaign: Campaign,
    data: bytes,
    filename: str,
    territory_code: str | None,
    photo_settings: PhotoSettings,
) -> dict[str, Any]:
    """Import an export into the campaign; returns the report (counts and each submission)."""
    campaigns.check_manages(scope, campaign.territories)
    territory = openrosa.filing_territory(scope, campaign, territory_code)
    survey = campaign.survey
    found = read_submissions(data, filename, prepared(survey))
    report: dict[str, Any] = {CREATED: 0, DUPLICATE: 0, CONFLICT: 0, "notes": 0, "items": []}
    for submission in found:
        key = openrosa.response_id(campaign, submission.instance_id)
        digest = _digest(submission)
        stored = db.session.get(SurveyResponse, key)
        status = CREATED
        notes: list[dict[str, Any]] = []
        if stored is not None:
            status = DUPLICATE if stored.content_hash == digest else CONFLICT
        else:
            notes = _period_note(campaign, submission)
            incoming = openrosa.Incoming(
                key,
                submission.instance_id,
                submission.answers,
                submission.submitted_at or campaigns.now(),
                digest,
            )
            response = openrosa.store(
                campaign,
                survey,
                incoming,
                territory_id=territory.id,
                app_user_id=None,
                source="import",
                files=submission.files,
                photo_settings=photo_settings,
                notes=notes,
            )
            if response is None:
                status = CONFLICT
            else:
                notes = openrosa.notes_of(key)
        report[status] += 1
        report["notes"] += len(notes)
        report["items"].append(
            {
                "instance_id": submission.instance_id,
                "id": str(key),
                "status": status,
                "notes": notes,
            }
        )
    audit.record(
        scope,
        "campaign.import",
        target_type="campaign",
        target_id=campaign.id,
        territory=territory.code,
        created=report[CREATED],
        duplicate=report[DUPLICATE],
        conflict=report[CONFLICT],
    )
    return report
