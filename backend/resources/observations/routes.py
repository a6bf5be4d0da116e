"""Observations: report (idempotent), list with filters and scope, read, edit, moderate, delete,
attach photos."""

from __future__ import annotations

import json

import flask
from flask.views import MethodView
from sqlalchemy import orm as so

from backend.extensions import Blueprint, db
from backend.extensions.api import GEOJSON, file_contents, wants_geojson
from backend.extensions.context import current_scope, photo_settings
from backend.extensions.database import end_transaction
from backend.extensions.downloads import page_of
from backend.extensions.security import limit_daily_reports
from backend.models import Observation
from backend.resources.observations.schemas import (
    ObservationCreateSchema,
    ObservationPatchSchema,
    ObservationQueryArgsSchema,
    ObservationSchema,
    PhotoRefSchema,
    PhotoUploadSchema,
)
from backend.services import observations as service
from backend.services import photos
from backend.services.exports import observation_features
from backend.services.scope import Permission

blp = Blueprint("observations", __name__, url_prefix="/observations", description="Observations")


@blp.route("")
class Observations(MethodView):
    @blp.login_required()
    @blp.arguments(ObservationQueryArgsSchema(), location="query")
    @blp.response(200, ObservationSchema(many=True))
    @blp.doc(responses={"200": file_contents(ObservationSchema(many=True), GEOJSON)})
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Les observations visibles selon mon rôle, filtrées et paginées (GeoJSON possible)"""
        filters = service.ObservationFilters(**args)
        query = service.scoped_query(current_scope(), filters)
        page = page_of(query.options(so.selectinload(Observation.photos)), pagination_parameters)
        if wants_geojson():
            collection = {"type": "FeatureCollection", "features": observation_features(page)}
            return flask.Response(json.dumps(collection, ensure_ascii=False), mimetype=GEOJSON)
        return page

    @blp.login_required(Permission.REPORT)
    @blp.arguments(ObservationCreateSchema())
    @blp.response(201, ObservationSchema)
    @blp.alt_response(
        200, schema=ObservationSchema, description="Déjà reçue (rejeu identique)", success=True
    )
    @blp.alt_response(409, response="CONFLICT", description="Même identifiant, contenu différent")
    @blp.limit_writes
    @limit_daily_reports
    def post(self, body):
        """Signaler une observation (rejouer le même identifiant ne crée pas de doublon)"""
        observation, created = service.create_observation(current_scope().user_id, body)
        db.session.commit()
        return observation, 201 if created else 200


@blp.route("/<uuid:observation_id>")
class ObservationById(MethodView):
    @blp.login_required()
    @blp.response(200, ObservationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, observation_id):
        """Une observation (si mon rôle et mes territoires me permettent de la voir)"""
        return service.get_visible(current_scope(), observation_id)

    @blp.login_required()
    @blp.arguments(ObservationPatchSchema(partial=True))
    @blp.response(200, ObservationSchema)
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.limit_writes
    def patch(self, body, observation_id):
        """Modifier mon observation ; pour un animateur : masquer/rétablir avec une raison, corriger le thème"""
        user = current_scope()
        observation = service.update(user, service.get_visible(user, observation_id), body)
        db.session.commit()
        return observation

    @blp.login_required()
    @blp.response(204)
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.limit_writes
    def delete(self, observation_id):
        """Supprimer mon observation (et ses photos)"""
        user = current_scope()
        observation = service.get_visible(user, observation_id)
        photo_ids = [p.id for p in observation.photos]
        service.delete(user, observation)
        db.session.commit()
        photos.delete_files(photo_ids, photo_settings())


@blp.route("/<uuid:observation_id>/photos")
class ObservationPhotos(MethodView):
    @blp.login_required()
    @blp.response(201, PhotoRefSchema)
    @blp.alt_response(
        200, schema=PhotoRefSchema, description="Déjà reçue (même fichier)", success=True
    )
    @blp.arguments(PhotoUploadSchema(), location="files")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self, files, observation_id):
        """Joindre une photo (multipart, champ `file`) ; les métadonnées EXIF sont supprimées"""
        user = current_scope()
        observation = service.get_visible(user, observation_id)
        data = files["file"].read()
        # Decoding and re-encoding take a while: no lock is held meanwhile (on SQLite, a
        # writing transaction holds the write lock, and residents' reports would wait).
        end_transaction()
        settings = photo_settings()
        clean = photos.clean_photo(data, settings)
        photo, created = photos.attach_photo(user, observation, data, settings, clean)
        db.session.commit()
        return photo, 201 if created else 200
