"""Campaigns: open one on territories, find those open for me, answer them (idempotent, offline
friendly), export their responses, read their summary."""

from __future__ import annotations

from typing import Any

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.extensions.downloads import download, safe_filename
from backend.models import Campaign
from backend.resources.campaigns.schemas import (
    FORMATS,
    CampaignCreateSchema,
    CampaignDetailSchema,
    CampaignPatchSchema,
    CampaignQueryArgsSchema,
    CampaignSchema,
    MyResponsesQueryArgsSchema,
    ResponseCreateSchema,
    ResponseEditSchema,
    ResponseSchema,
    ResponsesQueryArgsSchema,
    SummaryQueryArgsSchema,
)
from backend.services import Invalid, audit, campaigns, responses, survey_exports
from backend.services.scope import Permission, Scope
from backend.services.surveys import resolve_language

blp = Blueprint("campaigns", __name__, description="Campagnes d'enquête et réponses")


def present(scope: Scope, items: list[Campaign], *, detail: bool = False) -> list[dict[str, Any]]:
    """Campaigns with their status and counts: the responses of the caller's territories (for
    organisers, null for others), and the caller's own; ``detail`` embeds the definition."""
    organiser = campaigns.Organiser(scope)
    organised = {c.id for c in items if organiser.organises(c)}
    counts = responses.response_counts(list(organised), scope=organiser.visible)
    mine = responses.response_counts([c.id for c in items], respondent=scope.user_id)
    last = responses.last_responses([c.id for c in items], scope.user_id)
    return [
        {
            "id": c.id,
            "title": c.title,
            "description": c.description,
            "survey": c.survey,
            "territories": [t.code for t in c.territories],
            "opens_at": c.opens_at,
            "closes_at": c.closes_at,
            "closed_at": c.closed_at,
            "multiple_answers": c.multiple_answers,
            "status": campaigns.status(c),
            "accepts_until": campaigns.accepts_until(c),
            "created_at": c.created_at,
            "updated_at": c.updated_at,
            "responses": counts.get(c.id, 0) if c.id in organised else None,
            "my_responses": mine.get(c.id, 0),
            "my_last_response": last.get(c.id),
            **({"definition": c.survey.definition} if detail else {}),
        }
        for c in items
    ]


@blp.route("/campaigns")
class Campaigns(MethodView):
    @blp.login_required()
    @blp.arguments(CampaignQueryArgsSchema(), location="query")
    @blp.response(200, CampaignSchema(many=True))
    def get(self, args):
        """Les campagnes de mes territoires (et des territoires au-dessus et en dessous)"""
        scope = current_scope()
        return present(scope, campaigns.list_campaigns(scope, **args))

    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.arguments(CampaignCreateSchema())
    @blp.response(201, CampaignDetailSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self, body):
        """Ouvrir une campagne : une version d'enquête, des territoires, une période"""
        scope = current_scope()
        grace = flask.current_app.config["RESPONSE_GRACE_DAYS"]
        campaign = campaigns.create_campaign(scope, body, grace_days=grace)
        db.session.commit()
        return present(scope, [campaign], detail=True)[0]


@blp.route("/campaigns/<uuid:campaign_id>")
class CampaignById(MethodView):
    @blp.login_required()
    @blp.response(200, CampaignDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id):
        """Une campagne, avec la définition de son enquête (et le nombre de réponses pour les organisateurs)"""
        scope = current_scope()
        return present(scope, [campaigns.visible_campaign(scope, campaign_id)], detail=True)[0]

    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.arguments(CampaignPatchSchema())
    @blp.response(200, CampaignDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def patch(self, body, campaign_id):
        """Modifier le titre ou les dates, passer à une version plus récente, clore ou rouvrir"""
        scope = current_scope()
        campaign = campaigns.visible_campaign(scope, campaign_id)
        campaign = campaigns.update_campaign(scope, campaign, body)
        db.session.commit()
        return present(scope, [campaign], detail=True)[0]


def attachment(body: bytes, fmt: str, name: str) -> flask.Response:
    return download(body, FORMATS[fmt], safe_filename(name, fmt, dated=True))


@blp.route("/campaigns/<uuid:campaign_id>/responses")
class CampaignResponses(MethodView):
    @blp.login_required()
    @blp.arguments(ResponsesQueryArgsSchema(), location="query")
    @blp.response(200, ResponseSchema(many=True))
    @blp.alt_response(200, content_type="text/csv", description="CSV ou XLSX", success=True)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args, campaign_id):
        """Les réponses : les miennes, ou pour les organisateurs celles de leurs territoires (JSON, CSV, XLSX à la Kobo)"""
        scope = current_scope()
        campaign = campaigns.visible_campaign(scope, campaign_id)
        fmt = args["format"]
        if args["mine"] or not scope.can(Permission.READ_RESPONSES):
            rows = responses.scoped_responses(campaign, respondent=scope.user_id)
        else:
            territories = campaigns.organiser_scope(scope, campaign)
            rows = responses.scoped_responses(campaign, scope=territories)
            audit.record(
                scope,
                "export.responses",
                target_type="campaign",
                target_id=campaign.id,
                format=fmt,
                rows=len(rows),
            )
            db.session.commit()
        if fmt == "json":
            return rows
        tables = survey_exports.response_tables(
            campaign.survey,
            rows,
            language=resolve_language(campaign.survey, args.get("language")),
            headers=args["headers"],
            values=args["values"],
        )
        name = f"reponses-{campaign.survey.form_id}"
        if fmt == "xlsx":
            return attachment(survey_exports.to_xlsx(tables), fmt, name)
        table = args.get("table") or survey_exports.MAIN
        if table not in tables:
            message = f"Table inconnue ; tables : {', '.join(tables)}."
            raise Invalid(message, {"table": [message]})
        body = survey_exports.to_csv(tables[table], excel=args["excel"])
        return attachment(body, fmt, name if table == survey_exports.MAIN else f"{name}-{table}")

    @blp.login_required(Permission.REPORT)
    @blp.arguments(ResponseCreateSchema())
    @blp.response(201, ResponseSchema)
    @blp.alt_response(
        200, schema=ResponseSchema, description="Déjà reçue (rejeu identique)", success=True
    )
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        409,
        response="CONFLICT",
        description="Même identifiant, contenu différent ; ou déjà répondu à une campagne qui "
        "prend une réponse par personne (`response_id` : la réponse à corriger)",
    )
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self, body, campaign_id):
        """Répondre (rejouer le même identifiant ne crée pas de doublon)"""
        scope = current_scope()
        # Any campaign: its territory rule decides (a place inside it, or living there).
        campaign = campaigns.get_campaign(campaign_id)
        response, created = responses.submit_one(scope, campaign, body)
        db.session.commit()
        return response, 201 if created else 200


@blp.route("/campaigns/<uuid:campaign_id>/summary")
class CampaignSummary(MethodView):
    @blp.login_required()
    @blp.arguments(SummaryQueryArgsSchema(), location="query")
    @blp.response(200)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, campaign_id):
        """Résumé par question (effectifs, parts, moyennes) ; les petits effectifs sont masqués"""
        scope = current_scope()
        campaign = campaigns.visible_campaign(scope, campaign_id)
        territories = campaigns.organiser_scope(scope, campaign)
        rows = responses.scoped_responses(campaign, scope=territories)
        summary = survey_exports.summary(
            campaign.survey,
            rows,
            threshold=flask.current_app.config["DISCLOSURE_THRESHOLD"],
            language=resolve_language(campaign.survey, args.get("language")),
        )
        return {"campaign_id": str(campaign.id), **summary}


@blp.route("/responses")
class MyResponses(MethodView):
    @blp.login_required()
    @blp.arguments(MyResponsesQueryArgsSchema(), location="query")
    @blp.response(200, ResponseSchema(many=True))
    def get(self, args):
        """Mes réponses, toutes campagnes confondues (les plus récentes d'abord)"""
        mine = responses.my_responses(current_scope().user_id)
        if "campaign_id" in args:
            mine = [r for r in mine if r.campaign_id == args["campaign_id"]]
        return mine


@blp.route("/responses/<uuid:response_id>")
class MyResponse(MethodView):
    @blp.login_required(Permission.REPORT)
    @blp.arguments(ResponseEditSchema())
    @blp.response(200, ResponseSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def put(self, body, response_id):
        """Corriger ma réponse tant que la campagne est ouverte (revalidée, journalisée)"""
        response = responses.correct(current_scope(), response_id, body["answers"])
        db.session.commit()
        return response
