"""Open311 GeoReport v2 (``/open311/v2``): services, service requests, discovery; JSON and XML."""

from backend.resources.open311.routes import blp

URL_PREFIX = ""  # mounted at /open311/v2, outside /api/v1: clients expect the spec's paths

__all__ = ["URL_PREFIX", "blp"]
