"""The shapes of GET /themes: a theme of the thesaurus."""

from __future__ import annotations

from backend.extensions.schemas import Schema, fields


class ThemeSchema(Schema):
    code = fields.String(metadata={"example": "proprete"})
    label = fields.String(metadata={"example": "Propreté, déchets"})
