"""Webhooks: subscriptions of organisers to the events of their territories, and their deliveries."""

from backend.resources.webhooks.routes import blp

__all__ = ["blp"]
