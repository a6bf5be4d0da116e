"""SphericalKMeans follows scikit-learn's estimator contract and finds k by silhouette."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from analysis.text.kmeans import SphericalKMeans


@parametrize_with_checks(
    [
        SphericalKMeans(n_clusters=3, random_state=0),
        SphericalKMeans(n_clusters="auto", k_max=4, random_state=0),
    ]
)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def directions(n_per_group: int, n_groups: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    """Rows scattered around ``n_groups`` orthogonal directions."""
    rng = np.random.default_rng(seed)
    rows = [
        np.eye(dim)[g] * 5 + rng.normal(scale=0.5, size=(n_per_group, dim)) for g in range(n_groups)
    ]
    return np.vstack(rows)


@pytest.mark.parametrize("n_groups", [2, 4, 6])
def test_auto_k_finds_the_number_of_directions(n_groups):
    X = directions(30, n_groups)
    model = SphericalKMeans(n_clusters="auto", k_max=10, random_state=0).fit(X)
    assert model.n_clusters_ == n_groups
    assert max(model.silhouette_scores_, key=model.silhouette_scores_.get) == n_groups


def test_only_the_direction_matters_not_the_length():
    X = directions(20, 3)
    model = SphericalKMeans(n_clusters=3, random_state=0).fit(X)
    assert (model.predict(X * 10) == model.labels_).all()


def test_given_centres_fix_the_number_and_order_of_clusters():
    X = directions(20, 3)
    init = np.eye(8)[[2, 0, 1]]
    model = SphericalKMeans(init=init, random_state=0).fit(X)
    assert model.n_clusters_ == 3
    assert (model.labels_[:20] == 1).all() and (model.labels_[40:] == 0).all()
