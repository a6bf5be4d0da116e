"""Preprocessing of French texts as residents type them on a phone.

``FrenchNormaliser.tokens(text)`` gives the matching form of a text: Unicode-normalised,
lowercased, elisions split (``l'``, ``d'``, ``qu'``…), SMS spellings expanded or dropped, stop
words removed, lemmatised with simplemma, then accent-folded. ``surface_forms`` keeps, for each
matching token, the words as they were written, so labels can be shown as residents wrote them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np

from analysis.text.stopwords import EXPANSIONS, LEMMA_OVERRIDES, STOP_WORDS
from analysis.text.typos import TypoCorrector

_APOSTROPHES = ("’", "ʼ", "`", "´", "‘")  # typographic and look-alike apostrophes
# Compounds are split at hyphens and apostrophes like any word, on texts and thesaurus alike
# ("rond-point" → "rond"); their parts are handled as words ("aujourd", "hui" are stop words,
# "rendez" and "week" expand). Only compounds whose parts would mislead are rewritten first.
_MISLEADING_COMPOUNDS = {
    "rez-de-chaussée": "rezdechaussee",  # not the "chaussée" of roads
    "rez-de-chaussee": "rezdechaussee",
}
_URL = re.compile(r"https?://\S+|www\.\S+")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN_OR_SEPARATOR = re.compile(r"[^\W_]+|\x1e", re.UNICODE)
_SEPARATOR = "\x1e"  # ASCII record separator: joins a batch of texts, never part of a word
FORMS_BUDGET = 300_000  # written words counted for display forms; a sample is enough
_SEPARATOR_ID = -2  # word id of the separator in a batch
_NO_TOKEN = -1  # word id of a word that gives no token (stop word, digits, single letter)

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
    """NFC, lowercase, plain apostrophes, emoji handled, URLs dropped.

    Elisions need no rule of their own: tokens split at apostrophes, and the elided clitics
    (``l``, ``d``, ``qu``, ``jusqu``…) are stop words.
    """
    text = unicodedata.normalize("NFC", text).lower()
    if not text.isascii():
        for apostrophe in _APOSTROPHES:
            if apostrophe in text:
                text = text.replace(apostrophe, "'")
        text = replace_emoji(text)
    if "http" in text or "www" in text:
        text = _URL.sub(" ", text)
    for compound, replacement in _MISLEADING_COMPOUNDS.items():
        if compound in text:
            text = text.replace(compound, replacement)
    return text


_FOLDED_EXPANSIONS = {fold_accents(k): v for k, v in EXPANSIONS.items()}


@dataclasses.dataclass(frozen=True)
class TokenStream:
    """The matching tokens of many texts, end to end: ``ids[i]`` is a token of text
    ``doc[i]`` (texts in order, tokens in reading order); ids index ``FrenchNormaliser.token_list``.
    """

    ids: np.ndarray
    doc: np.ndarray
    n_docs: int

    def lists(self, table: list[str], rows: np.ndarray | None = None) -> list[list[str]]:
        """The token lists of the texts ``rows`` (all texts by default)."""
        rows = np.arange(self.n_docs) if rows is None else np.asarray(rows)
        bounds = np.searchsorted(self.doc, np.stack([rows, rows + 1]))
        return [[table[i] for i in self.ids[a:b]] for a, b in bounds.T]

    def lengths(self) -> np.ndarray:
        return np.bincount(self.doc, minlength=self.n_docs)


class FrenchNormaliser:
    """Turns texts into matching tokens; remembers the written forms behind each token.

    A written word gives at most one token (an SMS spelling expands to one content word).
    """

    def __init__(self, *, lemmatise: bool = True, corrector: TypoCorrector | None = None) -> None:
        self.lemmatise = lemmatise
        self.corrector = corrector
        if corrector is not None:
            corrector.add_competitors(STOP_WORDS)
        self.token_list: list[str] = []
        self.token_ids: dict[str, int] = {}
        self._word_cache: dict[str, int] = {_SEPARATOR: _SEPARATOR_ID}
        self._word_counts: Counter[str] = Counter()
        self._forms: dict[str, Counter[str]] | None = None
        self._counted = 0

    def tokens(self, text: str) -> list[str]:
        """The matching tokens of one text (may be empty)."""
        return self.tokens_many([text])[0]

    def tokens_many(self, texts: Iterable[str]) -> list[list[str]]:
        """The matching tokens of each text."""
        return self.stream(texts).lists(self.token_list)

    def stream(self, texts: Iterable[str], batch: int = 20_000) -> TokenStream:
        """All texts' tokens as one stream. Texts are cleaned in batches joined by a separator,
        so that Unicode and regular-expression passes run once per batch, not once per text."""
        texts = [text if isinstance(text, str) else "" for text in texts]
        ids, docs = [], []
        for start in range(0, len(texts), batch):
            batch_ids = self._batch_ids(texts[start : start + batch])
            separators = batch_ids == _SEPARATOR_ID
            doc = start + np.cumsum(separators) - separators  # a separator closes its text
            keep = batch_ids >= 0
            ids.append(batch_ids[keep])
            docs.append(doc[keep])
        empty = np.empty(0, dtype=np.int64)
        return TokenStream(
            ids=np.concatenate(ids) if ids else empty,
            doc=np.concatenate(docs) if docs else empty,
            n_docs=len(texts),
        )

    def token_id(self, token: str) -> int:
        """The id of a token, registered if new."""
        found = self.token_ids.get(token)
        if found is None:
            found = self.token_ids[token] = len(self.token_list)
            self.token_list.append(token)
        return found

    def _batch_ids(self, texts: list[str]) -> np.ndarray:
        joined = _SEPARATOR.join(texts)
        if joined.count(_SEPARATOR) != len(texts) - 1:  # a text carried the separator itself
            joined = _SEPARATOR.join(text.replace(_SEPARATOR, " ") for text in texts)
        words = _TOKEN_OR_SEPARATOR.findall(clean_text(joined) + _SEPARATOR)
        cache = self._word_cache
        new_words = set(words).difference(cache)
        if self.corrector is not None:  # ordinary words this corpus uses compete with typos
            self.corrector.add_competitors(
                fold_accents(w) for w in new_words if _lemma_folded(w)[1]
            )
        for word in new_words:
            token = self._normalise_word(word)
            cache[word] = self.token_id(token) if token else _NO_TOKEN
        if self._counted < FORMS_BUDGET:
            self._word_counts.update(words)
            self._counted += len(words)
            self._forms = None
        return np.fromiter(map(cache.__getitem__, words), dtype=np.int64, count=len(words))

    @property
    def surface_forms(self) -> dict[str, Counter[str]]:
        """Matching token → how often each written word produced it."""
        if self._forms is None:
            forms: dict[str, Counter[str]] = {}
            cache, tokens = self._word_cache, self.token_list
            for word, count in self._word_counts.items():
                token_id = cache.get(word, _NO_TOKEN)
                if token_id >= 0:
                    found = forms.get(tokens[token_id])
                    if found is None:
                        found = forms[tokens[token_id]] = Counter()
                    found[word] = count
            self._forms = forms
        return self._forms

    def display_form(self, token: str) -> str:
        """The most frequent written form of a matching token (the token itself if unseen)."""
        forms = self.surface_forms.get(token)
        if not forms:
            return token
        return forms.most_common(1)[0][0]

    def _normalise_word(self, word: str) -> str | None:
        folded = fold_accents(word)
        if folded in STOP_WORDS or len(folded) < 2 or folded.isdigit():
            return None
        expansion = _FOLDED_EXPANSIONS.get(folded, word)
        lemma = self._lemma(expansion)
        return lemma if lemma and lemma not in STOP_WORDS else None

    def _lemma(self, word: str) -> str:
        folded = fold_accents(word)
        if folded in LEMMA_OVERRIDES:
            return LEMMA_OVERRIDES[folded]
        if not self.lemmatise:
            return folded
        lemma, known = _lemma_folded(word)
        if not known and self.corrector is not None:  # a typo of a thesaurus word?
            return self.corrector.correct(lemma) or lemma
        return lemma


@functools.cache
def _dictionary() -> Mapping[str, str]:
    """simplemma's French dictionary: written form → lemma."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("fr")


def _dictionary_lemma(word: str) -> str | None:
    mapping = _dictionary()
    raw = getattr(mapping, "_dict", None)
    if isinstance(raw, dict):  # bytes → bytes underneath: skip the Mapping layer
        found = raw.get(word.encode())
        return found.decode() if found is not None else None
    return mapping.get(word)


@functools.cache
def _folded_dictionary() -> dict[str, str]:
    """simplemma's French forms → lemmas, both accent-folded, for words typed without accents.

    Only forms with diacritics are needed: an unaccented form is found by simplemma itself.
    """
    mapping = _dictionary()
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
def _lemma_folded(word: str) -> tuple[str, bool]:
    """The folded lemma of a word, accented or not, and whether the dictionary knows it; an
    unknown plural loses its s or x."""
    lemma = _dictionary_lemma(word) or _dictionary_lemma(word.capitalize())
    if lemma is not None:  # what simplemma.is_known and lemmatize find first, in one look-up
        return fold_accents(lemma), True
    folded = fold_accents(word)
    table = _folded_dictionary()
    if folded in table:
        return table[folded], True
    if len(folded) > 3 and folded[-1] in "sx" and folded[:-1] in table:
        return table[folded[:-1]], True
    return folded, False
