"""``veilleurs serve`` (gunicorn) and ``veilleurs worker`` (RQ)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=None, type=int, help="par défaut $PORT ou 5000")
@click.option("--bind", help="adresse d'écoute HOST:PORT ou unix:CHEMIN (remplace --host/--port)")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="processus : 1 sans Redis (limites de débit exactes), 2 avec REDIS_URL",
)
@click.option("--threads", default=None, type=click.IntRange(min=1), help="fils par processus (16)")
def serve(host, port, bind, workers, threads):
    """Servir l'application (gunicorn) ; exposée sur Internet, mettez nginx devant (README)."""
    import os

    from backend.serving import THREADS, default_workers, gunicorn_command

    redis_url = os.environ.get("REDIS_URL") or None
    workers = workers or default_workers(redis_url)
    if workers > 1 and not redis_url:
        click.echo(
            f"Attention : sans REDIS_URL, chacun des {workers} processus compte ses propres "
            f"limites de débit (chaque limite est multipliée par {workers}). Définissez "
            "REDIS_URL, ou gardez un seul processus.",
            err=True,
        )
    bind = bind or f"{host}:{port or int(os.environ.get('PORT', 5000))}"
    command = gunicorn_command(bind, workers, threads or THREADS)
    os.execvp(command[0], command)


@click.command("worker")
@click.option("--burst", is_flag=True, help="traiter les tâches en attente puis s'arrêter")
@with_appcontext
def worker(burst):
    """Exécuter les analyses en file d'attente (RQ sur Redis, REDIS_URL requis)."""
    from flask import current_app
    from rq import Worker

    from backend.jobs import redis_connection

    url = current_app.config.get("REDIS_URL")
    if not url:
        click.echo(
            "Erreur : REDIS_URL n'est pas défini ; sans Redis, les analyses tournent dans le serveur web.",
            err=True,
        )
        sys.exit(1)
    Worker([current_app.config["JOBS_QUEUE"]], connection=redis_connection(url)).work(burst=burst)
