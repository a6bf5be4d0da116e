"""Vector spaces for normalised texts: lemma TF-IDF reduced by LSA, and the thesaurus evidence
(how much of each theme's vocabulary a text uses).

Both read one sparse count matrix over a fixed vocabulary (corpus words beside thesaurus terms),
counted with array operations over the token stream of all texts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from analysis.text.normalise import FrenchNormaliser, TokenStream
from analysis.text.thesaurus import ThemeLexicon


class TextEncoder:
    """Counts of a fixed vocabulary in normalised texts: corpus words seen in at least
    ``min_df`` texts and at most ``max_df`` of them, plus every thesaurus term. Thesaurus
    phrases are matched on their first three words.

    Counting runs on a ``TokenStream`` with array operations only (phrases become integer keys
    of consecutive token ids), so 100k texts cost no Python loop per text. Corpus bigrams were
    measured and dropped: they did not change the scores (TEXT.md).
    """

    def __init__(self, *, min_df: int = 2, max_df: float = 0.5) -> None:
        self.min_df = min_df
        self.max_df = max_df

    def fit(self, docs: Sequence[list[str]], extra_terms: set[str]) -> TextEncoder:
        min_df = self.min_df if len(docs) >= 50 else 1
        counter = CountVectorizer(analyzer=list, min_df=min_df, max_df=self.max_df)
        try:
            corpus_terms = list(counter.fit(docs).get_feature_names_out())
        except ValueError:  # every term pruned (tiny or uniform corpus)
            corpus_terms = []
        self.n_corpus_terms_ = len(corpus_terms)
        extra = sorted(extra_terms - set(corpus_terms))
        self.vocabulary_ = {term: i for i, term in enumerate(corpus_terms + extra)}
        return self

    def transform_stream(self, stream: TokenStream, normaliser: FrenchNormaliser) -> sp.csr_matrix:
        """Counts of the vocabulary in each text of the stream (texts × vocabulary)."""
        rows, cols = [], []
        for n_words, keys, columns in self._term_keys(normaliser):
            if not len(keys) or len(stream.ids) < n_words:
                continue
            key = _window_keys(stream.ids, n_words, len(normaliser.token_list))
            same_text = stream.doc[n_words - 1 :] == stream.doc[: len(stream.doc) - n_words + 1]
            where = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = (keys[where] == key) & same_text
            rows.append(stream.doc[: len(key)][hit])
            cols.append(columns[where[hit]])
        row = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        col = np.concatenate(cols) if cols else np.empty(0, dtype=np.int64)
        shape = (stream.n_docs, len(self.vocabulary_))
        counts = sp.csr_matrix((np.ones(len(row)), (row, col)), shape=shape)
        counts.sum_duplicates()
        return counts

    def _term_keys(self, normaliser: FrenchNormaliser) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """For 1-, 2- and 3-word terms: sorted integer keys and the column of each."""
        grouped: dict[int, tuple[list[int], list[list[int]]]] = {n: ([], []) for n in (1, 2, 3)}
        for term, column in self.vocabulary_.items():
            words = term.split()[:3]
            columns, ids = grouped[len(words)]
            columns.append(column)
            ids.append([normaliser.token_id(w) for w in words])
        size = len(normaliser.token_list)  # after registering the terms' words
        out = []
        for n_words, (columns, ids) in grouped.items():
            if n_words == 3 and size**3 >= 2**63:  # keys would overflow: skip 3-word phrases
                continue
            matrix = np.array(ids, dtype=np.int64).reshape(len(ids), n_words)
            key = _window_keys_matrix(matrix, size)
            order = np.argsort(key, kind="stable")
            out.append((n_words, key[order], np.array(columns, dtype=np.int64)[order]))
        return out


def _window_keys(ids: np.ndarray, n_words: int, size: int) -> np.ndarray:
    """Integer key of every window of ``n_words`` consecutive token ids (base ``size``)."""
    key = ids[: len(ids) - n_words + 1].copy()
    for offset in range(1, n_words):
        key = key * size + ids[offset : len(ids) - n_words + 1 + offset]
    return key


def _window_keys_matrix(ids: np.ndarray, size: int) -> np.ndarray:
    key = ids[:, 0].copy()
    for offset in range(1, ids.shape[1]):
        key = key * size + ids[:, offset]
    return key


class TextSpace:
    """Sublinear lemma TF-IDF of the corpus words, then LSA; rows on the unit sphere."""

    def __init__(self, *, n_components: int = 50, random_state: int = 0) -> None:
        self.n_components = n_components
        self.random_state = random_state

    def fit_transform(self, counts: sp.csr_matrix, n_terms: int) -> np.ndarray:
        words = counts[:, :n_terms]
        document_frequency = np.bincount(words.indices, minlength=n_terms)
        self.idf_ = np.log((1 + words.shape[0]) / (1 + document_frequency)) + 1.0
        self.n_terms_ = n_terms
        tfidf = self._tfidf(words)
        n_components = max(1, min(self.n_components, n_terms - 1, words.shape[0] - 1))
        self.svd_ = TruncatedSVD(n_components=n_components, random_state=self.random_state)
        return normalize(self.svd_.fit_transform(tfidf))

    def transform(self, counts: sp.csr_matrix) -> np.ndarray:
        return normalize(self.svd_.transform(self.tfidf(counts)))

    def tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Sublinear, L2-normalised TF-IDF of the corpus words in vocabulary ``counts``."""
        return self._tfidf(counts[:, : self.n_terms_])

    def _tfidf(self, words: sp.csr_matrix) -> sp.csr_matrix:
        weighted = words.copy()
        weighted.data = np.log(weighted.data) + 1.0
        return normalize(weighted.multiply(self.idf_).tocsr())


class ThemeEvidence:
    """How much of each theme's vocabulary a text uses: distinct thesaurus terms found, each
    weighted by 1 / (themes sharing it) and by its squared IDF in the corpus (a term most texts
    use, like "enfant" in a neighbourhood, says less about the theme than "lampadaire")."""

    def __init__(self, lexicon: ThemeLexicon, vocabulary: dict[str, int]) -> None:
        self.lexicon = lexicon
        terms = sorted(t for t in lexicon.vocabulary() if t in vocabulary)
        self._columns = np.array([vocabulary[t] for t in terms], dtype=np.int64)
        weights = np.zeros((len(terms), len(lexicon.codes)), dtype=np.float64)
        for j, code in enumerate(lexicon.codes):
            for i, term in enumerate(terms):
                if term in lexicon.terms[code]:
                    weights[i, j] = lexicon.weight(term)
        self._weights = weights
        self.idf_ = np.ones(len(terms))

    def fit(self, counts: sp.csr_matrix) -> ThemeEvidence:
        hits = counts[:, self._columns]
        document_frequency = np.bincount(hits.indices, minlength=len(self._columns))
        self.idf_ = (np.log((counts.shape[0] + 1) / (document_frequency + 1)) + 1.0) ** 2
        return self

    def transform(self, counts: sp.csr_matrix) -> np.ndarray:
        hits = counts[:, self._columns]
        hits.data[:] = 1.0
        return np.asarray(hits.multiply(self.idf_).tocsr() @ self._weights)
