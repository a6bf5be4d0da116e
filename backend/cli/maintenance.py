"""``veilleurs retention``, ``backup`` and ``restore``: what an operator runs by cron or by hand."""

from __future__ import annotations

import pathlib

import click
from flask import current_app
from flask.cli import with_appcontext

from backend.cli.common import fail
from backend.services import DomainError


@click.group("retention")
def retention_group() -> None:
    """Durée de conservation : anonymisation des données brutes anciennes (à lancer par cron)."""


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="compter sans rien modifier")
@with_appcontext
def retention_apply(dry_run):
    """Anonymiser les observations plus anciennes que RETENTION_MONTHS, purger le reste."""
    from backend.extensions.database import db
    from backend.services import photos, retention

    config = current_app.config
    policy = retention.RetentionPolicy(
        config["RETENTION_MONTHS"], config["AUDIT_RETENTION_MONTHS"], config["PUBLIC_GRID_M"]
    )
    report = retention.apply(policy, dry_run=dry_run)
    db.session.commit()
    photos.delete_files(
        report.photo_ids, photos.PhotoSettings.from_settings(config)
    )  # once the rows are gone for good
    click.echo(report.summary())


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@with_appcontext
def backup(output):
    """Sauvegarder la base et les photos dans une archive .tar.gz."""
    from backend.services import backup as service

    manifest = service.create(output, pathlib.Path(current_app.config["MEDIA_DIR"]))
    counts = ", ".join(f"{v} {k}" for k, v in manifest["counts"].items())
    click.echo(f"Sauvegarde {manifest['database']} écrite dans {output} : {counts}.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--force", is_flag=True, help="écraser une base qui contient déjà des données")
@with_appcontext
def restore(archive, force):
    """Restaurer une sauvegarde (base et photos) dans la base configurée."""
    from backend.services import backup as service

    try:
        manifest = service.restore(
            archive, pathlib.Path(current_app.config["MEDIA_DIR"]), force=force
        )
    except DomainError as error:
        fail(error)
    counts = ", ".join(f"{v} {k}" for k, v in manifest["counts"].items())
    click.echo(f"Sauvegarde du {manifest['created_at'][:10]} restaurée : {counts}.")
