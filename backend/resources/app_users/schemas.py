"""App users of a campaign (ODK Collect / Enketo access) as organisers create and see them."""

from __future__ import annotations

from flask_smorest.fields import Upload

from backend.extensions.schemas import Schema, fields, validate


class AppUserCreateSchema(Schema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "pour s'y retrouver : « Tablette 2 », « Équipe du marché »"},
    )
    territory = fields.String(
        validate=validate.Length(min=1, max=32),
        metadata={"description": "code du territoire des réponses (par défaut : le premier)"},
    )


class AppUserSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    username = fields.String(metadata={"description": "le nom d'utilisateur dans ODK Collect"})
    territory = fields.String()
    created_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)


class AppUserCreatedSchema(AppUserSchema):
    token = fields.String(metadata={"description": "le mot de passe, montré cette fois seulement"})
    server_url = fields.String()
    collect_settings = fields.String(
        metadata={"description": "le QR de configuration d'ODK Collect (JSON zlib + base64)"}
    )


class SubmissionImportFormSchema(Schema):
    territory = fields.String(
        validate=validate.Length(min=1, max=32),
        metadata={"description": "code du territoire des réponses (par défaut : le premier)"},
    )


class SubmissionImportFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "export JSON ou XLSX de KoboToolbox, soumission ODK (.xml) ou ZIP "
            "de soumissions avec leurs fichiers"
        },
    )


class ImportedSubmissionSchema(Schema):
    instance_id = fields.String()
    id = fields.String()
    status = fields.String(metadata={"description": "created | duplicate | conflict"})
    notes = fields.List(fields.Dict())


class SubmissionImportReportSchema(Schema):
    created = fields.Integer()
    duplicate = fields.Integer()
    conflict = fields.Integer()
    notes = fields.Integer()
    items = fields.List(fields.Nested(ImportedSubmissionSchema))


class FormMediaSchema(Schema):
    name = fields.String()
    size = fields.Integer()
    md5 = fields.String()
    created_at = fields.DateTime()
