"""Shared marshmallow pieces: strict numbers, aware datetimes, GeoJSON points, the service area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

# Metropolitan France, Corsica and the overseas departments with QPV (lon/lat boxes).
SERVICE_AREA = {
    "France métropolitaine": (-5.5, 41.2, 9.9, 51.3),
    "Guadeloupe": (-61.9, 15.8, -60.9, 16.6),
    "Martinique": (-61.3, 14.3, -60.7, 14.9),
    "Guyane": (-54.7, 2.0, -51.5, 5.9),
    "La Réunion": (55.1, -21.5, 55.9, -20.8),
    "Mayotte": (44.9, -13.1, 45.4, -12.5),
}


def in_service_area(lon: float, lat: float) -> bool:
    return any(x0 <= lon <= x1 and y0 <= lat <= y1 for x0, y0, x1, y1 in SERVICE_AREA.values())


class Schema(ma.Schema):
    """Unknown fields are refused (a typo in a field name is an error, not silently dropped)."""

    class Meta:
        unknown = ma.RAISE


class StrictFloat(fields.Float):
    """A JSON number: strings ("12"), booleans, NaN and infinities are refused."""

    def _validated(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._validated(value)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_nan=False, **kwargs)


class StrictInteger(fields.Integer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _validated(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._validated(value)


class AwareDateTime(fields.AwareDateTime):
    """ISO 8601 with an offset; stored and returned in UTC."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dt.datetime:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs).astimezone(dt.UTC)


def not_in_future(value: dt.datetime) -> None:
    if value > dt.datetime.now(dt.UTC) + dt.timedelta(hours=1):
        raise ma.ValidationError(
            "Cette date est dans le futur : vérifiez la date de votre téléphone."
        )
    if value.year < 2000:
        raise ma.ValidationError("Date trop ancienne.")


class PointSchema(Schema):
    """A GeoJSON Point, WGS84 ``[longitude, latitude]`` (RFC 7946 order)."""

    type = fields.String(
        required=True, validate=validate.Equal("Point", error="Le type doit être « Point ».")
    )
    coordinates = fields.List(
        StrictFloat(),
        required=True,
        validate=validate.Length(
            min=2, max=3, error="Deux nombres attendus : [longitude, latitude]."
        ),
    )

    @ma.validates_schema
    def check_coordinates(self, data: dict[str, Any], **_: Any) -> None:
        lon, lat = data["coordinates"][:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ma.ValidationError(
                "Coordonnées hors limites : longitude entre -180 et 180, latitude entre -90 et 90 "
                "(ordre GeoJSON : [longitude, latitude]).",
                "coordinates",
            )
        if not in_service_area(lon, lat):
            hint = (
                " On dirait que latitude et longitude sont inversées : l'ordre attendu est "
                "[longitude, latitude]."
                if in_service_area(lat, lon)
                else ""
            )
            raise ma.ValidationError(
                "Ce point est hors du territoire couvert (France et départements d'outre-mer)."
                + hint,
                "coordinates",
            )

    @ma.post_load
    def to_lon_lat(self, data: dict[str, Any], **_: Any) -> tuple[float, float]:
        lon, lat = data["coordinates"][:2]
        return (float(lon), float(lat))


def point_to_geojson(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
