"""App users of a campaign (ODK Collect / Enketo access) as organisers create and see them."""

from __future__ import annotations

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
