"""GET /healthz: is the application up, and on which database."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import abort

from backend.extensions import Blueprint, db
from backend.extensions.schemas import Schema, fields

URL_PREFIX = ""
blp = Blueprint("health", __name__, description="État du service")


class HealthSchema(Schema):
    status = fields.String(metadata={"example": "ok"})
    database = fields.String(metadata={"example": "postgis"})


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """État du service et de sa base de données"""
        try:
            db.session.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            abort(503, message="La base de données ne répond pas.")
        database = "spatialite" if db.engine.dialect.name == "sqlite" else "postgis"
        return {"status": "ok", "database": database}
