"""GET /themes: the thesaurus of observation themes."""

from backend.resources.themes.routes import blp

__all__ = ["blp"]
