"""What a reader sees of a cluster: label words as residents wrote them, its size, its shares by
theme, polarity or territory, and verbatim quotes (central and diverse)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from analysis.disclosure import mask_identifiers
from analysis.text.normalise import FrenchNormaliser

SHARE_COLUMNS = ("theme", "polarity", "territory")


def label_words(
    docs: Sequence[list[str]],
    labels: np.ndarray,
    cluster_ids: Sequence[int],
    normaliser: FrenchNormaliser,
    theme_terms: dict[int, frozenset[str]] | None = None,
    n_words: int = 3,
    *,
    with_weights: bool = False,
) -> Any:
    """The ``n_words`` most distinctive words of each cluster, as most often written (and, with
    ``with_weights``, each cluster's token → score for its 20 best tokens, to name it).

    Score: share of the cluster's texts using the word × log(1 + texts / texts using it), so a
    word frequent in the cluster and rare elsewhere wins; words of the cluster's thesaurus theme
    count 1.5 times (guided labels then speak the organisers' words); in clusters of four texts
    or more, words used by at least two of them come first.
    """
    counter = CountVectorizer(analyzer=_label_tokens, binary=True)
    try:
        presence = counter.fit_transform(docs).tocsc()
    except ValueError:  # no readable word at all
        empty: dict[int, list[str]] = {c: [] for c in cluster_ids}
        return (empty, {c: {} for c in cluster_ids}) if with_weights else empty
    vocabulary = counter.get_feature_names_out()
    idf = np.log1p(len(docs) / np.maximum(np.asarray(presence.sum(axis=0)).ravel(), 1))
    words: dict[int, list[str]] = {}
    weights: dict[int, dict[str, float]] = {}
    for cluster in cluster_ids:
        members = np.flatnonzero(labels == cluster)
        in_cluster = np.asarray(presence[members].sum(axis=0)).ravel()
        score = in_cluster / max(len(members), 1) * idf
        shared = (in_cluster >= 2) | (len(members) < 4)
        terms = (theme_terms or {}).get(cluster, frozenset())
        if terms:
            score *= np.where(np.isin(vocabulary, list(terms)), 1.5, 1.0)
        best = [int(i) for i in np.lexsort((-in_cluster, -score, ~shared)) if score[i] > 0]
        weights[cluster] = {str(vocabulary[i]): float(score[i]) for i in best[:20]}
        shown: list[str] = []
        for i in best:
            form = normaliser.display_form(str(vocabulary[i]))
            if form not in shown:
                shown.append(form)
            if len(shown) == n_words:
                break
        words[cluster] = shown
    return (words, weights) if with_weights else words


def _label_tokens(tokens: list[str]) -> list[str]:
    """A label word: three letters or more, no digits (not "3h", "t3" or "12")."""
    return [t for t in tokens if len(t) >= 3 and t.isalpha()]


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


_CLAUSE = re.compile(r"[^.!?;:\n,()«»\"“”…]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
NAME_WORDS = (2, 9)  # a name is read aloud: a clause of two to nine words


def cluster_name(
    texts: Sequence[str],
    vectors: np.ndarray,
    centre: np.ndarray,
    weights: Mapping[str, float],
    normaliser: FrenchNormaliser,
    candidates: int = 60,
) -> str:
    """The cluster's most typical phrase, to read aloud: among the clauses (2 to 9 words) of its
    ``candidates`` texts closest to the centre, the one whose words are most distinctive of the
    cluster (sum of the words' scores ÷ √ words, so a short dense clause wins), verbatim with a
    capital letter, identifiers masked. Empty when no clause carries a distinctive word."""
    if not texts or not weights:
        return ""
    order = np.argsort(-(vectors @ centre), kind="stable")[:candidates]
    clauses: list[tuple[str, int]] = []
    for rank, i in enumerate(order):
        for clause in _CLAUSE.findall(texts[int(i)]):
            n_words = len(_WORD.findall(clause))
            if NAME_WORDS[0] <= n_words <= NAME_WORDS[1]:
                clauses.append((clause.strip(" -–—'’"), rank))
    if not clauses:
        return ""
    tokens = normaliser.tokens_many([clause for clause, _ in clauses])
    best, best_key = "", (0.0, 0, 0)
    for (clause, rank), found in zip(clauses, tokens, strict=True):
        score = sum(weights.get(t, 0.0) for t in set(found)) / np.sqrt(len(_WORD.findall(clause)))
        key = (round(score, 9), -rank, -len(clause))
        if score > 0 and key > best_key:
            best, best_key = clause, key
    if not best:
        return ""
    return mask_identifiers(best[:1].upper() + best[1:])
