"""One package per resource noun; this list is the only place they are registered."""

from __future__ import annotations

from flask import Flask

from backend.extensions import Api


def register(app: Flask, api: Api) -> None:
    from backend.resources import (
        analyses,
        api_keys,
        audit,
        auth,
        campaigns,
        exports,
        health,
        indicators,
        me,
        observations,
        open311,
        photos,
        surveys,
        sync,
        syntheses,
        territories,
        themes,
        users,
        webhooks,
    )

    for module in (
        health,
        auth,
        me,
        api_keys,
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
        webhooks,
        open311,
    ):
        base = getattr(module, "URL_PREFIX", "/api/v1")
        api.register_blueprint(module.blp, url_prefix=base + (module.blp.url_prefix or ""))
