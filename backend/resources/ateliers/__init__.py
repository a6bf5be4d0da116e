"""Ateliers (workshop mode): organisers' routes and participants' routes."""

from backend.resources.ateliers.routes import blp

__all__ = ["blp"]
