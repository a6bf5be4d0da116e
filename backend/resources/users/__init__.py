"""Accounts for organisers: who joined, password resets without e-mail, roles (admin)."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import account_policy, current_scope
from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.extensions.security import limit_login
from backend.models.accounts import ROLES
from backend.resources.auth.schemas import TokensSchema
from backend.services import users
from backend.services.scope import Permission

blp = Blueprint("users", __name__, description="Comptes (animateurs, administrateurs)")


class UserQueryArgsSchema(Schema):
    territory = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))


class ManagedUserSchema(Schema):
    id = fields.UUID()
    pseudonym = fields.String()
    role = fields.String()
    territories = fields.Function(lambda u: [t.code for t in u.territories])
    created_at = AwareDateTime()
    last_login_at = AwareDateTime(allow_none=True)
    disabled = fields.Function(lambda u: u.disabled_at is not None)


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


@blp.route("/users")
class Users(MethodView):
    @blp.login_required(Permission.MANAGE_MEMBERS)
    @blp.arguments(UserQueryArgsSchema(), location="query")
    @blp.response(200, ManagedUserSchema(many=True))
    def get(self, args):
        """Les comptes de mes territoires (qui a rejoint, quand)"""
        return users.visible_users(current_scope(), args.get("territory"), args.get("role"))


@blp.route("/users/<uuid:user_id>")
class UserById(MethodView):
    @blp.login_required(Permission.MANAGE_MEMBERS)
    @blp.arguments(UserChangeSchema())
    @blp.response(200, ManagedUserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, body, user_id):
        """Désactiver ou réactiver un compte (animateur : les veilleurs de ses territoires) ;
        changer son rôle ou ses territoires (administrateur). Journalisé."""
        actor = current_scope()
        user = users.managed_user(actor, user_id)
        if "role" in body or "territories" in body:
            user = users.change_user(actor, user, body.get("role"), body.get("territories"))
        if "disabled" in body:
            user = users.set_disabled(actor, user, body["disabled"])
        db.session.commit()
        return user


@blp.route("/users/<uuid:user_id>/password-reset")
class UserPasswordReset(MethodView):
    @blp.login_required(Permission.MANAGE_MEMBERS)
    @blp.response(201, ResetCodeSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, user_id):
        """Créer un code de réinitialisation (48 h) à remettre de vive voix au veilleur"""
        actor = current_scope()
        code, expires = users.start_password_reset(actor, users.managed_user(actor, user_id))
        db.session.commit()
        return {"reset_code": code, "expires_at": expires}


@blp.route("/auth/reset")
class PasswordReset(MethodView):
    @blp.arguments(PasswordResetSchema())
    @blp.response(200, TokensSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_login
    def post(self, body):
        """Choisir un nouveau mot de passe avec le code remis par l'animateur"""
        tokens = users.finish_password_reset(
            body["pseudonym"], body["reset_code"], body["password"], account_policy()
        )
        db.session.commit()
        return tokens
