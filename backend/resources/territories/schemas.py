from __future__ import annotations

from flask_smorest.fields import Upload

from backend.extensions.schemas import AwareDateTime, Schema, StrictInteger, fields, validate
from backend.models.accounts import ROLES
from backend.models.territories import TERRITORY_KINDS


class TerritorySchema(Schema):
    code = fields.String(metadata={"example": "QP031001"})
    name = fields.String()
    kind = fields.String(metadata={"example": "qpv"})
    parent_code = fields.String(allow_none=True)
    version = fields.String(metadata={"example": "qpv2015"})
    population = fields.Integer(allow_none=True)
    area_km2 = fields.Function(lambda t: round(t.area_m2 / 1e6, 3))


class TerritoryQueryArgsSchema(Schema):
    kind = fields.String(validate=validate.OneOf(TERRITORY_KINDS))
    parent = fields.String(metadata={"description": "code du territoire parent"})
    version = fields.String()
    mine = fields.Boolean(metadata={"description": "seulement mes territoires (et leurs enfants)"})


class InviteCreateSchema(Schema):
    role = fields.String(load_default="veilleur", validate=validate.OneOf(ROLES))
    max_uses = StrictInteger(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=100_000)
    )
    expires_at = AwareDateTime(allow_none=True, load_default=None)


class InviteSchema(Schema):
    code = fields.String(metadata={"example": "K7QM-3XPA"})
    territory = fields.Function(lambda invite: invite.territory.code)
    role = fields.String()
    max_uses = fields.Integer(allow_none=True)
    uses = fields.Integer()
    expires_at = AwareDateTime(allow_none=True)
    created_at = AwareDateTime()
    revoked_at = AwareDateTime(allow_none=True)
    join_url = fields.Method("make_join_url")

    def make_join_url(self, invite) -> str:
        from flask import request

        return f"{request.host_url}?invite={invite.code}"


class TerritoryImportFormSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(TERRITORY_KINDS))
    code_field = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name_field = fields.String(required=True, validate=validate.Length(min=1, max=100))
    parent_field = fields.String(validate=validate.Length(min=1, max=100))
    population_field = fields.String(validate=validate.Length(min=1, max=100))
    version = fields.String(validate=validate.Length(min=1, max=40))
    source = fields.String(validate=validate.Length(min=1, max=300))


class TerritoryImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "GeoJSON, GeoPackage ou Shapefile zippé"})


class TerritoryImportReportSchema(Schema):
    file = fields.String()
    kind = fields.String()
    version = fields.String()
    total = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    repaired = fields.List(fields.String())
    grouped = fields.List(fields.String())
    summary = fields.String()
