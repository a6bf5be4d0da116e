"""What the ateliers API reads and returns."""

from __future__ import annotations

from typing import Any

from marshmallow import fields as ma_fields

from analysis.atelier import MAX_STEPS, MAX_TEXT, PARTICIPANT_ROLES
from backend.extensions.schemas import AwareDateTime, Schema, StrictInteger, fields, validate

RECORD_FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
STEPS_DOC = (
    "[{kind, question?, title?, choices?, items?, dots?, theme?}] ; kind parmi synthese, carte, "
    "indicateurs, choix_unique, choix_multiple, cooperation, note, texte_court, priorites, "
    "gommettes, pas_de_cote"
)


class Step(ma_fields.Dict):
    """One step, checked in depth by the service (analysis.atelier.check_steps)."""


class AtelierCreateSchema(Schema):
    territory = fields.String(required=True, validate=validate.Length(min=1, max=64))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    held_on = fields.Date(required=True)
    steps = fields.List(
        Step(),
        required=True,
        validate=validate.Length(min=1, max=MAX_STEPS),
        metadata={"description": STEPS_DOC},
    )
    threshold = StrictInteger(
        validate=validate.Range(min=1, max=50),
        metadata={"description": "une répartition s'affiche à partir de N réponses (5 par défaut)"},
    )


class AtelierPatchSchema(Schema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    steps = fields.List(Step(), validate=validate.Length(min=1, max=MAX_STEPS))
    step = StrictInteger(
        validate=validate.Range(min=0, max=MAX_STEPS),
        metadata={"description": "projeter cette étape (0 = la première)"},
    )
    status = fields.String(
        validate=validate.OneOf(["en_cours", "termine"]),
        metadata={"description": "en_cours : commencer ; termine : clore et figer les résultats"},
    )


class AtelierSchema(Schema):
    id = fields.UUID()
    title = fields.String()
    held_on = fields.Date()
    territory = fields.Function(lambda a: a.territory.code)
    territory_name = fields.Function(lambda a: a.territory.name)
    status = fields.String(metadata={"description": "preparation, en_cours, termine"})
    current_step = fields.Integer(allow_none=True)
    join_code = fields.String()
    threshold = fields.Integer()
    steps = fields.List(fields.Dict())
    created_at = AwareDateTime()
    ended_at = AwareDateTime(allow_none=True)


class AtelierQueryArgsSchema(Schema):
    territory = fields.String(validate=validate.Length(max=64))


class RecordArgsSchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(sorted(RECORD_FORMATS)))


class BarometerArgsSchema(Schema):
    territory = fields.String(required=True, validate=validate.Length(max=64))


class AtelierJoinSchema(Schema):
    code = fields.String(
        required=True,
        validate=validate.Length(min=4, max=12),
        metadata={"description": "le code affiché à l'écran"},
    )
    display_name = fields.String(
        allow_none=True, validate=validate.Length(max=60), metadata={"description": "facultatif"}
    )
    role = fields.String(
        allow_none=True,
        validate=validate.OneOf(sorted(PARTICIPANT_ROLES)),
        metadata={"description": "facultatif : elu, technicien, association, habitant, autre"},
    )


class AtelierJoinedSchema(Schema):
    token = fields.String(metadata={"description": "à envoyer dans l'en-tête X-Participation"})
    atelier = fields.Dict()


class AtelierAnswerSchema(Schema):
    id = fields.UUID(required=True, metadata={"description": "UUID du client (idempotence)"})
    step = StrictInteger(required=True, validate=validate.Range(min=0, max=MAX_STEPS))
    value = fields.Raw(
        required=True,
        metadata={
            "description": "choix (texte), choix multiples ou classement (liste), note (1-5), "
            "gommettes ({proposition: nombre})"
        },
    )


class AnswerOutSchema(Schema):
    id = fields.UUID()
    step = fields.Integer()
    value = fields.Raw()
    answered_at = AwareDateTime()


class AtelierIdeaSchema(Schema):
    id = fields.UUID(required=True, metadata={"description": "UUID du client (idempotence)"})
    step = StrictInteger(required=True, validate=validate.Range(min=0, max=MAX_STEPS))
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class IdeaOutSchema(Schema):
    id = fields.UUID()
    step = fields.Integer()
    text = fields.String()
    posted_at = AwareDateTime()


def plain(value: Any) -> Any:
    """UUIDs and dates as text, for the views built as dictionaries."""
    import datetime as dt
    import uuid

    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
