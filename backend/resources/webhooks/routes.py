"""Webhooks: ``/webhooks`` (subscriptions of one's territories), ``/webhooks/{id}`` (one, with
its last deliveries), ``/webhooks/events`` (what can be subscribed to)."""

from __future__ import annotations

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.context import current_scope
from backend.resources.webhooks.schemas import (
    EventKindSchema,
    SubscriptionCreatedSchema,
    SubscriptionCreateSchema,
    SubscriptionDetailSchema,
    SubscriptionPatchSchema,
    SubscriptionSchema,
)
from backend.services import outbox, webhooks
from backend.services.scope import Permission

blp = Blueprint("webhooks", __name__, url_prefix="/webhooks", description="Webhooks")


def settings() -> webhooks.Settings:
    return webhooks.Settings.of(flask.current_app.config)


@blp.route("")
class Subscriptions(MethodView):
    @blp.login_required(Permission.MANAGE_WEBHOOKS)
    @blp.response(200, SubscriptionSchema(many=True))
    def get(self):
        """Les abonnements webhooks de mes territoires"""
        return db.session.scalars(webhooks.visible(current_scope()).limit(500)).all()

    @blp.login_required(Permission.MANAGE_WEBHOOKS)
    @blp.arguments(SubscriptionCreateSchema())
    @blp.response(201, SubscriptionCreatedSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self, body):
        """Abonner une adresse aux événements d'un territoire (la clé de signature n'est montrée qu'ici)"""
        subscription, _ = webhooks.create(
            current_scope(), body["url"], body["events"], body["territory"], settings()
        )
        db.session.commit()
        return subscription  # with its secret, this once


@blp.route("/events")
class EventKinds(MethodView):
    @blp.login_required(Permission.MANAGE_WEBHOOKS)
    @blp.response(200, EventKindSchema(many=True))
    def get(self):
        """Les événements auxquels on peut s'abonner"""
        return [{"code": code, "label": label} for code, label in outbox.EVENTS.items()]


@blp.route("/<uuid:subscription_id>")
class SubscriptionById(MethodView):
    @blp.login_required(Permission.MANAGE_WEBHOOKS)
    @blp.response(200, SubscriptionDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, subscription_id):
        """Un abonnement et ses 20 derniers envois"""
        return webhooks.get_visible(current_scope(), subscription_id)

    @blp.login_required(Permission.MANAGE_WEBHOOKS)
    @blp.arguments(SubscriptionPatchSchema())
    @blp.response(200, SubscriptionDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def patch(self, body, subscription_id):
        """Suspendre, reprendre ou changer l'adresse ou les événements d'un abonnement"""
        scope = current_scope()
        subscription = webhooks.get_visible(scope, subscription_id)
        webhooks.update(scope, subscription, body, settings())
        db.session.commit()
        return subscription

    @blp.login_required(Permission.MANAGE_WEBHOOKS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.limit_writes
    def delete(self, subscription_id):
        """Supprimer un abonnement (et l'historique de ses envois)"""
        scope = current_scope()
        webhooks.delete(scope, webhooks.get_visible(scope, subscription_id))
        db.session.commit()
