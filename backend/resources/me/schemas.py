"""The shapes of /me: consent, erasure and the personal export."""

from __future__ import annotations

from backend.extensions.schemas import AwareDateTime, Schema, fields


class PrivacyNoticeSchema(Schema):
    version = fields.String()
    language = fields.String()
    text = fields.String(metadata={"description": "la notice, en Markdown"})


class EraseArgsSchema(Schema):
    keep_contributions = fields.Boolean(
        load_default=False,
        metadata={
            "description": "garder mes observations, sans aucun lien avec moi (photos supprimées)"
        },
    )


class NewsSchema(Schema):
    id = fields.String(
        metadata={"description": "stable : l'application retient ce qu'elle a montré"}
    )
    kind = fields.String(metadata={"description": "suivi (d'une de mes observations) ou enquete"})
    at = AwareDateTime()
    title = fields.String()
    text = fields.String(
        allow_none=True, metadata={"description": "réponse publique, présentation"}
    )
    observation_id = fields.UUID(allow_none=True)
    campaign_id = fields.UUID(allow_none=True)
