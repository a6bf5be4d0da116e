"""Cross-analysis: any two variables crossed, with χ², adjusted residuals and lift, shown
under the disclosure rules (:mod:`analysis.crossing.protection`).

The table itself comes from :func:`analysis.survey_stats.cross_tabulate` (observations'
columns, or a survey's questions); :func:`publish` turns it into what an organiser may read.

>>> import pandas as pd
>>> frame = pd.DataFrame({"theme": ["proprete"] * 60 + ["bruit"] * 40,
...                       "polarity": ["difficulte"] * 45 + ["idee"] * 15 + ["difficulte"] * 10 + ["idee"] * 30})
>>> result = cross_observations(frame, "theme", "polarity", threshold=11)
>>> result["test"]["significant"], result["n"]
(True, 100)
"""

from analysis.crossing.observations import OBSERVATION_VARIABLES, cross_observations
from analysis.crossing.protection import Protection, protect
from analysis.crossing.publish import MAX_CATEGORIES, CrossingError, publish, verdict
from analysis.crossing.survey import cross_questions

__all__ = [
    "MAX_CATEGORIES",
    "OBSERVATION_VARIABLES",
    "CrossingError",
    "Protection",
    "cross_observations",
    "cross_questions",
    "protect",
    "publish",
    "verdict",
]
