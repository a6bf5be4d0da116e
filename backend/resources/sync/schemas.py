"""The shapes of POST /sync: a phone's offline outbox and the answer per item."""

from __future__ import annotations

from backend.extensions.schemas import Schema, fields, validate


class SyncSchema(Schema):
    observations = fields.List(
        fields.Raw(),
        load_default=list,
        validate=validate.Length(
            max=2000, error="Lot trop grand : au plus {max} observations par requête."
        ),
    )
    responses = fields.List(
        fields.Raw(),
        load_default=list,
        validate=validate.Length(
            max=2000, error="Lot trop grand : au plus {max} réponses par requête."
        ),
    )


class SyncItemResultSchema(Schema):
    id = fields.String(allow_none=True)
    kind = fields.String(validate=validate.OneOf(["observation", "response"]))
    status = fields.String(validate=validate.OneOf(["created", "duplicate", "conflict", "invalid"]))
    errors = fields.Dict()
    response_id = fields.String(
        metadata={"description": "déjà répondu (une réponse par personne) : la réponse à corriger"}
    )


class SyncResultSchema(Schema):
    results = fields.List(fields.Nested(SyncItemResultSchema))
