"""Preprocessing of French texts as residents type them on a phone.

``FrenchNormaliser.tokens(text)`` gives the matching form of a text: Unicode-normalised,
lowercased, elisions split (``l'``, ``d'``, ``qu'``…), SMS spellings expanded or dropped, stop
words removed, lemmatised with simplemma, then accent-folded. ``surface_forms`` keeps, for each
matching token, the words as they were written, so labels can be shown as residents wrote them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import simplemma

from analysis.text.stopwords import EXPANSIONS, LEMMA_OVERRIDES, STOP_WORDS

_APOSTROPHES = re.compile("[’ʼ`´‘]")
# Fixed compounds that must survive the split on hyphens and apostrophes.
_COMPOUNDS = {
    "aujourd'hui": "aujourdhui",
    "rendez-vous": "rendezvous",
    "week-end": "weekend",
    "week-ends": "weekend",
    "après-midi": "apresmidi",
    "apres-midi": "apresmidi",
    "rez-de-chaussée": "rezdechaussee",
    "rez-de-chaussee": "rezdechaussee",
    "y'a": "il y a",
    "rond-point": "rondpoint",
    "ronds-points": "rondpoint",
    "point d'apport": "pointapport",
    "points d'apport": "pointapport",
}
_COMPOUND_ORDER = sorted(_COMPOUNDS, key=len, reverse=True)  # "week-ends" before "week-end"
_URL = re.compile(r"https?://\S+|www\.\S+")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN_OR_SEPARATOR = re.compile(r"[^\W_]+|\x1e", re.UNICODE)
_SEPARATOR = "\x1e"  # ASCII record separator: joins a batch of texts, never part of a word
FORMS_BUDGET = 1_000_000  # written words counted for display forms; a sample is enough

# Emoji that name a theme of daily life become the word; every other emoji is dropped.
EMOJI_WORDS: dict[str, str] = {
    "🗑": "poubelle",
    "🚮": "poubelle",
    "🐀": "rat",
    "🐁": "souris",
    "💩": "crotte",
    "🪳": "cafard",
    "💡": "lumière",
    "🚧": "travaux",
    "♿": "handicap",
    "🚓": "police",
    "👮": "police",
    "🚨": "police",
    "🔪": "couteau",
    "💊": "médicament",
    "🏥": "hôpital",
    "🚑": "ambulance",
    "🩺": "médecin",
    "🚌": "bus",
    "🚍": "bus",
    "🚋": "tram",
    "🚊": "tram",
    "🚇": "métro",
    "🚆": "train",
    "🚲": "vélo",
    "🚗": "voiture",
    "🅿": "parking",
    "🏫": "école",
    "🎒": "école",
    "📚": "livre",
    "👶": "bébé",
    "💼": "travail",
    "💻": "ordinateur",
    "📱": "téléphone",
    "📶": "réseau",
    "🌳": "arbre",
    "🌲": "arbre",
    "🌻": "fleur",
    "🌸": "fleur",
    "🥵": "chaleur",
    "🔥": "chaleur",
    "☀": "soleil",
    "🏠": "logement",
    "🏢": "immeuble",
    "⚽": "foot",
    "🏀": "basket",
    "🎭": "théâtre",
    "🎶": "musique",
    "🛒": "courses",
    "🥖": "boulangerie",
}


def _slow_fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("œ", "oe").replace("æ", "ae")


# Latin letters with diacritics (U+00C0–U+024F) → their base letters, for a fast str.translate.
_FOLD_TABLE = str.maketrans({chr(c): _slow_fold(chr(c)) for c in range(0xC0, 0x250)})


def fold_accents(word: str) -> str:
    """``"Écoles"`` → ``"ecoles"``: lowercase without diacritics (œ and æ spelled out)."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    folded = folded.translate(_FOLD_TABLE)
    return folded if folded.isascii() else _slow_fold(folded)


_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\u200d\ufe0f\ufe0e\u20e3\U000e0020-\U000e007f]"
)


def _emoji_word(match: re.Match[str]) -> str:
    return f" {EMOJI_WORDS.get(match.group(), '')} "


def replace_emoji(text: str) -> str:
    """Thematic emoji become their French word; the others become a space."""
    return _EMOJI.sub(_emoji_word, text)


def clean_text(text: str) -> str:
    """NFC, lowercase, plain apostrophes, emoji handled, URLs dropped, compounds joined.

    Elisions need no rule of their own: tokens split at apostrophes, and the elided clitics
    (``l``, ``d``, ``qu``, ``jusqu``…) are stop words.
    """
    text = unicodedata.normalize("NFC", text).lower()
    if not text.isascii():
        text = replace_emoji(_APOSTROPHES.sub("'", text))
    if "http" in text or "www" in text:
        text = _URL.sub(" ", text)
    for compound in _COMPOUND_ORDER:
        if compound in text:
            text = text.replace(compound, f" {_COMPOUNDS[compound]} ")
    return text


_FOLDED_EXPANSIONS = {fold_accents(k): v for k, v in EXPANSIONS.items()}


class FrenchNormaliser:
    """Turns texts into matching tokens; remembers the written forms behind each token."""

    def __init__(self, *, lemmatise: bool = True) -> None:
        self.lemmatise = lemmatise
        self._word_cache: dict[str, tuple[str, ...]] = {}
        self._word_counts: Counter[str] = Counter()
        self._forms: dict[str, Counter[str]] | None = None
        self._counted = 0

    def tokens(self, text: str) -> list[str]:
        """The matching tokens of one text (may be empty)."""
        return self.tokens_many([text])[0]

    def tokens_many(self, texts: Iterable[str], batch: int = 20_000) -> list[list[str]]:
        """The matching tokens of each text. Texts are cleaned in batches joined by newlines,
        so that Unicode and regular-expression passes run once per batch, not once per text."""
        texts = [text if isinstance(text, str) else "" for text in texts]
        out: list[list[str]] = []
        for start in range(0, len(texts), batch):
            out += self._tokens_batch(texts[start : start + batch])
        return out

    def _tokens_batch(self, texts: list[str]) -> list[list[str]]:
        joined = _SEPARATOR.join(texts)
        if joined.count(_SEPARATOR) != len(texts) - 1:  # a text carried the separator itself
            joined = _SEPARATOR.join(text.replace(_SEPARATOR, " ") for text in texts)
        words = _TOKEN_OR_SEPARATOR.findall(clean_text(joined) + _SEPARATOR)
        cache = self._word_cache
        for word in set(words).difference(cache):
            cache[word] = self._normalise_word(word) if word != _SEPARATOR else ()
        if self._counted < FORMS_BUDGET:
            self._word_counts.update(words)
            self._counted += len(words)
            self._forms = None
        # Map every word at C speed, then cut the stream at the separators.
        normalised = list(map(cache.__getitem__, words))
        ends = [i for i, word in enumerate(words) if word == _SEPARATOR]
        chain = itertools.chain.from_iterable
        return [list(chain(normalised[a + 1 : b])) for a, b in zip([-1, *ends], ends, strict=False)]

    @property
    def surface_forms(self) -> dict[str, Counter[str]]:
        """Matching token → how often each written word produced it."""
        if self._forms is None:
            forms: dict[str, Counter[str]] = {}
            for word, count in self._word_counts.items():
                for token in self._word_cache.get(word, ()):
                    forms.setdefault(token, Counter())[word] += count
            self._forms = forms
        return self._forms

    def display_form(self, token: str) -> str:
        """The most frequent written form of a matching token (the token itself if unseen)."""
        forms = self.surface_forms.get(token)
        if not forms:
            return token
        return forms.most_common(1)[0][0]

    def _normalise_word(self, word: str) -> tuple[str, ...]:
        folded = fold_accents(word)
        if folded in STOP_WORDS or len(folded) < 2 or folded.isdigit():
            return ()
        expansion = _FOLDED_EXPANSIONS.get(folded)
        words = expansion.split() if expansion else [word]
        return tuple(t for w in words if (t := self._lemma(w)) and t not in STOP_WORDS)

    def _lemma(self, word: str) -> str:
        folded = fold_accents(word)
        if folded in LEMMA_OVERRIDES:
            return LEMMA_OVERRIDES[folded]
        if not self.lemmatise:
            return folded
        return _lemma_folded(word)


@functools.cache
def _folded_dictionary() -> dict[str, str]:
    """simplemma's French forms → lemmas, both accent-folded, for words typed without accents.

    Only forms with diacritics are needed: an unaccented form is found by simplemma itself.
    """
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    mapping = DefaultDictionaryFactory().get_dictionary("fr")
    raw = getattr(mapping, "_dict", None)
    if isinstance(raw, dict):  # bytes → bytes underneath: decode all of it in two C calls
        forms = b"\n".join(raw.keys()).decode().split("\n")
        lemmas = b"\n".join(raw.values()).decode().split("\n")
    else:  # another simplemma layout: the public (slower) mapping interface
        forms, lemmas = map(list, zip(*mapping.items(), strict=True))
    accented = [i for i, form in enumerate(forms) if not form.isascii()]
    folded_forms = _fold_lines([forms[i] for i in accented])
    folded_lemmas = _fold_lines([lemmas[i] for i in accented])
    table: dict[str, str] = {}
    for form, lemma in zip(folded_forms, folded_lemmas, strict=True):
        table.setdefault(form, lemma)
    return table


def _fold_lines(words: list[str]) -> list[str]:
    lines = "\n".join(words).casefold().translate(_FOLD_TABLE).split("\n")
    return [line if line.isascii() else _slow_fold(line) for line in lines]


@functools.lru_cache(maxsize=200_000)
def _lemma_folded(word: str) -> str:
    """The folded lemma of a word, accented or not; an unknown plural loses its s or x."""
    if simplemma.is_known(word, lang="fr"):
        return fold_accents(simplemma.lemmatize(word, lang="fr"))
    folded = fold_accents(word)
    table = _folded_dictionary()
    if folded in table:
        return table[folded]
    if len(folded) > 3 and folded[-1] in "sx" and folded[:-1] in table:
        return table[folded[:-1]]
    return folded
