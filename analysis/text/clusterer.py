"""``TextClusterer``: French texts in, clusters out, in the scikit-learn estimator style."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from analysis.errors import InvalidInputError
from analysis.text.features import TextEncoder, TextSpace, ThemeEvidence
from analysis.text.guided import StartingPlan, free_plan, guided_plan
from analysis.text.kmeans import SphericalKMeans
from analysis.text.lexicon import THEMES
from analysis.text.normalise import FrenchNormaliser, TokenStream
from analysis.text.thesaurus import compile_lexicon
from analysis.text.typos import TypoCorrector

NOISE = -1  # label of texts with nothing left to cluster (empty, only stop words or emoji)
STABILITY_ROWS = 2000  # bootstrap refits run on at most this many texts, to bound their cost


class TextClusterer(ClusterMixin, BaseEstimator):
    """Clusters French texts: normalisation, lemma TF-IDF with LSA, optional
    thesaurus guidance, spherical k-means; the number of clusters is automatic or forced.

    Above ``max_fit_texts`` texts, the clustering is fitted on a random sample of that size and
    the other texts are assigned to the nearest centre. ``stability_`` is the mean adjusted Rand
    index between the fitted partition and partitions refitted on ``n_bootstrap`` resamples.
    Texts with nothing to cluster get the label ``-1``.

    Examples
    --------
    >>> texts = ["Poubelles pleines", "Le bus 12 est en retard", "Trop de déchets partout",
    ...          "Encore un bus supprimé", "Sacs poubelle éventrés", "Pas de bus le dimanche"]
    >>> model = TextClusterer(n_clusters=2, n_bootstrap=0).fit(texts)
    >>> model.labels_[0] == model.labels_[2] != model.labels_[1] == model.labels_[3]
    np.True_
    """

    _parameter_constraints: dict = {  # noqa: RUF012 - scikit-learn's declared contract
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "guided": ["boolean"],
        "themes": [dict, None],
        "n_components": [Interval(numbers.Integral, 2, None, closed="left")],
        "anchor_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "max_fit_texts": [Interval(numbers.Integral, 10, None, closed="left")],
        "n_bootstrap": [Interval(numbers.Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        n_clusters: int | str = "auto",
        guided: bool = True,
        themes: dict[str, tuple[str, str]] | None = None,
        n_components: int = 50,
        anchor_weight: float = 1.0,
        max_fit_texts: int = 3000,
        n_bootstrap: int = 10,
        random_state: int | None = 0,
    ) -> None:
        self.n_clusters = n_clusters
        self.guided = guided
        self.themes = themes
        self.n_components = n_components
        self.anchor_weight = anchor_weight
        self.max_fit_texts = max_fit_texts
        self.n_bootstrap = n_bootstrap
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Iterable[Any], y: Any = None) -> TextClusterer:
        """Cluster the texts ``X``; sets ``labels_``, ``cluster_themes_``, ``stability_``…"""
        # The numeric work is many small k-means and products on a few thousand rows: one
        # thread is faster, and on a busy machine OpenMP's waiting threads made it 10x slower.
        with threadpool_limits(limits=1):
            return self._fit(validate_texts(X))

    def _fit(self, texts: list[str]) -> TextClusterer:
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        self.lexicon_ = compile_lexicon(self.themes if self.themes is not None else THEMES)
        # Guided: a misspelt thesaurus word ("poubeles") still counts for its theme.
        corrector = TypoCorrector(self.lexicon_.vocabulary()) if self.guided else None
        self.normaliser_ = FrenchNormaliser(corrector=corrector)
        stream = self.normaliser_.stream(texts)
        usable = np.flatnonzero(stream.lengths() > 0)
        if len(usable) < 2:
            raise InvalidInputError("Il faut au moins deux textes non vides à regrouper.")
        fit_rows = usable
        if len(usable) > self.max_fit_texts:
            fit_rows = np.sort(rng.choice(usable, self.max_fit_texts, replace=False))
        self.fit_rows_ = fit_rows
        self.tokens_ = stream.lists(self.normaliser_.token_list, fit_rows)
        all_counts = self._fit_vocabulary(stream)
        vectors, evidence = self._fit_space(all_counts[fit_rows], seed)
        plan = self._plan(vectors, evidence, self.n_clusters, seed)
        self.kmeans_ = SphericalKMeans(init=plan.centres, random_state=seed).fit(vectors)
        self.cluster_themes_ = plan.themes
        self.criterion_ = plan.criterion
        self.n_clusters_ = self.kmeans_.n_clusters_
        self.labels_ = np.full(len(texts), NOISE, dtype=np.int64)
        self.labels_[fit_rows] = self.kmeans_.labels_
        rest = np.setdiff1d(usable, fit_rows)
        if len(rest):  # texts beyond the fitted sample go to the nearest centre
            self.labels_[rest] = self.kmeans_.predict(self._vectors(all_counts[rest]))
        self.vectors_ = vectors
        self.stability_ = self._stability(vectors, evidence, rng)
        return self

    def _fit_vocabulary(self, stream: TokenStream) -> sp.csr_matrix:
        """Choose the vocabulary on the fitted texts, count it in all."""
        thesaurus_terms = self.lexicon_.vocabulary() if self.guided else set()
        self.encoder_ = TextEncoder().fit(self.tokens_, thesaurus_terms)
        return self.encoder_.transform_stream(stream, self.normaliser_)

    def _fit_space(self, counts: sp.csr_matrix, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """LSA and theme evidence fitted on the sample: its vectors and its evidence."""
        self.space_ = TextSpace(n_components=self.n_components, random_state=seed)
        lsa = self.space_.fit_transform(counts, self.encoder_.n_corpus_terms_)
        self.evidence_ = ThemeEvidence(self.lexicon_, self.encoder_.vocabulary_).fit(counts)
        evidence = self.evidence_.transform(counts)
        return self._anchored(lsa, evidence), evidence

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        """The cluster of each text (``-1`` for a text with nothing to cluster)."""
        check_is_fitted(self)
        with threadpool_limits(limits=1):
            return self._predict(validate_texts(X))

    def _predict(self, texts: list[str]) -> np.ndarray:
        stream = self.normaliser_.stream(texts)
        labels = np.full(stream.n_docs, NOISE, dtype=np.int64)
        usable = np.flatnonzero(stream.lengths() > 0)
        if len(usable):
            counts = self.encoder_.transform_stream(stream, self.normaliser_)[usable]
            labels[usable] = self.kmeans_.predict(self._vectors(counts))
        return labels

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def _vectors(self, counts: sp.csr_matrix) -> np.ndarray:
        """The anchored vectors the clustering works in, from vocabulary counts."""
        return self._anchored(self.space_.transform(counts), self.evidence_.transform(counts))

    def _anchored(self, vectors: np.ndarray, evidence: np.ndarray) -> np.ndarray:
        """LSA vectors beside the row-normalised theme evidence (guided mode), on the sphere."""
        if not self.guided or self.anchor_weight == 0:
            return vectors
        return normalize(np.hstack([vectors, self.anchor_weight * normalize(evidence)]))

    def _plan(
        self,
        vectors: np.ndarray,
        evidence: np.ndarray,
        n_clusters: int | str,
        seed: int,
        n_free: int | None = None,
    ) -> StartingPlan:
        if self.guided:
            codes = self.lexicon_.codes
            return guided_plan(vectors, evidence, codes, n_clusters, seed, n_free)
        return free_plan(vectors, n_clusters, seed)

    def _stability(
        self, vectors: np.ndarray, evidence: np.ndarray, rng: np.random.RandomState
    ) -> float | None:
        """Mean ARI between the fitted labels and refits on bootstrap resamples, on at most
        ``STABILITY_ROWS`` texts (unguided refits keep the chosen k)."""
        if self.n_bootstrap == 0 or self.n_clusters_ < 2:
            return None
        subset = np.arange(len(vectors))
        if len(subset) > STABILITY_ROWS:
            subset = np.sort(rng.choice(subset, STABILITY_ROWS, replace=False))
        reference = self.kmeans_.labels_[subset]
        vectors, evidence = vectors[subset], evidence[subset]
        n_clusters = self.n_clusters if self.guided else self.n_clusters_
        n_free = sum(theme is None for theme in self.cluster_themes_)
        scores = []
        for _ in range(self.n_bootstrap):
            rows = rng.choice(len(vectors), len(vectors), replace=True)
            seed = int(rng.randint(np.iinfo(np.int32).max))
            plan = self._plan(vectors[rows], evidence[rows], n_clusters, seed, n_free)
            refit = SphericalKMeans(init=plan.centres, random_state=seed).fit(vectors[rows])
            scores.append(adjusted_rand_score(reference, refit.predict(vectors)))
        return float(np.mean(scores))


def validate_texts(texts: Iterable[Any]) -> list[str]:
    """A list of strings; missing values (None, NaN) become empty texts."""
    if isinstance(texts, str | bytes):
        raise InvalidInputError("On attend une liste de textes, pas un texte seul.")
    try:
        values = list(texts)
    except TypeError as exc:
        raise InvalidInputError("On attend une liste de textes.") from exc
    out = []
    for value in values:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append("")
        elif isinstance(value, str):
            out.append(value)
        else:
            raise InvalidInputError(f"Valeur qui n'est pas un texte : {value!r}.")
    return out
