"""A local street file (Base Adresse Nationale CSV): the console names an observation's nearest"""

from backend.resources.streets.routes import blp

__all__ = ["blp"]
