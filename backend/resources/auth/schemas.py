"""Joining, logging in and the account as the API shows it."""

from __future__ import annotations

import re

import marshmallow as ma

from backend.extensions.context import account_policy
from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.models.accounts import ROLES
from backend.services import accounts
from backend.services.scope import INVITABLE_ROLES, PERMISSIONS

PSEUDONYM_PATTERN = re.compile(r"^[\w .'’-]+$")


def check_pseudonym(value: str) -> None:
    """A pseudonym, not an identity: no e-mail address, no phone number."""
    if not PSEUDONYM_PATTERN.match(value):
        raise ma.ValidationError(
            "Lettres, chiffres, espaces, tirets, points et apostrophes seulement."
        )
    if sum(c.isdigit() for c in value) >= 6:
        raise ma.ValidationError(
            "Un pseudonyme ne doit pas contenir de numéro de téléphone : choisissez un surnom."
        )


class JoinSchema(Schema):
    invite_code = fields.String(required=True, validate=validate.Length(min=4, max=40))
    pseudonym = fields.String(
        required=True,
        validate=[
            validate.Length(
                min=3, max=40, error="Le pseudonyme doit faire entre 3 et 40 caractères."
            ),
            check_pseudonym,
        ],
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=8, max=200, error="Le mot de passe doit faire entre 8 et 200 caractères."
        ),
    )
    consent = fields.Boolean(required=True)


class LoginSchema(Schema):
    pseudonym = fields.String(required=True, validate=validate.Length(min=1, max=40))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class RefreshSchema(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=10, max=200))


class ConsentSchema(Schema):
    version = fields.String()
    accepted_at = AwareDateTime()


class UserSchema(Schema):
    id = fields.UUID()
    pseudonym = fields.String()
    role = fields.String(metadata={"example": "veilleur"})
    territories = fields.Function(lambda user: [t.code for t in user.territories])
    created_at = AwareDateTime()
    consent = fields.Function(
        lambda user: ConsentSchema().dump(user.consents[-1]) if user.consents else None
    )
    consent_required = fields.Function(
        lambda user: accounts.consent_required(user, account_policy())
    )
    permissions = fields.Function(
        lambda user: sorted(PERMISSIONS.get(user.role, ())),
        metadata={
            "description": "ce que le rôle permet (la console n'affiche que ces écrans ; "
            "l'API reste juge)"
        },
    )
    invitable_roles = fields.Function(
        lambda user: [role for role in ROLES if role in INVITABLE_ROLES.get(user.role, ())],
        metadata={"description": "les rôles que ce compte peut donner par une invitation"},
    )


class TokensSchema(Schema):
    user = fields.Nested(UserSchema)
    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.Constant("Bearer")
