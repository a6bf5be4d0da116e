"""GET /audit: the log of sensitive actions, for admins (JSON, CSV or XLSX)."""

from backend.resources.audit.routes import blp

__all__ = ["blp"]
