"""The shapes of /users: members, their changes and password resets."""

from __future__ import annotations

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.models.accounts import ROLES
from backend.services import accounts, users


class UserQueryArgsSchema(Schema):
    territory = fields.String(validate=validate.Length(max=64))
    role = fields.String(validate=validate.OneOf(ROLES))
    q = fields.String(
        validate=validate.Length(max=users.MAX_SEARCH),
        metadata={"description": "une partie du pseudonyme (sans tenir compte des accents)"},
    )


class ManagedUserSchema(Schema):
    id = fields.UUID()
    pseudonym = fields.String()
    role = fields.String()
    territories = fields.Function(lambda u: [t.code for t in u.territories])
    created_at = AwareDateTime()
    last_login_at = AwareDateTime(allow_none=True)
    disabled = fields.Function(lambda u: u.disabled_at is not None)


class MemberSchema(ManagedUserSchema):
    observations = fields.Integer(metadata={"description": "observations envoyées"})
    responses = fields.Integer(metadata={"description": "réponses aux enquêtes"})
    last_activity_at = AwareDateTime(
        allow_none=True,
        metadata={"description": "dernière connexion, observation ou réponse"},
    )
    reset_pending = fields.Function(
        lambda u: u.reset_expires_at is not None and u.reset_expires_at > accounts.now(),
        metadata={"description": "un code de réinitialisation non utilisé est en cours"},
    )


class UserChangeSchema(Schema):
    role = fields.String(validate=validate.OneOf(ROLES))
    territories = fields.List(
        fields.String(validate=validate.Length(max=64)), validate=validate.Length(max=500)
    )
    disabled = fields.Boolean(
        metadata={"description": "désactiver le compte (ses sessions prennent fin) ou le réactiver"}
    )


class ResetCodeSchema(Schema):
    reset_code = fields.String()
    expires_at = AwareDateTime()


class PasswordResetSchema(Schema):
    pseudonym = fields.String(required=True, validate=validate.Length(min=1, max=40))
    reset_code = fields.String(required=True, validate=validate.Length(min=4, max=40))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=8, max=200, error="Le mot de passe doit faire entre 8 et 200 caractères."
        ),
    )
