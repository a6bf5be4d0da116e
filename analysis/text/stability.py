"""How stable each cluster is: does it come back when the texts are resampled?

Hennig's cluster-wise bootstrap (``fpc::clusterboot``, *Computational Statistics & Data
Analysis* 52, 2007): the clustering is refitted on bootstrap resamples of the texts; each
original cluster, restricted to the texts drawn, is compared with the most similar refitted
cluster by their Jaccard index (texts in both / texts in either); a cluster's stability is the
mean of these Jaccard indices over the resamples. Hennig reads below 0.5 as a cluster that
"dissolves", above 0.75 as stable; the result flags those under ``UNSTABLE_BELOW``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.metrics import adjusted_rand_score

UNSTABLE_BELOW = 0.5


def best_jaccard(reference: np.ndarray, refit: np.ndarray, cluster: int) -> float | None:
    """Jaccard index of ``cluster`` (in ``reference``) with its best match in ``refit``."""
    members = reference == cluster
    if not members.any():
        return None
    best = 0.0
    for other in np.unique(refit[members]):
        candidate = refit == other
        union = np.logical_or(members, candidate).sum()
        best = max(best, float(np.logical_and(members, candidate).sum() / union))
    return best


def bootstrap_stability(
    reference: np.ndarray,
    refit: Callable[[np.ndarray, int], np.ndarray],
    n_clusters: int,
    n_bootstrap: int,
    rng: np.random.RandomState,
) -> tuple[float, list[float | None]]:
    """Mean ARI of the refits with the reference (overall) and each cluster's mean Jaccard.

    ``refit(rows, seed)`` clusters the rows ``rows`` (indices into ``reference``) afresh and
    returns their labels. A cluster absent from every resample gets ``None``.
    """
    scores: list[float] = []
    jaccards: list[list[float]] = [[] for _ in range(n_clusters)]
    for _ in range(n_bootstrap):
        rows = np.unique(rng.choice(len(reference), len(reference), replace=True))
        seed = int(rng.randint(np.iinfo(np.int32).max))
        labels = refit(rows, seed)
        scores.append(adjusted_rand_score(reference[rows], labels))
        for cluster in range(n_clusters):
            found = best_jaccard(reference[rows], labels, cluster)
            if found is not None:
                jaccards[cluster].append(found)
    per_cluster = [float(np.mean(j)) if j else None for j in jaccards]
    return float(np.mean(scores)), per_cluster
