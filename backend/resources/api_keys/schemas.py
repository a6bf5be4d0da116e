"""The shapes of /me/api-keys: a key's name, and the key shown once."""

from __future__ import annotations

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate


class ApiKeyCreateSchema(Schema):
    label = fields.String(required=True, validate=validate.Length(min=1, max=100))


class ApiKeySchema(Schema):
    id = fields.UUID()
    label = fields.String()
    created_at = AwareDateTime()
    last_used_at = AwareDateTime(allow_none=True)
    revoked_at = AwareDateTime(allow_none=True)


class ApiKeyCreatedSchema(ApiKeySchema):
    key = fields.String(metadata={"description": "la clé, montrée cette seule fois"})
