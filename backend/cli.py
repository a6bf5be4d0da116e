"""The `veilleurs` command: a Flask CLI group (``veilleurs db upgrade`` comes from Flask-Migrate)."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from analysis.spreadsheet import neutralise_table
from backend.extensions.database import db
from backend.models.accounts import ROLES
from backend.models.territories import TERRITORY_KINDS
from backend.services import DomainError, audit
from backend.services.scope import Scope


def _create_app() -> Flask:
    from backend import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Veilleurs : observation participative des quartiers prioritaires."""


def fail(error: DomainError) -> None:
    db.session.rollback()
    click.echo(f"Erreur : {error}", err=True)
    for field, messages in getattr(error, "errors", {}).items():
        click.echo(f"  {field} : {' '.join(map(str, messages))}", err=True)
    sys.exit(1)


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


@click.group("users")
def users_group() -> None:
    """Comptes : création d'administrateurs, d'animateurs et d'analystes."""


@users_group.command("create")
@click.option("--pseudonym", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option(
    "--territory", "territory_codes", multiple=True, help="code de territoire (répétable)"
)
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="lire le mot de passe sur l'entrée standard",
)
@with_appcontext
def users_create(pseudonym, role, territory_codes, password_stdin):
    """Créer un compte (le mot de passe est lu sur l'entrée standard, jamais en argument)."""
    from backend.services.accounts import create_user, record_consent
    from backend.services.territories import get_territory

    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        click.echo("Erreur : le mot de passe doit faire au moins 8 caractères.", err=True)
        sys.exit(1)
    try:
        territories = [get_territory(code) for code in territory_codes]
        user = create_user(pseudonym, password, role, territories)
        record_consent(user)
        audit.record(
            Scope.system(),
            "user.create",
            target_type="user",
            target_id=user.id,
            role=role,
            territories=list(territory_codes),
        )
        db.session.commit()
    except DomainError as error:
        fail(error)
    click.echo(f"Compte créé : {user.pseudonym} ({role}) {' '.join(territory_codes)}".rstrip())


@click.group("invites")
def invites_group() -> None:
    """Invitations : codes à distribuer aux veilleurs."""


@invites_group.command("create")
@click.option("--territory", "territory_code", required=True)
@click.option("--role", default="veilleur", type=click.Choice(ROLES), show_default=True)
@click.option(
    "--uses", type=click.IntRange(min=1), help="nombre d'utilisations (illimité par défaut)"
)
@click.option(
    "--expires", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M"])
)
@with_appcontext
def invites_create(territory_code, role, uses, expires):
    """Créer un code d'invitation pour un territoire ; affiche le code."""
    from backend.services.accounts import create_invite
    from backend.services.territories import get_territory

    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=dt.UTC)
    try:
        invite = create_invite(
            Scope.system(),
            get_territory(territory_code),
            role=role,
            max_uses=uses,
            expires_at=expires,
        )
        db.session.commit()
    except DomainError as error:
        fail(error)
    click.echo(invite.code)


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
    """Exécuter les analyses et les envois de webhooks en file d'attente (RQ sur Redis, REDIS_URL
    requis) ; le planificateur relance les envois échoués à leur heure."""
    from flask import current_app
    from rq import Worker

    from backend.services.jobs import redis_connection

    url = current_app.config.get("REDIS_URL")
    if not url:
        click.echo(
            "Erreur : REDIS_URL n'est pas défini ; sans Redis, les analyses tournent dans le serveur web.",
            err=True,
        )
        sys.exit(1)
    Worker([current_app.config["JOBS_QUEUE"]], connection=redis_connection(url)).work(
        burst=burst, with_scheduler=True
    )


@click.group("webhooks")
def webhooks_group() -> None:
    """Webhooks."""


@webhooks_group.command("relay")
@with_appcontext
def webhooks_relay():
    """Envoyer maintenant les événements en attente et les nouvelles tentatives dues (sans Redis :
    à lancer régulièrement, par exemple chaque minute depuis cron)."""
    from flask import current_app

    from backend.services import webhook_jobs

    made, sent = webhook_jobs.run(current_app._get_current_object(), reschedule=False)
    click.echo(f"{made} envoi(s) préparé(s), {sent} tentative(s) faite(s).")


@click.group("retention")
def retention_group() -> None:
    """Durée de conservation : anonymisation des données brutes anciennes (à lancer par cron)."""


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="compter sans rien modifier")
@with_appcontext
def retention_apply(dry_run):
    """Anonymiser les observations plus anciennes que RETENTION_MONTHS, purger le reste."""
    from backend.services import retention

    click.echo(retention.apply(dry_run=dry_run).summary())


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@with_appcontext
def backup(output):
    """Sauvegarder la base et les photos dans une archive .tar.gz."""
    from backend.services import backup as service

    manifest = service.create(output)
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
        manifest = service.restore(archive, force=force)
    except DomainError as error:
        fail(error)
    counts = ", ".join(f"{v} {k}" for k, v in manifest["counts"].items())
    click.echo(f"Sauvegarde du {manifest['created_at'][:10]} restaurée : {counts}.")


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


@click.group("demo")
def demo_group() -> None:
    """Démonstration."""


@demo_group.command("seed")
@with_appcontext
def demo_seed():
    """Charger une démo : territoires réels, comptes, observations ; affiche les accès."""
    from backend import demo

    demo.seed(echo=click.echo)


def _local_date(value: dt.datetime | None) -> dt.datetime | None:
    """A date typed on the command line is read in France's time zone unless it has one."""
    if value is None or value.tzinfo is not None:
        return value
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=ZoneInfo("Europe/Paris"))


DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M"]


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

    request = syntheses.SynthesisRequest(
        territory_code, theme, _local_date(since), _local_date(until)
    )
    try:
        if issue:
            issued = syntheses.issue(Scope.system(), request)
            db.session.commit()
            content = issued.content
        else:
            content, _ = syntheses.build(Scope.system(), request)
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


COMMANDS = (
    territories_group,
    users_group,
    invites_group,
    demo_group,
    retention_group,
    analyse_group,
    synthesis,
    indicators_group,
    webhooks_group,
    serve,
    worker,
    backup,
    restore,
)


def init_app(app: Flask) -> None:
    """Register the commands on the app, so tests drive them with ``app.test_cli_runner()``."""
    for command in COMMANDS:
        app.cli.add_command(command)
