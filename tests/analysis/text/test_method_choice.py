"""The method is chosen from the corpus, said in French with its figures, and can be forced;
each cluster has a name to read aloud and its own bootstrap stability."""

import re

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from analysis.text import cluster_texts
from analysis.text import clusterer as clusterer_module
from analysis.text.vectors import load_word_vectors, murmurhash64a


def baseline_nmi(texts, labels):
    vectors = TfidfVectorizer().fit_transform(texts)
    found = KMeans(n_clusters=len(set(labels)), random_state=0, n_init=10).fit_predict(vectors)
    return normalized_mutual_info_score(labels, found)


def test_resident_messages_are_clustered_with_the_thesaurus_and_say_why(observations):
    result = cluster_texts(observations["text"], n_bootstrap=0)
    assert result.method["method"] == "guided"
    assert result.method["reason"].startswith(
        "méthode retenue : guidée par le thésaurus, parce que"
    )
    assert re.search(r"\d+ % des textes", result.method["reason"])
    assert normalized_mutual_info_score(observations["theme"], result.labels) >= 0.55


def test_encyclopaedic_sentences_are_clustered_freely(sib200):
    texts, topics = sib200["text"].tolist(), sib200["category"].tolist()
    result = cluster_texts(texts, n_bootstrap=0)
    assert result.method["method"] == "free"
    assert "ne recoupent pas les thèmes du thésaurus" in result.method["reason"]
    assert normalized_mutual_info_score(topics, result.labels) >= baseline_nmi(texts, topics) + 0.10


def test_citizens_proposals_are_clearly_above_the_baseline(vrai_debat):
    texts = (vrai_debat["title"] + ". " + vrai_debat["text"]).tolist()
    result = cluster_texts(texts, n_bootstrap=0)
    nmi = normalized_mutual_info_score(vrai_debat["theme"], result.labels)
    assert nmi >= baseline_nmi(texts, vrai_debat["theme"].tolist()) + 0.10


@pytest.mark.parametrize("method", ["guided", "free", "mixed"])
def test_the_method_can_be_forced_and_the_result_says_so(small_corpus, method):
    texts, _ = small_corpus
    result = cluster_texts(texts, method=method, n_bootstrap=0)
    assert result.method["method"] == method and result.method["requested"] == method
    assert "parce qu'elle a été demandée" in result.method["reason"]
    has_theme = any(c.theme for c in result.clusters)
    assert has_theme == (method != "free")


def test_same_input_and_seed_give_the_same_result_in_auto_mode(small_corpus):
    texts, _ = small_corpus
    first = cluster_texts(texts, random_state=7, n_bootstrap=4).to_dict()
    assert first == cluster_texts(texts, random_state=7, n_bootstrap=4).to_dict()
    assert first["method"]["method"] in ("guided", "free", "mixed")


def test_each_cluster_has_a_stability_and_unstable_ones_are_flagged(small_corpus):
    texts, _ = small_corpus
    data = cluster_texts(texts, n_bootstrap=8).to_dict()
    for cluster in data["clusters"]:
        assert 0.0 <= cluster["stability"] <= 1.0
        assert cluster["unstable"] == (cluster["stability"] < 0.5)
    assert data["n_unstable"] == sum(c["unstable"] for c in data["clusters"])


def test_groups_forced_on_structureless_texts_are_flagged_unstable():
    rng = np.random.default_rng(0)
    words = [
        "maison",
        "jardin",
        "voiture",
        "soleil",
        "fenêtre",
        "livre",
        "chanson",
        "rivière",
        "pierre",
        "nuage",
    ]
    texts = [" ".join(rng.choice(words, 4)) for _ in range(80)]
    result = cluster_texts(texts, n_clusters=6, method="free", n_bootstrap=10)
    assert any(cluster.unstable for cluster in result.clusters)


def test_cluster_names_are_verbatim_phrases_of_their_texts(observations):
    result = cluster_texts(observations["text"], n_bootstrap=0)
    texts = observations["text"].tolist()
    for cluster in result.clusters:
        members = [t for t, label in zip(texts, result.labels, strict=True) if label == cluster.id]
        assert cluster.name, cluster.words
        assert 2 <= len(cluster.name.split()) <= 12
        fragment = cluster.name[1:]  # the first letter is capitalised
        assert any(fragment in text for text in members)
        assert cluster.label == cluster.name


def test_names_mask_identifiers():
    texts = [
        "Appelez Mme Martin pour les poubelles qui débordent",
        "Mme Martin dit que les poubelles débordent encore",
        "Les poubelles débordent devant chez Mme Martin",
    ] * 4 + ["Le bus 12 ne passe plus le dimanche matin", "Plus de bus le dimanche matin"] * 4
    result = cluster_texts(texts, n_clusters=2, n_bootstrap=0)
    assert all("Martin" not in cluster.name for cluster in result.clusters)


def test_word_vectors_are_read_without_spacy():
    words = load_word_vectors()
    assert words is not None and words.dim == 300
    assert words.vector("poubelle") is not None and words.vector("xqzwv") is None
    near = words.vector("poubelle") @ words.vector("ordures")
    far = words.vector("poubelle") @ words.vector("guitare")
    assert near > far
    assert murmurhash64a(b"maison") in words.key2row


def test_free_clustering_works_without_the_vectors_package(monkeypatch, small_corpus):
    monkeypatch.setattr(clusterer_module, "load_word_vectors", lambda: None)
    texts, themes = small_corpus
    result = cluster_texts(texts, method="free", n_clusters=4, n_bootstrap=0)
    assert result.parameters["word_vectors"] is None
    assert normalized_mutual_info_score(themes, result.labels) > 0.5
