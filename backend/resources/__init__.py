"""One package per resource noun; this list is the only place they are registered."""

from __future__ import annotations

from flask import Flask

from backend.extensions import Api


def register(app: Flask, api: Api) -> None:
    from backend.resources import (
        analyses,
        ateliers,
        audit,
        auth,
        campaigns,
        exports,
        health,
        indicators,
        me,
        observations,
        photos,
        surveys,
        sync,
        syntheses,
        territories,
        themes,
        users,
    )

    for module in (
        health,
        auth,
        me,
        territories,
        themes,
        observations,
        photos,
        surveys,
        campaigns,
        sync,
        exports,
        audit,
        analyses,
        syntheses,
        users,
        indicators,
        ateliers,
    ):
        base = getattr(module, "URL_PREFIX", "/api/v1")
        api.register_blueprint(module.blp, url_prefix=base + (module.blp.url_prefix or ""))
