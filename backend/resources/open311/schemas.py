"""The GeoReport v2 parameters (names from the spec), with French messages."""

from __future__ import annotations

import marshmallow as ma

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate

LIST = validate.Length(max=2000)


class RequestsQuerySchema(Schema):
    service_request_id = fields.String(
        validate=LIST, metadata={"description": "ids, séparés par des virgules"}
    )
    service_code = fields.String(
        validate=LIST, metadata={"description": "codes, séparés par des virgules"}
    )
    start_date = AwareDateTime()
    end_date = AwareDateTime()
    status = fields.String(
        validate=LIST, metadata={"description": "open, closed (séparés par des virgules)"}
    )
    jurisdiction_id = fields.String(validate=validate.Length(max=64))
    api_key = fields.String(
        validate=validate.Length(max=4000), metadata={"description": "ignoré en lecture"}
    )


class JurisdictionQuerySchema(Schema):
    jurisdiction_id = fields.String(validate=validate.Length(max=64))
    api_key = fields.String(validate=validate.Length(max=4000))


class RequestCreateSchema(Schema):
    """POST requests: the spec's fields; personal ones (email, names, phone, device…) are
    accepted and dropped, never stored; attribute[…] is ignored (no service has attributes)."""

    class Meta:
        unknown = ma.EXCLUDE

    api_key = fields.String(
        validate=validate.Length(max=4000),
        metadata={
            "description": "le jeton d'accès d'un compte d'animateur (ou l'en-tête Authorization)"
        },
    )
    jurisdiction_id = fields.String(validate=validate.Length(max=64))
    service_code = fields.String(required=True, validate=validate.Length(max=40))
    lat = fields.Float(required=True, allow_nan=False)
    long = fields.Float(required=True, allow_nan=False)
    description = fields.String(required=True, validate=validate.Length(max=20_000))
    address_string = fields.String(validate=validate.Length(max=500))
    address_id = fields.String(validate=validate.Length(max=200))
    email = fields.String(validate=validate.Length(max=320))
    device_id = fields.String(validate=validate.Length(max=200))
    account_id = fields.String(validate=validate.Length(max=200))
    first_name = fields.String(validate=validate.Length(max=200))
    last_name = fields.String(validate=validate.Length(max=200))
    phone = fields.String(validate=validate.Length(max=100))
    media_url = fields.String(validate=validate.Length(max=2000))
