"""Campaigns and their responses."""

from backend.resources.campaigns.routes import blp

__all__ = ["blp"]
