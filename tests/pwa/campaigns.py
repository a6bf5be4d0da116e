"""Open survey campaigns for the browser tests.

The campaign endpoints are not on this branch yet: until they are, ``open_campaign`` serves a
campaign and its survey (a built-in template, or a form written inline) to the browser context,
as ``GET /campaigns?active=true`` and ``GET /surveys/{id}`` will, and a stand-in for the
responses' handler of ``POST /sync`` judges them with ``surveys.validate_response`` and keeps
them. Tests only use ``open_campaign`` and ``stored_responses``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from typing import Any

from surveys import templates, validate_response
from surveys.xlsform import import_xlsform


@dataclasses.dataclass
class Campaign:
    id: str
    survey_id: str
    title: str
    definition: dict
    server_definition: dict  # what the server judges with (a newer version, in some tests)


@dataclasses.dataclass
class SurveyServer:
    campaigns: list[Campaign] = dataclasses.field(default_factory=list)
    stored: dict[str, dict] = dataclasses.field(default_factory=dict)

    def handle(self, user, items: list[Any]) -> list[dict[str, Any]]:
        results = []
        for raw in items:
            campaign = next((c for c in self.campaigns if c.id == raw.get("campaign_id")), None)
            result = {"id": raw.get("id"), "kind": "response"}
            if campaign is None:
                results.append(
                    result
                    | {"status": "invalid", "errors": {"campaign_id": ["Campagne inconnue."]}}
                )
                continue
            moment = dt.datetime.fromisoformat(raw["submitted_at"])
            checked = validate_response(
                campaign.server_definition, raw["answers"], clock=lambda m=moment: m
            )
            if checked.problems:
                errors = {"answers": checked.problems_by_question()}
                results.append(result | {"status": "invalid", "errors": errors})
                continue
            record = {"campaign_id": campaign.id, "respondent": str(user.id), "answers": checked.answers,
                      "submitted_at": raw["submitted_at"]}  # fmt: skip
            previous = self.stored.get(raw["id"])
            if previous is None:
                self.stored[raw["id"]] = record
                results.append(result | {"status": "created"})
            else:
                same = json.dumps(previous, sort_keys=True) == json.dumps(record, sort_keys=True)
                results.append(result | {"status": "duplicate" if same else "conflict"})
        return results


def definition_of(form: str) -> dict:
    """A built-in template by name, or a form written as a Markdown table."""
    if "|" in form:
        return import_xlsform(form).definition
    return templates.load(form)


def open_campaign(surveys: SurveyServer, context, form: str, *, title: str | None = None,
                  server_form: str | None = None) -> Campaign:  # fmt: skip
    definition = definition_of(form)
    campaign = Campaign(
        id=str(uuid.uuid4()), survey_id=str(uuid.uuid4()),
        title=title or definition["settings"]["title"], definition=definition,
        server_definition=definition_of(server_form) if server_form else definition,
    )  # fmt: skip
    surveys.campaigns.append(campaign)
    closes = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).isoformat()

    def campaigns_route(route):
        listed = [
            {"id": c.id, "title": c.title, "description": None, "territories": ["QP031001"],
             "survey": {"id": c.survey_id, "form_id": c.definition["settings"]["form_id"],
                        "version": 1, "title": c.definition["settings"]["title"]},
             "opens_at": "2026-01-01T00:00:00+00:00", "closes_at": closes, "status": "open",
             "my_responses": sum(r["campaign_id"] == c.id for r in surveys.stored.values())}
            for c in surveys.campaigns
        ]  # fmt: skip
        route.fulfill(json=listed)

    def survey_route(route):
        survey_id = route.request.url.rsplit("/", 1)[-1]
        found = next((c for c in surveys.campaigns if c.survey_id == survey_id), None)
        if found is None:
            route.fulfill(status=404, json={"code": 404, "message": "Introuvable."})
        else:
            route.fulfill(
                json={"id": found.survey_id, "version": 1, "definition": found.definition}
            )

    context.route("**/api/v1/campaigns?active=true", campaigns_route)
    context.route("**/api/v1/surveys/*", survey_route)
    return campaign


def stored_responses(surveys: SurveyServer) -> list[dict]:
    return list(surveys.stored.values())
