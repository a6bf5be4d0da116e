"""POST /analyses (202, a job) and GET /analyses/{id}: text clusters, hotspots, typologies."""

from backend.resources.analyses.routes import blp

__all__ = ["blp"]
