"""Alembic environment for both databases (GeoAlchemy2's helpers handle spatial columns)."""

import logging

from alembic import context
from flask import current_app
from geoalchemy2 import alembic_helpers

config = context.config
logger = logging.getLogger("alembic.env")


def include_object(obj, name, obj_type, reflected, compare_to):
    """Leave alone what the spatial extensions own (SpatiaLite's metadata, PostGIS' tables)."""
    if obj_type == "table" and reflected and compare_to is None:
        return False  # a table with no model: SpatiaLite's or PostGIS' own
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)


def run_migrations_online():
    db = current_app.extensions["migrate"].db
    engine = db.engine
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=db.metadata,
            include_object=include_object,
            process_revision_directives=alembic_helpers.writer,
            render_item=alembic_helpers.render_item,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported: run `veilleurs db upgrade`.")
run_migrations_online()
