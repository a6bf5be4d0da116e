"""ACM + CAH on the real template: planted groups of residents are found and described."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.survey_stats import (
    RespondentTypology,
    simulate_responses,
    survey_typology,
    typology_frame,
)
from analysis.survey_stats.respondents import read_responses
from surveys import templates

THEMES = ["proprete", "voirie_eclairage", "tranquillite", "mobilite", "logement", "espaces_verts",
          "commerces_services", "education_jeunesse", "emploi_insertion", "sante", "lien_social",
          "numerique"]  # fmt: skip
LOW = {"1": 0.5, "2": 0.3, "3": 0.1, "4": 0.05, "nsp": 0.05}
MID = {"1": 0.15, "2": 0.3, "3": 0.35, "4": 0.15, "nsp": 0.05}
HIGH = {"1": 0.05, "2": 0.1, "3": 0.35, "4": 0.45, "nsp": 0.05}
URBAN = {"proprete", "voirie_eclairage", "tranquillite", "logement"}
SERVICES = {"lien_social", "commerces_services", "sante", "education_jeunesse"}
ACCESS = {"mobilite", "numerique", "emploi_insertion", "espaces_verts"}


def profile(dissatisfied, satisfied, **others):
    """Satisfaction by theme: low on some themes, high on others, middling elsewhere."""
    themes = {
        f"sat_{t}": LOW if t in dissatisfied else HIGH if t in satisfied else MID for t in THEMES
    }
    return themes | others


@pytest.fixture(scope="module")
def survey():
    return templates.load("vivre-dans-mon-quartier")


@pytest.fixture(scope="module")
def two_groups(survey):
    """Young residents unhappy with the public space, older ones unhappy with services."""
    young = profile(URBAN, SERVICES, tranche_age={"18_29": 3, "30_44": 1})
    older = profile(SERVICES, URBAN, tranche_age={"60_74": 3, "75_plus": 1})
    return simulate_responses(survey, [young, older], [130, 90], random_state=1)


@pytest.fixture(scope="module")
def two_group_typology(survey, two_groups):
    return survey_typology(
        survey,
        two_groups,
        questions=["themes_satisfaction"],
        supplementary=["tranche_age"],
        random_state=0,
    )


def truth(rows):
    return [row["profile"] for row in rows]


def test_two_planted_groups_are_recovered_with_their_number(two_groups, two_group_typology):
    model = two_group_typology.estimator
    assert model.n_classes_ == 2
    assert adjusted_rand_score(truth(two_groups), model.labels_) > 0.8
    assert min(model.inertia_ratios_, key=model.inertia_ratios_.get) == 2
    assert model.n_components_ <= 3  # parallel analysis keeps the structure, not the noise


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_three_planted_groups_are_recovered_with_their_number(survey, seed):
    profiles = [profile(URBAN, SERVICES), profile(SERVICES, ACCESS), profile(ACCESS, URBAN)]
    rows = simulate_responses(survey, profiles, [110, 80, 60], random_state=seed)
    result = survey_typology(survey, rows, questions=["themes_satisfaction"], random_state=0)
    assert result.estimator.n_classes_ == 3
    assert adjusted_rand_score(truth(rows), result.estimator.labels_) > 0.7


def test_v_tests_name_the_planted_modalities(two_groups, two_group_typology):
    young_class = pd.Series(two_group_typology.estimator.labels_)[
        np.array(truth(two_groups)) == 0
    ].mode()[0]
    young = two_group_typology.classes[young_class]
    over = {(t.variable, t.modality) for t in young.over}
    under = {(t.variable, t.modality) for t in young.under}
    for theme in URBAN:
        assert (f"sat_{theme}", "1") in over
        assert (f"sat_{theme}", "4") in under
    for theme in SERVICES:
        assert (f"sat_{theme}", "4") in over
    assert ("tranche_age", "18_29") in over  # the supplementary variable describes, too
    assert all(t.v_test > 2 for t in young.over) and all(t.v_test < -2 for t in young.under)
    assert [t.v_test for t in young.over] == sorted((t.v_test for t in young.over), reverse=True)
    assert not any(
        theme in {"mobilite", "numerique"} for theme, _ in over
    )  # unplanted themes stay quiet


def test_class_text_is_french_and_readable(two_group_typology):
    first = two_group_typology.classes[0]
    text = two_group_typology.class_text(first)
    assert text.startswith(f"Classe 1 ({first.size}\u00a0répondants, ")
    assert "\u00a0%) : surreprésentés — " in text
    assert "= «\u00a0Pas du tout satisfait·e\u00a0» (v-test " in text or "Très satisfait·e" in text
    assert "sous-représentés — " in text


def test_to_dict_private_and_public(two_group_typology):
    private = two_group_typology.to_dict()
    public = two_group_typology.to_dict(public=True)
    json.dumps(private, allow_nan=False)
    json.dumps(public, allow_nan=False)
    assert (
        private["n_classes"] == 2
        and private["method"]["n_classes_rule"] == "largest_relative_inertia_loss"
    )
    assert len(private["assignments"]) == 220 and public["assignments"] is None
    modality = private["classes"][0]["over"][0]
    assert {"variable", "variable_label", "modality", "modality_label", "v_test", "p_value", "count",
            "class_in_modality", "modality_in_class", "overall", "active"} <= set(modality)  # fmt: skip
    for klass in public["classes"]:
        for modality in klass["over"] + klass["under"]:
            assert modality["count"] is None and modality["modality_size"] is None
            assert modality["modality_in_class"] == round(modality["modality_in_class"], 2)
    private_lines = [m for k in private["classes"] for m in k["over"] + k["under"]]
    public_lines = [m for k in public["classes"] for m in k["over"] + k["under"]]
    withheld = sum(k["over_withheld"] + k["under_withheld"] for k in public["classes"])
    assert len(public_lines) + withheld == len(private_lines)
    assert withheld == sum(0 < m["count"] < 11 or m["modality_size"] < 11 for m in private_lines)


def test_a_class_under_the_threshold_is_withheld_in_public(survey):
    rare = {f"sat_{theme}": {"nsp": 1} for theme in THEMES}  # eight who "don't know" anything
    rows = simulate_responses(
        survey,
        [profile(URBAN, SERVICES), profile(SERVICES, URBAN), rare],
        [100, 100, 8],
        random_state=4,
    )
    result = survey_typology(
        survey, rows, questions=["themes_satisfaction"], n_classes=3, random_state=0
    )
    sizes = [c.size for c in result.classes]
    assert min(sizes) < 11
    public = result.to_dict(public=True)["classes"]
    small = next(c for c in public if c["suppressed"])
    assert small["size"] is None and small["over"] == [] and "non diffusée" in small["text"]
    # the next smallest class hides its size too, or n − the others would give the small one
    assert sum(c["size"] is None for c in public) == 2
    assert any("(effectif non diffusé)" in c["text"] for c in public if not c["suppressed"])


def test_forced_number_of_classes_and_determinism(survey, two_groups):
    data = typology_frame(read_responses(survey, two_groups), [f"sat_{t}" for t in THEMES])
    first = RespondentTypology(n_classes=4, random_state=3).fit(data)
    second = RespondentTypology(n_classes=4, random_state=3).fit(data)
    assert first.n_classes_ == 4 and sorted(set(first.labels_)) == [0, 1, 2, 3]
    np.testing.assert_array_equal(first.labels_, second.labels_)
    np.testing.assert_array_equal(first.coordinates_, second.coordinates_)
    sizes = np.bincount(first.labels_)
    assert list(sizes) == sorted(sizes, reverse=True)  # class 1 is the largest


def test_new_respondents_are_placed_by_the_transition_formula(survey, two_groups):
    data = typology_frame(read_responses(survey, two_groups), [f"sat_{t}" for t in THEMES])
    model = RespondentTypology(random_state=0).fit(data)
    np.testing.assert_allclose(model.transform(data), model.coordinates_, atol=1e-12)
    assert (
        model.predict(data) == model.labels_
    ).mean() > 0.95  # k-means consolidated: centres rule
    unseen = data.head(3).copy()
    unseen.iloc[0, 0] = "jamais vu"
    assert model.transform(unseen).shape == (3, model.n_components_)


def test_mca_agrees_with_correspondence_analysis_of_the_indicator_matrix(survey, two_groups):
    """Greenacre, *Correspondence Analysis in Practice*, ch. 18: MCA is the CA of Z."""
    data = typology_frame(read_responses(survey, two_groups), [f"sat_{t}" for t in THEMES[:5]])
    model = RespondentTypology(n_components=3, random_state=0).fit(data)
    z = pd.get_dummies(data).to_numpy(dtype=float)
    p = z / z.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, _ = np.linalg.svd(s, full_matrices=False)
    eigenvalues = sigma**2
    np.testing.assert_allclose(
        model.eigenvalues_, eigenvalues[: len(model.eigenvalues_)], atol=1e-10
    )
    rows = u[:, :3] * sigma[:3] / np.sqrt(r)[:, None]
    np.testing.assert_allclose(np.abs(model.coordinates_), np.abs(rows), atol=1e-10)
    assert model.explained_inertia_.sum() == pytest.approx(1.0)  # total inertia (J − Q) / Q


def test_missing_answers_are_a_modality(survey, two_groups):
    data = typology_frame(read_responses(survey, two_groups), ["sat_proprete", "sat_tranquillite"])
    data.iloc[:5, 0] = None
    model = RespondentTypology(n_classes=2, random_state=0).fit(data)
    assert "__sans_reponse__" in model.categories_[0]


def test_parallel_analysis_eigenvalues_are_those_of_prince(survey, two_groups):
    """The permutations use a J × J eigenproblem instead of a prince fit: same eigenvalues."""
    import prince

    from analysis.survey_stats.typology import _indicator_eigenvalues

    data = typology_frame(read_responses(survey, two_groups), [f"sat_{t}" for t in THEMES[:6]])
    codes = np.column_stack([pd.factorize(data[column])[0] for column in data.columns])
    offsets = np.concatenate(([0], np.cumsum(codes.max(axis=0) + 1)[:-1]))
    fast = _indicator_eigenvalues(codes + offsets, 10)
    reference = prince.MCA(n_components=10, engine="scipy").fit(data).eigenvalues_
    np.testing.assert_allclose(fast, reference, atol=1e-10)


def test_classes_are_named_by_what_distinguishes_them(two_group_typology):
    names = [two_group_typology.class_name(d) for d in two_group_typology.classes]
    assert len(set(names)) == len(names) and not any(n.startswith("Classe") for n in names)
    for description, name in zip(two_group_typology.classes, names, strict=True):
        top = description.over[0]
        answer = two_group_typology.table.value_label(top.variable, top.modality)
        assert answer.lower() in name.lower()  # its most distinctive answer, in words
        assert name.count(" · ") <= 2
    public = two_group_typology.to_dict(public=True)
    assert [c["name"] for c in public["classes"]] == names
