"""Cross-analysis: the figures equal scipy's and hand-computed ones, and nothing hidden can be
recovered from what is shown (margins included)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from analysis.crossing import cross_observations, protect, publish
from analysis.survey_stats import cross_tabulate


def frame_of(table, rows=("a", "b", "c", "d"), columns=("difficulte", "ressource", "idee")):
    records = [
        {"theme": rows[i], "polarity": columns[j]}
        for (i, j), count in np.ndenumerate(np.asarray(table))
        for _ in range(int(count))
    ]
    return pd.DataFrame(records)


def test_chi2_residuals_and_lift_equal_scipy_and_the_hand_computed_values():
    table = np.array([[30, 20], [15, 35]])
    result = cross_observations(
        frame_of(table, columns=("difficulte", "idee")), "theme", "polarity", threshold=11
    )
    chi2, p, dof, expected = stats.chi2_contingency(table, correction=False)
    assert result["test"]["statistic"] == pytest.approx(chi2, abs=1e-4)
    assert result["test"]["p_value"] == pytest.approx(p, abs=1e-6)
    assert result["test"]["dof"] == dof == 1
    # by hand: n = 100, rows 50/50, columns 45/55 → expected 22,5 and 27,5
    assert expected[0, 0] == 22.5
    cell = result["cells"][0]
    assert cell["expected"] == 22.5 and cell["lift"] == pytest.approx(30 / 22.5, abs=1e-4)
    hand = (30 - 22.5) / np.sqrt(22.5 * (1 - 0.5) * (1 - 0.45))
    assert cell["adjusted_residual"] == pytest.approx(hand, abs=1e-4)
    assert cell["representation"] == "sur" and result["cells"][1]["representation"] == "sous"
    assert "sur-représenté" in cell["text"] and "«\u00a0a\u00a0»" in cell["text"]
    assert result["test"]["cramers_v"] == pytest.approx(np.sqrt(chi2 / 100), abs=1e-4)
    assert result["cochran"]["ok"] and result["n_suppressed"] == 0
    assert "sont liés" in result["test"]["verdict"]
    assert f"χ² = {chi2:.1f}".replace(".", ",") in result["test"]["verdict"]


def test_no_link_verdict_and_cochran_warning():
    result = cross_observations(
        frame_of([[20, 20, 2], [21, 19, 3]]), "theme", "polarity", threshold=1
    )
    assert not result["test"]["significant"]
    assert result["test"]["verdict"].startswith("Pas de lien net")
    assert not result["cochran"]["ok"] and result["cochran"]["below_5"] == 2
    assert "règle de Cochran" in result["test"]["verdict"]
    assert result["test"]["method"] == "monte_carlo"


def hidden_values_pinned(result):
    """From the published JSON only: the hidden values (cells and margins) an attacker can
    pin to a single value with the table's equations, every hidden value being ≥ 1."""
    rows = result["row"]["categories"]
    columns = result["column"]["categories"]
    r, c = len(rows), len(columns)
    values = [cell["count"] for cell in result["cells"]]
    values += [x["total"] for x in rows] + [x["total"] for x in columns]
    unknown = [k for k, v in enumerate(values) if v is None]
    if not unknown:
        return []
    equations = []
    for i in range(r):
        equations.append({i * c + j: 1 for j in range(c)} | {r * c + i: -1})
    for j in range(c):
        equations.append({i * c + j: 1 for i in range(r)} | {r * c + r + j: -1})
    equations.append({r * c + i: 1 for i in range(r)} | {"n": -1})
    a, b = [], []
    for equation in equations:
        a.append([equation.get(k, 0) for k in unknown])
        b.append(
            -sum(
                w * (result["n"] if k == "n" else values[k] or 0)
                for k, w in equation.items()
                if k == "n" or values[k] is not None
            )
        )
    pinned = []
    for position, k in enumerate(unknown):
        goal = np.eye(len(unknown))[position]
        low = optimize.linprog(goal, A_eq=a, b_eq=b, bounds=(1, None), method="highs")
        high = optimize.linprog(-goal, A_eq=a, b_eq=b, bounds=(1, None), method="highs")
        if -high.fun - low.fun < 1 - 1e-7:
            pinned.append(k)
    return pinned


def test_the_checker_finds_what_primary_suppression_alone_leaves_recoverable():
    naive = json.loads(
        json.dumps(
            cross_observations(
                frame_of([[40, 3, 20], [25, 30, 12]]), "theme", "polarity", threshold=11
            )
        )
    )
    counts = [[40, 3, 20], [25, 30, 12]]
    for cell in naive["cells"]:
        i, j = "ab".index(cell["row"]), ["difficulte", "ressource", "idee"].index(cell["column"])
        cell["count"] = None if (i, j) == (0, 1) else counts[i][j]
    assert hidden_values_pinned(naive) == [1]  # 63 − 40 − 20 = 3


@pytest.mark.parametrize(
    "table",
    [
        [[40, 3, 20], [25, 30, 12]],
        [[40, 3, 20], [25, 30, 12], [2, 0, 0]],
        [[50, 30], [40, 5]],
        [[1, 1], [40, 50]],
        [[15, 15], [1, 1]],
        [[0, 5], [30, 40]],
        [[12, 0, 14], [0, 2, 0], [13, 0, 40]],
    ],
)
def test_nothing_hidden_is_recoverable_from_the_margins(table):
    result = cross_observations(frame_of(table), "theme", "polarity", threshold=11)
    hidden = [cell for cell in result["cells"] if cell["suppressed"]]
    assert all(cell["count"] is None for cell in hidden)
    shown = [cell["count"] for cell in result["cells"] if not cell["suppressed"]]
    assert all(count == 0 or count >= 11 for count in shown)
    totals = [x["total"] for side in ("row", "column") for x in result[side]["categories"]]
    assert all(t is None or t >= 11 for t in totals)
    assert hidden_values_pinned(result) == []
    if hidden:  # the statistic would narrow the hidden cells: only a band is said
        assert result["test"]["statistic"] is None and result["test"]["p_value"] is None
        assert "non diffusé" in result["test"]["verdict"]


def test_random_tables_never_leave_a_hidden_value_recoverable():
    rng = np.random.default_rng(7)
    for _ in range(25):
        shape = tuple(rng.integers(2, 5, size=2))
        table = rng.choice([0, 1, 2, 5, 9, 12, 20, 40], size=shape)
        result = publish(_crosstab(table), 11)
        assert hidden_values_pinned(result) == [], table.tolist()


def _crosstab(table):
    table = np.asarray(table)
    table[:, 0] += (table.sum(axis=1) == 0) * 30  # no empty row or column: they are dropped
    table[0, :] += (table.sum(axis=0) == 0) * 30
    rows = [f"r{i}" for i in range(table.shape[0])]
    columns = [f"c{j}" for j in range(table.shape[1])]
    return cross_tabulate(None, frame_of(table, rows, columns), "theme", "polarity", random_state=0)


def test_figures_of_a_shown_cell_are_withheld_when_a_margin_is_hidden():
    # row « c » totals 2: hidden; its zero cells are shown, but their expected counts
    # (2 × column total / n) would give the total back
    result = cross_observations(
        frame_of([[40, 13, 20], [25, 30, 12], [2, 0, 0]]), "theme", "polarity", threshold=11
    )
    row_c = [cell for cell in result["cells"] if cell["row"] == "c"]
    assert result["row"]["categories"][2]["total"] is None
    assert all(cell["expected"] is None and cell["adjusted_residual"] is None for cell in row_c)


def test_everything_is_hidden_below_the_threshold_and_protect_is_deterministic():
    result = cross_observations(frame_of([[3, 2], [2, 3]]), "theme", "polarity", threshold=11)
    assert result["n"] is None and result["test"]["verdict"] is None
    assert result["test"]["significant"] is None and result["test"]["p_band"] is None
    assert all(cell["suppressed"] for cell in result["cells"])
    table = [[40, 3, 20], [25, 30, 12], [2, 0, 0]]
    first, second = protect(table, 11), protect(table, 11)
    assert (first.cells == second.cells).all() and (first.rows == second.rows).all()


def test_same_data_same_result_including_the_monte_carlo_p_value():
    frame = frame_of([[20, 20, 2], [21, 19, 3], [30, 5, 4]])
    first = cross_observations(frame, "theme", "polarity", threshold=1)
    again = cross_observations(
        frame.sample(frac=1, random_state=3), "theme", "polarity", threshold=1
    )
    assert first == again


def test_french_labels_months_and_refusals():
    frame = pd.DataFrame(
        {
            "theme": ["proprete"] * 30 + ["mobilite"] * 30,
            "observed_at": [pd.Timestamp("2026-03-05")] * 25 + [pd.Timestamp("2026-04-05")] * 35,
            "polarity": ["idee"] * 60,
        }
    )
    result = cross_observations(
        frame, "month", "theme", threshold=11, labels={"theme": {"proprete": "Propreté"}}
    )
    assert [c["label"] for c in result["row"]["categories"]] == [
        "mars\u00a02026",
        "avril\u00a02026",
    ]
    assert "Propreté" in [c["label"] for c in result["column"]["categories"]]
    # 23:30 UTC on 31 March is 1:30 on 1 April in Paris: April's
    late = [pd.Timestamp("2026-03-15T12:00Z")] * 30 + [pd.Timestamp("2026-03-31T23:30Z")] * 30
    months = cross_observations(frame.assign(observed_at=late), "month", "theme", threshold=1)
    totals = {c["name"]: c["total"] for c in months["row"]["categories"]}
    assert totals == {"2026-03": 30, "2026-04": 30}
    from analysis.crossing.publish import CrossingError

    with pytest.raises(CrossingError, match="deux valeurs"):
        cross_observations(frame, "polarity", "theme", threshold=11)
    with pytest.raises(CrossingError, match="inconnue"):
        cross_observations(frame, "pseudonyme", "theme", threshold=11)
    many = pd.DataFrame(
        {"theme": [f"t{i}" for i in range(31)] * 2, "polarity": ["idee", "ressource"] * 31}
    )
    with pytest.raises(CrossingError, match="Trop de valeurs"):
        cross_observations(many, "theme", "polarity", threshold=1)


def test_two_questions_of_a_survey():
    from analysis.crossing import CrossingError, cross_questions
    from analysis.survey_stats import simulate_responses
    from surveys import templates

    survey = templates.load("vivre-dans-mon-quartier")
    low, high = {"1": 5, "2": 1}, {"4": 5, "5": 3}
    profiles = [
        {"sat_proprete": low, "sat_mobilite": low},
        {"sat_proprete": high, "sat_mobilite": high},
    ]
    rows = simulate_responses(survey, profiles, [40, 40], random_state=3)
    result = cross_questions(survey, rows, "sat_proprete", "sat_mobilite", threshold=11)
    assert result["row"]["label"] == "Propreté, déchets"
    assert result["test"]["significant"] and "sont liés" in result["test"]["verdict"]
    assert hidden_values_pinned(result) == []
    with pytest.raises(CrossingError, match="différentes"):
        cross_questions(survey, rows, "sat_proprete", "sat_proprete", threshold=11)
