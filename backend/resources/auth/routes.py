"""Joining with an invitation code, logging in, refreshing and revoking tokens, the account."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import account_policy
from backend.extensions.security import client_address, limit_join, limit_login
from backend.resources.auth.schemas import (
    JoinSchema,
    LoginSchema,
    RefreshSchema,
    TokensSchema,
)
from backend.services import accounts

blp = Blueprint("auth", __name__, description="Inscription, connexion et compte")


@blp.route("/auth/join")
class Join(MethodView):
    @blp.arguments(JoinSchema())
    @blp.response(201, TokensSchema)
    @blp.alt_response(
        403, response="FORBIDDEN", description="Code d'invitation inconnu, expiré ou épuisé"
    )
    @blp.alt_response(409, response="CONFLICT", description="Pseudonyme déjà pris")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_join
    def post(self, body):
        """Rejoindre un territoire avec un code d'invitation (pseudonyme, sans e-mail ni téléphone)"""
        tokens = accounts.join(**body, policy=account_policy())
        db.session.commit()
        return tokens


@blp.route("/auth/token")
class Token(MethodView):
    @blp.arguments(LoginSchema())
    @blp.response(200, TokensSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS", description="Trop de tentatives")
    @limit_login
    def post(self, body):
        """Se connecter avec son pseudonyme et son mot de passe"""
        tokens = accounts.login(
            body["pseudonym"], body["password"], client_address(), account_policy()
        )
        db.session.commit()
        return tokens


@blp.route("/auth/refresh")
class Refresh(MethodView):
    @blp.arguments(RefreshSchema())
    @blp.response(200, TokensSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_login
    def post(self, body):
        """Renouveler les jetons (l'ancien jeton de renouvellement est révoqué)"""
        tokens = accounts.refresh(body["refresh_token"], account_policy())
        db.session.commit()
        return tokens


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.arguments(RefreshSchema())
    @blp.response(204)
    def post(self, body):
        """Se déconnecter : la session prend fin (ses jetons d'accès aussi, immédiatement)"""
        accounts.logout(body["refresh_token"])
        db.session.commit()
