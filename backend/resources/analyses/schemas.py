"""The shapes of /analyses: what to analyse, and the job with its result."""

from __future__ import annotations

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.models.observations import POLARITIES


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
