"""What a reader sees of a cluster: label words as residents wrote them, its size, its shares by
theme, polarity or territory, and verbatim quotes (central and diverse)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.text.normalise import FrenchNormaliser

SHARE_COLUMNS = ("theme", "polarity", "territory")


def label_words(
    docs: Sequence[list[str]],
    labels: np.ndarray,
    cluster_ids: Sequence[int],
    normaliser: FrenchNormaliser,
    n_words: int = 3,
) -> dict[int, list[str]]:
    """The ``n_words`` most distinctive tokens of each cluster (class-based TF-IDF: frequent in
    the cluster, rare elsewhere), each shown in its most frequent written form."""
    joined = [" ".join(tokens) for tokens in docs]
    class_docs = [
        " ".join(j for j, lab in zip(joined, labels, strict=True) if lab == c) for c in cluster_ids
    ]
    if not any(class_docs):
        return {c: [] for c in cluster_ids}
    tfidf = TfidfVectorizer(analyzer=str.split, sublinear_tf=True)
    weights = tfidf.fit_transform(class_docs).toarray()
    vocabulary = tfidf.get_feature_names_out()
    words: dict[int, list[str]] = {}
    for row, cluster in enumerate(cluster_ids):
        best = [
            int(i)
            for i in np.argsort(-weights[row], kind="stable")
            if weights[row, i] > 0 and _readable(str(vocabulary[i]))
        ]
        shown: list[str] = []
        for i in best:
            form = normaliser.display_form(str(vocabulary[i]))
            if form not in shown:
                shown.append(form)
            if len(shown) == n_words:
                break
        words[cluster] = shown
    return words


def representative_quotes(
    texts: Sequence[str],
    vectors: np.ndarray,
    centre: np.ndarray,
    n_quotes: int = 3,
    diversity: float = 0.5,
    candidates: int = 50,
) -> list[str]:
    """Verbatim texts close to the centre and unlike each other (maximal marginal relevance)."""
    if len(texts) == 0:
        return []
    centrality = vectors @ centre
    pool = [int(i) for i in np.argsort(-centrality, kind="stable")[:candidates]]
    chosen: list[int] = []
    seen: set[str] = set()
    while pool and len(chosen) < n_quotes:

        def mmr(i: int) -> float:
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            return (1 - diversity) * float(centrality[i]) - diversity * redundancy

        best = max(pool, key=mmr)
        pool.remove(best)
        if texts[best].strip() and texts[best] not in seen:
            chosen.append(best)
            seen.add(texts[best])
    return [texts[i] for i in chosen]


def shares(metadata: pd.DataFrame | None, members: np.ndarray) -> dict[str, dict[str, float]]:
    """For each of theme / polarity / territory present in ``metadata``: value → share of the
    cluster's texts (missing values are counted as "inconnu")."""
    if metadata is None:
        return {}
    out: dict[str, dict[str, float]] = {}
    for column in SHARE_COLUMNS:
        if column in metadata.columns:
            values = metadata[column].iloc[members].astype("string").fillna("inconnu")
            counts = values.value_counts(normalize=True, sort=True)
            out[column] = {str(k): round(float(v), 4) for k, v in counts.items()}
    return out


def _readable(token: str) -> bool:
    """A label word: three letters or more, no digits (not "3h", "t3" or "12")."""
    return len(token) >= 3 and token.isalpha()
