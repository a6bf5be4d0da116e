"""The shapes of GET /exports/observations: the format, the CSV flavour and the headers."""

from __future__ import annotations

from analysis.spreadsheet import HEADER_STYLES
from backend.extensions.schemas import fields, validate
from backend.resources.observations.schemas import ObservationQueryArgsSchema

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
    headers = fields.String(
        load_default="people",
        validate=validate.OneOf(HEADER_STYLES),
        metadata={
            "description": "CSV/XLSX : `people` (défaut) en-têtes en français, heure de Paris ; "
            "`machine` noms de colonnes, ISO 8601 en UTC"
        },
    )
