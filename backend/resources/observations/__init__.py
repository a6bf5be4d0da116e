from backend.resources.observations.routes import blp

__all__ = ["blp"]
