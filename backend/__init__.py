"""Veilleurs' web application: the HTTP API, its documentation, the CLI and the PWA's files."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from typing import Any

from flask import Flask

from backend.config import ROOT, Config

__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides the settings read from the environment."""
    app = Flask(__name__, static_folder=None)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # French text stays readable
    app.json.sort_keys = False  # type: ignore[attr-defined]  # fields in the schemas' order
    settings = Config()
    app.config.from_object(settings)
    app.config["MIGRATIONS_DIR"] = ROOT / "migrations"
    if config:
        app.config.update(config)
    pathlib.Path(app.config["MEDIA_DIR"]).mkdir(parents=True, exist_ok=True)

    from backend import cli, resources, web
    from backend.extensions import api, context, database, security

    database.init_app(app)
    security.init_app(app)
    api.init_app(app)
    context.init_app(app)
    resources.register(app, api)
    cli.init_app(app)
    web.init_app(app)
    from backend import webhook_jobs

    webhook_jobs.init_app(app)
    return app
