"""Spherical k-means on vectors, with the number of clusters chosen by silhouette when asked."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data


class SphericalKMeans(ClusterMixin, BaseEstimator):
    """K-means on the unit sphere: rows are L2-normalised, similarity is the cosine.

    With ``n_clusters="auto"`` the number of clusters is the one, between ``k_min`` and
    ``k_max``, whose partition has the highest mean silhouette (cosine distance); the search
    runs on a random sample of at most ``search_sample`` rows, then all rows are clustered.
    ``init`` may be an array of starting centres (one per cluster), as the guided text
    clustering does with thesaurus themes.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 0.1], [1, 0.0], [0.1, 1], [0.0, 1]])
    >>> model = SphericalKMeans(n_clusters="auto", k_max=3, random_state=0).fit(X)
    >>> model.n_clusters_, sorted(np.bincount(model.labels_).tolist())
    (2, [2, 2])
    """

    _parameter_constraints: dict = {  # noqa: RUF012 - scikit-learn's declared contract
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "init": [StrOptions({"k-means++", "random"}), np.ndarray],
        "k_min": [Interval(numbers.Integral, 2, None, closed="left")],
        "k_max": [Interval(numbers.Integral, 2, None, closed="left")],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "search_sample": [Interval(numbers.Integral, 10, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        n_clusters: int | str = 8,
        init: str | np.ndarray = "k-means++",
        k_min: int = 2,
        k_max: int = 20,
        n_init: int = 3,
        max_iter: int = 300,
        search_sample: int = 2000,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.k_min = k_min
        self.k_max = k_max
        self.n_init = n_init
        self.max_iter = max_iter
        self.search_sample = search_sample
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Cluster the rows of ``X``; sets ``labels_``, ``cluster_centers_``, ``n_clusters_``."""
        X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32])
        X = normalize(X)
        rng = check_random_state(self.random_state)
        self.silhouette_scores_: dict[int, float] = {}
        if isinstance(self.init, np.ndarray):
            k = self.init.shape[0]
        elif self.n_clusters == "auto":
            k = self._best_k(X, rng)
        else:
            k = int(self.n_clusters)
        if isinstance(self.init, np.ndarray):
            with warnings.catch_warnings():
                # Given centres may outnumber distinct rows (a bootstrap resample, say): the
                # surplus clusters stay empty, which callers handle.
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = self._kmeans(k, rng).fit(X)
        else:
            k = min(k, _distinct_rows(X))
            model = self._kmeans(k, rng).fit(X)
        self.cluster_centers_ = normalize(model.cluster_centers_)
        self.labels_ = model.labels_
        self.inertia_ = float(model.inertia_)
        self.n_clusters_ = k
        self.n_iter_ = model.n_iter_
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def predict(self, X):
        """The index of the most similar centre (cosine) for each row of ``X``."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32], reset=False)
        similarity = normalize(X) @ self.cluster_centers_.T
        return np.asarray(similarity).argmax(axis=1)

    def _kmeans(self, k: int, rng: np.random.RandomState) -> KMeans:
        if isinstance(self.init, np.ndarray):
            return KMeans(k, init=normalize(self.init), n_init=1, max_iter=self.max_iter)
        seed = rng.randint(np.iinfo(np.int32).max)
        return KMeans(
            k, init=self.init, n_init=self.n_init, max_iter=self.max_iter, random_state=seed
        )

    def _best_k(self, X, rng: np.random.RandomState) -> int:
        """The k of highest silhouette; a single cluster when there are too few rows to compare."""
        if X.shape[0] > self.search_sample:
            X = X[np.sort(rng.choice(X.shape[0], self.search_sample, replace=False))]
        k_max = min(self.k_max, _distinct_rows(X) - 1)
        if k_max < self.k_min:
            return 1
        for k in range(self.k_min, k_max + 1):
            labels = self._kmeans(k, rng).fit_predict(X)
            if len(np.unique(labels)) < 2:
                continue
            self.silhouette_scores_[k] = float(
                silhouette_score(
                    X,
                    labels,
                    metric="cosine",
                )
            )
        if not self.silhouette_scores_:
            return 1
        return max(self.silhouette_scores_, key=self.silhouette_scores_.__getitem__)


def _distinct_rows(X) -> int:
    """How many different rows ``X`` has: k-means cannot make more clusters than that."""
    dense = X.toarray() if hasattr(X, "toarray") else np.asarray(X)
    return len(np.unique(dense, axis=0))
