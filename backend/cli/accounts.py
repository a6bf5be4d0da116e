"""``veilleurs users`` and ``veilleurs invites``: the accounts an operator makes by hand."""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask.cli import with_appcontext

from backend.cli.common import fail
from backend.extensions.database import db
from backend.models.accounts import ROLES
from backend.services import DomainError
from backend.services.scope import Scope


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
    from flask import current_app

    from backend.services.accounts import AccountPolicy, create_account

    password = sys.stdin.readline().rstrip("\n")
    try:
        policy = AccountPolicy.from_settings(current_app.config)
        user = create_account(
            Scope.system(), pseudonym, password, role, list(territory_codes), policy
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
