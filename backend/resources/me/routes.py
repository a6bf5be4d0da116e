"""The account and the residents' rights: the notice, consent, export, erasure."""

from __future__ import annotations

import json

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import account_policy, current_scope, current_user, photo_settings
from backend.extensions.database import flush_erased_pages
from backend.extensions.downloads import download, safe_filename
from backend.resources.auth.schemas import TokensSchema, UserSchema
from backend.resources.me.schemas import EraseArgsSchema, NewsSchema, PrivacyNoticeSchema
from backend.services import follow_ups, photos, rights
from backend.services.scope import Permission

blp = Blueprint("me", __name__, description="Mon compte et mes droits")


@blp.route("/privacy")
class Privacy(MethodView):
    @blp.response(200, PrivacyNoticeSchema)
    def get(self):
        """La notice de confidentialité en vigueur (texte et version)"""
        return rights.privacy_notice(account_policy())


@blp.route("/me")
class Me(MethodView):
    @blp.login_required()
    @blp.response(200, UserSchema)
    def get(self):
        """Mon compte : pseudonyme, rôle, territoires, consentement"""
        return current_user()

    @blp.login_required(consent=False)
    @blp.arguments(EraseArgsSchema(), location="query")
    @blp.response(204)
    def delete(self, args):
        """Supprimer mon compte ; mes contributions sont supprimées (ou gardées anonymes si je le demande)"""
        result = rights.erase(current_user(), keep_contributions=args["keep_contributions"])
        db.session.commit()
        photos.delete_files(result["photo_ids"], photo_settings())
        flush_erased_pages()


@blp.route("/me/news")
class News(MethodView):
    @blp.login_required(Permission.REPORT)
    @blp.response(200, NewsSchema(many=True))
    def get(self):
        """Mes nouveautés : le suivi de mes observations (réponses des animateurs) et les
        enquêtes ouvertes sur mon territoire, des plus récentes aux plus anciennes"""
        return follow_ups.news(current_scope())


@blp.route("/me/consent")
class Consent(MethodView):
    @blp.login_required(consent=False)
    @blp.response(200, TokensSchema)
    def post(self):
        """Accepter la notice de confidentialité en vigueur (renvoie de nouveaux jetons)"""
        tokens = rights.accept_current_notice(current_user(), account_policy())
        db.session.commit()
        return tokens


@blp.route("/me/export")
class Export(MethodView):
    @blp.login_required()
    @blp.response(200, content_type="application/json", description="Toutes mes contributions")
    def get(self):
        """Télécharger tout ce que j'ai contribué (format lisible par une machine)"""
        data = rights.export(
            current_user(),
            lambda photo_id: flask.url_for("photos.PhotoById", photo_id=photo_id, _external=True),
        )
        return download(
            json.dumps(data, ensure_ascii=False, indent=2),
            "application/json",
            safe_filename("mes-donnees-veilleurs", "json", dated=True),
        )
