from backend.resources.observation_figures.routes import blp

__all__ = ["blp"]
