"""Vector spaces for normalised texts: lemma TF-IDF reduced by LSA, and the thesaurus evidence
(how much of each theme's vocabulary a text uses).

Both read one sparse count matrix over a fixed vocabulary (corpus words beside thesaurus terms),
encoded in a single pass per text: on 100k texts this pass, not the algebra, is the cost.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from analysis.text.lexicon import ThemeLexicon


class TextEncoder:
    """Counts of a fixed vocabulary in normalised texts: corpus words seen in at least
    ``min_df`` texts and at most ``max_df`` of them, plus every thesaurus term (phrases too).

    Corpus bigrams were measured and dropped: they did not change the scores (TEXT.md) and
    building every bigram string was the costliest step on 100k texts.
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
        phrases = [t.split() for t in extra_terms if " " in t]
        self.max_n_ = max([1, *(len(words) for words in phrases)])
        self.phrase_starts_ = {words[0] for words in phrases}
        return self

    def transform(self, docs: Sequence[list[str]]) -> sp.csr_matrix:
        get = self.vocabulary_.get
        indptr = [0]
        indices: list[int] = []
        lengths = range(2, self.max_n_ + 1)
        starts = self.phrase_starts_
        for tokens in docs:
            grams = (
                tokens
                + [  # thesaurus phrases, only where one may start
                    " ".join(tokens[i : i + n])
                    for i, token in enumerate(tokens)
                    if token in starts
                    for n in lengths
                    if i + n <= len(tokens)
                ]
            )
            indices += [i for i in map(get, grams) if i is not None]
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float64)
        shape = (len(docs), len(self.vocabulary_))
        counts = sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=shape)
        counts.sum_duplicates()
        return counts


class TextSpace:
    """Sublinear lemma TF-IDF (words and bigrams) then LSA; rows on the unit sphere."""

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
        return normalize(self.svd_.transform(self._tfidf(counts[:, : self.n_terms_])))

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
