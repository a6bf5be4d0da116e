"""Accounts for organisers: who joined, password resets without e-mail, roles (admin)."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import account_policy, current_scope, photo_settings
from backend.extensions.database import flush_erased_pages
from backend.extensions.downloads import page_of
from backend.extensions.security import limit_login
from backend.resources.auth.schemas import TokensSchema
from backend.resources.users.schemas import (
    ManagedUserSchema,
    MemberSchema,
    PasswordResetSchema,
    ResetCodeSchema,
    UserChangeSchema,
    UserQueryArgsSchema,
)
from backend.services import photos, users
from backend.services.scope import Permission

blp = Blueprint("users", __name__, description="Comptes (animateurs, administrateurs)")


@blp.route("/users")
class Users(MethodView):
    @blp.login_required(Permission.MANAGE_MEMBERS)
    @blp.arguments(UserQueryArgsSchema(), location="query")
    @blp.response(200, MemberSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Les membres de mes territoires : qui a rejoint, quand, dernière activité, contributions"""
        query = users.members_query(
            current_scope(), args.get("territory"), args.get("role"), args.get("q")
        )
        return users.members(page_of(query, pagination_parameters))


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

    @blp.login_required(Permission.MANAGE_MEMBERS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, user_id):
        """Retirer un membre : son compte est supprimé, ses contributions restent sans lien avec
        personne (animateur : les veilleurs de ses territoires ; administrateur : tous). Journalisé."""
        actor = current_scope()
        photo_ids = users.remove(actor, users.managed_user(actor, user_id))
        db.session.commit()
        photos.delete_files(photo_ids, photo_settings())
        flush_erased_pages()


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
