"""Typo correction towards a small vocabulary (the thesaurus), for words no dictionary knows.

Two words are one edit apart (a letter substituted, added, dropped, or two neighbours swapped)
when deleting at most one letter from each gives the same string: an index of such deletions
answers in a few dictionary look-ups (the symmetric-delete idea of SymSpell).
"""

from __future__ import annotations

from collections.abc import Iterable


def deletions(word: str) -> set[str]:
    """The word and every string made by deleting one of its letters."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoCorrector:
    """Maps a word to the only target word within one edit of it.

    *Competitors* are ordinary words (those a corpus uses and the dictionary knows): a word one
    edit away from a competitor too is left alone, since "fiare" is more likely "faire" than the
    thesaurus' "fibre".
    """

    def __init__(self, targets: Iterable[str], *, min_length: int = 5) -> None:
        self.min_length = min_length
        self._targets = {t for t in targets if len(t) >= min_length - 1 and " " not in t}
        self._index: dict[str, set[str]] = {}
        self._competitors: set[str] = set()
        for target in self._targets:
            for key in deletions(target):
                self._index.setdefault(key, set()).add(target)

    def add_competitors(self, words: Iterable[str]) -> None:
        self._competitors.update(words)

    def correct(self, word: str) -> str | None:
        """The target ``word`` was probably meant to be, or None (too short, none, ambiguous,
        or close to an ordinary word)."""
        if len(word) < self.min_length:
            return None
        found: set[str] = set()
        index = self._index
        for key in deletions(word):
            hits = index.get(key)
            if hits:
                found.update(hits)
                if len(found) > 1:
                    return None
        if len(found) != 1:
            return None
        (best,) = found
        if not self._competitors.isdisjoint(one_edit(word) - {best}):
            return None
        return best


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one edit from ``word`` (letters a–z, as words are accent-folded)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaced = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserted = {a + c + b for a, b in splits for c in LETTERS}
    return deleted | swapped | replaced | inserted
