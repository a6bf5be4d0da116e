"""Test-values (*valeurs-test*): is a modality over- or under-represented in a class?

Lebart, Morineau & Piron (*Statistique exploratoire multidimensionnelle*, 1995), as SPAD and
FactoMineR's ``catdes`` use them. Among ``n`` respondents, ``n_k`` are in the class, ``n_j``
have the modality and ``n_kj`` both. Drawing the class at random (without replacement),
``n_kj`` follows a hypergeometric law of mean ``n_k·n_j/n`` and variance
``n_k·(n−n_k)/(n−1) · n_j/n · (1−n_j/n)``; the test-value is the standardised gap

    v = (n_kj − n_k·n_j/n) / √(n_k·(n−n_k)/(n−1) · n_j/n · (1−n_j/n))

read as a normal deviate: |v| > 2 is the customary mark of a modality worth citing
(≈ 5 % two-sided). The exact two-sided hypergeometric p-value is given beside it
(``catdes`` reports that p-value and derives its v-test from it; the two agree closely once
the counts are not tiny).

>>> round(float(v_test(20, 50, 40, 200)), 2)  # 20 in the class where 10 were expected
4.07
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from analysis.survey_stats.jsonable import number


def v_test(n_kj: ArrayLike, n_k: ArrayLike, n_j: ArrayLike, n: ArrayLike) -> NDArray[np.float64]:
    """The test-value of each cell (0 where the variance is 0: a class or modality of everyone)."""
    nkj, nk, nj, nn = (np.asarray(a, dtype=float) for a in (n_kj, n_k, n_j, n))
    expected = nk * nj / nn
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = nk * (nn - nk) / (nn - 1) * (nj / nn) * (1 - nj / nn)
        value = (nkj - expected) / np.sqrt(variance)
    return np.where(variance > 0, value, 0.0)


def hypergeometric_p_value(
    n_kj: ArrayLike, n_k: ArrayLike, n_j: ArrayLike, n: ArrayLike
) -> NDArray[np.float64]:
    """Exact two-sided p-value: twice the smaller tail of the hypergeometric law, at most 1."""
    nkj, nk, nj, nn = (np.asarray(a, dtype=np.int64) for a in (n_kj, n_k, n_j, n))
    law = stats.hypergeom(nn, nj, nk)
    lower, upper = law.cdf(nkj), law.sf(nkj - 1)
    return np.minimum(1.0, 2 * np.minimum(lower, upper))


@dataclasses.dataclass(frozen=True)
class ModalityTest:
    """How much a class holds of one modality, as ``catdes`` lists it."""

    variable: str
    modality: str
    count: int
    """``n_kj``: respondents of the class with the modality."""
    class_size: int
    modality_size: int
    n: int
    v_test: float
    p_value: float

    @property
    def class_in_modality(self) -> float:
        """``Cla/Mod``: the share of the modality's holders who are in the class."""
        return self.count / self.modality_size if self.modality_size else float("nan")

    @property
    def modality_in_class(self) -> float:
        """``Mod/Cla``: the share of the class that has the modality."""
        return self.count / self.class_size if self.class_size else float("nan")

    @property
    def overall(self) -> float:
        """``Global``: the share of all respondents who have the modality."""
        return self.modality_size / self.n if self.n else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "modality": self.modality,
            "count": self.count,
            "modality_size": self.modality_size,
            "class_in_modality": number(self.class_in_modality),
            "modality_in_class": number(self.modality_in_class),
            "overall": number(self.overall),
            "v_test": number(self.v_test, 3),
            "p_value": number(self.p_value, 8),
        }


@dataclasses.dataclass(frozen=True)
class ClassDescription:
    """A class and the modalities over- (``v > threshold``) and under-represented (``v < −threshold``) in it."""

    label: int
    size: int
    n: int
    over: tuple[ModalityTest, ...]
    under: tuple[ModalityTest, ...]

    @property
    def share(self) -> float:
        return self.size / self.n if self.n else float("nan")


def describe_classes(
    labels: ArrayLike, data: pd.DataFrame, threshold: float = 2.0
) -> list[ClassDescription]:
    """For each class of ``labels`` (in sorted order), its modalities with |v-test| > ``threshold``.

    ``data`` holds one categorical column per variable (missing values are left out of that
    variable's counts); over-represented modalities come by decreasing v-test, under-represented
    ones by increasing v-test.
    """
    classes = np.asarray(labels)
    if len(classes) != len(data):
        raise ValueError("autant d’étiquettes de classe que de répondants sont attendues")
    tests: dict[Any, list[ModalityTest]] = {label: [] for label in np.unique(classes)}
    class_names, class_codes = np.unique(classes, return_inverse=True)
    for variable in data.columns:
        column = data[variable].reset_index(drop=True)
        known = column.notna().to_numpy()
        modality_codes, modalities = pd.factorize(column[known].astype(str), sort=True)
        counts = np.bincount(
            class_codes[known] * len(modalities) + modality_codes,
            minlength=len(class_names) * len(modalities),
        ).reshape(len(class_names), len(modalities))
        n = int(counts.sum())
        n_k, n_j = counts.sum(axis=1), counts.sum(axis=0)
        values = v_test(counts, n_k[:, None], n_j[None, :], n)
        p_values = hypergeometric_p_value(counts, n_k[:, None], n_j[None, :], n)
        for row, label in enumerate(class_names):
            for col, modality in enumerate(modalities):
                tests[label].append(
                    ModalityTest(
                        str(variable),
                        str(modality),
                        int(counts[row, col]),
                        int(n_k[row]),
                        int(n_j[col]),
                        n,
                        float(values[row, col]),
                        float(p_values[row, col]),
                    )
                )
    total = len(classes)
    descriptions = []
    for label, found in tests.items():
        over = sorted((t for t in found if t.v_test > threshold), key=lambda t: -t.v_test)
        under = sorted((t for t in found if t.v_test < -threshold), key=lambda t: t.v_test)
        size = int((classes == label).sum())
        descriptions.append(ClassDescription(_plain(label), size, total, tuple(over), tuple(under)))
    return descriptions


def _plain(label: Any) -> Any:
    return label.item() if isinstance(label, np.generic) else label
