"""An observation as residents send it and as the API returns it."""

from __future__ import annotations

from typing import Any

import flask
import marshmallow as ma
from flask_smorest.fields import Upload
from geoalchemy2.shape import to_shape

from backend.extensions.context import current_scope
from backend.extensions.schemas import (
    AwareDateTime,
    PointSchema,
    Schema,
    StrictFloat,
    fields,
    not_in_future,
    point_to_geojson,
    validate,
)
from backend.models.observations import POLARITIES, STATUSES
from backend.services.photos import signed_query
from backend.services.themes import theme_codes


def _secret() -> str:
    return flask.current_app.config["SECRET_KEY"]


def check_theme(value: str) -> None:
    codes = theme_codes()
    if value not in codes:
        raise ma.ValidationError(f"Thème inconnu ; thèmes possibles : {', '.join(sorted(codes))}.")


def check_text(value: str) -> None:
    limit = flask.current_app.config["OBSERVATION_TEXT_MAX"]
    if not value.strip():
        raise ma.ValidationError(
            "Le texte est vide : décrivez en quelques mots ce que vous observez."
        )
    if len(value) > limit:
        raise ma.ValidationError(f"Texte trop long ({len(value)} caractères ; maximum {limit}).")


POLARITY_CHOICES = validate.OneOf(
    POLARITIES, error="Polarité inconnue ; valeurs possibles : difficulte, ressource, idee."
)


class ObservationContentSchema(Schema):
    observed_at = AwareDateTime(required=True, validate=not_in_future)
    location = fields.Nested(PointSchema, required=True)
    accuracy_m = StrictFloat(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=100_000)
    )
    theme = fields.String(required=True, validate=check_theme)
    polarity = fields.String(required=True, validate=POLARITY_CHOICES)
    text = fields.String(required=True, validate=check_text)

    @ma.post_load
    def flatten_location(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if "location" in data:
            data["lon"], data["lat"] = data.pop("location")
        if "text" in data:
            data["text"] = data["text"].strip()
        return data


class ObservationCreateSchema(ObservationContentSchema):
    id = fields.UUID(
        required=True, metadata={"description": "UUID v4 généré par le client (idempotence)"}
    )


class ObservationPatchSchema(ObservationContentSchema):
    """Every field optional (load it with ``partial=True``); moderation fields are for animateurs."""

    status = fields.String(validate=validate.OneOf(STATUSES))
    moderation_reason = fields.String(allow_none=True, validate=validate.Length(max=1000))
    reviewed = fields.Boolean(
        validate=validate.Equal(
            True, error="Une observation relue le reste : seul true est permis."
        ),
        metadata={"description": "true : marquer comme relue, sans rien changer d'autre"},
    )


class PhotoUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "la photo (JPEG, PNG ou WebP)"})


class PhotoRefSchema(Schema):
    id = fields.UUID()
    url = fields.Function(
        lambda p: flask.url_for(
            "photos.PhotoById", photo_id=p.id, **signed_query(p.id, "full", _secret())
        )
    )
    thumbnail_url = fields.Function(
        lambda p: flask.url_for(
            "photos.PhotoById", photo_id=p.id, **signed_query(p.id, "thumb", _secret())
        )
    )
    width = fields.Integer()
    height = fields.Integer()


def _location(observation: Any) -> dict[str, Any]:
    point = to_shape(observation.geom)
    return point_to_geojson(point.x, point.y)


class ObservationSchema(Schema):
    id = fields.UUID()
    observed_at = AwareDateTime()
    received_at = AwareDateTime()
    updated_at = AwareDateTime(allow_none=True)
    location = fields.Function(_location)
    accuracy_m = fields.Float(allow_none=True)
    theme = fields.String()
    submitted_theme = fields.String(allow_none=True)
    polarity = fields.String()
    text = fields.String()
    territory = fields.Function(lambda o: o.territory_code)
    status = fields.String()
    moderation_reason = fields.String(allow_none=True)
    reviewed = fields.Function(
        lambda o: o.moderated_at is not None,
        metadata={
            "description": "vue par un animateur (masquée, rétablie, validée ou recatégorisée)"
        },
    )
    photos = fields.List(fields.Nested(PhotoRefSchema))
    mine = fields.Function(lambda o: o.author_id == current_scope().user_id)


class ObservationQueryArgsSchema(Schema):
    territory = fields.String(
        metadata={"description": "code du territoire (et ses sous-territoires)"}
    )
    theme = fields.String(validate=check_theme)
    polarity = fields.String(validate=POLARITY_CHOICES)
    status = fields.String(validate=validate.OneOf(STATUSES))
    since = AwareDateTime()
    until = AwareDateTime()
    bbox = fields.String(
        metadata={"description": "minlon,minlat,maxlon,maxlat"},
    )
    mine = fields.Boolean(load_default=False)
    reviewed = fields.Boolean(
        metadata={"description": "false : la file de modération (pas encore vues par un animateur)"}
    )

    @ma.post_load
    def parse_bbox(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if "bbox" in data:
            data["bbox"] = parse_bbox(data["bbox"])
        return data


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    try:
        minx, miny, maxx, maxy = (float(v) for v in raw.split(","))
    except ValueError as exc:
        raise ma.ValidationError(
            "bbox attendu : minlon,minlat,maxlon,maxlat (quatre nombres).", "bbox"
        ) from exc
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise ma.ValidationError("bbox incohérent : min < max, dans les limites du globe.", "bbox")
    return minx, miny, maxx, maxy
