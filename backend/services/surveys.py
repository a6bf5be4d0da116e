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
from backend.extensions.database import db, serialise_on
from backend.models import Campaign, Survey, SurveyForm, Territory
from backend.models.surveys import campaign_territory, survey_form_territory
from backend.services import Conflict, Invalid, NotFound, audit, spatial
from backend.services.scope import Scope

XLSFORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")
PUBLISH_ATTEMPTS = 5


def insert_new(
    table: sa.Table, values: Mapping[str, Any], key: Sequence[str] | None
) -> dict[str, Any] | None:
    """INSERT … ON CONFLICT (key) DO NOTHING: the stored columns if inserted now, else None.

    The unique key (None: any of the table's), not a prior read, decides: two concurrent
    requests cannot both insert.
    """
    dialect = sqlite if spatial.is_sqlite() else postgresql
    statement = (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(key) if key else None)
        .returning(*table.c)
    )
    row = db.session.execute(statement).mappings().first()
    return dict(row) if row is not None else None


def latest_version(form: SurveyForm) -> Survey | None:
    return db.session.scalar(
        sa.select(Survey)
        .where(Survey.survey_form_id == form.id)
        .order_by(Survey.version.desc())
        .limit(1)
    )


def _may_version(author: Scope, form: SurveyForm) -> bool:
    """A form is versioned by the teams of its territories (and admins); a platform-wide form
    by admins only."""
    if author.everywhere:
        return True
    visible = author.visible_territory_ids or frozenset()
    return any(t.id in visible for t in form.territories)


def form_of(author: Scope, form_id: str) -> SurveyForm:
    """The author's own form under this id (an admin: the first one), or a new one — never
    another team's, whatever its id."""
    serialise_on(f"survey_form:{form_id}")  # two first publications make one form
    forms = db.session.scalars(
        sa.select(SurveyForm).where(SurveyForm.form_id == form_id).order_by(SurveyForm.created_at)
    ).all()
    for form in forms:
        if _may_version(author, form):
            return form
    form = SurveyForm(
        form_id=form_id,
        created_by_id=author.user_id,
        created_at=dt.datetime.now(dt.UTC),
        territories=list(
            db.session.scalars(
                sa.select(Territory).where(Territory.id.in_(author.assigned_territory_ids))
            )
        )
        if not author.everywhere
        else [],
    )
    db.session.add(form)
    db.session.flush()
    return form


def publish(
    author: Scope, definition: dict[str, Any], warnings: Sequence[surveys.ImportIssue] = ()
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
    form = form_of(author, form_id)
    for _ in range(PUBLISH_ATTEMPTS):
        latest = latest_version(form)
        if latest is not None and latest.fingerprint == fingerprint:
            return latest, False
        survey_id = uuid.uuid4()
        values = {
            "id": survey_id,
            "survey_form_id": form.id,
            "form_id": form_id,
            "version": latest.version + 1 if latest else 1,
            "title": title,
            "form_version": (settings.get("version") or "")[:100] or None,
            "fingerprint": fingerprint,
            "definition": definition,
            "warnings": [found.to_dict() for found in warnings],
            "created_by_id": author.user_id,
            "created_at": dt.datetime.now(dt.UTC),
        }
        if insert_new(Survey.__table__, values, ("survey_form_id", "version")) is not None:
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


def publish_xlsform(author: Scope, content: bytes, filename: str) -> tuple[Survey, bool]:
    """An XLSForm file; its warnings are kept with the version."""
    result = read_xlsform(content, filename)
    return publish(author, result.definition, result.warnings)


def publish_template(author: Scope, name: str) -> tuple[Survey, bool]:
    """One of the built-in French templates, published as any other form."""
    try:
        definition = surveys.templates.load(name)
    except surveys.TemplateNotFoundError as error:
        raise NotFound(str(error)[:1].upper() + str(error)[1:] + ".") from None
    return publish(author, definition)


def template_list() -> list[surveys.templates.Template]:
    return surveys.templates.available()


def _visible_forms(scope: Scope) -> sa.ColumnElement[bool]:
    """Forms of the actor's territories (and those above and below), and platform-wide ones."""
    related = scope.related_territory_ids
    if related is None:
        return sa.true()
    owned = sa.select(survey_form_territory.c.survey_form_id)
    return sa.or_(
        Survey.survey_form_id.not_in(owned),
        Survey.survey_form_id.in_(owned.where(survey_form_territory.c.territory_id.in_(related))),
    )


def visible_survey(scope: Scope, survey_id: uuid.UUID) -> Survey:
    """A version of a form the actor's territories own or share, or that a campaign concerning
    them runs; otherwise 404, as if it did not exist."""
    survey = db.session.scalar(
        sa.select(Survey).where(Survey.id == survey_id, _visible_forms(scope))
    )
    if survey is None:
        related = scope.related_territory_ids
        campaign_uses_it = sa.select(Campaign.id).where(Campaign.survey_id == survey_id)
        if related is not None:
            campaign_uses_it = campaign_uses_it.where(
                Campaign.id.in_(
                    sa.select(campaign_territory.c.campaign_id).where(
                        campaign_territory.c.territory_id.in_(related)
                    )
                )
            )
        if db.session.scalar(sa.select(campaign_uses_it.exists())):
            survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFound("Enquête introuvable.")
    return survey


def list_surveys(
    scope: Scope, form_id: str | None = None, all_versions: bool = False
) -> list[Survey]:
    """The latest version of each form the actor may use (or every version), by form id."""
    # The list shows each version's languages: read them alone, never whole definitions.
    query = (
        sa.select(Survey)
        .options(so.with_expression(Survey.listed_languages, Survey.definition["languages"]))
        .where(_visible_forms(scope))
    )
    if form_id is not None:
        query = query.where(Survey.form_id == form_id)
    if not all_versions:
        latest = (
            sa.select(Survey.survey_form_id, sa.func.max(Survey.version).label("version"))
            .group_by(Survey.survey_form_id)
            .subquery()
        )
        query = query.join(
            latest,
            sa.and_(
                Survey.survey_form_id == latest.c.survey_form_id,
                Survey.version == latest.c.version,
            ),
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
