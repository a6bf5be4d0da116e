"""The thesaurus in the form texts are matched in: each theme's entries normalised."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from analysis.text.lexicon import THEMES
from analysis.text.normalise import FrenchNormaliser


@dataclasses.dataclass(frozen=True)
class ThemeLexicon:
    """Theme vocabularies as normalised terms (the same form the preprocessing gives texts).

    ``terms[code]`` holds single tokens and space-joined phrases. ``weight(term)`` is
    1 / (number of themes containing the term), so shared words do not decide alone.
    """

    labels: Mapping[str, str]
    terms: Mapping[str, frozenset[str]]

    @property
    def codes(self) -> list[str]:
        return list(self.labels)

    def weight(self, term: str) -> float:
        count = sum(term in terms for terms in self.terms.values())
        return 1.0 / count if count else 0.0

    def vocabulary(self) -> set[str]:
        return set().union(*self.terms.values())


def raw_entries(words: str) -> list[str]:
    """The comma-separated entries of one theme's word list, stripped."""
    return [entry.strip() for entry in words.replace("\n", " ").split(",") if entry.strip()]


def compile_lexicon(
    themes: Mapping[str, tuple[str, str]] | None = None,
    *,
    lemmatise: bool = True,
) -> ThemeLexicon:
    """Normalise each theme's entries as texts are normalised (phrases keep their word order)."""
    normaliser = FrenchNormaliser(lemmatise=lemmatise)
    themes = THEMES if themes is None else themes
    terms: dict[str, frozenset[str]] = {}
    for code, (_, words) in themes.items():
        entries = normaliser.tokens_many(raw_entries(words))  # one batch per theme
        terms[code] = frozenset(" ".join(tokens) for tokens in entries if tokens)
    return ThemeLexicon(labels={code: label for code, (label, _) in themes.items()}, terms=terms)
