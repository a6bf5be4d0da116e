"""One package per resource noun; this list is the only place they are registered."""

from __future__ import annotations

from flask import Flask

from backend.extensions import Api


def register(app: Flask, api: Api) -> None:
    from backend.resources import (
        analyses,
        api_keys,
        app_users,
        ateliers,
        audit,
        auth,
        campaigns,
        exports,
        health,
        indicators,
        me,
        observation_figures,
        observations,
        open311,
        openrosa,
        photos,
        streets,
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
        observation_figures,
        observations,
        photos,
        surveys,
        campaigns,
        app_users,
        sync,
        exports,
        audit,
        analyses,
        syntheses,
        users,
        indicators,
        streets,
        webhooks,
        open311,
        ateliers,
    ):
        base = getattr(module, "URL_PREFIX", "/api/v1")
        api.register_blueprint(module.blp, url_prefix=base + (module.blp.url_prefix or ""))
    # Not JSON, not the API's tokens: outside the OpenAPI document (docs/API.md describes it).
    app.register_blueprint(openrosa.blp, url_prefix=openrosa.URL_PREFIX)
