"""The OpenRosa endpoints a phone calls under its server URL (``…/openrosa``): ``formList``,
the XForm and its manifest, ``submission`` (HEAD, then POST multipart).

Authentication is HTTP Basic with an app user's name and token, over HTTPS only (set
``OPENROSA_REQUIRE_HTTPS=0`` only behind a proxy that terminates TLS without saying so).
"""

from __future__ import annotations

import email.utils
import functools
from collections.abc import Callable
from typing import Any

import flask

from backend.extensions import db
from backend.extensions.context import photo_settings
from backend.extensions.downloads import download
from backend.models import AppUser, Campaign
from backend.services import Conflict, DomainError, openrosa
from backend.services.media import store_from_config
from surveys import InvalidSurveyError
from surveys.instance import InstanceError

blp = flask.Blueprint("openrosa", __name__)
URL_PREFIX = "/openrosa"
XML = "text/xml; charset=utf-8"


def reply(body: str, status: int = 200, **headers: str) -> flask.Response:
    response = flask.Response(body, status=status, content_type=XML)
    response.headers["X-OpenRosa-Version"] = "1.0"
    response.headers["Date"] = email.utils.formatdate(usegmt=True)
    response.headers.update(headers)
    return response


def message(text: str, status: int, nature: str = "") -> flask.Response:
    return reply(openrosa.openrosa_message(text, nature), status)


def app_user_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """HTTP Basic with an app user's credentials, over HTTPS; 401 asks for them."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if flask.current_app.config["OPENROSA_REQUIRE_HTTPS"] and not flask.request.is_secure:
            return message("ODK Collect doit se connecter en HTTPS.", 403)
        auth = flask.request.authorization
        app_user = None
        if auth is not None and auth.type == "basic":
            app_user = openrosa.authenticate(auth.username or "", auth.password or "")
        if app_user is None:
            response = message("Identifiants ODK Collect manquants, inconnus ou révoqués.", 401)
            response.headers["WWW-Authenticate"] = 'Basic realm="Veilleurs", charset="UTF-8"'
            return response
        campaign = db.session.get(Campaign, app_user.campaign_id)
        return view(app_user, campaign, *args, **kwargs)

    return wrapper


def base_url() -> str:
    return flask.request.host_url.rstrip("/") + URL_PREFIX


@blp.get("/formList")
@app_user_required
def form_list(app_user: AppUser, campaign: Campaign) -> flask.Response:
    return reply(openrosa.form_list(campaign, base_url()))


def _own(campaign: Campaign, campaign_id: Any) -> None:
    if campaign.id != campaign_id:
        flask.abort(message("Formulaire introuvable.", 404))


@blp.get("/forms/<uuid:campaign_id>.xml")
@app_user_required
def form(app_user: AppUser, campaign: Campaign, campaign_id: Any) -> flask.Response:
    _own(campaign, campaign_id)
    try:
        return reply(openrosa.xform(campaign.survey))
    except InvalidSurveyError as error:
        return message(error.issues[0].message if error.issues else str(error), 409)


@blp.get("/forms/<uuid:campaign_id>/manifest")
@app_user_required
def manifest(app_user: AppUser, campaign: Campaign, campaign_id: Any) -> flask.Response:
    _own(campaign, campaign_id)
    return reply(openrosa.manifest(campaign, base_url()))


@blp.get("/forms/<uuid:campaign_id>/media/<path:name>")
@app_user_required
def media(app_user: AppUser, campaign: Campaign, campaign_id: Any, name: str) -> flask.Response:
    _own(campaign, campaign_id)
    try:
        found = openrosa.media_named(campaign, name)
    except DomainError:
        return message("Fichier introuvable.", 404)
    data = store_from_config(flask.current_app.config).read(openrosa.media_key(found))
    response = download(data, "application/octet-stream", found.name)
    response.headers["X-OpenRosa-Version"] = "1.0"
    return response


@blp.route("/submission", methods=["HEAD", "POST"])
@app_user_required
def submission(app_user: AppUser, campaign: Campaign) -> flask.Response:
    limit = str(flask.current_app.config["MAX_CONTENT_LENGTH"])
    if flask.request.method == "HEAD":
        return reply("", 204, **{"X-OpenRosa-Accept-Content-Length": limit})
    upload = flask.request.files.get("xml_submission_file")
    if upload is None:
        return message("La soumission doit contenir le fichier xml_submission_file.", 400)
    xml = upload.read()
    files = {
        (part.filename or name): part.read()
        for name, part in flask.request.files.items(multi=True)
        if name != "xml_submission_file"
    }
    try:
        status, _ = openrosa.receive(app_user, xml, files, photo_settings())
    except InstanceError as error:
        db.session.rollback()
        return message(str(error), 400)
    except Conflict as error:
        db.session.rollback()
        return message(str(error), 409)
    except DomainError as error:
        db.session.rollback()
        return message(str(error), 400 if error.status == 422 else error.status)
    db.session.commit()
    text = "Réponse bien reçue." if status == openrosa.CREATED else "Réponse déjà reçue."
    return message(text, 201, "submit_success")
