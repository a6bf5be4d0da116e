"""A local street file (Base Adresse Nationale CSV): the console names an observation's nearest
street with it."""

from __future__ import annotations

import io

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.resources.streets.schemas import StreetFileSchema, StreetImportSchema
from backend.services import streets
from backend.services.scope import Permission

blp = Blueprint(
    "streets", __name__, url_prefix="/streets", description="Rues (Base Adresse Nationale)"
)


@blp.route("/imports")
class StreetImports(MethodView):
    @blp.login_required(Permission.IMPORT_REFERENCE)
    @blp.arguments(StreetFileSchema(), location="files")
    @blp.response(201, StreetImportSchema)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, files):
        """Importer les adresses d'une ou plusieurs communes (CSV de la Base Adresse Nationale,
        administrateur) : les adresses déjà importées de ces communes sont remplacées. Journalisé."""
        text = io.TextIOWrapper(files["file"].stream, encoding="utf-8-sig", errors="replace")
        report = streets.import_streets(current_scope(), text)
        db.session.commit()
        return report
