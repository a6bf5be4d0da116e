"""Survey statistics benchmarks: the typology (ACM + CAH) and the per-question summary.

Baselines, measured in the same run on the same synthetic responses to the real
``vivre-dans-mon-quartier`` template (two planted profiles over the twelve themes):

- typology: scikit-learn's ``AgglomerativeClustering(linkage="ward")`` on the one-hot
  indicator matrix with a fixed number of classes — the floor of a Ward typology, without
  the MCA, the parallel analysis (20 shuffled tables), the choice of k, the k-means
  consolidation or the test-values. Ratio = baseline time / our time (below 1 by construction:
  it says what the method costs on top of clustering).
- summary: ``surveys.summarise_responses`` (raw counts, means and medians) on the same answers;
  ours adds relevance (n asked), intervals and Likert scores.
"""

from __future__ import annotations

import pandas as pd
from sklearn.cluster import AgglomerativeClustering

from analysis.survey_stats import (
    read_responses,
    simulate_responses,
    summarise_survey,
    survey_typology,
)
from analysis.survey_stats.typology_result import typology_frame
from bench.common import Result, best_time
from surveys import summarise_responses, templates

THEMES = ["proprete", "voirie_eclairage", "tranquillite", "mobilite", "logement", "espaces_verts",
          "commerces_services", "education_jeunesse", "emploi_insertion", "sante", "lien_social",
          "numerique"]  # fmt: skip


def responses(n: int) -> list[dict]:
    survey = templates.load("vivre-dans-mon-quartier")
    low, high = {"1": 5, "2": 3, "3": 1, "4": 1}, {"1": 1, "2": 1, "3": 3, "4": 5}
    first = {f"sat_{t}": low if i < 6 else high for i, t in enumerate(THEMES)}
    second = {f"sat_{t}": high if i < 6 else low for i, t in enumerate(THEMES)}
    return simulate_responses(survey, [first, second], [n * 3 // 5, n - n * 3 // 5], random_state=0)


def bench_typology(n: int) -> Result:
    survey = templates.load("vivre-dans-mon-quartier")
    rows = responses(n)
    table = read_responses(survey, rows)
    data = typology_frame(table, [f"sat_{t}" for t in THEMES])
    indicator = pd.get_dummies(data).to_numpy(dtype=float)
    baseline = best_time(
        lambda: AgglomerativeClustering(n_clusters=2, linkage="ward").fit(indicator)
    )
    ours = best_time(
        lambda: survey_typology(survey, table, questions=["themes_satisfaction"], random_state=0)
    )
    return Result(
        name=f"typologie ACM + CAH, {n} répondants × 12 questions",
        value=ours,
        unit="s",
        baseline=baseline,
        baseline_label="Ward seul sur le tableau disjonctif",
        higher_is_better=False,
        note="analyse parallèle (20 tirages), choix de k, consolidation, valeurs-test compris",
    )


def bench_summary(n: int) -> Result:
    survey = templates.load("vivre-dans-mon-quartier")
    rows = responses(n)
    answers = [row["answers"] for row in rows]
    baseline = best_time(lambda: summarise_responses(survey, answers))
    ours = best_time(lambda: summarise_survey(survey, rows))
    return Result(
        name=f"résumé par question, {n} réponses",
        value=n / ours,
        unit="réponses/s",
        baseline=n / baseline,
        baseline_label="surveys.summarise_responses (comptes bruts)",
        note="pertinence (n interrogés), intervalles de Wilson, t et médiane",
    )


def run() -> list[Result]:
    return [bench_typology(1000), bench_typology(4000), bench_summary(2000)]
