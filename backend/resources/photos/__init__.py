"""GET /photos/{id}: a stored photo (or its thumbnail), for those allowed to see its observation."""

from backend.resources.photos.routes import blp

__all__ = ["blp"]
