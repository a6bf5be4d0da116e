"""Starting centres for the clustering: thesaurus themes (guided mode) or free groups.

A text is a *seed* of a theme when that theme's evidence is at least twice the next theme's
(``CLEAR_RATIO``): a clear case, not a tie broken by one shared word. Each kept theme
starts as the mean of its seeds; texts that use no theme vocabulary at all may form extra, free
groups. Spherical k-means then refines from these centres, so clusters keep the thesaurus'
meaning while following what the texts actually say.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from sklearn.preprocessing import normalize

from analysis.text.kmeans import SphericalKMeans


@dataclasses.dataclass
class StartingPlan:
    """Initial centres, the theme each one stands for (``None`` for a free group), and why."""

    centres: np.ndarray
    themes: list[str | None]
    criterion: str


CLEAR_RATIO = 2.0


def theme_seeds(evidence: np.ndarray) -> np.ndarray:
    """Index of the clearly dominant theme of each text (evidence at least ``CLEAR_RATIO``
    times the next theme's), or -1 (no evidence, or no clear winner)."""
    if evidence.shape[1] == 1:
        return np.where(evidence[:, 0] > 0, 0, -1)
    top_two = np.sort(evidence, axis=1)[:, -2:]
    clear = (top_two[:, 1] > 0) & (top_two[:, 1] >= CLEAR_RATIO * top_two[:, 0])
    return np.where(clear, evidence.argmax(axis=1), -1)


def min_theme_support(n_texts: int) -> int:
    """Clear seeds a theme needs to be kept with automatic k: 2 % of the texts, at least 3."""
    return max(3, math.ceil(0.02 * n_texts))


def guided_plan(
    vectors: np.ndarray,
    evidence: np.ndarray,
    codes: list[str],
    n_clusters: int | str,
    random_state: int,
    n_free: int | None = None,
    *,
    mixed: bool = False,
) -> StartingPlan:
    """Theme centres (those with enough seeds, or the ``n_clusters`` best supported) plus free
    groups for texts that no theme explains (``n_free`` of them if given, else by silhouette).

    Guided, the free groups gather texts that use no theme vocabulary at all; ``mixed``, every
    text without a clear theme (a tie, or a word or two of several themes) may join them."""
    seeds = theme_seeds(evidence)
    support = np.bincount(seeds[seeds >= 0], minlength=len(codes))
    by_support = [int(t) for t in np.argsort(-support, kind="stable") if support[t] > 0]
    if n_clusters == "auto":
        kept = sorted(t for t in by_support if support[t] >= min_theme_support(len(vectors)))
        pool = seeds < 0 if mixed else evidence.sum(axis=1) == 0
        extra = _free_centres_auto(vectors, pool, random_state, n_free)
        criterion = "guided-support+silhouette"
    else:
        kept = sorted(by_support[: int(n_clusters)])
        extra = _free_centres(vectors, seeds, int(n_clusters) - len(kept), random_state)
        criterion = "forced"
    centres = [normalize(vectors[seeds == t].mean(axis=0, keepdims=True))[0] for t in kept]
    themes: list[str | None] = [codes[t] for t in kept]
    if len(extra):
        centres.extend(extra)
        themes.extend([None] * len(extra))
    if not centres:  # no theme vocabulary at all: fall back to free clustering
        return free_plan(vectors, n_clusters, random_state)
    return StartingPlan(np.vstack(centres), themes, criterion)


def free_plan(
    vectors: np.ndarray,
    n_clusters: int | str,
    random_state: int,
    search: np.ndarray | None = None,
) -> StartingPlan:
    """Unguided: spherical k-means centres; when automatic, k of best silhouette between 2 and
    √(n/2) (at most 20), the usual ceiling that keeps clusters of a readable size. The
    silhouette is read on ``search`` (the LSA vectors) when given: averaged word vectors share
    broad directions that make two or three vague groups look best (measured: k = 2 on the
    resident messages), while lemma topics keep the finer structure."""
    k: int | str = n_clusters if n_clusters == "auto" else min(int(n_clusters), len(vectors))
    k_max = min(20, max(2, int(math.sqrt(len(vectors) / 2))))
    if k == "auto" and search is not None:
        probe = SphericalKMeans(n_clusters="auto", k_max=k_max, random_state=random_state)
        k = probe.fit(search).n_clusters_
    model = SphericalKMeans(n_clusters=k, k_max=k_max, random_state=random_state).fit(vectors)
    criterion = "silhouette" if n_clusters == "auto" else "forced"
    return StartingPlan(model.cluster_centers_, [None] * model.n_clusters_, criterion)


def _free_centres_auto(
    vectors: np.ndarray, unexplained: np.ndarray, random_state: int, n_free: int | None
) -> np.ndarray:
    """Free groups among the ``unexplained`` texts, when they are 10 % or more of the corpus
    (and at least 20): ``n_free`` of them, or as many as the best silhouette says."""
    if unexplained.sum() < max(20, 0.1 * len(vectors)) or n_free == 0:
        return np.empty((0, vectors.shape[1]))
    k = "auto" if n_free is None else min(n_free, int(unexplained.sum()))
    k_max = min(10, max(2, int(math.sqrt(unexplained.sum() / 2))))
    model = SphericalKMeans(n_clusters=k, k_max=k_max, random_state=random_state)
    return model.fit(vectors[unexplained]).cluster_centers_


def _free_centres(
    vectors: np.ndarray, seeds: np.ndarray, count: int, random_state: int
) -> np.ndarray:
    """``count`` free centres from the texts no theme claims (all texts if too few)."""
    if count <= 0:
        return np.empty((0, vectors.shape[1]))
    pool = vectors[seeds < 0] if (seeds < 0).sum() >= count else vectors
    model = SphericalKMeans(n_clusters=count, random_state=random_state).fit(pool)
    return model.cluster_centers_
