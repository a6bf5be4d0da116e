from backend.resources.app_users.routes import blp

__all__ = ["blp"]
