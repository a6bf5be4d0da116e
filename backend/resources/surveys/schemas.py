"""A survey version as the API shows it, and the built-in templates."""

from __future__ import annotations

import flask

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate


class IssueSchema(Schema):
    """A problem of an imported form, placed on its sheet, row and column."""

    code = fields.String()
    severity = fields.String()
    message = fields.String(metadata={"description": "en français, commence par l'endroit"})
    sheet = fields.String(allow_none=True)
    row = fields.Integer(allow_none=True)
    column = fields.String(allow_none=True)


class SurveyListItemSchema(Schema):
    id = fields.UUID()
    form_id = fields.String(metadata={"description": "`settings.form_id` : commun aux versions"})
    version = fields.Integer(metadata={"description": "1, 2, 3… à chaque changement du formulaire"})
    title = fields.String()
    form_version = fields.String(
        allow_none=True, metadata={"description": "`settings.version` du formulaire, pour mémoire"}
    )
    fingerprint = fields.String()
    # Lists read the languages alone (``listed_languages``), never whole definitions.
    languages = fields.Function(lambda s: s.listed_languages or [])
    created_at = AwareDateTime()
    warnings = fields.List(fields.Nested(IssueSchema))
    url = fields.Function(lambda s: flask.url_for("surveys.SurveyById", survey_id=s.id))
    owner_territories = fields.Function(
        lambda s: sorted(t.code for t in s.form.territories),
        metadata={
            "description": "les territoires de l'équipe à qui appartient le formulaire "
            "(vide : un formulaire de toute la plateforme)"
        },
    )


class SurveySchema(SurveyListItemSchema):
    languages = fields.Function(lambda s: s.definition.get("languages") or [])
    definition = fields.Dict(
        metadata={
            "description": "la définition normalisée (surveys/DEFINITION.md) que l'app affiche"
        }
    )


class SurveyQueryArgsSchema(Schema):
    form_id = fields.String(metadata={"description": "les versions de ce formulaire seulement"})
    versions = fields.String(
        load_default="latest",
        validate=validate.OneOf(["latest", "all"]),
        metadata={"description": "`latest` : la dernière version de chaque formulaire"},
    )


class TemplateSchema(Schema):
    name = fields.String()
    title = fields.String()
    description = fields.String()
    languages = fields.List(fields.String())


class TemplateDetailSchema(TemplateSchema):
    definition = fields.Dict()
    xlsform = fields.String(metadata={"description": "le XLSForm en tableau Markdown, à adapter"})


UPLOAD_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "Une définition d'enquête (voir surveys/DEFINITION.md).",
            }
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "un XLSForm : .xlsx, .xls, .csv ou .md",
                    }
                },
            }
        },
    },
}
