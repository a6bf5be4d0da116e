"""The two things every listing and every file of the API does the same way: a page of rows with
its total, and a file to save (its name safe in a header, its body streamed when it is long)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import flask
import sqlalchemy as sa

from backend.extensions.database import db


def safe_filename(name: str, extension: str, *, dated: bool = False) -> str:
    """Letters, digits, dots, dashes and underscores only: a name can never inject a header."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:80] or "export"
    if dated:
        stem = f"{stem}-{dt.date.today().isoformat()}"
    return f"{stem}.{extension}"


def download(
    body: bytes | str | Iterable[bytes],
    mimetype: str,
    filename: str,
    *,
    inline: bool = False,
) -> flask.Response:
    """A file for the browser: saved under ``filename`` (or shown, ``inline``); an iterable body
    is streamed as it is produced (large exports in bounded memory)."""
    if isinstance(body, bytes | str):
        response = flask.Response(body, mimetype=mimetype)
    else:
        response = flask.Response(flask.stream_with_context(body), mimetype=mimetype)
    name = (
        safe_filename(*filename.rsplit(".", 1))
        if "." in filename
        else safe_filename(filename, "bin")
    )
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def page_of(query: sa.Select[Any], pagination_parameters: Any) -> list[Any]:
    """One page of ``query``'s rows; the total goes to the ``X-Pagination`` header."""
    pagination_parameters.item_count = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    return list(
        db.session.scalars(
            query.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
        )
    )
