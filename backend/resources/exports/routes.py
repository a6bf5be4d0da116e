"""GET /exports/observations: a file for analysts (CSV, GeoJSON, XLSX, GeoPackage), scoped like
the list."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.extensions.downloads import download, safe_filename
from backend.resources.exports.schemas import MIMETYPES, ExportQueryArgsSchema
from backend.services import audit, export_streams
from backend.services.observations import ObservationFilters, scope_conditions

blp = Blueprint("exports", __name__, url_prefix="/exports", description="Exports")


@blp.route("/observations")
class ObservationExport(MethodView):
    @blp.login_required()
    @blp.arguments(ExportQueryArgsSchema(), location="query")
    @blp.response(200, content_type="text/csv", description="Le fichier demandé")
    def get(self, args):
        """Exporter les observations visibles (filtres comme la liste) en CSV, GeoJSON, XLSX ou GeoPackage"""
        fmt, excel, style = args.pop("format"), args.pop("excel"), args.pop("headers")
        where = scope_conditions(current_scope(), ObservationFilters(**args))
        total = export_streams.count(where)
        # Streamed as it is read (a server-side cursor, batch by batch): bounded memory.
        body = export_streams.stream(fmt, where, excel=excel, style=style)
        audit.record(
            current_scope(),
            "export.observations",
            target_type="export",
            format=fmt,
            rows=total,
            filters={k: str(v) for k, v in args.items()},
        )
        db.session.commit()
        return download(body, MIMETYPES[fmt], safe_filename("observations", fmt, dated=True))
