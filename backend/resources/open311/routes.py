"""Open311 GeoReport v2 under ``/open311/v2``: ``discovery``, ``services``, ``services/{code}``,
``requests`` (GET, POST) and ``requests/{id}``, each ``.json`` or ``.xml``. Reading is public
(public fields only); posting takes ``api_key``, an access token of an animateur or admin account,
and is validated like ``POST /api/v1/observations``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import flask
import marshmallow as ma
from flask.views import MethodView
from werkzeug.exceptions import HTTPException

from backend.extensions import Blueprint, auth, db
from backend.extensions.context import current_scope
from backend.extensions.security import limit_daily_reports
from backend.resources.observations.schemas import ObservationCreateSchema
from backend.resources.open311.render import answer, error
from backend.resources.open311.schemas import (
    JurisdictionQuerySchema,
    RequestCreateSchema,
    RequestsQuerySchema,
)
from backend.services import DomainError, Invalid, NotFound, api_keys, observations, open311
from backend.services.scope import Permission

blp = Blueprint("open311", __name__, url_prefix="/open311/v2", description="Open311 GeoReport v2")
FMT = "<any(json, xml):fmt>"
STATUS_MESSAGES = {
    400: "Requête mal formée.",
    401: "Clé d'API (api_key) absente ou invalide : utilisez le jeton d'accès d'un compte d'animateur.",
    403: "Ce compte ne peut pas envoyer de demandes : il faut un compte d'animateur.",
    404: "Introuvable.",
    405: "Méthode non permise.",
    413: "Requête trop volumineuse.",
    429: "Trop de requêtes : réessayez plus tard.",
}


ERRORS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}
LIST: dict[str, Any] = {"type": "array", "items": {"type": "object"}}
OBJECT: dict[str, Any] = {"type": "object"}


def documented(status: int, schema: dict[str, Any], *errors: int) -> Any:
    """The spec's answers: JSON or XML, errors as a list of {code, description}."""

    def content(json_schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "content": {
                "application/json": {"schema": json_schema},
                "text/xml": {"schema": {"type": "string"}},
            }
        }

    responses = {str(status): {"description": "OK", **content(schema)}}
    for code in (400, 404, 405, *errors):
        responses[str(code)] = {"description": STATUS_MESSAGES.get(code, ""), **content(ERRORS)}
    return blp.doc(responses=responses)


def grid() -> int:
    return int(flask.current_app.config["PUBLIC_GRID_M"])


def _described(messages: Any) -> str:
    """Webargs' {location: {field: [messages]}} as one French sentence per field."""
    parts = []
    for fields_ in (messages or {}).values():
        for field, problems in (fields_ or {}).items():
            parts.append(f"{field} : {' '.join(map(str, problems))}")
    return " ; ".join(parts) or "Paramètres invalides."


@blp.before_request
def api_key_as_caller() -> None:
    """The spec's ``api_key``: a dedicated key (``vk_…``) or an access token, read as the
    Authorization header would be."""
    key = flask.request.form.get("api_key") if flask.request.method == "POST" else None
    if not key or "HTTP_AUTHORIZATION" in flask.request.environ:
        return
    if not key.startswith(api_keys.PREFIX):
        flask.request.environ["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return
    scope = api_keys.scope_for(key, flask.current_app.config["CONSENT_VERSION"])
    cache = auth.request_cache()
    cache["scope"] = scope
    cache["principal"] = auth.Principal(scope.user_id, uuid.UUID(int=0), -1)  # rate limits


def _http_error(exc: HTTPException) -> flask.Response:
    code = exc.code or 500
    data = getattr(exc, "data", {}) or {}
    if code == 422 or "messages" in data:
        return error(400, _described(data.get("messages")))
    message = data.get("message") if code == 429 else None  # a rate limit's own French message
    return error(code, message or STATUS_MESSAGES.get(code, exc.description or ""))


def _domain_error(exc: DomainError) -> flask.Response:
    db.session.rollback()
    errors = getattr(exc, "errors", None)
    status = 400 if exc.status == 422 else exc.status
    description = str(exc) + (f" ({_described({'form': errors})})" if errors else "")
    return error(status, description)


for _code in (400, 401, 403, 404, 405, 409, 413, 422, 429):
    blp.register_error_handler(_code, _http_error)
blp.register_error_handler(DomainError, _domain_error)


def _split(value: str | None) -> list[str] | None:
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    return items or None


@blp.route(f"/discovery.{FMT}")
class Discovery(MethodView):
    @documented(200, OBJECT)
    def get(self, fmt):
        """Découverte : les points d'accès GeoReport v2 de cette plateforme"""
        base = flask.request.host_url.rstrip("/") + "/open311/v2/"
        return answer(
            fmt,
            "discovery",
            {
                "changeset": "2026-12-08T00:00:00+00:00",
                "contact": "Voir l'équipe d'animation de votre territoire.",
                "key_service": "Une clé (api_key) est le jeton d'accès d'un compte d'animateur.",
                "endpoints": [
                    {
                        "specification": "http://wiki.open311.org/GeoReport_v2",
                        "url": base,
                        "changeset": "2026-12-08T00:00:00+00:00",
                        "type": "production",
                        "formats": ["application/json", "text/xml"],
                    }
                ],
            },
        )


@blp.route(f"/services.{FMT}")
class Services(MethodView):
    @blp.arguments(JurisdictionQuerySchema(), location="query")
    @documented(200, LIST)
    def get(self, args, fmt):
        """Les services (thèmes d'observation)"""
        open311.territory_ids(args.get("jurisdiction_id"))  # an unknown jurisdiction is a 404
        return answer(fmt, "services", open311.services())


@blp.route(f"/services/<string:service_code>.{FMT}")
class ServiceDefinition(MethodView):
    @blp.arguments(JurisdictionQuerySchema(), location="query")
    @documented(200, OBJECT)
    def get(self, args, service_code, fmt):
        """La définition d'un service"""
        return answer(fmt, "service_definition", open311.service_definition(service_code))


@blp.route(f"/requests.{FMT}")
class Requests(MethodView):
    @blp.arguments(RequestsQuerySchema(), location="query")
    @documented(200, LIST)
    def get(self, args, fmt):
        """Les demandes (observations), champs publics seulement"""
        ids = _split(args.get("service_request_id"))
        try:
            request_ids = [uuid.UUID(i) for i in ids] if ids else None
        except ValueError:
            raise Invalid("service_request_id : identifiant inconnu.") from None
        status = _split(args.get("status"))
        if status and set(status) - {"open", "closed"}:
            raise Invalid("status : valeurs possibles open, closed.")
        filters = open311.RequestFilters(
            ids=request_ids,
            service_codes=_split(args.get("service_code")),
            start=args.get("start_date"),
            end=args.get("end_date"),
            status=status,
            jurisdiction=args.get("jurisdiction_id"),
        )
        return answer(fmt, "service_requests", open311.find_requests(filters, grid()))

    @blp.login_required(Permission.SUBMIT_OPEN311)
    @blp.arguments(RequestCreateSchema(), location="form")
    @documented(201, LIST, 401, 403, 413, 429)
    @blp.limit_writes
    @limit_daily_reports
    def post(self, body, fmt):
        """Créer une demande depuis un outil de la ville (api_key d'un compte d'animateur)"""
        if body.get("jurisdiction_id"):
            covered = open311.territory_ids(body["jurisdiction_id"])
        else:
            covered = None
        try:
            item = ObservationCreateSchema().load(
                {
                    "id": str(uuid.uuid4()),
                    "observed_at": dt.datetime.now(dt.UTC).isoformat(),
                    "location": {"type": "Point", "coordinates": [body["long"], body["lat"]]},
                    "theme": body["service_code"],
                    "polarity": "difficulte",
                    "text": body["description"],
                }
            )
        except ma.ValidationError as invalid:
            raise Invalid("La demande n'est pas valable.", invalid.messages_dict) from None
        observation, _ = observations.create_observation(current_scope().user_id, item)
        if covered is not None and observation.territory_id not in covered:
            raise Invalid("Ce point n'est pas dans la juridiction indiquée.")
        db.session.commit()
        created = {
            "service_request_id": str(observation.id),
            "service_notice": "Merci : votre demande est transmise à l'équipe du quartier.",
            "account_id": None,
        }
        return answer(fmt, "service_requests", [created], 201)


@blp.route(f"/requests/<string:service_request_id>.{FMT}")
class RequestById(MethodView):
    @blp.arguments(JurisdictionQuerySchema(), location="query")
    @documented(200, LIST)
    def get(self, args, service_request_id, fmt):
        """Une demande"""
        try:
            request_id = uuid.UUID(service_request_id)
        except ValueError:
            raise NotFound("Demande introuvable.") from None
        found = open311.find_request(request_id, args.get("jurisdiction_id"), grid())
        return answer(fmt, "service_requests", [found])
