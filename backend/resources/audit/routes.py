"""GET /audit: the log of sensitive actions, for admins (JSON, CSV or XLSX)."""

from __future__ import annotations

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.api import file_contents
from backend.extensions.context import current_scope
from backend.extensions.downloads import download, page_of
from backend.resources.audit.schemas import AuditEventSchema, AuditQueryArgsSchema
from backend.services import audit, exports
from backend.services.scope import Permission

blp = Blueprint("audit", __name__, url_prefix="/audit", description="Journal d'audit")
COLUMNS = (
    "at",
    "actor_id",
    "actor_role",
    "action",
    "target_type",
    "target_id",
    "territory",
    "details",
)
# What an administrator reads at the top of each column (``?headers=people``, the default).
LABELS = {
    "at": "Le (heure de Paris)",
    "actor_id": "Identifiant de l'auteur",
    "actor_role": "Rôle de l'auteur",
    "action": "Action",
    "target_type": "Type d'objet",
    "target_id": "Identifiant de l'objet",
    "territory": "Territoire",
    "details": "Détails",
}


@blp.route("")
class Audit(MethodView):
    @blp.login_required(Permission.READ_AUDIT)
    @blp.arguments(AuditQueryArgsSchema(), location="query")
    @blp.response(200, AuditEventSchema(many=True))
    @blp.doc(
        responses={"200": file_contents(AuditEventSchema(many=True), "text/csv", exports.XLSX)}
    )
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Le journal des actions sensibles (admin), le plus récent d'abord ; exportable"""
        fmt, style = args.pop("format"), args.pop("headers")
        query = audit.events_query(**args)
        if fmt != "json":
            rows = [AuditEventSchema().dump(e) for e in db.session.scalars(query)]
            pagination_parameters.item_count = len(rows)  # a file holds every row
            for row in rows:
                row["details"] = flask.json.dumps(row["details"])
            shown, columns = exports.for_people(rows, COLUMNS, style, LABELS, times=("at",))
            body = (
                exports.to_csv(shown, columns)
                if fmt == "csv"
                else exports.to_xlsx(shown, columns, "audit")
            )
            audit.record(
                current_scope(), "export.audit", target_type="export", format=fmt, rows=len(rows)
            )
            db.session.commit()
            return download(body, "text/csv" if fmt == "csv" else exports.XLSX, f"audit.{fmt}")
        return page_of(query, pagination_parameters)
