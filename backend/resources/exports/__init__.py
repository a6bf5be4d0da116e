"""GET /exports/observations: a file for analysts (CSV, GeoJSON, XLSX, GeoPackage), scoped like
the list."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.extensions.downloads import download, safe_filename
from backend.extensions.schemas import fields, validate
from backend.resources.observations.schemas import ObservationQueryArgsSchema
from backend.services import audit, export_streams
from backend.services.observations import ObservationFilters, scope_conditions

blp = Blueprint("exports", __name__, url_prefix="/exports", description="Exports")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gpkg": "application/geopackage+sqlite3",
}


class ExportQueryArgsSchema(ObservationQueryArgsSchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(sorted(MIMETYPES)))
    excel = fields.Boolean(
        load_default=False,
        metadata={"description": "CSV pour Excel en français : séparateur `;` et BOM UTF-8"},
    )


@blp.route("/observations")
class ObservationExport(MethodView):
    @blp.login_required()
    @blp.arguments(ExportQueryArgsSchema(), location="query")
    @blp.response(200, content_type="text/csv", description="Le fichier demandé")
    def get(self, args):
        """Exporter les observations visibles (filtres comme la liste) en CSV, GeoJSON, XLSX ou GeoPackage"""
        fmt, excel = args.pop("format"), args.pop("excel")
        where = scope_conditions(current_scope(), ObservationFilters(**args))
        total = export_streams.count(where)
        # Streamed as it is read (a server-side cursor, batch by batch): bounded memory.
        body = export_streams.stream(fmt, where, excel=excel)
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
