"""The one spreadsheet-cell rule: the shared cases (the browser's CSV runs the same file), and the
analysis writers that put residents' words in a CSV."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.spreadsheet import neutralise, neutralise_table
from analysis.text.cli import analyse_texts_csv
from tests.analysis.text.conftest import SMALL_CORPUS
from tests.conftest import DATA

CASES = json.loads((DATA / "spreadsheet_cells.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_each_shared_case(case):
    result = neutralise(case["value"])
    assert result == case["expected"] and type(result) is type(case["expected"])


def test_the_cases_cover_every_trigger_and_both_kinds_of_value():
    from analysis.spreadsheet import TRIGGERS

    firsts = {c["value"][:1] for c in CASES if isinstance(c["value"], str)}
    assert set(TRIGGERS) <= firsts
    assert any(isinstance(c["value"], (int, float)) and c["value"] < 0 for c in CASES)


def test_a_table_is_neutralised_cell_by_cell_and_in_its_header():
    table = pd.DataFrame({"=titre": ["=1+1", "ok", None], "n": [-1, 2, 3]})
    out = neutralise_table(table)
    assert list(out.columns) == ["'=titre", "n"]
    cells = out["'=titre"].tolist()
    assert cells[:2] == ["'=1+1", "ok"] and pd.isna(cells[2])  # a missing value stays missing
    assert out["n"].tolist() == [-1, 2, 3] and out["n"].dtype == table["n"].dtype
    assert table.columns[0] == "=titre"  # the caller's table is left as it was


def test_the_text_analysis_csv_keeps_a_residents_formula_inert(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    texts = [text for texts in SMALL_CORPUS.values() for text in texts]
    texts[0] = '=HYPERLINK("http://x";"Voir")'
    rows = ["code;texte"] + [
        f'{i};"{t.replace(chr(34), chr(34) * 2)}"' for i, t in enumerate(texts)
    ]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    analyse_texts_csv(source, "texte", "4", out)
    table = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False)
    assert table["texte"].iloc[0] == '\'=HYPERLINK("http://x";"Voir")'
    assert table["texte"].iloc[1] == texts[1]
