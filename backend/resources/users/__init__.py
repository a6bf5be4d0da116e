"""Accounts for organisers: who joined, password resets without e-mail, roles (admin)."""

from backend.resources.users.routes import blp

__all__ = ["blp"]
