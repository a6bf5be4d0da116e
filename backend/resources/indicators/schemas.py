from __future__ import annotations

from flask_smorest.fields import Upload

from backend.extensions.schemas import Schema, fields, validate
from backend.models.territories import TERRITORY_KINDS

FORMATS = ("json", "csv", "xlsx")


class ExportArgsSchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))
    excel = fields.Boolean(
        load_default=False,
        metadata={"description": "CSV pour Excel en français : séparateur `;` et BOM UTF-8"},
    )


class IndicatorQueryArgsSchema(ExportArgsSchema):
    territory = fields.String(required=True, metadata={"example": "QP031001"})
    source = fields.String()
    indicator = fields.String(metadata={"example": "tp60"})


class CompareQueryArgsSchema(ExportArgsSchema):
    territory = fields.String(required=True, metadata={"example": "QP031001"})


class IndicatorValueSchema(Schema):
    territory_code = fields.String(metadata={"example": "QP031001"})
    indicator = fields.String(metadata={"example": "tp60"})
    label = fields.String()
    unit = fields.String(metadata={"example": "%"})
    period = fields.Integer(metadata={"example": 2015})
    value = fields.Float(allow_none=True, metadata={"description": "null : valeur manquante"})
    flag = fields.String(
        allow_none=True, metadata={"description": "ce que le fichier disait à la place (s, nd…)"}
    )
    source = fields.String()
    geography_version = fields.String(allow_none=True)


class ComparisonSchema(Schema):
    indicator = fields.String()
    label = fields.String()
    unit = fields.String()
    territory = fields.String()
    value = fields.Float()
    period = fields.Integer()
    source = fields.String()
    reference_level = fields.String(metadata={"example": "commune"})
    reference_code = fields.String()
    reference_name = fields.String()
    reference_indicator = fields.String(allow_none=True)
    reference_value = fields.Float(allow_none=True)
    reference_period = fields.Integer(allow_none=True)
    reference_source = fields.String(allow_none=True)
    difference = fields.Float(
        allow_none=True, metadata={"description": "écart en points (taux) ou rapport (montants)"}
    )
    difference_kind = fields.String(allow_none=True)
    warning = fields.String(allow_none=True, metadata={"description": "avertissement en français"})


class CatalogEntrySchema(Schema):
    indicator = fields.String()
    label = fields.String()
    unit = fields.String()
    source = fields.String()
    periods = fields.List(fields.Integer())
    territories = fields.Integer()
    missing = fields.Integer()


class CompositeRequestSchema(Schema):
    definition = fields.Dict(
        required=True,
        metadata={
            "description": "la définition, comme le fichier TOML : "
            '{"indice": {…}, "composantes": [{"indicateur", "sens", "poids"}…]}'
        },
    )
    territories = fields.String(load_default="qpv", validate=validate.OneOf(TERRITORY_KINDS))
    codes = fields.List(fields.String(), validate=validate.Length(max=10_000))


class CompositeResultSchema(Schema):
    method = fields.String(metadata={"description": "comment l'indice a été calculé (français)"})
    rows = fields.List(fields.Dict())


class ImportFilesSchema(Schema):
    file = Upload(required=True, metadata={"description": "CSV ou XLSX au format large"})
    dictionary = Upload(metadata={"description": "dictionnaire des colonnes (CSV)"})


class ImportFormSchema(Schema):
    source = fields.String(required=True, validate=validate.Length(min=1, max=200))
    territory_field = fields.String(required=True, validate=validate.Length(min=1, max=100))
    period = fields.Integer(validate=validate.Range(min=1900, max=2100))
    sep = fields.String(validate=validate.OneOf([";", ",", "\t", "|"]))
    columns = fields.String(metadata={"description": "colonnes séparées par des virgules"})
    geography_version = fields.String(validate=validate.Length(max=40))
    label_field = fields.String()
    aggregate = fields.String(validate=validate.OneOf(["bpe"]))
    all_territories = fields.Boolean(load_default=False)


class ImportReportSchema(Schema):
    file = fields.String()
    source = fields.String()
    format = fields.String()
    separator = fields.String(allow_none=True)
    territories_in_file = fields.Integer()
    territories_kept = fields.Integer()
    territories_skipped = fields.Integer()
    indicators = fields.Integer()
    values = fields.Integer()
    missing = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    periods = fields.List(fields.Integer())
    period_inferred = fields.Boolean()
    geography_version = fields.String(allow_none=True)
    notes = fields.List(fields.String())
    summary = fields.String()
