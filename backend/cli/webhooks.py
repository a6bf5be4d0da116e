"""``veilleurs webhooks``: sending the waiting events without Redis (from cron)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("webhooks")
def webhooks_group() -> None:
    """Webhooks."""


@webhooks_group.command("relay")
@with_appcontext
def webhooks_relay():
    """Envoyer maintenant les événements en attente et les nouvelles tentatives dues (sans Redis :
    à lancer régulièrement, par exemple chaque minute depuis cron)."""
    from flask import current_app

    from backend import webhook_jobs

    made, sent = webhook_jobs.run(current_app._get_current_object(), reschedule=False)
    click.echo(f"{made} envoi(s) préparé(s), {sent} tentative(s) faite(s).")
