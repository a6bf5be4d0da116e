"""pyxform's own example forms: we accept exactly the forms pyxform converts.

For each file, pyxform's verdict is computed in the same run (pyxform is the reference), and
our importer must agree: imported when pyxform converts it, refused with French messages that
name their place when pyxform rejects it.
"""

from __future__ import annotations

import pathlib
import warnings

import pytest
from pyxform.xls2xform import convert

from surveys.definition import schema_issues
from surveys.errors import InvalidSurveyError
from surveys.responses import validate_response
from surveys.xlsform import import_xlsform

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "xlsform" / "pyxform-examples"
FORMS = sorted(
    path for path in EXAMPLES.rglob("*") if path.suffix in {".xls", ".xlsx", ".xlsm", ".csv", ".md"}
)


REFUSED_THOUGH_PYXFORM_CONVERTS = {
    # pyxform converts them without ODK Validate (validate=False); their expressions cannot run.
    "bug_example_xls/bad_calc.xlsx": "« because pyxform doesn't know what to do » is no expression",
    "example_xls/bad_calc.xlsx": "the same form",
    "bug_example_xls/xl_date_ambiguous.xlsx": "label::English is no XPath (no such axis)",
    "example_xls/pull_data.xlsx": "pulldata() reads a CSV attached to the form: not supported",
}
"""Forms we refuse, with a French message naming the cell, though pyxform converts them."""


def example_id(path: pathlib.Path) -> str:
    return f"{path.parent.name}/{path.name}"


def pyxform_accepts(path: pathlib.Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            convert(str(path), validate=False)
    except Exception:
        return False
    return True


def test_the_folder_holds_the_pyxform_examples():
    assert len([p for p in FORMS if p.suffix.startswith(".xls")]) >= 57


@pytest.mark.parametrize("path", FORMS, ids=example_id)
def test_our_verdict_agrees_with_pyxform(path):
    accepted_by_pyxform = pyxform_accepts(path)
    if example_id(path) in REFUSED_THOUGH_PYXFORM_CONVERTS:
        assert accepted_by_pyxform
        with pytest.raises(InvalidSurveyError) as caught:
            import_xlsform(path)
        errors = [i for i in caught.value.issues if i.severity == "error"]
        assert errors
        for found in errors:
            assert found.code.value in ("invalid_expression", "unsupported_function")
            assert found.message.startswith("Feuille « survey », ligne ")
    elif accepted_by_pyxform:
        result = import_xlsform(path)
        assert result.definition["children"], "an imported form has questions"
        assert schema_issues(result.definition) == []
        checked = validate_response(result.definition, {"intrus": "x"})  # runs on any import
        assert checked.problems_by_question()["intrus"]
        for found in result.warnings:  # each one told in French, none left in pyxform's words
            assert found.severity == "warning"
            assert found.code.value != "pyxform_warning", found.message
    else:
        with pytest.raises(InvalidSurveyError) as caught:
            import_xlsform(path)
        errors = [i for i in caught.value.issues if i.severity == "error"]
        assert errors, "a refusal says why"
        for found in errors:
            assert found.code.value != "rejected_by_pyxform", found.message  # a known message
            assert "«" in found.message or found.code.value == "unreadable_file"


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("bug_example_xls/calculate_without_calculation.xls", "missing_calculation",
         "Feuille « survey », ligne 34, colonne « calculation » : une question de type "
         "« calculate » doit avoir une formule dans la colonne « calculation »"),
        ("bug_example_xls/duplicate_columns.xlsx", "duplicate_column",
         "La colonne « label » apparaît deux fois dans l’en-tête ; supprimez ou renommez "
         "l’une des deux"),
        ("bug_example_xls/group_name_test.xls", "missing_name",
         "Feuille « survey », ligne 3, colonne « name » : cette question ou ce groupe n’a pas "
         "de nom"),
        ("example_xls/gps.csv", "missing_label",
         "Feuille « survey », ligne 2, colonne « label » : la question « location » n’a ni "
         "libellé (label) ni aide (hint)"),
        ("example_xls/include.md", "unsupported_include",
         "Feuille « survey », ligne 3, colonne « type » : l’inclusion d’un autre formulaire "
         "(type « include ») n’est pas prise en charge : recopiez ses questions dans ce "
         "formulaire"),
        ("example_xls/unknown_question_type.xls", "conflicting_columns",
         "Feuille « survey » : les colonnes « bind:relevant » et « relevance » désignent la "
         "même chose ; gardez-en une seule"),
        ("example_xls/fruits.csv", "unreadable_file",
         "Fichier illisible : un XLSForm est attendu au format .xlsx, .xls, .csv ou en tableau "
         "Markdown, avec une feuille « survey »"),
    ],
)  # fmt: skip
def test_refusals_name_the_place_in_french(name, code, message):
    with pytest.raises(InvalidSurveyError) as caught:
        import_xlsform(EXAMPLES / name)
    (first,) = caught.value.issues
    assert (first.code.value, first.message) == (code, message)
    assert str(caught.value) == message
