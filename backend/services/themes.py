"""The thesaurus, read once per process: it changes only through a migration."""

from __future__ import annotations

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import Theme

_cache: dict[
    tuple[str, str | None, str | None],
    tuple[tuple[tuple[str, str], ...], frozenset[str], dict[str, str]],
] = {}


def _themes() -> tuple[tuple[tuple[str, str], ...], frozenset[str], dict[str, str]]:
    """(ordered pairs, codes, labels) for the current database, read once per engine."""
    url = db.engine.url
    key = (url.drivername, url.host, url.database)
    if key not in _cache:
        rows = db.session.execute(sa.select(Theme.code, Theme.label).order_by(Theme.position))
        pairs = tuple((code, label) for code, label in rows)
        _cache[key] = (pairs, frozenset(c for c, _ in pairs), dict(pairs))
    return _cache[key]


def all_themes() -> list[dict[str, str]]:
    return [{"code": c, "label": label} for c, label in _themes()[0]]


def theme_codes() -> frozenset[str]:
    return _themes()[1]


def theme_label(code: str) -> str:
    return _themes()[2].get(code, code)
