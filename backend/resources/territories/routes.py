"""Territories (QPV, communes…), their geometry as GeoJSON, and invitations to join them."""

from __future__ import annotations

import json

import flask
from flask.views import MethodView
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping

from backend.extensions import Blueprint, db
from backend.extensions.api import GEOJSON, file_contents, wants_geojson
from backend.extensions.context import current_scope
from backend.extensions.database import end_transaction
from backend.resources.territories.schemas import (
    InviteCreateSchema,
    InviteSchema,
    TerritoryImportFileSchema,
    TerritoryImportFormSchema,
    TerritoryImportReportSchema,
    TerritoryQueryArgsSchema,
    TerritorySchema,
)
from backend.services import accounts, territories
from backend.services.scope import Permission

blp = Blueprint("territories", __name__, url_prefix="/territories", description="Territoires")


@blp.route("")
class Territories(MethodView):
    @blp.arguments(TerritoryQueryArgsSchema(), location="query")
    @blp.response(200, TerritorySchema(many=True))
    def get(self, args):
        """Les territoires (sans géométrie), filtrés par type, parent ou version"""
        mine = current_scope() if args.pop("mine", False) else None
        return territories.list_territories(mine, **args)


@blp.route("/imports")
class TerritoryImports(MethodView):
    @blp.login_required(Permission.IMPORT_REFERENCE)
    @blp.arguments(TerritoryImportFormSchema(), location="form")
    @blp.arguments(TerritoryImportFileSchema(), location="files")
    @blp.response(201, TerritoryImportReportSchema)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, form, files):
        """Importer un fichier de territoires depuis le navigateur (mêmes règles que la CLI)"""
        end_transaction()  # no lock held while the file is read (residents' reports go on)
        report = territories.import_upload(files["file"], form)
        territories.record_import(current_scope(), report)
        db.session.commit()
        return report.to_dict()


@blp.route("/<code>")
class TerritoryByCode(MethodView):
    @blp.response(200, TerritorySchema)
    @blp.doc(responses={"200": file_contents(TerritorySchema, GEOJSON)})
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, code):
        """Un territoire ; avec `Accept: application/geo+json`, une Feature GeoJSON"""
        territory = territories.get_territory(code)
        if not wants_geojson():
            return territory
        feature = {
            "type": "Feature",
            "id": territory.code,
            "geometry": mapping(to_shape(territory.geom)),
            "properties": TerritorySchema().dump(territory),
        }
        return flask.Response(json.dumps(feature), mimetype=GEOJSON)


@blp.route("/<code>/invites")
class TerritoryInvites(MethodView):
    @blp.login_required(Permission.INVITE)
    @blp.arguments(InviteCreateSchema())
    @blp.response(201, InviteSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, body, code):
        """Créer un code d'invitation pour ce territoire (animateur du territoire, admin)"""
        invite = accounts.create_invite(current_scope(), territories.get_territory(code), **body)
        db.session.commit()
        return invite

    @blp.login_required(Permission.INVITE)
    @blp.response(200, InviteSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, code):
        """Les invitations de ce territoire, avec le nombre de personnes qui ont rejoint"""
        return accounts.territory_invites(current_scope(), territories.get_territory(code))


@blp.route("/invites/<invite_code>", endpoint="invite_revoke")
class InviteByCode(MethodView):
    @blp.login_required(Permission.INVITE)
    @blp.response(200, InviteSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, invite_code):
        """Révoquer une invitation : plus personne ne peut rejoindre avec ce code"""
        invite = accounts.revoke_invite(current_scope(), invite_code)
        db.session.commit()
        return invite
