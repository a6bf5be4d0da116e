"""flask-smorest subclasses: strict JSON parsing, French error messages, one error payload."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flask
import flask_smorest
import flask_smorest.pagination
import marshmallow as ma
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from backend.extensions import french
from backend.extensions.errors import STATUS_MESSAGES

if TYPE_CHECKING:
    from backend.services.scope import Permission

french.install()

MAX_PAGE = 100_000
_pagination_schema = flask_smorest.pagination._pagination_parameters_schema_factory


def _bounded_pagination_schema(def_page: int, def_page_size: int, def_max_page_size: int) -> Any:
    """flask-smorest's pagination parameters, with a bounded page number: an absurd page
    (10^20) must be a 422, not an OFFSET the database cannot hold."""
    base = _pagination_schema(def_page, def_page_size, def_max_page_size)

    class PaginationParametersSchema(base):  # type: ignore[valid-type,misc]
        page = ma.fields.Integer(
            load_default=def_page, validate=ma.validate.Range(min=1, max=MAX_PAGE)
        )

    return PaginationParametersSchema


flask_smorest.pagination._pagination_parameters_schema_factory = _bounded_pagination_schema  # type: ignore[assignment]

MAX_JSON_DEPTH = 32


class JSONBodyError(ValueError):
    """A request body that is not acceptable JSON (the message says why, in French)."""


def _reject_constant(name: str) -> Any:
    raise JSONBodyError(f"Valeur non autorisée en JSON : {name}.")


# A JSON number the API can hold: a 64-bit integer, a finite double. Python would parse any
# integer (beyond 4,300 digits it raises a ValueError that is not a JSON error) and turn 1e999
# into an infinity that no column or JSON document can store.
INT_LIMIT = 2**63


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or not -INT_LIMIT <= (value := int(text)) < INT_LIMIT:
        raise JSONBodyError(
            f"Nombre entier trop grand ({len(text.lstrip('-'))} chiffres) : au plus "
            "9 223 372 036 854 775 807 en valeur absolue."
        )
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JSONBodyError("Nombre décimal trop grand : il dépasse ce qu'un nombre peut valoir.")
    return value


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise JSONBodyError(f"La clé « {dup} » apparaît plusieurs fois.")
    return obj


def _check_depth(value: Any) -> None:
    """Bounded nesting, and no NUL character in any key or text (PostgreSQL refuses them)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise JSONBodyError(f"JSON trop imbriqué (plus de {MAX_JSON_DEPTH} niveaux).")
        if isinstance(node, dict):
            for key, item in node.items():
                if "\x00" in key or (isinstance(item, str) and "\x00" in item):
                    raise JSONBodyError("Caractère nul (\\0) interdit dans le texte.")
                if isinstance(item, dict | list):
                    stack.append((item, depth + 1))
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, str) and "\x00" in item:
                    raise JSONBodyError("Caractère nul (\\0) interdit dans le texte.")
                if isinstance(item, dict | list):
                    stack.append((item, depth + 1))


def parse_json_body(data: bytes) -> Any:
    """Strict JSON: valid UTF-8, no NaN/Infinity, bounded numbers, no duplicate keys, bounded
    nesting."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JSONBodyError("Le corps de la requête n'est pas du texte UTF-8 valide.") from exc
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            object_pairs_hook=_reject_duplicate_keys,
        )
    except RecursionError as exc:
        raise JSONBodyError(f"JSON trop imbriqué (plus de {MAX_JSON_DEPTH} niveaux).") from exc
    except json.JSONDecodeError as exc:
        raise JSONBodyError(
            f"Le corps de la requête n'est pas du JSON valide (ligne {exc.lineno}, "
            f"colonne {exc.colno})."
        ) from exc
    _check_depth(value)
    return value


class StrictParser(FlaskParser):
    """webargs parser with the strict JSON rules above and French messages."""

    DEFAULT_VALIDATION_STATUS = 422

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not req.get_data(cache=True):
            return super()._raw_load_json(req)
        if not req.is_json:
            flask_smorest.abort(
                415,
                message="Le corps de la requête doit être du JSON (Content-Type: application/json).",
            )
        try:
            return parse_json_body(req.get_data(cache=True))
        except JSONBodyError as exc:
            flask_smorest.abort(400, message=str(exc), errors={"json": [str(exc)]})


GEOJSON = "application/geo+json"


def wants_geojson() -> bool:
    """The client asked for GeoJSON (``Accept: application/geo+json``) rather than JSON."""
    return flask.request.accept_mimetypes.best_match(["application/json", GEOJSON]) == GEOJSON


def file_contents(json_schema: Any, *content_types: str) -> dict[str, Any]:
    """OpenAPI doc for a 200 that is JSON, or a file in these formats (``format=`` parameter)."""
    content: dict[str, Any] = {"application/json": {"schema": json_schema}}
    for ct in content_types:
        is_json = ct.endswith("json")
        content[ct] = {
            "schema": {"type": "object"} if is_json else {"type": "string", "format": "binary"}
        }
    return {"content": content}


def reject_nul_characters() -> None:
    """A NUL character has no place in any text a person sends, and PostgreSQL refuses it."""
    request = flask.request
    if "\x00" in request.path or any(
        "\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)
    ):
        flask_smorest.abort(
            400, message="Caractère nul (\\0) interdit dans l'adresse ou les paramètres."
        )


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def limit_writes(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Limit this write per account (``RATE_LIMIT_WRITE``) and document its 429."""
        from backend.extensions.security import limit_writes

        return self.alt_response(429, response="TOO_MANY_REQUESTS")(limit_writes(func))

    def login_required(
        self, permission: Permission | None = None, *, consent: bool = True
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Require a valid access token of an account that is still allowed in (and holds
        ``permission``, by its *current* role); documents 401 and 403.

        Writes also require the current privacy notice to have been accepted (``consent``):
        when its version changes, residents are asked again before they contribute.
        """

        # Imported here: the models import this package (the database), and the scope reads them.
        from backend.extensions.context import current_scope
        from backend.services.scope import roles_with

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                scope = current_scope()
                if permission is not None and not scope.can(permission):
                    flask_smorest.abort(403, message="Votre rôle ne permet pas cette action.")
                if (
                    consent
                    and flask.request.method not in ("GET", "HEAD", "OPTIONS")
                    and not scope.consented
                ):
                    flask_smorest.abort(
                        403,
                        message="La notice de confidentialité a changé : lisez-la et acceptez-la "
                        "pour continuer à contribuer.",
                        errors={"json": {"consent": ["consent_required"]}},
                    )
                return func(*args, **kwargs)

            wrapper = self.alt_response(401, response="UNAUTHORIZED")(wrapper)
            wrapper = self.alt_response(403, response="FORBIDDEN")(wrapper)
            doc: dict[str, Any] = {"security": [{"bearerAuth": []}]}
            if permission is not None:
                doc["x-permission"] = permission.value
                doc["x-roles"] = list(roles_with(permission))
            return self.doc(**doc)(wrapper)

        return decorator


class Api(flask_smorest.Api):
    """One error payload ``{code, status, message, errors}``, with a French message always."""

    def init_app(self, app: flask.Flask, *args: Any, **kwargs: Any) -> None:
        super().init_app(app, *args, **kwargs)
        app.before_request(reject_nul_characters)
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        )
        self.spec.components.security_scheme(
            "participationToken",
            {"type": "apiKey", "in": "header", "name": "X-Participation"},
        )

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        payload, code, headers = super().handle_http_exception(error)
        if "message" not in payload:
            custom = getattr(getattr(error, "limit", None), "error_message", None)
            payload["message"] = (
                error.description  # a rate limit with its own French message
                if custom
                else STATUS_MESSAGES.get(code, error.description or error.name)
            )
        return payload, code, headers
