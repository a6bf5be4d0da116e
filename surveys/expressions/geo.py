"""``area()`` and ``distance()`` of ODK geopoints, geotraces and geoshapes, in m² and metres.

The Earth is a sphere of ODK's equatorial radius (6,378,100 m); results are rounded to the
centimetre, as in Enketo and ODK Collect, so that the app and the server agree exactly.
A value that is not a list of valid points gives NaN.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from surveys.expressions.values import NodeSet, Value, to_string

EARTH_RADIUS = 6_378_100.0
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _radians(degrees: float) -> float:
    # Computed as the app computes it (degrees × π / 180), so both round alike.
    return degrees * math.pi / 180


def points_of(values: Sequence[Value]) -> list[tuple[float, float]] | None:
    """``"lat lon [alt [acc]];…"``, a node-set of geopoints, or several geopoint arguments."""
    texts: list[str] = []
    if len(values) == 1 and not isinstance(values[0], NodeSet):
        texts = to_string(values[0]).split(";")
        if len(texts) > 1 and not texts[-1].strip():  # a trailing semicolon
            texts.pop()
    else:
        for value in values:
            texts.extend(value if isinstance(value, NodeSet) else (to_string(value),))
    points = []
    for text in texts:
        point = _point(text)
        if point is None:
            return None
        points.append(point)
    return points


def _point(text: str) -> tuple[float, float] | None:
    parts = text.split()
    if not 2 <= len(parts) <= 4 or not all(_DECIMAL.fullmatch(part) for part in parts):
        return None
    numbers = [float(part) for part in parts]
    lat, lon = numbers[0], numbers[1]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if len(numbers) == 4 and numbers[3] < 0:  # a negative accuracy
        return None
    return lat, lon


def _centimetres(value: float) -> float:
    return abs(math.floor(value * 100 + 0.5)) / 100


def area(values: Sequence[Value]) -> float:
    """The area of the polygon the points draw (0 for fewer than 3 points)."""
    points = points_of(values)
    if points is None:
        return math.nan
    total = 0.0
    count = len(points)
    if count > 2:
        for index, (lat1, lon1) in enumerate(points):
            lat2, lon2 = points[(index + 1) % count]
            total += _radians(lon2 - lon1) * (
                2 + math.sin(_radians(lat1)) + math.sin(_radians(lat2))
            )
        total = total * EARTH_RADIUS * EARTH_RADIUS / 2.0
    return _centimetres(total)


def distance(values: Sequence[Value]) -> float:
    """The length of the line through the points, in order (spherical law of cosines)."""
    points = points_of(values)
    if points is None:
        return math.nan
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
        phi1, phi2 = _radians(lat1), _radians(lat2)
        cosine = math.sin(phi1) * math.sin(phi2) + math.cos(phi1) * math.cos(phi2) * math.cos(
            _radians(lon1 - lon2)
        )
        total += math.acos(max(-1.0, min(1.0, cosine))) * EARTH_RADIUS
    return _centimetres(total)
