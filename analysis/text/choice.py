"""Which clustering fits a corpus: guided by the thesaurus, free, or both — and why.

Two figures are measured on the corpus itself (the fitted sample):

- **coverage**: the share of texts that clearly use one theme's vocabulary (a *seed*: that
  theme's evidence at least twice the next one's, see :mod:`analysis.text.guided`);
- **agreement**: do the groups the texts form *by themselves* (free clustering on their own
  words and word vectors, no thesaurus) coincide with those themes? The normalised mutual
  information between the free groups and the seeds' themes, on the seeded texts.

Decision: agreement under ``AGREEMENT`` → ``free`` (the thesaurus would force its themes on
texts whose own structure is elsewhere); otherwise ``guided`` when coverage reaches
``COVERAGE``, else ``mixed`` (thesaurus themes where the texts use them, free groups for the
rest). The thresholds were set on three of the evaluation corpora (resident messages, SIB-200,
Le Vrai Débat) and checked on the fourth, the climate proposals, never tuned on (bench/).
The decision, its figures and a French sentence saying why are returned with the result.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

METHODS = ("guided", "free", "mixed")
METHOD_LABELS = {
    "guided": "guidée par le thésaurus",
    "free": "libre (sans thésaurus)",
    "mixed": "mixte (thèmes du thésaurus, plus des groupes libres pour le reste)",
}
AGREEMENT = 0.30
COVERAGE = 0.35


@dataclasses.dataclass(frozen=True)
class MethodChoice:
    """The method retained, the measures it was decided on, and the reason in French."""

    method: str
    requested: str
    coverage: float
    agreement: float
    reason: str

    @property
    def label(self) -> str:
        return METHOD_LABELS[self.method]

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "requested": self.requested,
            "label": self.label,
            "reason": self.reason,
            "coverage": round(self.coverage, 3),
            "agreement": round(self.agreement, 3),
        }


def theme_agreement(free_labels: np.ndarray, seeds: np.ndarray) -> float:
    """NMI between the free groups and the seeds' themes, on the seeded texts (0 if < 2)."""
    seeded = seeds >= 0
    if seeded.sum() < 2:
        return 0.0
    return float(normalized_mutual_info_score(seeds[seeded], free_labels[seeded]))


def choose_method(
    free_labels: np.ndarray, seeds: np.ndarray, requested: str = "auto"
) -> MethodChoice:
    """The method for this corpus (or the one requested), with the figures and the reason."""
    coverage = float((seeds >= 0).mean()) if len(seeds) else 0.0
    agreement = theme_agreement(free_labels, seeds)
    figures = (
        f"{_percent(coverage)} des textes emploient nettement le vocabulaire d'un thème, "
        f"accord entre leurs regroupements spontanés et ces thèmes {_decimal(agreement)}"
    )
    if requested != "auto":
        method = requested
        why = f"qu'elle a été demandée ({figures})"
    elif agreement < AGREEMENT:
        method = "free"
        why = (
            "que les groupes que forment les textes d'eux-mêmes ne recoupent pas les thèmes du "
            f"thésaurus ({figures}, seuil {_decimal(AGREEMENT)}) : imposer ces thèmes "
            "déformerait ce qu'ils disent"
        )
    elif coverage >= COVERAGE:
        method = "guided"
        why = (
            "que les textes parlent le vocabulaire du thésaurus et se regroupent d'eux-mêmes selon "
            f"ses thèmes ({figures})"
        )
    else:
        method = "mixed"
        why = (
            "qu'une partie seulement des textes parle le vocabulaire du thésaurus "
            f"({figures}) : ses thèmes pour ceux-là, des groupes selon leurs propres mots pour "
            "les autres"
        )
    reason = f"méthode retenue : {METHOD_LABELS[method]}, parce {why}."
    return MethodChoice(method, requested, coverage, agreement, reason)


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")
