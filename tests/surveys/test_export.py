"""Flattened exports and per-question summaries, as analysts and organisers read them."""

from __future__ import annotations

import pytest

from surveys.export import flatten_responses
from surveys.responses import validate_response
from surveys.summary import summarise_responses
from tests.surveys.test_responses import VALID


@pytest.fixture
def submitted(neighbourhood_survey, clock):
    first = validate_response(neighbourhood_survey, VALID, clock=clock).answers
    second = validate_response(
        neighbourhood_survey, {"nom": "Yanis", "age": "8", "themes": "sante"}, clock=clock
    ).answers
    return [
        {"id": "r1", "submitted_at": "2026-11-20T18:30:00+01:00", "answers": first},
        {"id": "r2", "submitted_at": "2026-11-20T19:00:00+01:00", "answers": second},
    ]


def test_one_row_per_response_one_column_per_question(neighbourhood_survey, submitted):
    tables = flatten_responses(neighbourhood_survey, submitted)
    main = tables.responses
    assert list(main.columns[:5]) == ["id", "submitted_at", "nom", "age", "commune"]
    assert main["nom"].tolist() == ["Awa", "Yanis"]
    assert main["age"].tolist() == [34, 8]
    assert main.loc[0, "themes"] == "proprete other"
    assert main[["themes/proprete", "themes/sante", "themes/other"]].values.tolist() == [
        [1, 0, 1],
        [0, 1, 0],
    ]


def test_repeats_become_a_second_table_keyed_by_response(neighbourhood_survey, submitted):
    stops = flatten_responses(neighbourhood_survey, submitted).repeats["arrets"]
    columns = ["_response_id", "_index", "lieu_latitude", "lieu_longitude", "gravite"]
    assert stops[columns].values.tolist() == [
        ["r1", 1, 43.2965, 5.3698, 3.5],
        ["r1", 2, 43.29, 5.37, 2.0],
    ]  # fmt: skip


def test_labels_in_the_chosen_language(neighbourhood_survey, submitted):
    tables = flatten_responses(
        neighbourhood_survey, submitted, language="English (en)", headers="labels", values="labels"
    )
    main = tables.responses
    assert main.loc[0, "Town"] == "Aix-en-Provence"
    assert main.loc[0, "Themes"] == "Cleanliness, Other"
    assert main.loc[1, "Themes / Health"] == 1
    assert "Place (latitude)" in tables.repeats["arrets"].columns


def test_summary_counts_choices_and_describes_numbers(neighbourhood_survey, submitted):
    summary = summarise_responses(neighbourhood_survey, [r["answers"] for r in submitted])
    assert summary["themes"]["answered"] == 2
    assert summary["themes"]["counts"] == {"proprete": 1, "sante": 1, "other": 1}
    assert summary["themes"]["shares"]["sante"] == 0.5
    numbers = {key: summary["age"][key] for key in ("n", "mean", "median", "min", "max")}
    assert numbers == {"n": 2, "mean": 21.0, "median": 21.0, "min": 8.0, "max": 34.0}
    assert summary["gravite"]["n"] == 2  # the stops of every response, pooled
    assert summary["commune"]["label"] == "Commune"
