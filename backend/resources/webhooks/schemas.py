"""What the webhooks API reads and returns."""

from __future__ import annotations

from backend.extensions.schemas import AwareDateTime, Schema, fields, validate
from backend.services import outbox, webhooks
from backend.services.webhook_http import URL_MAX


def events_field(*, required: bool = False) -> fields.List:
    return fields.List(
        fields.String(validate=validate.OneOf(sorted(outbox.EVENTS))),
        required=required,
        validate=validate.Length(min=1, max=len(outbox.EVENTS)),
        metadata={"description": "événements : " + ", ".join(sorted(outbox.EVENTS))},
    )


class SubscriptionCreateSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=8, max=URL_MAX))
    events = events_field(required=True)
    territory = fields.String(
        validate=validate.Length(max=64),
        load_default=None,
        metadata={
            "description": "code du territoire (et de ce qu'il contient) ; absent : tous (admin)"
        },
    )


class SubscriptionPatchSchema(Schema):
    url = fields.String(validate=validate.Length(min=8, max=URL_MAX))
    events = events_field()
    active = fields.Boolean()


class DeliverySchema(Schema):
    id = fields.UUID()
    subscription = fields.UUID(attribute="subscription_id")
    event_id = fields.UUID()
    event = fields.String(attribute="kind")
    status = fields.String(metadata={"description": "pending | delivered | failed"})
    attempts = fields.Integer()
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = AwareDateTime()
    next_attempt_at = AwareDateTime(allow_none=True)
    delivered_at = AwareDateTime(allow_none=True)


class SubscriptionSchema(Schema):
    id = fields.UUID()
    url = fields.String()
    events = fields.Function(webhooks.events_of)
    territory = fields.String(attribute="territory_code", allow_none=True)
    active = fields.Boolean()
    allowed = fields.Function(
        webhooks.still_allowed,
        metadata={"description": "false : son auteur n'a plus ce droit ; rien n'est envoyé"},
    )
    created_at = AwareDateTime()


class SubscriptionDetailSchema(SubscriptionSchema):
    deliveries = fields.Method("_deliveries")

    def _deliveries(self, subscription):
        found = webhooks.recent_deliveries([subscription.id], 20)
        return DeliverySchema(many=True).dump(found)


class SubscriptionCreatedSchema(SubscriptionSchema):
    secret = fields.String(
        metadata={"description": "la clé de signature, montrée cette seule fois"}
    )


class EventKindSchema(Schema):
    code = fields.String()
    label = fields.String()
