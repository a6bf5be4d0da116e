"""POST /sync: the offline outbox of a phone, in one request, answered per item."""

from backend.resources.sync.routes import blp

__all__ = ["blp"]
