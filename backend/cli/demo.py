"""``veilleurs demo``: a demonstration on real territories."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("demo")
def demo_group() -> None:
    """Démonstration."""


@demo_group.command("seed")
@with_appcontext
def demo_seed():
    """Charger une démo : territoires réels, comptes, observations ; affiche les accès."""
    from backend import demo

    demo.seed(echo=click.echo)
