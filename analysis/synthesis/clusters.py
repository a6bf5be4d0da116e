"""What residents write about, grouped: the text clusters of a synthesis with their labels and a
few verbatim quotes, masked (``analysis.disclosure.mask_identifiers``).

Clusters smaller than the disclosure threshold are not shown (their texts count in « autres
sujets »); above ``max_texts`` texts the clustering runs on a random sample, which the
method note says.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure import mask_identifiers
from analysis.errors import AnalysisError
from analysis.synthesis.figures import disclosed_counts, share
from analysis.text import cluster_texts

MIN_TEXTS = 20  # below this, a clustering says nothing a reader could not see in the list
QUOTE_MAX = 280
OTHERS = "autres"


def public_quote(text: str) -> str:
    """A quote as published: identifiers masked, whitespace tidied, long texts cut at a word."""
    text = " ".join(mask_identifiers(str(text)).split())
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def clusters_section(
    frame: pd.DataFrame, threshold: int, *, guided: bool, max_texts: int, seed: int
) -> dict[str, Any]:
    n_texts = len(frame)
    section: dict[str, Any] = {"status": "ok", "items": [], "sampled": False, "n_used": None}
    if n_texts < max(MIN_TEXTS, threshold):
        section["status"] = "too_few"
        return section
    texts = frame["text"].astype(str)
    if n_texts > max_texts:
        rows = np.sort(np.random.default_rng(seed).choice(n_texts, max_texts, replace=False))
        texts = texts.iloc[rows]
        section["sampled"] = True
    try:
        result = cluster_texts(
            texts.tolist(), n_clusters="auto", guided=guided, random_state=seed, n_quotes=3
        )
    except AnalysisError:
        section["status"] = "failed"
        return section
    section["n_used"] = len(texts)
    section["criterion"] = result.criterion_description
    section["stability"] = result.stability
    sizes = {c.id: c.size for c in result.clusters}
    shown = [c for c in result.clusters if c.size >= threshold]
    others = len(texts) - sum(c.size for c in shown)
    counts = pd.Series({**{str(c.id): c.size for c in shown}, OTHERS: others})
    published = {row["key"]: row for row in disclosed_counts(counts, threshold)}
    whole = {"value": len(texts)}
    for cluster in shown:
        size = published[str(cluster.id)]
        section["items"].append(
            {
                "number": len(section["items"]) + 1,
                "label": cluster.label,
                "words": list(cluster.words),
                "theme_label": cluster.theme_label,
                "size": size,
                "share": share(size, whole),
                "quotes": [public_quote(q) for q in cluster.quotes],
            }
        )
    section["others"] = published[OTHERS] | {"share": share(published[OTHERS], whole)}
    section["n_clusters_hidden"] = sum(1 for size in sizes.values() if size < threshold)
    return section
