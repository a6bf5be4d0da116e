"""Observations read into a table for the analyses and the syntheses, and the fingerprint of
what was read: one reader and one fingerprint for every computation that publishes figures.

The rows come as plain columns (at 100,000 rows, ORM objects would cost more than the
computation), ordered by date then id so that the same data gives the same table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd
import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import Observation

COLUMNS = (
    "id",
    "lon",
    "lat",
    "theme",
    "polarity",
    "territory",
    "text",
    "observed_at",
    "changed_at",
    "author",
)


def read(where: list[sa.ColumnElement[bool]]) -> pd.DataFrame:
    """The observations matching ``where`` (see ``observations.scope_conditions``), one row
    each, with the columns of :data:`COLUMNS`; moments are aware (UTC)."""
    query = sa.select(
        Observation.id,
        sa.func.ST_X(Observation.geom).label("lon"),
        sa.func.ST_Y(Observation.geom).label("lat"),
        Observation.theme,
        Observation.polarity,
        Observation.territory_code.label("territory"),
        Observation.text,
        Observation.observed_at,
        sa.func.coalesce(Observation.updated_at, Observation.received_at).label("changed_at"),
        Observation.author_id.label("author"),
    ).where(*where)
    rows = db.session.execute(query.order_by(Observation.observed_at, Observation.id)).all()
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if len(frame):
        # SpatiaLite returns naive datetimes through plain columns: they are UTC.
        for column in ("observed_at", "changed_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        frame["id"] = frame["id"].astype(str)
    return frame


def fingerprint(frame: pd.DataFrame) -> dict[str, Any]:
    """What a computation read: its number of rows and a SHA-256 over their ids (and the moment
    each last changed, when the table has it), enough to tell later whether the data changed."""
    if not len(frame):
        lines: list[str] = []
    elif "changed_at" in frame:
        lines = [
            f"{i}|{pd.Timestamp(t).isoformat()}"
            for i, t in zip(frame["id"], frame["changed_at"], strict=True)
        ]
    else:
        lines = [str(i) for i in frame["id"]]
    return {
        "rows": len(frame),
        "rows_sha256": hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest(),
        "read_at": dt.datetime.now(dt.UTC).isoformat(),
    }
