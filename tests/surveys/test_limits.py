"""Hostile XLSForm files are refused before pyxform parses them, with the bound in French.

Before: a 154 KB .xlsx that unpacked to 150 MB was parsed for 30 s and stored whole."""

from __future__ import annotations

import pytest

import surveys
from surveys import limits
from tests import hostile_files

HOSTILE = {
    "zip bomb (100 MB unpacked)": (
        hostile_files.zip_bomb_form,
        ".xlsx",
        "trop volumineux une fois décompressé",
    ),
    "billion-cell sheet": (hostile_files.billion_cell_form, ".xlsx", "cellule xfd1048576"),
    "XML nested 100,000 deep": (hostile_files.deep_xml_form, ".xlsx", "anormalement imbriqué"),
    "entity expansion": (hostile_files.entity_form, ".xlsx", "entité xml interdite"),
    "600 columns": (hostile_files.wide_form, ".xlsx", "trop de colonnes"),
    "a 30,000-character cell": (hostile_files.long_cell_form, ".xlsx", "texte trop long"),
    "70,000 rows of CSV": (hostile_files.many_rows_csv, ".csv", "trop de lignes"),
}


@pytest.mark.parametrize("build, suffix, words", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_before_parsing(build, suffix, words):
    with pytest.raises(surveys.SurveyTooLargeError) as refused:
        surveys.import_xlsform(build(), filename=f"formulaire{suffix}")
    assert words in str(refused.value).lower()
    assert refused.value.issues[0].code == surveys.IssueCode.TOO_LARGE


def test_empty_formatted_rows_and_columns_do_not_count():
    """Excel often declares a million formatted rows: only rows that hold something count."""
    content = hostile_files.with_sheet_xml(
        hostile_files.small_form(),
        [
            hostile_files.WORKSHEET_OPEN
            + b'<dimension ref="A1:AMJ1048576"/><sheetData>'
            + hostile_files._header_rows()
            + b"".join(f'<row r="{r}" s="1" customFormat="1"/>'.encode() for r in range(3, 70_000))
            + b"</sheetData></worksheet>"
        ],
    )
    result = surveys.import_xlsform(content, filename="formulaire.xlsx")
    assert [q["name"] for q in result.definition["children"]] == ["avis"]


def test_a_definition_past_its_bounds_is_refused():
    children = [
        {"type": "text", "name": f"q{i}", "label": "Q"} for i in range(limits.MAX_QUESTIONS + 1)
    ]
    with pytest.raises(surveys.SurveyTooLargeError, match=r"(?i)trop de questions"):
        surveys.check_definition_size({"settings": {}, "children": children})
    heavy = [{"type": "note", "name": "n", "label": "x" * (limits.MAX_DEFINITION_BYTES + 1)}]
    with pytest.raises(surveys.SurveyTooLargeError, match=r"(?i)formulaire trop volumineux"):
        surveys.check_definition_size({"settings": {}, "children": heavy})
    choices = {"liste": [{"name": str(i), "label": "c"} for i in range(limits.MAX_CHOICES + 1)]}
    with pytest.raises(surveys.SurveyTooLargeError, match=r"(?i)trop de choix"):
        surveys.check_definition_size({"settings": {}, "children": [], "choices": choices})
