"""``veilleurs demo``: a demonstration on real territories, and volumes for benchmarks."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("demo")
def demo_group() -> None:
    """Démonstration."""


@demo_group.command("seed")
@click.option(
    "--size",
    type=click.Choice(["small", "medium", "large"]),
    help="ajouter un jeu volumineux : small (2 000 observations, 200 réponses), medium "
    "(20 000, 1 000), large (100 000, 5 000)",
)
@click.option(
    "--observations", type=click.IntRange(0, 1_000_000), help="nombre exact (au lieu de --size)"
)
@click.option(
    "--responses", type=click.IntRange(0, 100_000), help="nombre exact (au lieu de --size)"
)
@click.option("--seed", "random_seed", type=int, default=2026, show_default=True, help="graine")
@with_appcontext
def demo_seed(size, observations, responses, random_seed):
    """Charger une démo : territoires réels, comptes, observations ; affiche les accès."""
    from backend import demo, demo_volume

    demo.seed(echo=click.echo)
    if size or observations is not None or responses is not None:
        default_obs, default_responses = demo_volume.SIZES[size or "small"]
        demo_volume.seed_volume(
            default_obs if observations is None else observations,
            default_responses if responses is None else responses,
            random_seed,
            echo=click.echo,
        )
