"""The figures of the observations: which groupings, which view of the map, and the answers."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from backend.extensions.schemas import Schema, fields, validate
from backend.resources.observations.schemas import ObservationQueryArgsSchema
from backend.services.observation_figures import DIMENSIONS, MAX_GROUPINGS


def parse_grouping(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",")]


def check_grouping(raw: str) -> None:
    by = parse_grouping(raw)
    if not 1 <= len(by) <= 2 or len(set(by)) != len(by) or not set(by) <= set(DIMENSIONS):
        raise ma.ValidationError(
            f"Regroupement inconnu « {raw[:40]} » : une ou deux dimensions distinctes parmi "
            f"{', '.join(DIMENSIONS)} (ex. theme ou theme,month)."
        )


class CountsArgsSchema(ObservationQueryArgsSchema):
    by = fields.List(
        fields.String(validate=[validate.Length(max=40), check_grouping]),
        load_default=list,
        validate=validate.Length(max=MAX_GROUPINGS),
        metadata={
            "description": "un regroupement par paramètre (répétable) : une dimension ou deux "
            f"séparées par une virgule, parmi {', '.join(DIMENSIONS)} ; mois en UTC (AAAA-MM)"
        },
    )

    @ma.post_load
    def parse_groupings(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["by"] = [parse_grouping(raw) for raw in data.get("by", [])]
        return data


class MapArgsSchema(ObservationQueryArgsSchema):
    bbox = fields.String(required=True, metadata={"description": "minlon,minlat,maxlon,maxlat"})
    zoom = fields.Integer(required=True, validate=validate.Range(min=0, max=22))


class GroupingSchema(Schema):
    by = fields.List(fields.String())
    groups = fields.List(
        fields.Dict(),
        metadata={"description": "une ligne par combinaison présente : {dimension: valeur, count}"},
    )


class CountsSchema(Schema):
    total = fields.Integer(metadata={"description": "nombre exact d'observations filtrées"})
    groupings = fields.List(fields.Nested(GroupingSchema))


class MapPointSchema(Schema):
    id = fields.String()
    lon = fields.Float()
    lat = fields.Float()
    theme = fields.String()
    polarity = fields.String()
    observed_at = fields.String()
    text = fields.String()


class MapCellSchema(Schema):
    lon = fields.Float(metadata={"description": "position moyenne des observations de la case"})
    lat = fields.Float()
    count = fields.Integer()
    difficulte = fields.Integer()
    ressource = fields.Integer()
    idee = fields.Integer()


class MapViewSchema(Schema):
    total = fields.Integer(metadata={"description": "nombre exact d'observations dans la vue"})
    points = fields.List(fields.Nested(MapPointSchema), allow_none=True)
    cells = fields.List(fields.Nested(MapCellSchema), allow_none=True)
    cell_degrees = fields.Float(metadata={"description": "largeur d'une case, en degrés"})
