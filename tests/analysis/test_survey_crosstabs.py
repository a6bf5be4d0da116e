"""Crosstabs: a planted association is found, independence is not rejected too often."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.survey_stats import cross_tabulate, simulate_responses
from analysis.survey_stats.errors import NotEnoughDataError, UnsupportedVariableError
from surveys import templates

TERRITORIES = ["QN03101M", "QN03102M", "QN03103M"]


@pytest.fixture(scope="module")
def survey():
    return templates.load("vivre-dans-mon-quartier")


def with_territories(rows, territories):
    for row, territory in zip(rows, territories, strict=True):
        row["territory"] = territory
    return rows


@pytest.fixture(scope="module")
def planted(survey):
    """Cleanliness is a problem in the first territory only."""
    dirty = {"sat_proprete": {"1": 5, "2": 3, "3": 1, "4": 1}}
    clean = {"sat_proprete": {"1": 1, "2": 2, "3": 4, "4": 3}}
    rows = simulate_responses(survey, [dirty, clean, clean], [80, 90, 70], random_state=3)
    return with_territories(rows, [TERRITORIES[r["profile"]] for r in rows])


def test_planted_association_is_significant_with_its_cells_named(survey, planted):
    table = cross_tabulate(survey, planted, "sat_proprete", "territory")
    assert table.test == "chi2" and table.significant and table.p_value < 1e-6
    assert 0.2 < table.cramers_v < 0.6
    rows = [name for name, _ in table.row.categories]
    first = TERRITORIES.index("QN03101M")
    cell = rows.index("1"), first
    assert table.lift[cell] > 1.5 and table.v_tests[cell] > 3
    assert table.representation()[cell] == "sur"
    assert "surreprésenté parmi" in table.cell_text(*cell)
    assert (
        table.row.label == "Propreté, déchets"
        and table.row.categories[0][1] == "Pas du tout satisfait·e"
    )
    np.testing.assert_allclose(table.row_shares.sum(axis=1), 1)
    np.testing.assert_allclose(table.column_shares.sum(axis=0), 1)
    assert table.text().startswith(
        "Propreté, déchets × territory : lien significatif (test du χ² de Pearson"
    )


def test_statistics_agree_with_scipy(survey, planted):
    table = cross_tabulate(survey, planted, "sat_proprete", "territory")
    reference = stats.chi2_contingency(table.counts, correction=False)
    assert table.statistic == pytest.approx(reference.statistic)
    assert table.p_value == pytest.approx(reference.pvalue)
    np.testing.assert_allclose(table.expected, reference.expected_freq)
    assert table.cramers_v == pytest.approx(
        stats.contingency.association(table.counts, method="cramer", correction=False)
    )
    # the test-value is the adjusted residual up to the hypergeometric factor √((n−1)/n)
    np.testing.assert_allclose(
        table.v_tests, table.adjusted_residuals * np.sqrt((table.n - 1) / table.n)
    )


def test_independent_answers_are_rarely_called_significant(survey):
    rows = simulate_responses(survey, [{}], [2400], random_state=12)  # every answer uniform
    rng = np.random.default_rng(12)
    rejections = 0
    for batch in range(20):
        chunk = rows[batch * 120 : (batch + 1) * 120]
        with_territories(chunk, rng.choice(TERRITORIES, size=len(chunk)).tolist())
        rejections += cross_tabulate(
            survey, chunk, "participer", "territory", random_state=batch
        ).significant
    assert rejections <= 3  # 5 % of 20 is 1; 3 or more has probability ≈ 7 %, 4 or more ≈ 1.6 %


def test_small_expected_counts_fall_back_to_monte_carlo_with_a_french_warning(survey, planted):
    few = planted[:15] + planted[80:95] + planted[170:180]  # 40 respondents over three territories
    table = cross_tabulate(survey, few, "sat_proprete", "territory", random_state=0)
    assert table.test == "monte_carlo" and table.n_simulations == 9999
    assert "effectif théorique inférieur à 5" in table.warnings[-1]
    assert "simulation de Monte-Carlo" in table.warnings[-1]
    again = cross_tabulate(survey, few, "sat_proprete", "territory", random_state=0)
    assert again.p_value == table.p_value  # seeded
    # the simulated p-value estimates the exact conditional one; χ² is close on this table
    assert abs(table.p_value - stats.chi2_contingency(table.counts, correction=False).pvalue) < 0.1


def test_two_by_two_with_small_counts_uses_fisher():
    data = pd.DataFrame(
        {
            "aime_parc": ["oui"] * 9 + ["non"] * 11,
            "quartier": ["A"] * 8 + ["B"] + ["A"] * 2 + ["B"] * 9,
        }
    )
    table = cross_tabulate(None, data, "aime_parc", "quartier")
    assert table.test == "fisher_exact"
    assert table.p_value == pytest.approx(stats.fisher_exact(table.counts).pvalue)
    assert "test de Fisher" in table.warnings[-1]


def test_multiple_choice_as_yes_no_and_observation_frames(survey, planted):
    table = cross_tabulate(survey, planted, "changer/proprete", "territory")
    assert [name for name, _ in table.row.categories] == ["oui", "non"]
    observations = pd.DataFrame(
        {
            "theme": ["proprete"] * 30 + ["mobilite"] * 30,
            "polarity": ["difficulte"] * 25 + ["idee"] * 35,
        }
    )
    by_polarity = cross_tabulate(None, observations, "theme", "polarity")
    assert by_polarity.significant and by_polarity.counts.sum() == 60


def test_public_dict_suppresses_small_cells_and_their_complements(survey, planted):
    table = cross_tabulate(survey, planted[40:160], "sat_proprete", "territory", random_state=0)
    public = table.to_dict(public=True)
    counts = {(c["row"], c["column"]): c["count"] for c in public["cells"]}
    assert any(c["suppressed"] for c in public["cells"])
    for cell in public["cells"]:
        assert cell["suppressed"] or cell["count"] == 0 or cell["count"] >= 11
    for row, _ in table.row.categories:  # no line holds a single hidden count
        assert sum(counts[(row, column)] is None for column, _ in table.column.categories) != 1
    json.dumps(public, allow_nan=False)
    assert table.to_dict()["cells"][0]["count"] is not None


def test_empty_modalities_are_dropped_and_a_single_modality_is_refused(survey, planted):
    table = cross_tabulate(survey, planted, "sat_proprete", "territory")
    assert "nsp" not in [name for name, _ in table.row.categories]  # nobody said "je ne sais pas"
    assert any("modalités sans effectif" in w for w in table.warnings)
    data = pd.DataFrame({"a": ["x"] * 20, "b": ["p", "q"] * 10})
    with pytest.raises(NotEnoughDataError):
        cross_tabulate(None, data, "a", "b")


def test_text_questions_cannot_be_crossed(survey, planted):
    with pytest.raises(UnsupportedVariableError, match="choix unique"):
        cross_tabulate(survey, planted, "difficultes", "territory")
