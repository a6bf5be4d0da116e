"""Figures on the observations a person may see, computed by the database (``GROUP BY``) over
the caller's scope and filters: exact counts by theme, type, month and territory (and pairs of
them), and the map of the current view as cells of a grid — never a sample of downloaded rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from backend.extensions.database import db
from backend.extensions.paris_time import paris_month
from backend.models import Observation, Territory
from backend.services.observations import ObservationFilters, scope_conditions
from backend.services.scope import Scope

DIMENSIONS = ("theme", "polarity", "month", "territory")
MAX_GROUPINGS = 8  # a request asks for at most this many groupings
CELL_PIXELS = 48  # a cell of the map's grid is about this wide on screen (256-pixel tiles)
POINTS_MAX = 400  # up to this many observations in the view, the points themselves


def month_expr() -> sa.ColumnElement[str]:
    """``YYYY-MM`` of the observation's date in France's time, on both databases."""
    return paris_month(Observation.observed_at)


def _column(dimension: str) -> sa.ColumnElement[Any]:
    if dimension == "month":
        return month_expr()
    if dimension == "territory":
        return Observation.territory_id
    return getattr(Observation, dimension)


def counts(
    scope: Scope, filters: ObservationFilters, groupings: Sequence[Sequence[str]]
) -> dict[str, Any]:
    """``{"total": n, "groupings": [{"by": [...], "groups": [{dim: value, "count": n}]}]}``:
    one ``GROUP BY`` per grouping, on the same conditions as the list."""
    where = scope_conditions(scope, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Observation).where(*where))
    results = []
    territory_ids: set[int] = set()
    for by in groupings:
        columns = [_column(d).label(d) for d in by]
        query = (
            sa.select(*columns, sa.func.count().label("count"))
            .where(*where)
            .group_by(*columns)
            .order_by(*columns)
        )
        groups = [dict(row) for row in db.session.execute(query).mappings()]
        if "territory" in by:
            territory_ids.update(g["territory"] for g in groups if g["territory"] is not None)
        results.append({"by": list(by), "groups": groups})
    if territory_ids:
        codes = dict(
            db.session.execute(
                sa.select(Territory.id, Territory.code).where(Territory.id.in_(territory_ids))
            ).all()
        )
        for result in results:
            if "territory" in result["by"]:
                for group in result["groups"]:
                    group["territory"] = codes.get(group["territory"])
    return {"total": total or 0, "groupings": results}


def cell_size(zoom: int) -> float:
    """The width in degrees of a grid cell at this zoom level (about ``CELL_PIXELS`` pixels)."""
    return 360 / (2**zoom) * CELL_PIXELS / 256


def view(
    scope: Scope, filters: ObservationFilters, zoom: int, points_max: int | None = None
) -> dict[str, Any]:
    """The observations of the view (``filters.bbox``): the points when there are few, else
    cells of a grid aligned on the globe (count by type and the mean position of each cell)."""
    where = scope_conditions(scope, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Observation).where(*where))
    x, y = sa.func.ST_X(Observation.geom), sa.func.ST_Y(Observation.geom)
    if (total or 0) <= (POINTS_MAX if points_max is None else points_max):
        query = sa.select(
            Observation.id,
            x.label("lon"),
            y.label("lat"),
            Observation.theme,
            Observation.polarity,
            Observation.observed_at,
            Observation.text,
        ).where(*where)
        points = [
            {**row, "id": str(row["id"]), "observed_at": row["observed_at"].isoformat()}
            for row in db.session.execute(query.order_by(Observation.observed_at)).mappings()
        ]
        return {"total": total or 0, "points": points, "cells": None}
    size = cell_size(zoom)
    col = sa.func.floor(x / size).label("col")
    row_ = sa.func.floor(y / size).label("row")
    by_polarity = {
        p: sa.func.sum(sa.case((Observation.polarity == p, 1), else_=0)).label(p)
        for p in ("difficulte", "ressource", "idee")
    }
    query = (
        sa.select(
            col,
            row_,
            sa.func.count().label("count"),
            sa.func.avg(x).label("lon"),
            sa.func.avg(y).label("lat"),
            *by_polarity.values(),
        )
        .where(*where)
        .group_by(col, row_)
    )
    cells = [
        {
            "lon": round(float(r["lon"]), 6),
            "lat": round(float(r["lat"]), 6),
            "count": int(r["count"]),
            **{p: int(r[p] or 0) for p in by_polarity},
        }
        for r in db.session.execute(query).mappings()
    ]
    cells.sort(key=lambda c: -c["count"])
    return {"total": total or 0, "points": None, "cells": cells, "cell_degrees": size}
