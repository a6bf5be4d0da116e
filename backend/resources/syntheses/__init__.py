from backend.resources.syntheses.routes import blp

__all__ = ["blp"]
