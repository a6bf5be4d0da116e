"""``paris_month(column)``: the ``YYYY-MM`` of a moment in France's time, in SQL on both
databases — a report made at 00:30 on the 1st of February (23:30 UTC the day before) counts in
February, as the resident and the facilitator read it. PostgreSQL has the time zone database;
SQLite gets a small function on each connection (``register_sqlite``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

PARIS = ZoneInfo("Europe/Paris")
SQLITE_FUNCTION = "veilleurs_paris_month"


def month_in_paris(value: str | None) -> str | None:
    """The Paris month of a moment stored by SQLite (ISO text, UTC when it has no offset)."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(PARIS).strftime("%Y-%m")


class paris_month(FunctionElement[str]):
    type = sa.String()
    inherit_cache = True


@compiles(paris_month)
def _paris_month_default(element: paris_month, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(paris_month, "postgresql")
def _paris_month_postgresql(element: paris_month, compiler: Any, **kw: Any) -> str:
    argument = compiler.process(element.clauses, **kw)
    return f"to_char(timezone('Europe/Paris', {argument}), 'YYYY-MM')"


def register_sqlite(dbapi_connection: Any) -> None:
    dbapi_connection.create_function(SQLITE_FUNCTION, 1, month_in_paris, deterministic=True)
