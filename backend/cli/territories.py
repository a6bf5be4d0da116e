"""``veilleurs territories``: the outlines of QPV, communes, IRIS."""

from __future__ import annotations

import pathlib

import click
from flask.cli import with_appcontext

from backend.cli.common import fail
from backend.extensions.database import db
from backend.models.territories import TERRITORY_KINDS
from backend.services import DomainError
from backend.services.scope import Scope


@click.group("territories")
def territories_group() -> None:
    """Territoires : import des contours (QPV, communes, IRIS…)."""


@territories_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--kind", required=True, type=click.Choice(TERRITORY_KINDS))
@click.option("--code-field", required=True, help="champ du code officiel (ex. code_qp)")
@click.option("--name-field", required=True, help="champ du nom (ex. nom_qp)")
@click.option("--parent-field", help="champ du code du territoire parent (ex. code_commune)")
@click.option("--population-field", help="champ de population (détecté s'il s'appelle population…)")
@click.option(
    "--version", help="version de la géographie (ex. qpv2015) ; par défaut le nom du fichier"
)
@click.option("--source", help="source à citer (par défaut le nom du fichier)")
@with_appcontext
def territories_import(
    path, kind, code_field, name_field, parent_field, population_field, version, source
):
    """Importer (ou mettre à jour) des territoires : GeoJSON, GeoPackage ou Shapefile zippé."""
    from backend.services.territories import FieldMap, import_territories, record_import

    fields = FieldMap(code_field, name_field, parent_field, population_field)
    try:
        report = import_territories(path, kind=kind, fields=fields, version=version, source=source)
        record_import(Scope.system(), report)
        db.session.commit()
    except DomainError as error:
        fail(error)
    click.echo(report.summary())
