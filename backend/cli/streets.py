"""``veilleurs streets``: the address points that name the street nearest to a report."""

from __future__ import annotations

import pathlib

import click
from flask.cli import with_appcontext

from backend.cli.common import fail
from backend.extensions.database import db
from backend.services import DomainError
from backend.services.scope import Scope


@click.group("streets")
def streets_group() -> None:
    """Rues : import d'un fichier de la Base Adresse Nationale (CSV)."""


@streets_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@with_appcontext
def streets_import(path):
    """Importer les adresses d'une ou plusieurs communes (CSV de la BAN, séparateur ;)."""
    from backend.services.streets import import_streets

    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            report = import_streets(Scope.system(), stream)
        db.session.commit()
    except DomainError as error:
        fail(error)
    click.echo(
        f"{report.points} adresses importées pour {report.communes} commune(s)"
        f" ; {report.skipped} ligne(s) illisible(s) ignorée(s)."
    )
