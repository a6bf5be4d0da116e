"""Per-question summaries on the real templates: relevance, intervals, groups, disclosure."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.survey_stats import (
    agresti_coull_interval,
    median_interval,
    simulate_responses,
    summarise_survey,
    suppression_mask,
    t_interval,
    wilson_interval,
)
from analysis.survey_stats.errors import UnknownVariableError
from surveys import flatten_responses, templates, validate_response

DISSATISFIED = {"1": 3, "2": 1}
SATISFIED = {"3": 1, "4": 3}


@pytest.fixture(scope="module")
def survey():
    return templates.load("vivre-dans-mon-quartier")


@pytest.fixture(scope="module")
def responses(survey):
    rows = simulate_responses(
        survey,
        [{"satisfaction_globale": DISSATISFIED}, {"satisfaction_globale": SATISFIED}],
        [60, 140],
        random_state=7,
    )
    for row in rows:
        row["territory"] = "QN03101M" if row["profile"] == 0 else "QN03102M"
    return rows


def by_key(group):
    return {question.key: question for question in group.questions}


def test_asked_follows_relevance_and_answered_counts_values(survey, responses):
    summary = summarise_survey(survey, responses)
    questions = by_key(summary.overall)
    low = sum(r["answers"]["satisfaction_globale"] in ("1", "2") for r in responses)
    assert questions["difficultes"].asked == low  # asked only of the dissatisfied
    assert questions["difficultes"].answered == low  # and required of them
    loved = sum(bool(r["answers"].get("aime")) for r in responses)
    assert questions["aime_detail"].asked == loved  # relevant: count-selected(${aime}) > 0
    assert (
        questions["satisfaction_globale"].asked == questions["satisfaction_globale"].answered == 200
    )
    assert (
        "reserved_name_for_field_list_labels_8" not in questions
    )  # table-list header, never asked


def test_dicts_dataframe_and_export_tables_give_the_same_summary(survey, responses):
    from_dicts = summarise_survey(survey, responses, by="territory").to_dict()
    tables = flatten_responses(survey, responses)
    assert summarise_survey(survey, tables.responses, by="territory").to_dict() == from_dicts
    assert summarise_survey(survey, tables, by="territory").to_dict() == from_dicts


def test_likert_shares_mean_score_and_groups(survey, responses):
    summary = summarise_survey(
        survey, responses, by="territory", questions=["satisfaction_globale"]
    )
    overall = summary.overall.questions[0]
    assert (
        overall.kind == "likert"
        and overall.scale == ["1", "2", "3", "4"]
        and overall.excluded == ["nsp"]
    )
    assert sum(choice.count for choice in overall.choices) == overall.answered
    unhappy, happy = (group.questions[0] for group in summary.groups)
    assert [g.group for g in summary.groups] == ["QN03101M", "QN03102M"]
    assert unhappy.score.mean_ci[1] < happy.score.mean_ci[0]  # planted: clearly apart
    assert unhappy.score.median <= 2 < 3 <= happy.score.median
    choice = unhappy.choices[0]
    assert choice.ci_low < choice.share < choice.ci_high
    assert choice.text().startswith("Pas du tout satisfait·e : ")


def test_multiple_choice_each_choice_is_a_yes_no_share(survey, responses):
    changer = by_key(summarise_survey(survey, responses, questions=["changer"]).overall)["changer"]
    assert changer.kind == "multiple"
    assert [c.name for c in changer.choices][:2] == ["proprete", "voirie_eclairage"]
    assert all(c.answered == changer.answered == 200 for c in changer.choices)
    assert sum(c.share for c in changer.choices) > 1  # several answers each


def test_group_name_selects_its_questions(survey, responses):
    keys = [
        q.key
        for q in summarise_survey(
            survey, responses, questions=["themes_satisfaction"]
        ).overall.questions
    ]
    assert keys[0] == "sat_proprete" and len(keys) == 12


def test_numbers_and_questions_inside_repeats():
    survey = templates.load("diagnostic-en-marchant")
    stops = [
        {"theme": "proprete", "polarite": "difficulte", "gravite": g} for g in ("1", "2", "3")
    ] + [{"theme": "lien_social", "polarite": "ressource"}]
    rows = []
    for index, people in enumerate([12, 15, 9, 30, 22]):
        answers = {"participants": people, "arrets": stops}
        result = validate_response(survey, {**answers, **_required_walk(survey)})
        rows.append({"id": f"d{index}", "answers": result.answers})
    summary = by_key(summarise_survey(survey, rows).overall)
    people = summary["participants"]
    assert (
        people.kind == "numeric"
        and people.score.n == 5
        and people.score.mean == pytest.approx(17.6)
    )
    assert people.score.median == 15
    # gravite is asked only at the stops that report a difficulty, once per stop
    assert summary["gravite"].asked == 15 and summary["theme"].asked == 20


def _required_walk(survey):
    """Answers to the template's other required top-level questions."""
    result = validate_response(survey, {"arrets": []})
    missing = [
        p.question for p in result.problems if p.code == "required" and "[" not in p.question
    ]
    from surveys import prepare_survey

    prepared = prepare_survey(survey)
    answers = {}
    for key in missing:
        spec = prepared.by_key[key]
        answers[key] = (
            next(iter(spec.choices))
            if spec.choices
            else "2024-05-14"
            if spec.type == "date"
            else "x"
        )
    return answers


def test_public_dict_suppresses_small_groups_and_cells(survey, responses):
    few = responses[:150] + [dict(r, territory="QN03199M") for r in responses[150:158]]
    summary = summarise_survey(survey, few, by="territory", questions=["satisfaction_globale"])
    public = summary.to_dict(public=True)
    small = next(g for g in public["groups"] if g["group"] == "QN03199M")
    assert small["suppressed"] and small["respondents"] is None and small["questions"] == []
    # the overall minus the published groups must not give the small one: the next
    # smallest group is withheld too
    assert [g["group"] for g in public["groups"] if g["suppressed"]] == ["QN03101M", "QN03199M"]
    for group in public["groups"] + [public["overall"]]:
        for question in group["questions"]:
            for choice in question["choices"]:
                assert choice["suppressed"] or choice["count"] >= 11 or choice["count"] == 0
            hidden = [c for c in question["choices"] if c["suppressed"]]
            assert len(hidden) != 1  # a single hidden count would follow from the total
    private = summary.to_dict()
    assert next(g for g in private["groups"] if g["group"] == "QN03199M")["respondents"] == 8
    json.dumps(public, allow_nan=False)
    json.dumps(private, allow_nan=False)


def test_public_numbers_hide_minimum_and_maximum(survey, responses):
    summary = summarise_survey(survey, responses, questions=["nb_insatisfaits"])
    private = summary.to_dict()["overall"]["questions"][0]["score"]
    public = summary.to_dict(public=True)["overall"]["questions"][0]["score"]
    assert private["min"] is not None and public["min"] is None and public["max"] is None
    assert public["mean"] == private["mean"]


def test_to_frame_has_one_row_per_choice_and_statistic(survey, responses):
    frame = summarise_survey(
        survey, responses, questions=["satisfaction_globale"], by="territory"
    ).to_frame()
    assert set(frame["group"].dropna()) == {"QN03101M", "QN03102M"}
    assert len(frame) == 3 * (5 + 2)  # overall and two groups × (five choices, mean, median)


def test_unknown_question_is_a_french_error(survey, responses):
    with pytest.raises(UnknownVariableError, match="question inconnue"):
        summarise_survey(survey, responses, questions=["satisfaction"])


@pytest.mark.parametrize("interval", [wilson_interval, agresti_coull_interval])
@pytest.mark.parametrize(("p", "n"), [(0.3, 50), (0.08, 120)])
def test_share_intervals_cover_the_true_share_at_about_95_percent(interval, p, n):
    rng = np.random.default_rng(2024)
    successes = rng.binomial(n, p, size=4000)
    low, high = interval(successes, n)
    coverage = float(((low <= p) & (p <= high)).mean())
    assert 0.925 <= coverage <= 0.975


def test_mean_interval_covers_at_about_95_percent():
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(1500):
        _, low, high = t_interval(rng.normal(2.6, 0.9, size=25))
        hits += low <= 2.6 <= high
    assert 0.93 <= hits / 1500 <= 0.97


def test_median_interval_covers_at_least_the_nominal_rate():
    rng = np.random.default_rng(5)
    hits = sum(
        lo <= 0 <= hi for _, lo, hi in (median_interval(rng.standard_t(3, 40)) for _ in range(800))
    )
    assert hits / 800 >= 0.94  # order statistics are conservative: at least 95 % by construction


def test_intervals_are_undefined_without_answers():
    low, high = wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)
    assert np.isnan(t_interval([3.0])[1])


def test_secondary_suppression_protects_a_lone_hidden_count():
    assert suppression_mask([40, 3, 20]).tolist() == [False, True, True]
    assert suppression_mask([40, 0, 20]).tolist() == [False, False, False]  # zeros are published


def test_labels_follow_the_requested_language():
    survey = templates.load("barometre-cooperation")
    rows = simulate_responses(survey, [{}], [30], random_state=0)
    english = by_key(summarise_survey(survey, rows, language="English (en)").overall)
    french = by_key(summarise_survey(survey, rows).overall)
    assert english["cadre"].label == "In which setting do you cooperate?"
    assert english["cadre"].choices[0].label == "City contract (contrat de ville)"
    assert french["cadre"].label != english["cadre"].label
