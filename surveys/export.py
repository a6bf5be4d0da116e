"""Responses flattened into tables, as KoboToolbox exports them, ready for CSV or XLSX.

One row per response and one column per question; a multiple choice also gets one 0/1
column per choice (``themes/proprete``); a point gets latitude and longitude columns;
each repeat becomes its own table, keyed by the response id and the instance's index.
The caller writes the files (``DataFrame.to_csv``, ``to_excel``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pandas as pd

from surveys.prepared import PreparedSurvey, QuestionSpec, prepare_survey

NOT_EXPORTED = frozenset({"group", "repeat", "note"})


@dataclasses.dataclass
class ExportTables:
    """The main table (one row per response) and one table per repeat, by repeat path."""

    responses: pd.DataFrame
    repeats: dict[str, pd.DataFrame]


def flatten_responses(
    survey: Mapping[str, Any] | PreparedSurvey,
    responses: Iterable[Mapping[str, Any]],
    *,
    language: str | None = None,
    headers: Literal["names", "labels"] = "names",
    values: Literal["names", "labels"] = "names",
) -> ExportTables:
    """Tables of ``responses`` (each ``{"id", "answers", …}``, answers as validated).

    Keys of a response other than ``answers`` (``id``, ``submitted_at``, ``territory``…)
    become leading columns. ``headers="labels"`` titles columns with the questions' labels
    in ``language``; ``values="labels"`` writes choice labels instead of choice names.
    """
    prepared = prepare_survey(survey)
    writer = _Writer(prepared, language, values)
    main_rows: list[dict[str, Any]] = []
    repeat_rows: dict[str, list[dict[str, Any]]] = {}
    for response in responses:
        row = {key: value for key, value in response.items() if key != "answers"}
        writer.fill(prepared.children, response.get("answers", {}), row, repeat_rows,
                    response.get("id"), ())  # fmt: skip
        main_rows.append(row)
    main = pd.DataFrame(main_rows, columns=_columns(main_rows, writer.order(None)))
    repeats = {
        path: pd.DataFrame(rows, columns=_columns(rows, writer.order(path)))
        for path, rows in repeat_rows.items()
    }
    for table in (main, *repeats.values()):
        for column in writer.integers & set(table.columns):
            table[column] = table[column].astype("Int64")  # not 34.0 beside an empty cell
    if headers == "labels":
        main = main.rename(columns=writer.titles)
        repeats = {path: table.rename(columns=writer.titles) for path, table in repeats.items()}
    return ExportTables(main, repeats)


class _Writer:
    def __init__(self, survey: PreparedSurvey, language: str | None, values: str) -> None:
        self.survey = survey
        self.language = language
        self.labels = values == "labels"
        self.separator = ", " if self.labels else " "  # labels hold spaces; names never do
        self.integers = {spec.key for spec in survey.walk() if spec.type == "integer"}
        self.titles: dict[str, str] = {}
        self.columns: dict[str | None, list[str]] = {}
        for spec in survey.walk():
            self._plan(spec)

    def _plan(self, spec: QuestionSpec) -> None:
        if spec.type in NOT_EXPORTED:
            return
        label = self.survey.text(spec.node.get("label"), self.language) or spec.name
        columns = self.columns.setdefault(spec.repeat, [])
        columns.append(spec.key)
        self.titles[spec.key] = label
        if spec.type == "select_multiple":
            for choice, item in spec.choices.items():
                column = f"{spec.key}/{choice}"
                columns.append(column)
                choice_label = self.survey.text(item.get("label"), self.language) or choice
                self.titles[column] = f"{label} / {choice_label}"
        elif spec.type == "geopoint":
            for suffix, word in (("latitude", "latitude"), ("longitude", "longitude")):
                columns.append(f"{spec.key}_{suffix}")
                self.titles[f"{spec.key}_{suffix}"] = f"{label} ({word})"

    def order(self, repeat: str | None) -> list[str]:
        return self.columns.get(repeat, [])

    def fill(
        self,
        specs: list[QuestionSpec],
        answers: Mapping[str, Any],
        row: dict[str, Any],
        repeat_rows: dict[str, list[dict[str, Any]]],
        response_id: Any,
        index: tuple[int, ...],
    ) -> None:
        for spec in specs:
            if spec.type == "group":
                self.fill(spec.children, answers, row, repeat_rows, response_id, index)
            elif spec.type == "repeat":
                for number, instance in enumerate(answers.get(spec.key) or [], start=1):
                    inner: dict[str, Any] = {"_response_id": response_id, "_index": number}
                    if index:
                        inner["_parent_index"] = ".".join(str(i) for i in index)
                    self.fill(spec.children, instance, inner, repeat_rows, response_id,
                              (*index, number))  # fmt: skip
                    repeat_rows.setdefault(spec.path, []).append(inner)
            elif spec.type not in NOT_EXPORTED and spec.key in answers:
                self.cell(spec, answers[spec.key], row)

    def cell(self, spec: QuestionSpec, value: Any, row: dict[str, Any]) -> None:
        if spec.type == "select_multiple":
            chosen = value if isinstance(value, list) else str(value).split()
            row[spec.key] = self.separator.join(self.choice(spec, name) for name in chosen)
            for choice in spec.choices:
                row[f"{spec.key}/{choice}"] = int(choice in chosen)
        elif spec.type == "select_one":
            row[spec.key] = self.choice(spec, str(value))
        elif spec.type == "rank":
            row[spec.key] = self.separator.join(self.choice(spec, name) for name in value)
        elif spec.type == "geopoint" and isinstance(value, Mapping):
            lon, lat = value["coordinates"][:2]
            row[spec.key] = f"{lat} {lon}"
            row[f"{spec.key}_latitude"], row[f"{spec.key}_longitude"] = lat, lon
        else:
            row[spec.key] = value

    def choice(self, spec: QuestionSpec, name: str) -> str:
        if not self.labels:
            return name
        item = spec.choices.get(name)
        return self.survey.text(item.get("label"), self.language) or name if item else name


def _columns(rows: list[dict[str, Any]], planned: list[str]) -> list[str]:
    """Leading keys of the rows (id, dates…), then the questions' columns in form order."""
    leading: list[str] = []
    for row in rows:
        leading += [key for key in row if key not in planned and key not in leading]
    return leading + planned
