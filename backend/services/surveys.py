"""Publishing surveys: a JSON definition, an XLSForm file or a built-in template becomes a
version of its form (``settings.form_id``).

A form is versioned by content: publishing it again unchanged returns the current version;
publishing it changed makes the next version. Responses stay attached to the version they
answered, so a version is never edited.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.utils import secure_filename

import surveys
from backend.extensions.database import db
from backend.models import Survey, User
from backend.services import Conflict, Invalid, NotFound, audit, spatial

XLSFORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")
PUBLISH_ATTEMPTS = 5


def insert_new(
    table: sa.Table, values: Mapping[str, Any], key: Sequence[str]
) -> dict[str, Any] | None:
    """INSERT … ON CONFLICT (key) DO NOTHING: the stored columns if inserted now, else None.

    The unique key, not a prior read, decides: two concurrent requests cannot both insert.
    """
    dialect = sqlite if spatial.is_sqlite() else postgresql
    statement = (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(key))
        .returning(*table.c)
    )
    row = db.session.execute(statement).mappings().first()
    return dict(row) if row is not None else None


def latest_version(form_id: str) -> Survey | None:
    return db.session.scalar(
        sa.select(Survey).where(Survey.form_id == form_id).order_by(Survey.version.desc()).limit(1)
    )


def publish(
    author: User, definition: dict[str, Any], warnings: Sequence[surveys.ImportIssue] = ()
) -> tuple[Survey, bool]:
    """Publish a checked definition: (the survey version, whether it was created now)."""
    surveys.check_definition_size(definition)
    settings = definition["settings"]
    form_id = settings["form_id"]
    if len(form_id) > 255:
        raise Invalid(
            "Identifiant de formulaire trop long (255 caractères au plus).",
            {"form_id": ["255 caractères au plus."]},
        )
    if any("\x00" in str(settings.get(key) or "") for key in ("form_id", "title", "version")):
        # PostgreSQL cannot store the NUL character in a text column.
        raise Invalid(
            "Caractère nul dans les réglages du formulaire (form_id, titre ou version).",
            {"settings": ["Caractère nul non autorisé."]},
        )
    fingerprint = surveys.survey_fingerprint(definition)
    title = (settings.get("title") or form_id)[:300]
    for _ in range(PUBLISH_ATTEMPTS):
        latest = latest_version(form_id)
        if latest is not None and latest.fingerprint == fingerprint:
            return latest, False
        survey_id = uuid.uuid4()
        values = {
            "id": survey_id,
            "form_id": form_id,
            "version": latest.version + 1 if latest else 1,
            "title": title,
            "form_version": (settings.get("version") or "")[:100] or None,
            "fingerprint": fingerprint,
            "definition": definition,
            "warnings": [found.to_dict() for found in warnings],
            "created_by_id": author.id,
            "created_at": dt.datetime.now(dt.UTC),
        }
        if insert_new(Survey.__table__, values, ("form_id", "version")) is not None:
            survey = db.session.get(Survey, survey_id)
            assert survey is not None
            audit.record(
                author,
                "survey.publish",
                target_type="survey",
                target_id=survey_id,
                form_id=form_id,
                version=survey.version,
            )
            return survey, True
        # Another organiser published this form at the same moment: look again.
    raise Conflict("Ce formulaire est publié en ce moment par quelqu'un d'autre : réessayez.")


def read_xlsform(content: bytes, filename: str) -> surveys.ImportResult:
    """An XLSForm file (.xlsx, .xls, .csv or Markdown) read into a definition and its warnings;
    touches no database, so a slow file holds no lock. Raises
    :class:`surveys.InvalidSurveyError` (:class:`surveys.SurveyTooLargeError` past a bound)."""
    suffix = pathlib.PurePath(filename or "").suffix.lower()
    if suffix not in XLSFORM_SUFFIXES:
        message = (
            f"Format de fichier non pris en charge ({suffix or 'sans extension'}) : envoyez un "
            "XLSForm en .xlsx, .xls, .csv ou .md."
        )
        raise Invalid(message, {"file": [message]})
    # From a file on disk, pyxform names a form without ``form_id`` after the file (as Kobo
    # does); from bytes, it would call every such form "data" and mix them up as versions.
    with tempfile.TemporaryDirectory(prefix="xlsform-") as folder:
        stem = secure_filename(pathlib.PurePath(filename).stem) or "formulaire"
        path = pathlib.Path(folder) / f"{stem}{suffix}"
        path.write_bytes(content)
        result = surveys.import_xlsform(path)
    surveys.check_definition_size(result.definition)
    return result


def publish_xlsform(author: User, content: bytes, filename: str) -> tuple[Survey, bool]:
    """An XLSForm file; its warnings are kept with the version."""
    result = read_xlsform(content, filename)
    return publish(author, result.definition, result.warnings)


def publish_template(author: User, name: str) -> tuple[Survey, bool]:
    """One of the built-in French templates, published as any other form."""
    try:
        definition = surveys.templates.load(name)
    except surveys.TemplateNotFoundError as error:
        raise NotFound(str(error)[:1].upper() + str(error)[1:] + ".") from None
    return publish(author, definition)


def template_list() -> list[surveys.templates.Template]:
    return surveys.templates.available()


def get_survey(survey_id: uuid.UUID) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFound("Enquête introuvable.")
    return survey


def list_surveys(form_id: str | None = None, all_versions: bool = False) -> list[Survey]:
    """The latest version of each form (or every version), newest forms first."""
    # The list shows each version's languages: read them alone, never whole definitions.
    query = sa.select(Survey).options(
        so.with_expression(Survey.listed_languages, Survey.definition["languages"])
    )
    if form_id is not None:
        query = query.where(Survey.form_id == form_id)
    if not all_versions:
        latest = (
            sa.select(Survey.form_id, sa.func.max(Survey.version).label("version"))
            .group_by(Survey.form_id)
            .subquery()
        )
        query = query.join(
            latest, sa.and_(Survey.form_id == latest.c.form_id, Survey.version == latest.c.version)
        )
    return list(db.session.scalars(query.order_by(Survey.form_id, Survey.version.desc())).all())


def languages(survey: Survey) -> list[str]:
    return list(survey.definition.get("languages") or [])


def resolve_language(survey: Survey, wanted: str | None) -> str | None:
    """The form's language named ``wanted`` — in full (``English (en)``) or by its code (``en``)."""
    if not wanted:
        return None
    known = languages(survey)
    for language in known:
        if wanted.casefold() in (language.casefold(), _code(language)):
            return language
    message = f"Langue inconnue pour ce formulaire ; langues : {', '.join(known)}."
    raise Invalid(message, {"language": [message]})


def _code(language: str) -> str:
    """``en`` for ``English (en)``."""
    if language.endswith(")") and "(" in language:
        return language[language.rindex("(") + 1 : -1].strip().casefold()
    return language.casefold()
