"""One package per resource noun; this list is the only place they are registered."""

from __future__ import annotations

from flask import Flask

from backend.extensions import Api


def register(app: Flask, api: Api) -> None:
    from backend.resources import (
        auth,
        exports,
        health,
        indicators,
        observations,
        photos,
        sync,
        territories,
        themes,
    )

    for module in (
        health,
        auth,
        territories,
        themes,
        observations,
        photos,
        sync,
        exports,
        indicators,
    ):
        base = getattr(module, "URL_PREFIX", "/api/v1")
        api.register_blueprint(module.blp, url_prefix=base + (module.blp.url_prefix or ""))
