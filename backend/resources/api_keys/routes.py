"""``/me/api-keys``: an organiser's keys for Open311 tools; the key is shown once, at creation."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.resources.api_keys.schemas import ApiKeyCreatedSchema, ApiKeyCreateSchema, ApiKeySchema
from backend.services import api_keys
from backend.services.scope import Permission

blp = Blueprint("api_keys", __name__, url_prefix="/me/api-keys", description="Clés d'API (Open311)")


@blp.route("")
class ApiKeys(MethodView):
    @blp.login_required(Permission.SUBMIT_OPEN311)
    @blp.response(200, ApiKeySchema(many=True))
    def get(self):
        """Mes clés d'API (sans la clé elle-même)"""
        return api_keys.mine(current_scope())

    @blp.login_required(Permission.SUBMIT_OPEN311)
    @blp.arguments(ApiKeyCreateSchema())
    @blp.response(201, ApiKeyCreatedSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self, body):
        """Créer une clé d'API pour un outil de la ville (Open311) ; elle n'est montrée qu'ici"""
        row, key = api_keys.create(current_scope(), body["label"])
        db.session.commit()
        columns = ("id", "label", "created_at", "last_used_at", "revoked_at")
        return {**{c: getattr(row, c) for c in columns}, "key": key}


@blp.route("/<uuid:key_id>")
class ApiKeyById(MethodView):
    @blp.login_required(Permission.SUBMIT_OPEN311)
    @blp.response(200, ApiKeySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.limit_writes
    def delete(self, key_id):
        """Révoquer une de mes clés d'API (elle ne sert plus jamais)"""
        row = api_keys.revoke(current_scope(), key_id)
        db.session.commit()
        return row
