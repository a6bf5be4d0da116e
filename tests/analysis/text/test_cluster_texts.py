"""cluster_texts and TextClusterer: what an analyst relies on when reading the clusters."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import normalized_mutual_info_score
from sklearn.utils import estimator_checks

from analysis.errors import AnalysisError, InvalidInputError
from analysis.text import TextClusterer, cluster_texts


def words_of(texts):
    return {w for t in texts for w in re.findall(r"[^\W\d_]+", t.lower())}


@pytest.mark.parametrize("guided", [True, False])
def test_same_random_state_gives_the_same_result(small_corpus, guided):
    texts, _ = small_corpus
    first = cluster_texts(texts, guided=guided, random_state=3)
    second = cluster_texts(texts, guided=guided, random_state=3)
    assert first.to_dict() == second.to_dict()


@pytest.mark.parametrize("guided", [True, False])
@pytest.mark.parametrize("k", [2, 3, 5])
def test_forced_number_of_clusters_is_honoured(small_corpus, guided, k):
    texts, _ = small_corpus
    result = cluster_texts(texts, n_clusters=k, guided=guided, n_bootstrap=0)
    assert result.n_clusters == k
    assert sorted(set(result.labels)) == list(range(k))
    assert result.criterion == "forced"


def test_guided_mode_aligns_clusters_with_thesaurus_themes(small_corpus):
    texts, themes = small_corpus
    result = cluster_texts(texts, guided=True)
    assert normalized_mutual_info_score(themes, result.labels) > 0.9
    for cluster in result.clusters:
        members = [themes[i] for i, label in enumerate(result.labels) if label == cluster.id]
        assert cluster.theme == max(set(members), key=members.count)
        assert cluster.theme_label  # the thesaurus label, in French
    assert result.criterion == "guided-support+silhouette"


def test_labels_are_words_written_in_the_texts(observations):
    texts = observations["text"].tolist()[:200]
    result = cluster_texts(texts, n_bootstrap=0)
    written = words_of(texts)
    for cluster in result.clusters:
        assert 1 <= len(cluster.words) <= 3
        assert set(cluster.words) <= written, cluster.words


def test_quotes_are_verbatim_texts_of_their_own_cluster(small_corpus):
    texts, _ = small_corpus
    result = cluster_texts(texts, n_clusters=4, n_quotes=3)
    for cluster in result.clusters:
        assert 1 <= len(cluster.quotes) <= 3
        assert len(set(cluster.quotes)) == len(cluster.quotes)
        for quote in cluster.quotes:
            assert quote in texts
            assert result.labels[texts.index(quote)] == cluster.id


def test_texts_with_nothing_to_cluster_are_noise(small_corpus):
    texts, _ = small_corpus
    result = cluster_texts([*texts, "", None, "😂👍", "ok mdr"])
    assert result.labels[-4:] == [-1, -1, -1, -1]
    assert min(result.labels[:-4]) >= 0
    assert sum(c.size for c in result.clusters) == len(texts)
    assert result.cluster_labels[-1] == ""


def test_clusters_are_numbered_by_decreasing_size(observations):
    result = cluster_texts(observations["text"], n_bootstrap=0)
    sizes = [c.size for c in result.clusters]
    assert sizes == sorted(sizes, reverse=True)
    assert [c.id for c in result.clusters] == list(range(result.n_clusters))


def test_shares_by_theme_and_polarity_come_from_metadata(small_corpus):
    texts, themes = small_corpus
    metadata = pd.DataFrame({"theme": themes, "polarity": ["difficulte"] * len(texts)})
    result = cluster_texts(texts, n_clusters=4, metadata=metadata)
    for cluster in result.clusters:
        assert set(cluster.shares) == {"theme", "polarity"}
        assert sum(cluster.shares["theme"].values()) == pytest.approx(1.0)
        assert cluster.shares["polarity"] == {"difficulte": 1.0}
        assert max(cluster.shares["theme"], key=cluster.shares["theme"].get) == cluster.theme


def test_stability_is_reported_beside_the_result(small_corpus):
    texts, _ = small_corpus
    result = cluster_texts(texts, n_bootstrap=5)
    assert result.stability is not None and -1.0 <= result.stability <= 1.0
    assert cluster_texts(texts, n_bootstrap=0).stability is None


def test_result_is_plain_json(small_corpus):
    texts, _ = small_corpus
    data = json.loads(json.dumps(cluster_texts(texts).to_dict()))
    assert data["n_clusters"] == len(data["clusters"])
    assert len(data["labels"]) == len(texts)
    assert {"id", "label", "words", "size", "quotes", "shares", "theme"} <= set(data["clusters"][0])


def test_large_inputs_fit_on_a_sample_and_assign_the_rest(small_corpus):
    texts, themes = small_corpus
    many = texts * 5
    model = TextClusterer(max_fit_texts=40, n_bootstrap=0).fit(many)
    assert len(model.fit_rows_) == 40
    assert (model.labels_ >= 0).all()
    assert (model.predict(texts) == model.labels_[: len(texts)]).all()
    assert normalized_mutual_info_score(themes * 5, model.labels_) > 0.9


def test_estimator_contract(small_corpus):
    texts, _ = small_corpus
    model = TextClusterer(n_clusters=4, random_state=1)
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError):
        model.predict(texts)
    labels = model.fit_predict(texts)
    assert (labels == model.labels_).all()
    assert model.n_clusters_ == 4 and len(model.cluster_themes_) == 4


@pytest.mark.parametrize(
    "bad", ["un seul texte", ["", "  ", None], [1, 2, 3], 42, ["seulement un texte utile"]]
)
def test_unusable_input_raises_a_domain_error(bad):
    with pytest.raises(InvalidInputError) as caught:
        cluster_texts(bad)
    assert isinstance(caught.value, AnalysisError)


def test_metadata_must_have_one_row_per_text(small_corpus):
    texts, _ = small_corpus
    with pytest.raises(InvalidInputError):
        cluster_texts(texts, metadata=pd.DataFrame({"theme": ["proprete"]}))


def test_labels_are_integers_per_text(small_corpus):
    texts, _ = small_corpus
    labels = cluster_texts(texts).labels
    assert len(labels) == len(texts) and all(isinstance(x, int) for x in labels)
    assert np.issubdtype(np.asarray(labels).dtype, np.integer)


@pytest.mark.parametrize(
    "check",
    [
        estimator_checks.check_parameters_default_constructible,
        estimator_checks.check_no_attributes_set_in_init,
        estimator_checks.check_get_params_invariance,
        estimator_checks.check_set_params,
        estimator_checks.check_estimator_cloneable,
        estimator_checks.check_do_not_raise_errors_in_init_or_set_params,
    ],
    ids=lambda check: check.__name__,
)
def test_scikit_learn_checks_that_need_no_numeric_input(check):
    # The other checks feed numeric arrays, which a text estimator cannot take.
    check("TextClusterer", TextClusterer())


def test_docstring_examples_run():
    import doctest

    from analysis.text import clusterer, kmeans

    for module in (clusterer, kmeans):
        outcome = doctest.testmod(module)
        assert outcome.attempted > 0 and outcome.failed == 0
