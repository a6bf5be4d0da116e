"""Framework glue in one place: the database, migrations, the API and its blueprints, auth.

Resources import from here (``from backend.extensions import db, Blueprint, …``), never set up
Flask extensions themselves.
"""

from backend.extensions.api import Api, Blueprint
from backend.extensions.database import db, migrate

__all__ = ["Api", "Blueprint", "api", "db", "migrate"]

api = Api()
