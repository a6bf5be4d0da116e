from backend.resources.indicators.routes import blp

__all__ = ["blp"]
