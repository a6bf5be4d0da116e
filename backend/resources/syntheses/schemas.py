"""What the syntheses API reads and returns."""

from __future__ import annotations

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.services.syntheses import FORMATS


class SynthesisRequestSchema(Schema):
    territory = fields.String(required=True, metadata={"description": "code du territoire"})
    theme = fields.String(metadata={"description": "code du thème ; absent : tous (portrait)"})
    since = AwareDateTime(metadata={"description": "observations faites à partir de"})
    until = AwareDateTime(metadata={"description": "observations faites avant"})


class SynthesisQueryArgsSchema(SynthesisRequestSchema):
    format = fields.String(load_default="json", validate=validate.OneOf(sorted(FORMATS)))


class IssuedQueryArgsSchema(Schema):
    territory = fields.String(
        required=True,
        validate=validate.Length(1, 20),
        metadata={"description": "code du territoire"},
    )


class SynthesisFormatArgsSchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(sorted(FORMATS)))


class IssuedSynthesisSchema(Schema):
    id = fields.UUID()
    title = fields.Function(lambda s: s.content.get("title"))
    territory = fields.String(attribute="territory_code")
    theme = fields.String(allow_none=True)
    since = AwareDateTime(allow_none=True)
    until = AwareDateTime(allow_none=True)
    issued_at = AwareDateTime()
    package_version = fields.String()
    observations = fields.Function(
        lambda s: s.content.get("key_figures", {}).get("observations", {}).get("display"),
        metadata={"description": "le nombre de signalements, tel que publié"},
    )
    links = fields.Function(
        lambda s: {fmt: f"/api/v1/syntheses/{s.id}?format={fmt}" for fmt in sorted(FORMATS)}
    )
