"""Territories: QPV, communes, IRIS, EPCI or custom zones, each a (multi)polygon with an official code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db

TERRITORY_KINDS = ("iris", "qpv", "commune", "epci", "departement", "custom")


class Territory(db.Model):
    __tablename__ = "territory"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    # A code, not a foreign key: a QPV may be imported before its commune, and the link
    # resolves as soon as both exist.
    parent_code: so.Mapped[str | None] = so.mapped_column(sa.String(64), index=True)
    version: so.Mapped[str] = so.mapped_column(sa.String(40))
    population: so.Mapped[int | None]
    area_m2: so.Mapped[float] = so.mapped_column(sa.Float)
    properties: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    source: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    geom: so.Mapped[Any] = so.mapped_column(
        Geometry(geometry_type="MULTIPOLYGON", srid=4326, spatial_index=True)
    )
    imported_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint(f"kind IN {TERRITORY_KINDS}", name="kind"),)

    def __repr__(self) -> str:
        return f"<Territory {self.code} {self.kind}>"
