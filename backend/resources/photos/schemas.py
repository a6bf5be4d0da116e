"""The shapes of GET /photos/{id}: the size asked for and the signed link's fields."""

from __future__ import annotations

from backend.extensions.schemas import Schema, fields, validate


class PhotoQueryArgsSchema(Schema):
    size = fields.String(load_default="full", validate=validate.OneOf(["full", "thumb"]))
    expires = fields.Integer(metadata={"description": "lien signé : date d'expiration (epoch)"})
    signature = fields.String(metadata={"description": "lien signé : signature"})
