"""Two questions of a survey crossed over its respondents (``select_one`` questions, a choice of
a multiple question written ``question/choice``, or ``territory``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analysis.crossing.publish import MAX_CATEGORIES, CrossingError, publish
from analysis.survey_stats.crosstabs import cross_tabulate
from analysis.survey_stats.respondents import read_responses


def cross_questions(
    survey: Mapping[str, Any],
    responses: Iterable[Any],
    row: str,
    column: str,
    *,
    threshold: int,
    random_state: int = 0,
) -> dict[str, Any]:
    """``row`` × ``column`` over the respondents, published under ``threshold``; the number of
    answers a side is checked before any computation (the Monte-Carlo test grows with it)."""
    if row == column:
        raise CrossingError("Choisissez deux questions différentes.")
    table = read_responses(survey, responses)
    for key in (row, column):
        size = len(table.categorical(key).cat.categories)
        if size > MAX_CATEGORIES:
            raise CrossingError(
                f"« {table.variable_label(key, None)} » a trop de réponses possibles ({size}) pour "
                f"un croisement : au plus {MAX_CATEGORIES}."
            )
    crossed = cross_tabulate(survey, table, row, column, random_state=random_state)
    return publish(crossed, threshold)
