"""``TextClusterer``: French texts in, clusters out, in the scikit-learn estimator style."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from analysis.errors import InvalidInputError
from analysis.text.choice import METHODS, MethodChoice, choose_method
from analysis.text.features import TextEncoder, TextSpace, ThemeEvidence
from analysis.text.guided import StartingPlan, free_plan, guided_plan, theme_seeds
from analysis.text.kmeans import SphericalKMeans
from analysis.text.lexicon import THEMES
from analysis.text.normalise import FrenchNormaliser
from analysis.text.stability import bootstrap_stability
from analysis.text.thesaurus import compile_lexicon
from analysis.text.typos import TypoCorrector
from analysis.text.vectors import DocumentEmbedder, load_word_vectors

NOISE = -1  # label of texts with nothing left to cluster (empty, only stop words or emoji)
STABILITY_ROWS = 2000  # bootstrap refits run on at most this many texts, to bound their cost


class TextClusterer(ClusterMixin, BaseEstimator):
    """Clusters French texts: normalisation, lemma TF-IDF with LSA, French word vectors,
    optional thesaurus guidance, spherical k-means; the number of clusters is automatic or forced.

    ``method="auto"`` decides from the corpus whether the thesaurus' themes fit it (``guided``),
    fit part of it (``mixed``: themes plus free groups) or not (``free``); ``method_choice_``
    says which and why (see :mod:`analysis.text.choice`). Above ``max_fit_texts`` texts, the
    clustering is fitted on a random sample of that size and the other texts are assigned to the
    nearest centre. ``stability_`` is the mean adjusted Rand index between the fitted partition
    and refits on ``n_bootstrap`` resamples; ``cluster_stability_`` each cluster's mean Jaccard
    index with its best match in the refits. Texts with nothing to cluster get the label ``-1``.

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
        "method": [StrOptions({"auto", *METHODS})],
        "themes": [dict, None],
        "n_components": [Interval(numbers.Integral, 2, None, closed="left")],
        "anchor_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "vector_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "max_fit_texts": [Interval(numbers.Integral, 10, None, closed="left")],
        "n_bootstrap": [Interval(numbers.Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        n_clusters: int | str = "auto",
        method: str = "auto",
        themes: dict[str, tuple[str, str]] | None = None,
        n_components: int = 50,
        anchor_weight: float = 1.0,
        vector_weight: float = 1.5,
        max_fit_texts: int = 3000,
        n_bootstrap: int = 10,
        random_state: int | None = 0,
    ) -> None:
        self.n_clusters = n_clusters
        self.method = method
        self.themes = themes
        self.n_components = n_components
        self.anchor_weight = anchor_weight
        self.vector_weight = vector_weight
        self.max_fit_texts = max_fit_texts
        self.n_bootstrap = n_bootstrap
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Iterable[Any], y: Any = None) -> TextClusterer:
        """Cluster the texts ``X``; sets ``labels_``, ``method_``, ``cluster_themes_``…"""
        # The numeric work is many small k-means and products on a few thousand rows: one
        # thread is faster, and on a busy machine OpenMP's waiting threads made it 10x slower.
        with threadpool_limits(limits=1):
            return self._fit(validate_texts(X))

    def _fit(self, texts: list[str]) -> TextClusterer:
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        self.lexicon_ = compile_lexicon(self.themes if self.themes is not None else THEMES)
        uses_thesaurus = self.method != "free"
        # A misspelt thesaurus word ("poubeles") still counts for its theme.
        corrector = TypoCorrector(self.lexicon_.vocabulary()) if uses_thesaurus else None
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
        thesaurus_terms = self.lexicon_.vocabulary() if uses_thesaurus else set()
        self.encoder_ = TextEncoder().fit(self.tokens_, thesaurus_terms)
        all_counts = self.encoder_.transform_stream(stream, self.normaliser_)
        parts = self._fit_parts(all_counts[fit_rows], seed)
        self.method_choice_ = self._choose(parts, seed)
        self.method_ = self.method_choice_.method
        vectors = self._space(parts)
        plan = self._free_plan_seen
        if plan is None or self.method_ != "free" or self.n_clusters != "auto":
            plan = self._plan(
                vectors, parts["evidence"], self.n_clusters, seed, search=parts["lsa"]
            )
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
        self.stability_, self.cluster_stability_ = self._stability(vectors, parts, rng)
        return self

    def _fit_parts(self, counts: sp.csr_matrix, seed: int) -> dict[str, np.ndarray]:
        """LSA, theme evidence and word-vector embedding of the fitted sample."""
        self.space_ = TextSpace(n_components=self.n_components, random_state=seed)
        n_terms = self.encoder_.n_corpus_terms_
        parts = {"lsa": self.space_.fit_transform(counts, n_terms)}
        self.evidence_ = ThemeEvidence(self.lexicon_, self.encoder_.vocabulary_).fit(counts)
        parts["evidence"] = self.evidence_.transform(counts)
        self.embedder_ = None
        words = load_word_vectors() if self.method != "guided" and self.vector_weight else None
        if words is not None and n_terms:
            tfidf = self.space_.tfidf(counts)
            self.embedder_ = DocumentEmbedder(words).fit(
                self.encoder_.vocabulary_, n_terms, self.normaliser_.surface_forms, tfidf
            )
            parts["embedding"] = self.embedder_.transform(tfidf)
        return parts

    def _choose(self, parts: dict[str, np.ndarray], seed: int) -> MethodChoice:
        """The method (decided from the corpus when ``auto``), with its reason."""
        seeds = theme_seeds(parts["evidence"])
        self._free_plan_seen: StartingPlan | None = None  # reused when free is retained
        if self.method in ("guided", "mixed") or (self.method == "auto" and (seeds >= 0).any()):
            space = self._free_space(parts)
            free = free_plan(space, "auto", seed, search=parts["lsa"])
            free_labels = SphericalKMeans(init=free.centres, random_state=seed).fit(space).labels_
            self._free_plan_seen = free
        else:  # asked free, or no theme vocabulary at all: nothing to compare with
            free_labels = np.zeros(len(seeds), dtype=np.int64)
        return choose_method(free_labels, seeds, self.method)

    def _free_space(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        if "embedding" not in parts:
            return parts["lsa"]
        return normalize(np.hstack([parts["lsa"], self.vector_weight * parts["embedding"]]))

    def _space(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        """The vectors the chosen method clusters: words (and vectors) beside theme evidence."""
        method = getattr(self, "method_", "guided")
        base = parts["lsa"] if method == "guided" else self._free_space(parts)
        if method == "free" or self.anchor_weight == 0:
            return base
        return normalize(np.hstack([base, self.anchor_weight * normalize(parts["evidence"])]))

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
        """The vectors the clustering works in, from vocabulary counts."""
        parts = {"lsa": self.space_.transform(counts), "evidence": self.evidence_.transform(counts)}
        if self.embedder_ is not None:
            parts["embedding"] = self.embedder_.transform(self.space_.tfidf(counts))
        return self._space(parts)

    def _plan(
        self,
        vectors: np.ndarray,
        evidence: np.ndarray,
        n_clusters: int | str,
        seed: int,
        n_free: int | None = None,
        search: np.ndarray | None = None,
    ) -> StartingPlan:
        if self.method_ == "free":
            return free_plan(vectors, n_clusters, seed, search)
        codes = self.lexicon_.codes
        mixed = self.method_ == "mixed"
        return guided_plan(vectors, evidence, codes, n_clusters, seed, n_free, mixed=mixed)

    def _stability(
        self, vectors: np.ndarray, parts: dict[str, np.ndarray], rng: np.random.RandomState
    ) -> tuple[float | None, list[float | None]]:
        """Overall (mean ARI) and per-cluster (mean best Jaccard) stability over bootstrap
        refits on at most ``STABILITY_ROWS`` texts (unguided refits keep the chosen k)."""
        if self.n_bootstrap == 0 or self.n_clusters_ < 2:
            return None, [None] * self.n_clusters_
        subset = np.arange(len(vectors))
        if len(subset) > STABILITY_ROWS:
            subset = np.sort(rng.choice(subset, STABILITY_ROWS, replace=False))
        vectors, evidence = vectors[subset], parts["evidence"][subset]
        n_clusters = self.n_clusters if self.method_ != "free" else self.n_clusters_
        n_free = sum(theme is None for theme in self.cluster_themes_)

        def refit(rows: np.ndarray, seed: int) -> np.ndarray:
            plan = self._plan(vectors[rows], evidence[rows], n_clusters, seed, n_free)
            return SphericalKMeans(init=plan.centres, random_state=seed).fit(vectors[rows]).labels_

        reference = self.kmeans_.labels_[subset]
        return bootstrap_stability(reference, refit, self.n_clusters_, self.n_bootstrap, rng)


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
