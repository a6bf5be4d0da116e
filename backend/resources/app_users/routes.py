"""App users of a campaign: the access of ODK Collect and Enketo, created by an organiser,
shown once with Collect's settings QR, revocable."""

from __future__ import annotations

from typing import Any

import flask
from flask.views import MethodView
from flask_smorest import abort

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope, photo_settings
from backend.extensions.security import limit_writes
from backend.models import AppUser, Territory
from backend.resources.app_users.schemas import (
    AppUserCreatedSchema,
    AppUserCreateSchema,
    AppUserSchema,
    FormMediaSchema,
    SubmissionImportFileSchema,
    SubmissionImportFormSchema,
    SubmissionImportReportSchema,
)
from backend.resources.openrosa import URL_PREFIX
from backend.services import campaigns, openrosa, photos, submission_imports
from backend.services.media import store_from_config
from backend.services.scope import Permission
from surveys import SurveyError

blp = Blueprint(
    "app_users", __name__, description="Accès ODK Collect et Enketo, imports KoboToolbox et ODK"
)


def present(app_user: AppUser) -> dict[str, Any]:
    territory = db.session.get(Territory, app_user.territory_id)
    return {
        "id": app_user.id,
        "name": app_user.name,
        "username": openrosa.login_name(app_user),
        "territory": territory.code if territory is not None else None,
        "created_at": app_user.created_at,
        "revoked_at": app_user.revoked_at,
        "last_used_at": app_user.last_used_at,
    }


def _campaign(campaign_id):
    scope = current_scope()
    campaign = campaigns.visible_campaign(scope, campaign_id)
    campaigns.check_manages(scope, campaign.territories)
    return scope, campaign


@blp.route("/campaigns/<uuid:campaign_id>/app-users")
class AppUsers(MethodView):
    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.response(200, AppUserSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id):
        """Les accès ODK Collect de la campagne (les révoqués aussi)"""
        _, campaign = _campaign(campaign_id)
        return [present(a) for a in openrosa.app_users(campaign)]

    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.arguments(AppUserCreateSchema())
    @blp.response(201, AppUserCreatedSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_writes
    def post(self, body, campaign_id):
        """Créer un accès ODK Collect : son mot de passe et son QR ne sont montrés qu'une fois"""
        scope, campaign = _campaign(campaign_id)
        app_user, token = openrosa.create_app_user(
            scope, campaign, body["name"], body.get("territory")
        )
        db.session.commit()
        server_url = flask.request.host_url.rstrip("/") + URL_PREFIX
        settings = openrosa.collect_settings(server_url, app_user, token, campaign.title)
        return {
            **present(app_user),
            "token": token,
            "server_url": server_url,
            "collect_settings": settings,
        }


@blp.route("/campaigns/<uuid:campaign_id>/app-users/<uuid:app_user_id>")
class AppUserById(MethodView):
    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.response(200, AppUserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_writes
    def delete(self, campaign_id, app_user_id):
        """Révoquer un accès ODK Collect : ses envois sont refusés aussitôt"""
        scope, campaign = _campaign(campaign_id)
        app_user = openrosa.revoke(scope, campaign, openrosa.app_user_of(campaign, app_user_id))
        db.session.commit()
        return present(app_user)


@blp.route("/campaigns/<uuid:campaign_id>/imports")
class SubmissionImports(MethodView):
    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.arguments(SubmissionImportFormSchema(), location="form")
    @blp.arguments(SubmissionImportFileSchema(), location="files")
    @blp.response(201, SubmissionImportReportSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_writes
    def post(self, form, files, campaign_id):
        """Importer des réponses existantes (KoboToolbox JSON ou XLSX, soumissions ODK) : toutes gardées, avec leurs remarques"""
        scope, campaign = _campaign(campaign_id)
        upload = files["file"]
        try:
            report = submission_imports.import_file(
                scope,
                campaign,
                upload.read(),
                upload.filename or "",
                form.get("territory"),
                photo_settings(),
            )
        except SurveyError as error:
            db.session.rollback()
            issues = getattr(error, "issues", None)
            message = issues[0].message if issues else str(error)
            abort(422, message=message, errors={"files": {"file": [message]}})
        db.session.commit()
        return report


@blp.route("/campaigns/<uuid:campaign_id>/media")
class FormMedia(MethodView):
    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.response(200, FormMediaSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id):
        """Les fichiers du formulaire pour ODK Collect (listes de choix en CSV, GeoJSON, XML)"""
        _, campaign = _campaign(campaign_id)
        return openrosa.campaign_media(campaign)

    @blp.login_required(Permission.RUN_CAMPAIGNS)
    @blp.arguments(SubmissionImportFileSchema(), location="files")
    @blp.response(201, FormMediaSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_writes
    def post(self, files, campaign_id):
        """Joindre (ou remplacer) un fichier du formulaire, sous le nom que le formulaire lui donne"""
        scope, campaign = _campaign(campaign_id)
        upload = files["file"]
        media = openrosa.attach_media(
            scope,
            campaign,
            upload.filename or "",
            upload.read(),
            store_from_config(flask.current_app.config),
        )
        db.session.commit()
        return media


@blp.route("/campaigns/<uuid:campaign_id>/responses/<uuid:response_id>/attachments/<name>")
class ResponseAttachmentFile(MethodView):
    @blp.login_required(Permission.READ_RESPONSES)
    @blp.response(200)
    @blp.alt_response(200, content_type="image/jpeg", description="la photo", success=True)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id, response_id, name):
        """Une photo envoyée avec une réponse (ODK Collect, import), sans métadonnées"""
        scope = current_scope()
        campaign = campaigns.visible_campaign(scope, campaign_id)
        territories = campaigns.organiser_scope(scope, campaign)
        found = openrosa.attachment_of(campaign, territories, response_id, name)
        data = store_from_config(flask.current_app.config).read(photos.photo_key(found.id))
        response = flask.Response(data, content_type="image/jpeg")
        response.headers["Cache-Control"] = "private, no-store"
        return response
