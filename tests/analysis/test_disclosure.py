"""Disclosure control: coarse public points, suppressed small counts, masked identifiers."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest

from analysis import disclosure


def distance_m(a, b):
    lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * 111_320 * math.cos(lat)
    dy = (a[1] - b[1]) * 111_320
    return math.hypot(dx, dy)


def test_doctests():
    assert doctest.testmod(disclosure).failed == 0


@pytest.mark.parametrize("metres", [50, 100, 250])
def test_snapped_points_stay_in_their_cell_and_neighbours_share_it(metres):
    rng = np.random.default_rng(0)
    for lon, lat in zip(rng.uniform(-5, 9, 200), rng.uniform(41, 51, 200), strict=True):
        snapped = disclosure.snap_to_grid(lon, lat, metres)
        assert distance_m((lon, lat), snapped) <= metres * math.sqrt(2) / 2 + 1
    base = disclosure.snap_to_grid(1.40093, 43.57235, 100)
    assert disclosure.snap_to_grid(1.40094, 43.57236, 100) == base  # 1 m away: same cell
    lons, lats = disclosure.snap_points(np.array([1.40093]), np.array([43.57235]), 100)
    assert (lons[0], lats[0]) == base


def test_small_counts_are_suppressed_with_secondary_suppression():
    counts = pd.Series({"proprete": 40, "sante": 3, "mobilite": 12, "logement": 25})
    suppressed = disclosure.suppress_small(counts, 11)
    assert np.isnan(suppressed["sante"])
    assert np.isnan(suppressed["mobilite"])  # else 80 − 40 − 25 − 12 would reveal 3
    assert suppressed["proprete"] == 40 and suppressed["logement"] == 25
    two_small = disclosure.suppress_small(pd.Series({"a": 2, "b": 5, "c": 30}), 11)
    assert np.isnan(two_small["a"]) and np.isnan(two_small["b"]) and two_small["c"] == 30


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("Le gardien M. Dupont ne répond jamais", "Dupont", "Le gardien M. [nom masqué]"),
        ("Appelez le 06.12.34.56.78 pour les encombrants", "06.12.34.56.78", "Appelez le"),
        ("Mail : jean.martin@exemple.org", "jean.martin", "Mail :"),
        ("La voiture AB-123-CD est garée sur le trottoir", "AB-123-CD", "est garée"),
        ("Madame Benali Fatima a organisé la fête", "Benali", "a organisé la fête"),
    ],
)
def test_obvious_identifiers_are_masked(text, hidden, kept):
    masked = disclosure.mask_identifiers(text)
    assert hidden not in masked and kept in masked


def test_ordinary_words_are_not_masked():
    text = "Le Marché de la place du 8 Mai 1945 a lieu le mardi à 10 h 30"
    assert disclosure.mask_identifiers(text) == text
