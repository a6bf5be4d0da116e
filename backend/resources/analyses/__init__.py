"""POST /analyses (202, a job) and GET /analyses/{id}: text clusters, hotspots, typologies."""

from __future__ import annotations

from flask.views import MethodView

from backend import jobs
from backend.extensions import Blueprint
from backend.extensions.context import current_scope
from backend.extensions.database import db
from backend.extensions.downloads import page_of
from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.models.observations import POLARITIES
from backend.services import analyses
from backend.services.scope import Permission

blp = Blueprint("analyses", __name__, url_prefix="/analyses", description="Analyses")


class AnalysisRequestSchema(Schema):
    kind = fields.String(
        required=True,
        metadata={"description": "text_clusters, hotspots, typology, counts"},
    )
    territory = fields.String()
    theme = fields.String()
    polarity = fields.String(validate=validate.OneOf(POLARITIES))
    since = AwareDateTime()
    until = AwareDateTime()
    campaign = fields.UUID()
    parameters = fields.Dict(
        load_default=dict, metadata={"description": "options de la méthode (ex. n_clusters)"}
    )


class AnalysisJobSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    status = fields.String(metadata={"description": "queued, running, finished, failed"})
    parameters = fields.Dict()
    data = fields.Dict(
        metadata={"description": "les données utilisées : filtres, effectifs, empreinte"}
    )
    result = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)
    package_version = fields.String()
    created_at = AwareDateTime()
    started_at = AwareDateTime(allow_none=True)
    finished_at = AwareDateTime(allow_none=True)


def _json_filters(body: dict) -> dict:
    """The filters as the job stores them: plain JSON (dates as ISO strings, ids as text)."""
    return {
        k: v.isoformat() if hasattr(v, "isoformat") else str(v) if k == "campaign" else v
        for k, v in body.items()
        if k not in ("kind", "parameters")
    }


@blp.route("")
class Analyses(MethodView):
    @blp.login_required(Permission.ANALYSE)
    @blp.arguments(AnalysisRequestSchema())
    @blp.response(202, AnalysisJobSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, body):
        """Lancer une analyse (tâche de fond) sur les contributions de mes territoires"""
        job = analyses.submit(
            current_scope(), body["kind"], _json_filters(body), body["parameters"]
        )
        db.session.commit()  # the worker reads the job: queued once it is stored
        jobs.enqueue(job)
        return job

    @blp.login_required(Permission.ANALYSE)
    @blp.response(200, AnalysisJobSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Mes analyses, les plus récentes d'abord (toutes pour un admin)"""
        scope = current_scope()
        page = page_of(analyses.jobs_query(scope), pagination_parameters)
        return [job for job in page if analyses.readable(scope, job)]


@blp.route("/<uuid:job_id>")
class AnalysisById(MethodView):
    @blp.login_required(Permission.ANALYSE)
    @blp.response(200, AnalysisJobSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, job_id):
        """L'état d'une analyse et, quand elle est finie, son résultat"""
        return analyses.get_job(current_scope(), job_id)
