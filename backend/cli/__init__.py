"""The `veilleurs` command: a Flask CLI group (``veilleurs db upgrade`` comes from Flask-Migrate)
made of one module per group of commands; each calls services and prints their result."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from backend.cli.accounts import invites_group, users_group
from backend.cli.analysis import analyse_group, indicators_group, synthesis
from backend.cli.demo import demo_group
from backend.cli.maintenance import backup, restore, retention_group
from backend.cli.serving import serve, worker
from backend.cli.territories import territories_group


def _create_app() -> Flask:
    from backend import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Veilleurs : observation participative des quartiers prioritaires."""


COMMANDS = (
    territories_group,
    users_group,
    invites_group,
    demo_group,
    retention_group,
    analyse_group,
    synthesis,
    indicators_group,
    serve,
    worker,
    backup,
    restore,
)


def init_app(app: Flask) -> None:
    """Register the commands on the app, so tests drive them with ``app.test_cli_runner()``."""
    for command in COMMANDS:
        app.cli.add_command(command)
