"""Survey statistics: who says what, without a black box.

- :func:`summarise_survey` — per-question shares with Wilson (or Agresti–Coull) intervals,
  means with t intervals, medians, n asked (relevance) and n answered; overall and by group.
- :func:`cross_tabulate` — counts, shares, expected counts, χ² (exact or Monte-Carlo when
  expected counts are small), Cramér's V, per-cell lift, adjusted residual and test-value.
- :func:`survey_typology` / :class:`RespondentTypology` — MCA then Ward clustering (ACM + CAH),
  the number of classes by the largest relative loss of inertia, classes described by
  test-values (*valeurs-test*).

Every result has ``to_dict(public=False)``; ``public=True`` withholds counts of fewer than
``disclosure_threshold`` respondents (default 11). Methods: ``METHODS.md`` beside this file.
"""

from analysis.survey_stats.crosstabs import Crosstab, cross_tabulate
from analysis.survey_stats.disclosure import DEFAULT_THRESHOLD, suppression_mask
from analysis.survey_stats.errors import (
    NotEnoughDataError,
    SurveyStatsError,
    UnknownVariableError,
    UnsupportedVariableError,
)
from analysis.survey_stats.intervals import (
    agresti_coull_interval,
    median_interval,
    proportion_interval,
    t_interval,
    wilson_interval,
)
from analysis.survey_stats.respondents import RespondentTable, read_responses
from analysis.survey_stats.summaries import SurveySummary, likert_scale, summarise_survey
from analysis.survey_stats.synthetic import simulate_responses
from analysis.survey_stats.typology import RespondentTypology
from analysis.survey_stats.typology_result import Typology, survey_typology, typology_frame
from analysis.survey_stats.vtest import ClassDescription, ModalityTest, describe_classes, v_test

__all__ = [
    "DEFAULT_THRESHOLD",
    "ClassDescription",
    "Crosstab",
    "ModalityTest",
    "NotEnoughDataError",
    "RespondentTable",
    "RespondentTypology",
    "SurveyStatsError",
    "SurveySummary",
    "Typology",
    "UnknownVariableError",
    "UnsupportedVariableError",
    "agresti_coull_interval",
    "cross_tabulate",
    "describe_classes",
    "likert_scale",
    "median_interval",
    "proportion_interval",
    "read_responses",
    "simulate_responses",
    "summarise_survey",
    "suppression_mask",
    "survey_typology",
    "t_interval",
    "typology_frame",
    "v_test",
    "wilson_interval",
]
