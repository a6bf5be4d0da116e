"""Statistical indicators per territory code (INSEE, CAF, BPE…), one row per value.

The territory is a *code*, not a foreign key: comparisons need France (``FR``), EPCI
(``200054807``) or commune values that have no polygon in the territory table.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import UTCDateTime, db


class IndicatorValue(db.Model):
    __tablename__ = "indicator_value"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    territory_code: so.Mapped[str] = so.mapped_column(sa.String(64))
    indicator: so.Mapped[str] = so.mapped_column(sa.String(80))
    label: so.Mapped[str] = so.mapped_column(sa.String(300))
    unit: so.Mapped[str] = so.mapped_column(sa.String(40))
    period: so.Mapped[int]
    # NULL is a missing value (secret statistique, not published): never a zero.
    value: so.Mapped[float | None] = so.mapped_column(sa.Float)
    # What the file said instead of a number ("s", "nd"…), when the value is missing.
    flag: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    source: so.Mapped[str] = so.mapped_column(sa.String(200))
    geography_version: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    imported_at: so.Mapped[dt.datetime] = so.mapped_column(UTCDateTime)

    # No other index: every read filters on territory codes (the unique key's first column),
    # and each extra index slowed the import of the million Filosofi values.
    __table_args__ = (
        # Re-importing a file updates its values: one value per territory × indicator × period × source.
        sa.UniqueConstraint(
            "territory_code",
            "indicator",
            "period",
            "source",
            name="uq_indicator_value_territory_code",
        ),
    )
