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
from backend.models.observations import FOLLOW_UP_STATUSES, POLARITIES, STATUSES
from backend.services import follow_ups, streets
from backend.services.photos import signed_query
from backend.services.scope import Permission
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


class FollowUpStepSchema(Schema):
    status = fields.String()
    label = fields.Function(lambda step: follow_ups.LABELS[step.status])
    to_whom = fields.String(allow_none=True)
    public_reply = fields.String(allow_none=True)
    at = AwareDateTime()


def _street(observation: Any) -> str | None:
    """The nearest street (a local street file imported), for those who moderate: one query
    per observation, and none when no file was imported."""
    if not current_scope().can(Permission.MODERATE):
        return None
    if "has_streets" not in flask.g:
        flask.g.has_streets = streets.has_streets()
    if not flask.g.has_streets:
        return None
    point = to_shape(observation.geom)
    return streets.nearest_street(point.x, point.y)


def _follow_up(observation: Any) -> dict[str, Any]:
    status = follow_ups.current_status(observation)
    return {
        "status": status,
        "label": follow_ups.LABELS[status],
        "history": FollowUpStepSchema(many=True).dump(observation.follow_ups),
    }


class FollowUpCreateSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(
            FOLLOW_UP_STATUSES,
            error="Étape inconnue ; étapes possibles : " + ", ".join(FOLLOW_UP_STATUSES) + ".",
        ),
    )
    to_whom = fields.String(
        allow_none=True,
        validate=validate.Length(max=follow_ups.MAX_TO_WHOM),
        metadata={"description": "à qui elle est transmise : bailleur, mairie, service…"},
    )
    public_reply = fields.String(
        allow_none=True,
        validate=validate.Length(max=follow_ups.MAX_REPLY),
        metadata={"description": "réponse publique, lue par l'auteur"},
    )


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
    street = fields.Function(
        _street,
        metadata={"description": "rue la plus proche (à 150 m au plus), pour les animateurs"},
    )
    follow_up = fields.Function(
        _follow_up,
        metadata={"description": "le suivi public : étape actuelle et historique (sans auteur)"},
    )


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
    q = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "mots du texte (sans tenir compte des majuscules ni des accents)"},
    )
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


class NeighboursSchema(Schema):
    """A GeoJSON FeatureCollection: points on the public grid; theme, polarity, text, month,
    follow-up status; never an author."""

    type = fields.String()
    features = fields.List(fields.Dict())


class BulkModerationSchema(Schema):
    ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=1, max=200, error="Entre 1 et 200 observations à la fois."),
    )
    action = fields.String(
        required=True,
        validate=validate.OneOf(
            ("review", "hide", "theme"), error="Action inconnue : review, hide ou theme."
        ),
    )
    reason = fields.String(allow_none=True, validate=validate.Length(max=1000))
    theme = fields.String(allow_none=True, validate=check_theme)


class BulkResultSchema(Schema):
    count = fields.Integer()
    action = fields.String()
