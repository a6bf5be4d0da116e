from backend.resources.territories.routes import blp

__all__ = ["blp"]
