"""What every command shares: errors printed in French, dates read in France's time zone."""

from __future__ import annotations

import datetime as dt
import sys

import click

from backend.extensions.database import db
from backend.services import DomainError


def fail(error: DomainError) -> None:
    """Print a domain error (and its field errors) in French, undo the transaction, exit 1."""
    if error.keeps_writes:
        db.session.commit()
    else:
        db.session.rollback()
    click.echo(f"Erreur : {error}", err=True)
    for field, messages in getattr(error, "errors", {}).items():
        click.echo(f"  {field} : {' '.join(map(str, messages))}", err=True)
    sys.exit(1)


def local_date(value: dt.datetime | None) -> dt.datetime | None:
    """A date typed on the command line is read in France's time zone unless it has one."""
    if value is None or value.tzinfo is not None:
        return value
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=ZoneInfo("Europe/Paris"))


DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M"]
