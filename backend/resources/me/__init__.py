"""The account and the residents' rights: the notice, consent, export, erasure."""

from backend.resources.me.routes import blp

__all__ = ["blp"]
