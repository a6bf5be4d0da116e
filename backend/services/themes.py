"""The thesaurus, read once per process: it changes only through a migration."""

from __future__ import annotations

import functools

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import Theme


@functools.cache
def _themes(_engine_url: str) -> tuple[tuple[str, str], ...]:
    rows = db.session.execute(sa.select(Theme.code, Theme.label).order_by(Theme.position))
    return tuple((code, label) for code, label in rows)


def all_themes() -> list[dict[str, str]]:
    return [{"code": c, "label": label} for c, label in _themes(str(db.engine.url))]


def theme_codes() -> set[str]:
    return {c for c, _ in _themes(str(db.engine.url))}


def theme_label(code: str) -> str:
    return dict(_themes(str(db.engine.url))).get(code, code)
