"""POST /sync: the offline outbox of a phone, in one request, answered per item."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.extensions.security import limit_daily_reports
from backend.resources.campaigns.schemas import SyncResponseSchema
from backend.resources.observations.schemas import ObservationCreateSchema
from backend.resources.sync.schemas import SyncResultSchema, SyncSchema
from backend.services import sync as service
from backend.services.scope import Permission

blp = Blueprint("sync", __name__, url_prefix="/sync", description="Synchronisation hors ligne")


@blp.route("")
class Sync(MethodView):
    @blp.login_required(Permission.REPORT)
    @blp.arguments(SyncSchema())
    @blp.response(200, SyncResultSchema)
    @blp.limit_writes
    @limit_daily_reports
    def post(self, batch):
        """Envoyer un lot d'observations (et de réponses) enregistrées hors ligne"""
        results = service.sync(
            current_scope(), batch, ObservationCreateSchema(), SyncResponseSchema()
        )
        db.session.commit()
        return {"results": results}
