"""The shapes of GET /audit: its filters and the events it lists."""

from __future__ import annotations

from analysis.spreadsheet import HEADER_STYLES
from backend.extensions.schemas import AwareDateTime, Schema, fields, validate


class AuditQueryArgsSchema(Schema):
    action = fields.String()
    territory = fields.String()
    since = AwareDateTime()
    until = AwareDateTime()
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))
    headers = fields.String(
        load_default="people",
        validate=validate.OneOf(HEADER_STYLES),
        metadata={
            "description": "CSV/XLSX : `people` (défaut) en-têtes en français, heure de Paris ; "
            "`machine` noms de colonnes, ISO 8601 en UTC"
        },
    )


class AuditEventSchema(Schema):
    at = AwareDateTime()
    actor_id = fields.UUID(allow_none=True)
    actor_role = fields.String(allow_none=True)
    action = fields.String()
    target_type = fields.String(allow_none=True)
    target_id = fields.String(allow_none=True)
    territory = fields.String(allow_none=True)
    details = fields.Dict()
