"""GET /photos/{id}: a stored photo (or its thumbnail), for those allowed to see its observation."""

from __future__ import annotations

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_user
from backend.extensions.schemas import Schema, fields, validate
from backend.models import Photo
from backend.services import NotFound, photos
from backend.services.observations import get_visible

blp = Blueprint("photos", __name__, url_prefix="/photos", description="Photos")


class PhotoQueryArgsSchema(Schema):
    size = fields.String(load_default="full", validate=validate.OneOf(["full", "thumb"]))


@blp.route("/<uuid:photo_id>")
class PhotoById(MethodView):
    @blp.login_required()
    @blp.arguments(PhotoQueryArgsSchema, location="query")
    @blp.response(200, content_type="image/jpeg", description="La photo, en JPEG sans métadonnées")
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, photo_id):
        """Une photo (taille réelle ou vignette)"""
        user = current_user()
        photo = db.session.get(Photo, photo_id)
        if photo is None:
            raise NotFound("Photo introuvable.")
        get_visible(user, photo.observation_id)  # 404 unless the caller may see it
        response = flask.Response(photos.read_photo(photo, args["size"]), mimetype="image/jpeg")
        response.headers["Cache-Control"] = "private, max-age=86400"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
