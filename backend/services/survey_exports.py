"""A campaign's responses as tables, the way KoboToolbox exports them (one row per response, one
column per question, one 0/1 column per choice of a multiple choice, one table per repeat
keyed by the response id), written as CSV or XLSX; and the per-question summary organisers
share, with small counts suppressed.

A campaign moved to a newer version of its form holds responses to several versions: each is
flattened with its own version, and the tables hold every column of every version (the
current version's first), as Kobo does with "include fields from all versions".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook

import surveys
from analysis.spreadsheet import presented
from backend.models import Survey, SurveyResponse
from backend.services import exports
from backend.services.responses import location, prepared

MAIN = "reponses"
LEADING = ("_id", "_submitted_at", "_received_at", "_territory", "_survey_version")
Naming = Literal["names", "labels"]
# The leading columns as a person reads them (``headers=people``).
LEADING_LABELS = {
    "_id": "Identifiant",
    "_submitted_at": "Répondu le (heure de Paris)",
    "_received_at": "Reçu le (heure de Paris)",
    "_territory": "Territoire",
    "_survey_version": "Version du formulaire",
    "_latitude": "Latitude",
    "_longitude": "Longitude",
    "_response_id": "Identifiant de la réponse",
    "_index": "Rang",
    "_parent_index": "Rang du parent",
}
TIMES = ("_submitted_at", "_received_at")


def header_style(headers: str) -> str:
    """``people`` (and the older ``labels``) or ``machine`` (and the older ``names``)."""
    return "people" if headers in ("people", "labels") else "machine"


def _record(response: SurveyResponse) -> dict[str, Any]:
    point = location(response)
    lon, lat = point["coordinates"] if point else (None, None)
    return {
        "_id": str(response.id),
        "_submitted_at": response.submitted_at.isoformat(),
        "_received_at": response.received_at.isoformat(),
        "_territory": response.territory_code,
        "_survey_version": response.survey.version,
        "_latitude": lat,
        "_longitude": lon,
        "answers": response.answers,
    }


def _flatten(compiled: surveys.PreparedSurvey, rows: list[dict[str, Any]], **options: Any):
    """``surveys.flatten_responses``, whose repeat tables take the response id from ``id``:
    given it, then dropped from the main table, which has ``_id`` (unless a question is
    called ``id``: its answers keep the column)."""
    tables = surveys.flatten_responses(compiled, [{"id": r["_id"], **r} for r in rows], **options)
    if not any(spec.key == "id" and spec.repeat is None for spec in compiled.walk()):
        tables.responses = tables.responses.drop(columns="id")
    return tables


def _skeleton(specs: list[Any]) -> dict[str, Any]:
    """Answers with one empty instance of every repeat: flattened, they give every column."""
    answers: dict[str, Any] = {}
    for spec in specs:
        if spec.type == "group":
            answers |= _skeleton(spec.children)
        elif spec.type == "repeat":
            answers[spec.key] = [_skeleton(spec.children)]
    return answers


def _plan(survey: Survey, language: str | None, values: Naming) -> tuple[dict, dict, set]:
    """Every table's columns for this version, each column's title in ``language``, and the
    0/1 columns of multiple choices."""
    compiled = prepared(survey)
    record: dict[str, Any] = {key: None for key in (*LEADING, "_latitude", "_longitude")}
    record["answers"] = _skeleton(compiled.children)
    named = _flatten(compiled, [record], language=language, values=values)
    titled = _flatten(compiled, [record], language=language, headers="labels", values=values)
    binary = {
        f"{spec.key}/{choice}"
        for spec in compiled.walk()
        if spec.type == "select_multiple"
        for choice in spec.choices
    }
    columns = {MAIN: list(named.responses.columns)}
    titles = dict(zip(named.responses.columns, titled.responses.columns, strict=True))
    for path, table in named.repeats.items():
        columns[path] = list(table.columns)
        titles |= dict(zip(table.columns, titled.repeats[path].columns, strict=True))
    return columns, titles, binary


def response_tables(
    current: Survey,
    responses: Sequence[SurveyResponse],
    *,
    language: str | None = None,
    headers: str = "machine",
    values: Naming = "names",
) -> dict[str, pd.DataFrame]:
    """``{"reponses": main table, repeat path: table, …}`` for ``responses`` of any version;
    ``headers``: ``people`` (labels, Paris time) or ``machine`` (names, UTC), as
    :func:`analysis.spreadsheet.presented` makes them — internal columns leave neither."""
    by_version: dict[Any, tuple[Survey, list[SurveyResponse]]] = {current.id: (current, [])}
    for response in responses:
        by_version.setdefault(response.survey_id, (response.survey, []))[1].append(response)
    columns: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    binary: set[str] = set()
    frames: dict[str, list[pd.DataFrame]] = {}
    ordered = sorted(by_version.values(), key=lambda pair: pair[0] is not current)
    for survey, rows in ordered:
        lang = language if language in (survey.definition.get("languages") or []) else None
        plan, version_titles, version_binary = _plan(survey, lang, values)
        binary |= version_binary
        for table, names in plan.items():
            known = columns.setdefault(table, [])
            known += [name for name in names if name not in known]
        for key, title in version_titles.items():
            titles.setdefault(key, title)
        if rows:
            flat = _flatten(
                prepared(survey), [_record(r) for r in rows], language=lang, values=values
            )
            frames.setdefault(MAIN, []).append(flat.responses)
            for path, table in flat.repeats.items():
                frames.setdefault(path, []).append(table)
    order = {str(r.id): index for index, r in enumerate(responses)}
    tables = {}
    for table, names in columns.items():
        # As objects: versions may type one column differently, and pandas warns about it.
        parts = [f.reindex(columns=names).astype(object) for f in frames.get(table, [])]
        data = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=names)
        for column in binary.intersection(names):  # 1 and 0, not 1.0 beside an empty cell
            data[column] = pd.to_numeric(data[column]).astype("Int64")
        key = "_id" if table == MAIN else "_response_id"
        data = data.sort_values(key, key=lambda ids: ids.map(order), kind="stable")
        tables[table] = data.reset_index(drop=True)
    style = header_style(headers)
    labels = _unique_titles(titles) | LEADING_LABELS if style == "people" else {}
    return {name: presented(t, style, labels=labels, times=TIMES) for name, t in tables.items()}


def _unique_titles(titles: dict[str, str]) -> dict[str, str]:
    """Two questions with the same label keep apart: the later one gets its name added."""
    seen: set[str] = set()
    unique = {}
    for key, title in titles.items():
        unique[key] = title if title not in seen else f"{title} ({key})"
        seen.add(unique[key])
    return unique


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows with Python values and None for empty cells (what CSV and openpyxl write)."""
    return table.astype(object).where(table.notna(), None).to_dict("records")


def to_csv(table: pd.DataFrame, *, excel: bool = False) -> bytes:
    return exports.to_csv(records(table), [str(c) for c in table.columns], excel=excel)


def sheet_title(name: str, taken: Iterable[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "feuille"
    title, number = base, 2
    while title in taken:
        suffix = f"-{number}"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    return title


def to_xlsx(tables: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table (the responses first); formula-like text is neutralised."""
    workbook = Workbook(write_only=True)
    titles: list[str] = []
    for name, table in tables.items():
        titles.append(sheet_title(name, titles))
        sheet = workbook.create_sheet(titles[-1])
        sheet.append([exports.neutralise(str(c)) for c in table.columns])
        for row in records(table):
            sheet.append([exports.neutralise(value) for value in row.values()])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def summary(
    survey: Survey,
    responses: Sequence[SurveyResponse],
    *,
    threshold: int,
    language: str | None = None,
) -> dict[str, Any]:
    """Per-question counts, shares and numeric figures, with small counts suppressed."""
    raw = surveys.summarise_responses(
        prepared(survey), [r.answers for r in responses], language=language
    )
    return {
        "survey_id": str(survey.id),
        "survey_version": survey.version,
        "responses": len(responses),
        "disclosure_threshold": threshold,
        "questions": {key: suppress(item, threshold) for key, item in raw.items()},
    }


NUMBERS = ("n", "mean", "median", "q1", "q3")
# The smallest and the largest answer are each one person's (the oldest respondent's age):
# a shared summary never gives them, however many answered; quartiles say the spread.
EXTREMES = ("min", "max")


def suppress(item: dict[str, Any], threshold: int) -> dict[str, Any]:
    """Counts from 1 to ``threshold - 1`` become null and are listed in ``suppressed``.

    When the number of answers is itself small, every count goes (zeros too: they would tell
    what the few respondents chose) and the numeric figures with them. For a single choice,
    whose counts add up to the number of answers, a lone suppressed count would be found by
    subtraction: the smallest other non-zero count goes too (secondary suppression).
    """
    item = dict(item)
    hidden: list[str] = []
    small_total = 0 < item["answered"] < threshold
    if small_total:
        item["answered"] = None
        hidden.append("answered")
    if "counts" in item:
        counts, shares = dict(item["counts"]), dict(item["shares"])
        names = list(counts) if small_total else [n for n, c in counts.items() if 0 < c < threshold]
        if item["type"] == "select_one" and len(names) == 1:
            others = [n for n, c in counts.items() if c > 0 and n not in names]
            if others:
                names.append(min(others, key=lambda n: counts[n]))
        for name in names:
            counts[name] = shares[name] = None
            hidden += [f"counts/{name}", f"shares/{name}"]
        item["counts"], item["shares"] = counts, shares
    if "n" in item:
        for key in EXTREMES:
            item[key] = None
        hidden += list(EXTREMES)
        if small_total:
            for key in NUMBERS:
                item[key] = None
            hidden += list(NUMBERS)
    item["suppressed"] = hidden
    return item
