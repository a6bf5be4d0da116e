"""Indicators (INSEE, CAF, BPE) per territory: values, comparison with the levels above,
catalogue, composite indices, and the admin's file import.

Public statistics: any logged-in user may read them (no territory scoping); only an admin
imports.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from flask.views import MethodView

from analysis.indicators import IndicatorError
from analysis.indicators.compare import COMPARISON_COLUMNS
from analysis.indicators.composite import CompositeSpec
from backend.extensions import Blueprint, db
from backend.extensions.api import file_contents
from backend.extensions.context import current_scope
from backend.extensions.database import end_transaction
from backend.extensions.downloads import download, safe_filename
from backend.resources.indicators.schemas import (
    CatalogEntrySchema,
    CompareQueryArgsSchema,
    ComparisonSchema,
    CompositeRequestSchema,
    CompositeResultSchema,
    ImportFilesSchema,
    ImportFormSchema,
    ImportReportSchema,
    IndicatorQueryArgsSchema,
    IndicatorValueSchema,
)
from backend.services import Invalid, exports
from backend.services import indicators as service
from backend.services.exports import XLSX
from backend.services.scope import Permission

blp = Blueprint("indicators", __name__, url_prefix="/indicators", description="Indicateurs")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows with NaN as None (JSON null, an empty cell in a spreadsheet)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _file(rows: list[dict[str, Any]], columns: list[str], args: dict, name: str):
    fmt = args["format"]
    body = (
        exports.to_csv(rows, columns, excel=args["excel"])
        if fmt == "csv"
        else exports.to_xlsx(rows, columns, name)
    )
    return download(body, MIMETYPES[fmt], safe_filename(name, fmt))


@blp.route("")
class Indicators(MethodView):
    @blp.login_required()
    @blp.arguments(IndicatorQueryArgsSchema(), location="query")
    @blp.response(200, IndicatorValueSchema(many=True))
    @blp.doc(responses={"200": file_contents(IndicatorValueSchema(many=True), "text/csv", XLSX)})
    def get(self, args):
        """Les valeurs d'un territoire (source, millésime, unité) ; `format=csv|xlsx` pour un fichier"""
        frame = service.values_frame([args["territory"]], args.get("source"), args.get("indicator"))
        rows = _records(frame)
        if args["format"] == "json":
            return rows
        return _file(rows, service.VALUE_COLUMNS, args, f"indicateurs-{args['territory']}")


@blp.route("/compare")
class IndicatorComparison(MethodView):
    @blp.login_required()
    @blp.arguments(CompareQueryArgsSchema(), location="query")
    @blp.response(200, ComparisonSchema(many=True))
    @blp.doc(responses={"200": file_contents(ComparisonSchema(many=True), "text/csv", XLSX)})
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """Un territoire comparé à sa commune, son EPCI et la France (écarts, millésimes, avertissements)"""
        rows = _records(service.compare_territory(args["territory"]))
        if args["format"] == "json":
            return rows
        return _file(rows, COMPARISON_COLUMNS, args, f"comparaison-{args['territory']}")


@blp.route("/catalog")
class IndicatorCatalog(MethodView):
    @blp.login_required()
    @blp.response(200, CatalogEntrySchema(many=True))
    def get(self):
        """Les indicateurs disponibles : libellé, unité, source, millésimes, couverture"""
        return service.catalog()


@blp.route("/composite")
class IndicatorComposite(MethodView):
    @blp.login_required()
    @blp.arguments(CompositeRequestSchema())
    @blp.response(200, CompositeResultSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, body):
        """Calculer un indice composite (rien n'est enregistré) ; la méthode est rédigée en français"""
        try:
            spec = CompositeSpec.from_mapping(body["definition"])
        except IndicatorError as exc:
            raise Invalid(str(exc)) from exc
        result = service.composite(spec, kind=body["territories"], codes=body.get("codes"))
        return {"method": result.method, "rows": _records(result.table)}


@blp.route("/imports")
class IndicatorImports(MethodView):
    @blp.login_required(Permission.IMPORT_REFERENCE)
    @blp.arguments(ImportFilesSchema(), location="files")
    @blp.arguments(ImportFormSchema(), location="form")
    @blp.response(201, ImportReportSchema)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, files, form):
        """Importer un fichier d'indicateurs (admin) ; même importeur et même rapport que la CLI"""
        end_transaction()  # no lock held while the file is read (residents' reports go on)
        columns = form.pop("columns", None)
        options = service.ImportOptions(
            **form,
            columns=[c.strip() for c in columns.split(",") if c.strip()] if columns else None,
            dictionary=files["dictionary"].read() if files.get("dictionary") else None,
        )
        upload = files["file"]
        report = service.import_indicators(upload.read(), upload.filename or "fichier", options)
        service.record_import(current_scope(), report)
        db.session.commit()
        return report.to_dict()
