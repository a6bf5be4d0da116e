"""Preprocessing of phone-typed French: what a resident writes becomes comparable tokens."""

import pytest

from analysis.text.normalise import FrenchNormaliser, clean_text, fold_accents


@pytest.fixture
def normaliser() -> FrenchNormaliser:
    return FrenchNormaliser()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # SMS abbreviations: function words dropped, content words expanded
        ("pk le bus est tjrs en retard qd il pleut", ["bus", "retard", "pleuvoir"]),
        ("bcp de pb avec l'appart", ["probleme", "appartement"]),
        ("rdv chez le toubib", ["rendezvous", "medecin"]),
        # elision: l', d', qu', j', jusqu' leave the content word alone
        (
            "l'ascenseur d'en face qu'on attend jusqu'à midi",
            ["ascenseur", "face", "attendre", "midi"],
        ),
        # typographic apostrophe, as phones type it
        ("l’école", ["ecole"]),
        # accents missing or present give the same token; plurals are lemmatised
        ("écoles", ["ecole"]),
        ("ecoles", ["ecole"]),
        ("securite", ["securite"]),
        ("bâtiments", ["batiment"]),
        # thematic emoji become a word; other emoji vanish
        ("🗑️ 😡😡", ["poubelle"]),
        ("le 🚌 👍", ["bus"]),
        # compounds split at hyphens read the same in texts and in the thesaurus
        ("le rond-point et les week-ends", ["rond", "weekend"]),
        ("rendez-vous au rez-de-chaussée aujourd'hui", ["rendezvous", "rezdechaussee"]),
        # domain words the dictionary would mislead
        ("les travaux de la rue", ["travaux"]),
    ],
)
def test_tokens_of_resident_texts(normaliser, text, expected):
    assert normaliser.tokens(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "!!! ??? ...", "😂😂😂", "ok mdr", "et donc voilà quoi"]
)
def test_empty_or_content_free_texts_give_no_token(normaliser, text):
    assert normaliser.tokens(text) == []


def test_many_texts_keep_their_order_and_boundaries(normaliser):
    texts = ["poubelles pleines", "", "bus\nen retard", "a\x1eb médecin", "lampadaire"]
    assert normaliser.tokens_many(texts) == [
        ["poubelle", "plein"],
        [],
        ["bus", "retard"],
        ["medecin"],
        ["lampadaire"],
    ]


def test_display_form_is_the_most_frequent_written_word(normaliser):
    normaliser.tokens_many(["Les poubelles", "des poubelles", "une poubelle"])
    assert normaliser.display_form("poubelle") == "poubelles"
    assert normaliser.surface_forms["poubelle"] == {"poubelles": 2, "poubelle": 1}


def test_fold_accents_lowercases_and_spells_ligatures():
    assert fold_accents("Œuvre Éclairée À Noël") == "oeuvre eclairee a noel"


def test_clean_text_drops_urls_and_keeps_words():
    assert "http" not in clean_text("voir https://exemple.fr/page svp")
