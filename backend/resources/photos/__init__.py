"""GET /photos/{id}: a stored photo (or its thumbnail), for those allowed to see its observation."""

from __future__ import annotations

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope, photo_settings
from backend.extensions.schemas import Schema, fields, validate
from backend.models import Photo
from backend.services import NotFound, photos
from backend.services.observations import get_visible

blp = Blueprint("photos", __name__, url_prefix="/photos", description="Photos")


class PhotoQueryArgsSchema(Schema):
    size = fields.String(load_default="full", validate=validate.OneOf(["full", "thumb"]))
    expires = fields.Integer(metadata={"description": "lien signé : date d'expiration (epoch)"})
    signature = fields.String(metadata={"description": "lien signé : signature"})


@blp.route("/<uuid:photo_id>")
class PhotoById(MethodView):
    @blp.arguments(PhotoQueryArgsSchema(), location="query")
    @blp.response(200, content_type="image/jpeg", description="La photo, en JPEG sans métadonnées")
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(security=[{"bearerAuth": []}, {}])
    def get(self, args, photo_id):
        """Une photo (taille réelle ou vignette), avec un jeton ou un lien signé (valable 1 h)"""
        signed = "signature" in args and "expires" in args
        settings = photo_settings()
        if signed:
            if not photos.valid_signature(
                photo_id, args["size"], args["expires"], args["signature"], settings.secret_key
            ):
                raise NotFound("Lien de photo expiré ou invalide.")
            photo = db.session.get(Photo, photo_id)
            if photo is None:
                raise NotFound("Photo introuvable.")
        else:
            user = current_scope()
            photo = db.session.get(Photo, photo_id)
            if photo is None:
                raise NotFound("Photo introuvable.")
            get_visible(user, photo.observation_id)  # 404 unless the caller may see it
        response = flask.Response(
            photos.read_photo(photo, args["size"], settings), mimetype="image/jpeg"
        )
        response.headers["Cache-Control"] = "private, max-age=86400"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
