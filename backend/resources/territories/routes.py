"""Territories (QPV, communes…), their geometry as GeoJSON, and invitations to join them."""

from __future__ import annotations

import json

import flask
import sqlalchemy as sa
from flask.views import MethodView
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping

from backend.extensions import Blueprint, db
from backend.extensions.context import current_user
from backend.models import Territory
from backend.resources.territories.schemas import (
    InviteCreateSchema,
    InviteSchema,
    TerritoryQueryArgsSchema,
    TerritorySchema,
)
from backend.services import accounts, territories

blp = Blueprint("territories", __name__, url_prefix="/territories", description="Territoires")
GEOJSON = "application/geo+json"


def wants_geojson() -> bool:
    best = flask.request.accept_mimetypes.best_match(["application/json", GEOJSON])
    return best == GEOJSON


@blp.route("")
class Territories(MethodView):
    @blp.arguments(TerritoryQueryArgsSchema, location="query")
    @blp.response(200, TerritorySchema(many=True))
    def get(self, args):
        """Les territoires (sans géométrie), filtrés par type, parent ou version"""
        query = sa.select(Territory).order_by(Territory.kind, Territory.code)
        if "kind" in args:
            query = query.where(Territory.kind == args["kind"])
        if "parent" in args:
            query = query.where(Territory.parent_code == args["parent"])
        if "version" in args:
            query = query.where(Territory.version == args["version"])
        if args.get("mine"):
            scope = accounts.visible_territory_ids(current_user())
            if scope is not None:
                query = query.where(Territory.id.in_(scope))
        return db.session.scalars(query.options(sa.orm.defer(Territory.geom))).all()


@blp.route("/<code>")
class TerritoryByCode(MethodView):
    @blp.response(200, TerritorySchema)
    @blp.alt_response(200, content_type=GEOJSON, description="Une Feature GeoJSON", success=True)
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
    @blp.login_required(roles=("animateur", "admin"))
    @blp.arguments(InviteCreateSchema)
    @blp.response(201, InviteSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, body, code):
        """Créer un code d'invitation pour ce territoire (animateur du territoire, admin)"""
        invite = accounts.create_invite(current_user(), territories.get_territory(code), **body)
        db.session.commit()
        return invite
