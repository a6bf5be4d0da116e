"""Text compared whatever its case and accents, the same way on PostgreSQL and SQLite: « Éclairage »,
« eclairage » and « ÉCLAIRAGE » are one word to a search. PostgreSQL folds with ``translate`` and
``lower`` (no extension needed); SQLite calls the same Python fold, registered on each connection."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŒœÆæ"
PLAIN = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyOoAa"
assert len(ACCENTED) == len(PLAIN)
_TABLE = str.maketrans(ACCENTED, PLAIN)
SQLITE_FUNCTION = "veilleurs_fold"


def fold(text: str | None) -> str | None:
    """The form a search compares: accents off, lower case (ASCII letters after the table)."""
    return None if text is None else text.translate(_TABLE).lower()


class folded(FunctionElement[str]):
    """``folded(column)``: the column as :func:`fold` would write it, in SQL."""

    type = sa.String()
    inherit_cache = True


@compiles(folded)
def _folded_default(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_postgresql(element: folded, compiler: Any, **kw: Any) -> str:
    argument = compiler.process(element.clauses, **kw)
    return f"lower(translate({argument}, '{ACCENTED}', '{PLAIN}'))"


def register_sqlite(dbapi_connection: Any) -> None:
    dbapi_connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
