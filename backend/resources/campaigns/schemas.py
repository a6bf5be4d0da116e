"""Campaigns and responses as residents send them and as the API shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import flask
import marshmallow as ma
from marshmallow import fields as ma_fields

from backend.extensions.context import current_scope
from backend.extensions.schemas import (
    AwareDateTime,
    PointSchema,
    Schema,
    fields,
    not_in_future,
    validate,
)
from backend.services.responses import location


class OffsetDateTime(ma_fields.AwareDateTime):
    """ISO 8601 with an offset, kept as sent: ``today()`` in a form is the respondent's day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dt.datetime:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class SurveyRefSchema(Schema):
    id = fields.UUID()
    form_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    url = fields.Function(lambda s: flask.url_for("surveys.SurveyById", survey_id=s.id))


class MyLastResponseSchema(Schema):
    id = fields.UUID()
    submitted_at = AwareDateTime()
    edited_at = AwareDateTime(allow_none=True)


class CampaignSchema(Schema):
    id = fields.UUID()
    title = fields.String()
    description = fields.String(allow_none=True)
    survey = fields.Nested(SurveyRefSchema, metadata={"description": "la version posée"})
    territories = fields.List(fields.String(), metadata={"description": "codes des territoires"})
    opens_at = AwareDateTime()
    closes_at = AwareDateTime()
    closed_at = AwareDateTime(allow_none=True, metadata={"description": "close à la main"})
    status = fields.String(
        metadata={
            "description": "scheduled, open, ended (réponses hors ligne encore reçues), closed"
        }
    )
    accepts_until = AwareDateTime(
        metadata={"description": "dernier moment où une réponse faite pendant la campagne arrive"}
    )
    multiple_answers = fields.Boolean(
        metadata={"description": "plusieurs réponses par personne (sinon une, corrigeable)"}
    )
    created_at = AwareDateTime()
    updated_at = AwareDateTime()
    responses = fields.Integer(
        allow_none=True,
        metadata={"description": "réponses de mes territoires (organisateurs ; null sinon)"},
    )
    my_responses = fields.Integer(metadata={"description": "mes propres réponses"})
    my_last_response = fields.Nested(
        MyLastResponseSchema,
        allow_none=True,
        metadata={
            "description": "ma dernière réponse (à corriger tant que la campagne est ouverte)"
        },
    )


class CampaignDetailSchema(CampaignSchema):
    definition = fields.Dict(metadata={"description": "la définition de la version posée"})


def plausible_date(value: dt.datetime) -> None:
    if not 2000 <= value.year <= 2100:
        raise ma.ValidationError("Date hors limites : entre 2000 et 2100.")


class CampaignCreateSchema(Schema):
    survey_id = fields.UUID(required=True, metadata={"description": "la version d'enquête posée"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    territories = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=500),
    )
    opens_at = AwareDateTime(required=True, validate=plausible_date)
    closes_at = AwareDateTime(required=True, validate=plausible_date)
    multiple_answers = fields.Boolean(
        load_default=False,
        metadata={
            "description": "true : plusieurs réponses par personne ; false : une seule, corrigeable"
        },
    )


class CampaignPatchSchema(Schema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    opens_at = AwareDateTime(validate=plausible_date)
    closes_at = AwareDateTime(validate=plausible_date)
    survey_id = fields.UUID(metadata={"description": "une version plus récente du même formulaire"})
    closed = fields.Boolean(metadata={"description": "true : clore maintenant ; false : rouvrir"})
    multiple_answers = fields.Boolean(
        metadata={
            "description": "true : plusieurs réponses par personne ; false : une seule, corrigeable"
        }
    )


class CampaignQueryArgsSchema(Schema):
    active = fields.Boolean(load_default=False, metadata={"description": "ouvertes maintenant"})
    territory = fields.String(metadata={"description": "concernant ce territoire (code)"})


class ResponseCreateSchema(Schema):
    id = fields.UUID(
        required=True, metadata={"description": "UUID v4 généré par le client (idempotence)"}
    )
    submitted_at = OffsetDateTime(
        required=True,
        validate=not_in_future,
        metadata={"description": "quand la personne a répondu (heure du téléphone, avec décalage)"},
    )
    answers = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={
            "description": "{question ou groupe/question: valeur}, JSON ou encodage ODK/Kobo"
        },
    )
    location = fields.Nested(PointSchema, allow_none=True, load_default=None)


class ResponseEditSchema(Schema):
    answers = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": "toutes les réponses, corrigées (remplacent les précédentes)"},
    )


class SyncResponseSchema(ResponseCreateSchema):
    campaign_id = fields.UUID(required=True)


class ResponseSchema(Schema):
    id = fields.UUID()
    campaign_id = fields.UUID()
    survey_id = fields.UUID()
    survey_version = fields.Function(lambda r: r.survey.version)
    submitted_at = AwareDateTime()
    received_at = AwareDateTime()
    edited_at = AwareDateTime(
        allow_none=True, metadata={"description": "dernière correction par son auteur"}
    )
    territory = fields.Function(lambda r: r.territory_code)
    location = fields.Function(location)
    answers = fields.Dict(metadata={"description": "réponses normalisées"})
    calculated = fields.Dict(metadata={"description": "valeurs des calculs du formulaire"})
    mine = fields.Function(lambda r: r.respondent_id == current_scope().user_id)


FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ResponsesQueryArgsSchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(sorted(FORMATS)))
    mine = fields.Boolean(load_default=False, metadata={"description": "mes réponses seulement"})
    language = fields.String(
        metadata={"description": "langue des libellés : `English (en)` ou `en`"}
    )
    headers = fields.String(
        load_default="people",
        validate=validate.OneOf(["people", "machine", "labels", "names"]),
        metadata={
            "description": "CSV/XLSX : `people` (défaut) libellés en français et heure de Paris ; "
            "`machine` noms des questions et UTC (`labels`/`names` : leurs anciens noms)"
        },
    )
    values = fields.String(
        load_default="names",
        validate=validate.OneOf(["names", "labels"]),
        metadata={"description": "choix : noms ou libellés"},
    )
    table = fields.String(
        metadata={"description": "CSV : le chemin d'une répétition (sinon les réponses)"}
    )
    excel = fields.Boolean(
        load_default=False,
        metadata={"description": "CSV pour Excel en français : séparateur `;` et BOM UTF-8"},
    )


class SummaryQueryArgsSchema(Schema):
    language = fields.String()


class MyResponsesQueryArgsSchema(Schema):
    mine = fields.Boolean(
        load_default=True,
        validate=validate.Equal(True, error="Seules vos propres réponses sont listées ici."),
    )
    campaign_id = fields.UUID()
