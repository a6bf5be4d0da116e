from backend.resources.auth.routes import blp

__all__ = ["blp"]
