"""``cluster_texts``: the plain function that notebooks, the CLI and the backend's jobs call."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InvalidInputError
from analysis.text.clusterer import NOISE, TextClusterer, validate_texts
from analysis.text.describe import cluster_name, label_words, representative_quotes, shares
from analysis.text.lexicon import THEME_LABELS
from analysis.text.stability import UNSTABLE_BELOW

CRITERIA = {
    "guided-support+silhouette": (
        "thèmes du thésaurus nettement dominants (indice au moins double du thème suivant) "
        "dans au moins 2 % des textes, plus des groupes libres (nombre choisi par silhouette) "
        "pour les textes sans vocabulaire de thème"
    ),
    "silhouette": "nombre de groupes de silhouette moyenne maximale (distance cosinus)",
    "forced": "nombre de groupes imposé",
}


@dataclasses.dataclass
class TextCluster:
    """One cluster: a name to read aloud (its most typical phrase, verbatim and masked), label
    words (as written in the texts), size, shares, verbatim quotes and bootstrap stability."""

    id: int
    words: list[str]
    size: int
    theme: str | None
    theme_label: str | None
    shares: dict[str, dict[str, float]]
    quotes: list[str]
    name: str = ""
    stability: float | None = None

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return ", ".join(self.words) if self.words else "(sans mot distinctif)"

    @property
    def unstable(self) -> bool:
        """True when the cluster does not come back on resampled texts (Jaccard < 0.5)."""
        return self.stability is not None and self.stability < UNSTABLE_BELOW


@dataclasses.dataclass
class TextClustering:
    """The result: a cluster id per text (``-1``: nothing to cluster) and each cluster described."""

    labels: list[int]
    clusters: list[TextCluster]
    n_clusters: int
    criterion: str
    stability: float | None
    parameters: dict[str, Any]
    method: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def cluster_labels(self) -> list[str]:
        """The label of each text's cluster ("" for ``-1``)."""
        names = {c.id: c.label for c in self.clusters}
        return [names.get(label, "") for label in self.labels]

    @property
    def criterion_description(self) -> str:
        return CRITERIA.get(self.criterion, self.criterion)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (lists, dicts, numbers, strings)."""
        return {
            "n_clusters": self.n_clusters,
            "criterion": self.criterion,
            "criterion_description": self.criterion_description,
            "stability": self.stability,
            "method": dict(self.method),
            "parameters": dict(self.parameters),
            "n_noise": sum(1 for label in self.labels if label == NOISE),
            "n_unstable": sum(c.unstable for c in self.clusters),
            "clusters": [
                dataclasses.asdict(c) | {"label": c.label, "unstable": c.unstable}
                for c in self.clusters
            ],
            "labels": list(self.labels),
        }


def cluster_texts(
    texts: Iterable[Any],
    *,
    n_clusters: int | str = "auto",
    method: str = "auto",
    guided: bool | None = None,
    random_state: int = 0,
    metadata: pd.DataFrame | None = None,
    n_quotes: int = 3,
    **options: Any,
) -> TextClustering:
    """Cluster French texts and describe each cluster; clusters are numbered by decreasing size.

    ``method`` is ``"auto"`` (decided from the corpus, see :mod:`analysis.text.choice`),
    ``"guided"``, ``"free"`` or ``"mixed"``; ``guided=True/False`` is the older spelling of
    ``"guided"``/``"free"``. ``metadata`` (one row per text, optional columns ``theme``,
    ``polarity``, ``territory``) adds each cluster's shares. ``options`` go to ``TextClusterer``.
    Same texts, same options and same ``random_state``: the same result.
    """
    if guided is not None:
        method = "guided" if guided else "free"
    texts = validate_texts(texts)
    if metadata is not None and len(metadata) != len(texts):
        raise InvalidInputError(
            f"Les métadonnées ont {len(metadata)} lignes pour {len(texts)} textes."
        )
    model = TextClusterer(
        n_clusters=n_clusters, method=method, random_state=random_state, **options
    ).fit(texts)
    order = _by_size(model.labels_, model.n_clusters_)
    labels = np.array([order.get(int(label), NOISE) for label in model.labels_])
    fit_labels = labels[model.fit_rows_]
    fit_texts = [texts[i] for i in model.fit_rows_]
    ids = sorted(set(order.values()))
    old_of = {new: old for old, new in order.items()}
    theme_terms = {
        new: model.lexicon_.terms[theme]
        for new, old in old_of.items()
        if (theme := model.cluster_themes_[old]) is not None
    }
    words, weights = label_words(
        model.tokens_, fit_labels, ids, model.normaliser_, theme_terms, with_weights=True
    )
    clusters = []
    for cluster in ids:
        members = np.flatnonzero(labels == cluster)
        in_fit = np.flatnonzero(fit_labels == cluster)
        theme = model.cluster_themes_[old_of[cluster]]
        quotes = representative_quotes(
            [fit_texts[i] for i in in_fit],
            model.vectors_[in_fit],
            model.kmeans_.cluster_centers_[old_of[cluster]],
            n_quotes=n_quotes,
        )
        clusters.append(
            TextCluster(
                id=cluster,
                words=words[cluster],
                size=len(members),
                theme=theme,
                theme_label=model.lexicon_.labels.get(theme, THEME_LABELS.get(theme))
                if theme
                else None,
                shares=shares(metadata, members),
                quotes=quotes,
                name=cluster_name(
                    [fit_texts[i] for i in in_fit],
                    model.vectors_[in_fit],
                    model.kmeans_.cluster_centers_[old_of[cluster]],
                    weights[cluster],
                    model.normaliser_,
                ),
                stability=_rounded(model.cluster_stability_[old_of[cluster]]),
            )
        )
    return TextClustering(
        labels=labels.tolist(),
        clusters=clusters,
        n_clusters=len(clusters),
        criterion=model.criterion_,
        stability=model.stability_,
        parameters=model.get_params()
        | {
            "n_texts": len(texts),
            "n_fit": len(fit_texts),
            "word_vectors": model.embedder_.words.name if model.embedder_ else None,
        },
        method=model.method_choice_.to_dict(),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def _by_size(labels: np.ndarray, n_clusters: int) -> dict[int, int]:
    """Old cluster id → new id, the largest cluster first; empty clusters are dropped."""
    sizes = np.bincount(labels[labels >= 0], minlength=n_clusters)
    ranked = [int(c) for c in np.argsort(-sizes, kind="stable") if sizes[c] > 0]
    return {old: new for new, old in enumerate(ranked)}
