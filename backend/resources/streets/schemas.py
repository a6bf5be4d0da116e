"""The shapes of /streets: a BAN address file's import and its report."""

from __future__ import annotations

from flask_smorest.fields import Upload

from backend.extensions.schemas import Schema, fields


class StreetFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "le CSV de la BAN (séparateur ;)"})


class StreetImportSchema(Schema):
    points = fields.Integer()
    communes = fields.Integer()
    skipped = fields.Integer()
