"""Address points of a local street file (the Base Adresse Nationale's CSV format): what the
console names as the nearest street of an observation, so an organiser recognises the place."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy import orm as so

from backend.extensions.database import db


class StreetPoint(db.Model):
    __tablename__ = "street_point"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    street: so.Mapped[str] = so.mapped_column(sa.String(200))
    commune: so.Mapped[str] = so.mapped_column(sa.String(100))
    # INSEE code of the commune: a new import of a commune replaces its points.
    insee: so.Mapped[str] = so.mapped_column(sa.String(10), index=True)
    postcode: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    geom: so.Mapped[Any] = so.mapped_column(
        Geometry(geometry_type="POINT", srid=4326, spatial_index=True)
    )
