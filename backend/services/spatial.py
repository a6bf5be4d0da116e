"""The SQL that differs between PostGIS and SpatiaLite, kept in this one module.

Both must use their spatial index on hot paths (see DESIGN.md's pitfalls): PostGIS does so on
its own for ST_Covers on an indexed column; SpatiaLite only when the query names its
``SpatialIndex`` virtual table.
"""

from __future__ import annotations

import sqlalchemy as sa

from backend.extensions.database import db


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def point_expr(
    lon: sa.ColumnElement[float] | float, lat: sa.ColumnElement[float] | float
) -> sa.ColumnElement:
    """A WGS84 point as a SQL expression (bound parameters or columns)."""
    if is_sqlite():
        return sa.func.MakePoint(lon, lat, 4326)
    return sa.func.ST_SetSRID(sa.func.ST_MakePoint(lon, lat), 4326)


_spatial_index = sa.table(
    "SpatialIndex",
    sa.column("ROWID"),
    sa.column("f_table_name"),
    sa.column("f_geometry_column"),
    sa.column("search_frame"),
)


def spatialite_index_filter(
    table: str, rowid: sa.ColumnElement, frame: sa.ColumnElement
) -> sa.ColumnElement[bool]:
    """SpatiaLite uses its R*Tree only through this virtual-table lookup."""
    candidates = sa.select(_spatial_index.c.ROWID).where(
        _spatial_index.c.f_table_name == table,
        _spatial_index.c.f_geometry_column == "geom",
        _spatial_index.c.search_frame == frame,
    )
    return rowid.in_(candidates)


def smallest_territory(
    lon: sa.ColumnElement[float] | float, lat: sa.ColumnElement[float] | float
) -> sa.ScalarSelect:
    """Scalar subquery: id of the smallest territory covering the point (the most specific)."""
    from backend.models import Territory

    point = point_expr(lon, lat)
    query = sa.select(Territory.id).where(sa.func.ST_Covers(Territory.geom, point))
    if is_sqlite():
        rowid = sa.literal_column("territory.ROWID")
        query = query.where(spatialite_index_filter("territory", rowid, point))
    return query.order_by(Territory.area_m2).limit(1).scalar_subquery()


def observations_in_bbox(bbox: tuple[float, float, float, float]) -> sa.ColumnElement[bool]:
    """WHERE clause: the observation lies in the box (lon/lat), using the spatial index."""
    from backend.models import Observation

    minx, miny, maxx, maxy = bbox
    if is_sqlite():
        frame = sa.func.BuildMbr(minx, miny, maxx, maxy, 4326)
        rowid = sa.literal_column("observation.ROWID")
        return sa.and_(
            spatialite_index_filter("observation", rowid, frame),
            sa.func.MbrWithin(Observation.geom, frame) == 1,
        )
    envelope = sa.func.ST_MakeEnvelope(minx, miny, maxx, maxy, 4326)
    return sa.and_(
        Observation.geom.op("&&")(envelope), sa.func.ST_Covers(envelope, Observation.geom)
    )


def points_in_box(
    table: str, column: sa.ColumnElement, bbox: tuple[float, float, float, float]
) -> sa.ColumnElement[bool]:
    """WHERE clause: the table's point lies in the box (lon/lat), using the spatial index."""
    minx, miny, maxx, maxy = bbox
    if is_sqlite():
        frame = sa.func.BuildMbr(minx, miny, maxx, maxy, 4326)
        rowid = sa.literal_column(f"{table}.ROWID")
        return sa.and_(
            spatialite_index_filter(table, rowid, frame), sa.func.MbrWithin(column, frame) == 1
        )
    envelope = sa.func.ST_MakeEnvelope(minx, miny, maxx, maxy, 4326)
    return column.op("&&")(envelope)
