"""``veilleurs analyse``, ``synthesis`` and ``indicators``: analyses from the command line."""

from __future__ import annotations

import pathlib
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from analysis.spreadsheet import neutralise_table
from backend.cli.common import DATE_FORMATS, fail, local_date
from backend.extensions.database import db
from backend.models.territories import TERRITORY_KINDS
from backend.services import DomainError
from backend.services.scope import Scope


@click.group("analyse")
def analyse_group() -> None:
    """Analyses sans base de données (sur des fichiers)."""


@analyse_group.command("texts")
@click.argument("input_path", metavar="INPUT.csv", type=click.Path(exists=True, dir_okay=False))
@click.option("--column", required=True, help="la colonne des textes")
@click.option("--clusters", default="auto", show_default=True, help="nombre de groupes, ou auto")
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False),
    help="CSV de sortie (défaut : INPUT-groupes.csv)",
)
@click.option(
    "--report", "report_path", type=click.Path(dir_okay=False), help="rapport .html ou .json"
)
def analyse_texts(input_path, column, clusters, output_path, report_path):
    """Regrouper des textes en français : ajoute les colonnes cluster et cluster_label."""
    from analysis.errors import AnalysisError
    from analysis.text import analyse_texts_csv

    output_path = output_path or str(
        pathlib.Path(input_path).with_name(pathlib.Path(input_path).stem + "-groupes.csv")
    )
    try:
        result = analyse_texts_csv(input_path, column, clusters, output_path, report_path)
    except AnalysisError as error:
        click.echo(f"Erreur : {error}", err=True)
        sys.exit(1)
    click.echo(
        f"{len(result.labels)} textes, {result.n_clusters} groupes ({result.criterion}) ; stabilité {result.stability:.2f}."
    )
    for cluster in result.clusters:
        click.echo(f"  {cluster.id:>3} · {cluster.size:>5} · {cluster.label}")
    click.echo(f"Écrit : {output_path}" + (f" et {report_path}" if report_path else ""))


@click.command("synthesis")
@click.option("--territory", "territory_code", required=True, help="code du territoire")
@click.option("--theme", help="code du thème (par défaut : tous, le portrait de quartier)")
@click.option(
    "--since", type=click.DateTime(DATE_FORMATS), help="observations à partir de cette date"
)
@click.option("--until", type=click.DateTime(DATE_FORMATS), help="observations avant cette date")
@click.option("--format", "fmt", required=True, type=click.Choice(["html", "pdf", "json", "csv"]))
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.option(
    "--issue", is_flag=True, help="figer la synthèse (elle se rouvrira à l'identique par l'API)"
)
@with_appcontext
def synthesis(territory_code, theme, since, until, fmt, output, issue):
    """Écrire la synthèse d'un territoire × thème × période (HTML, PDF, JSON ou CSV)."""
    from backend.services import syntheses

    rules = syntheses.DisclosureRules.from_settings(current_app.config)
    request = syntheses.SynthesisRequest(
        territory_code, theme, local_date(since), local_date(until)
    )
    try:
        if issue:
            issued = syntheses.issue(Scope.system(), request, rules)
            db.session.commit()
            content = issued.content
        else:
            content, _ = syntheses.build(Scope.system(), request, rules)
    except DomainError as error:
        fail(error)
    output.write_bytes(syntheses.render(content, fmt))
    shown = content["key_figures"]["observations"]["display"].replace("\u00a0", " ")
    frozen = f" — synthèse figée n° {content['issue']['id']}" if issue else ""
    click.echo(f"{content['title']} : {shown} signalements ; écrit dans {output}{frozen}.")


@click.group("indicators")
def indicators_group() -> None:
    """Indicateurs statistiques (INSEE, CAF, BPE) : import, comparaisons, indices composites."""


@indicators_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--source", required=True, help="source à citer (ex. « Insee, Filosofi 2016 »)")
@click.option("--territory-field", required=True, help="colonne du code de territoire (ex. CODGEO)")
@click.option("--period", type=int, help="millésime (déduit des colonnes MED16… sinon)")
@click.option("--sep", help="séparateur CSV (détecté sinon)")
@click.option("--columns", help="colonnes à importer, séparées par des virgules (toutes sinon)")
@click.option(
    "--dictionary",
    type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path),
    help="dictionnaire des colonnes (CSV : colonne, description[, unite, periode])",
)
@click.option("--geography-version", help="version de la géographie (ex. cog2017, qpv2015)")
@click.option("--label-field", help="colonne du libellé du territoire (ignorée à l'import)")
@click.option(
    "--aggregate",
    type=click.Choice(["bpe"]),
    help="bpe : équipements par IRIS et type, agrégés aux communes (effectifs et pour 1 000 hab.)",
)
@click.option(
    "--all-territories",
    is_flag=True,
    help="garder tous les territoires du fichier (sinon : ceux de la table et leurs parents)",
)
@with_appcontext
def indicators_import(path, columns, dictionary, **options):
    """Importer (ou mettre à jour) un fichier d'indicateurs INSEE/CAF : CSV ou XLSX, format large."""
    from backend.services.indicators import ImportOptions, import_indicators, record_import

    settings = ImportOptions(
        **options,
        columns=[c.strip() for c in columns.split(",") if c.strip()] if columns else None,
        dictionary=dictionary.read_bytes() if dictionary else None,
    )
    try:
        report = import_indicators(path.read_bytes(), path.name, settings)
        record_import(Scope.system(), report)
        db.session.commit()
    except DomainError as error:
        fail(error)
    click.echo(report.summary())


@indicators_group.command("compare")
@click.option("--territory", "code", required=True, help="code du territoire (ex. QP031001)")
@click.option("--output", type=click.Path(dir_okay=False, path_type=pathlib.Path), help="CSV")
@with_appcontext
def indicators_compare(code, output):
    """Comparer un territoire à sa commune, son EPCI et la France."""
    from backend.services.indicators import compare_territory

    try:
        table = compare_territory(code)
    except DomainError as error:
        fail(error)
    if output:
        neutralise_table(table).to_csv(output, index=False)
        click.echo(f"{len(table)} lignes écrites dans {output}.")
        return
    for row in table.itertuples():
        gap = (
            ""
            if row.difference != row.difference
            else f" ×{row.difference:g} ({row.difference_kind})"
            if row.difference_kind == "rapport"
            else f" {row.difference:+g} ({row.difference_kind})"
        )
        ref = (
            "—"
            if row.reference_value != row.reference_value
            else f"{row.reference_value:g} ({row.reference_period})"
        )
        click.echo(
            f"{row.indicator} {row.value:g} {row.unit} ({row.period}) | {row.reference_level} "
            f"{row.reference_code} : {ref}{gap}"
        )
        if isinstance(row.warning, str) and row.warning:
            click.echo(f"    ⚠ {row.warning}")


@indicators_group.command("composite")
@click.argument("spec_path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option(
    "--territories", "kind", default="qpv", show_default=True, type=click.Choice(TERRITORY_KINDS)
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=pathlib.Path), help="CSV")
@with_appcontext
def indicators_composite(spec_path, kind, output):
    """Calculer un indice composite défini dans un fichier TOML ; affiche la méthode."""
    from analysis.indicators import IndicatorError
    from analysis.indicators.composite import CompositeSpec
    from backend.services import Invalid
    from backend.services.indicators import composite

    try:
        try:
            spec = CompositeSpec.from_toml(spec_path.read_text(encoding="utf-8"))
        except IndicatorError as exc:
            raise Invalid(str(exc)) from exc
        result = composite(spec, kind=kind)
    except DomainError as error:
        fail(error)
    click.echo(f"Méthode : {result.method}")
    if output:
        neutralise_table(result.table).to_csv(output, index=False)
        click.echo(f"{len(result.table)} territoires écrits dans {output}.")
    else:
        click.echo(
            result.table[["territory", "score", "rank", "components_used"]].to_string(index=False)
        )
