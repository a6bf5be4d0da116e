"""Syntheses: the printable summary of a territory × theme × period that workshops start from.

:func:`build_synthesis` turns plain inputs (observations as a DataFrame, the territory's
outline, indicator comparisons, survey answers) into the synthesis' content — plain JSON to
which the disclosure rules have already been applied; :func:`render_html`,
:func:`render_pdf` and :func:`to_csv` render that content and nothing else.

>>> import pandas as pd
>>> empty = pd.DataFrame(columns=["id", "lon", "lat", "theme", "polarity", "text", "observed_at"])
>>> content = build_synthesis(empty, Place("QP031007", "Grand Mirail", "qpv"), theme="proprete")
>>> content["title"], content["key_figures"]["observations"]["display"]
('Propreté, déchets — Grand Mirail', '0')
"""

from analysis.synthesis.content import SCHEMA, Place, build_synthesis
from analysis.synthesis.render import render_html, render_json, render_pdf
from analysis.synthesis.survey_results import SurveyInput
from analysis.synthesis.tables import to_csv

__all__ = [
    "SCHEMA",
    "Place",
    "SurveyInput",
    "build_synthesis",
    "render_html",
    "render_json",
    "render_pdf",
    "to_csv",
]
