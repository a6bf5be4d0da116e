"""Every CSV and XLSX the backend writes goes through the one spreadsheet-cell rule, header included
(a survey's column names come from the organiser's form)."""

from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import load_workbook

from backend.services import exports, survey_exports

HOSTILE = '=HYPERLINK("http://x";"Voir")'


def test_csv_cells_and_header_are_neutralised_and_numbers_kept():
    data = exports.to_csv([{"=a": HOSTILE, "n": -3}], ["=a", "n"], excel=True)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["'=a", "n"], ["'" + HOSTILE, "-3"]]


def test_xlsx_cells_and_header_are_neutralised_and_numbers_stay_numbers():
    sheet = load_workbook(
        io.BytesIO(exports.to_xlsx([{"=a": HOSTILE, "n": -3}], ["=a", "n"], "t"))
    ).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["'=a", "n"],
        ["'" + HOSTILE, -3],
    ]


def test_survey_answers_xlsx_neutralises_the_forms_column_names_too():
    table = pd.DataFrame({"@pourquoi": [HOSTILE, "-2"], "age": [-1, 40]})
    sheet = load_workbook(io.BytesIO(survey_exports.to_xlsx({"reponses": table}))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["'@pourquoi", "age"],
        ["'" + HOSTILE, -1],
        ["-2", 40],
    ]
