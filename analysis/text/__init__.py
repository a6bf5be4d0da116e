"""Clustering of French free text (residents' observations, survey answers).

``cluster_texts`` is the plain entry point; ``TextClusterer`` and ``SphericalKMeans`` are the
scikit-learn-style estimators behind it. See ``analysis/TEXT.md`` for the method and scores.
"""

from analysis.text.api import TextCluster, TextClustering, cluster_texts
from analysis.text.cli import analyse_texts_csv
from analysis.text.clusterer import TextClusterer
from analysis.text.kmeans import SphericalKMeans
from analysis.text.lexicon import THEME_LABELS, THEMES
from analysis.text.normalise import FrenchNormaliser
from analysis.text.report import report_html, report_json, write_report

__all__ = [
    "THEMES",
    "THEME_LABELS",
    "FrenchNormaliser",
    "SphericalKMeans",
    "TextCluster",
    "TextClusterer",
    "TextClustering",
    "analyse_texts_csv",
    "cluster_texts",
    "report_html",
    "report_json",
    "write_report",
]
