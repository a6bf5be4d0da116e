from backend.resources.surveys.routes import blp

__all__ = ["blp"]
