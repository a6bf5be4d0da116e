"""Migrations are the only way the schema is made, and spatial lookups use the spatial index."""

from __future__ import annotations

import sqlalchemy as sa


def test_autogenerate_finds_nothing_to_add(app):
    import flask_migrate

    with app.app_context():
        flask_migrate.check()  # exits when models and migrations differ


def test_a_model_change_would_be_detected(app, caplog):
    """The check above can fail: a column added to a model without a migration is reported."""
    import flask_migrate
    import pytest

    from backend.extensions.database import db

    column = sa.Column("not_migrated", sa.Integer)
    table = db.metadata.tables["theme"]
    table.append_column(column)
    try:
        with app.app_context(), pytest.raises(SystemExit):
            flask_migrate.check()
    finally:
        table._columns.remove(column)
    assert "not_migrated" in caplog.text


def query_plan(app, statement, params):
    from backend.extensions.database import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            rows = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {statement}"), params).all()
            return " | ".join(str(row[-1]) for row in rows)
        # Few rows in tests: forbid sequential scans to see whether the index *can* be used.
        db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        rows = db.session.execute(sa.text(f"EXPLAIN {statement}"), params).all()
        db.session.rollback()
        return " | ".join(row[0] for row in rows)


def compiled(app, expression):
    from backend.extensions.database import db

    with app.app_context():
        return str(expression.compile(db.engine, compile_kwargs={"literal_binds": True}))


def test_territory_assignment_uses_the_spatial_index(app):
    from backend.services import spatial

    with app.app_context():
        sql = compiled(app, sa.select(spatial.smallest_territory(1.33, 43.47)))
    plan = query_plan(app, sql, {})
    if app.config["TEST_DATABASE_KIND"] == "spatialite":
        assert "SpatialIndex" in plan and "VIRTUAL TABLE INDEX" in plan, plan
    else:
        assert "idx_territory_geom" in plan, plan


def test_bbox_filter_uses_the_spatial_index(app):
    from backend.models import Observation
    from backend.services import spatial

    with app.app_context():
        sql = compiled(
            app,
            sa.select(Observation.id).where(spatial.observations_in_bbox((1.2, 43.3, 1.5, 43.6))),
        )
    plan = query_plan(app, sql, {})
    if app.config["TEST_DATABASE_KIND"] == "spatialite":
        assert "SpatialIndex" in plan, plan
    else:
        assert "idx_observation_geom" in plan, plan
