"""API keys of one's own account, for a city's Open311 tools (``/me/api-keys``)."""

from backend.resources.api_keys.routes import blp

__all__ = ["blp"]
