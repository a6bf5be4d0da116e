"""The map of a synthesis: the territory's outline, the public grid cells where residents
reported, and hotspots — computed from grid cells, never from exact points.

Hotspots are searched on the snapped points: their outlines (convex hulls) then have grid
cell centres for vertices, so no exact location can be read from them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure import snap_points
from analysis.errors import AnalysisError
from analysis.spatial import find_hotspots

EARTH_RADIUS_M = 6_371_008.8
DECIMALS = 5  # ~1 m: plenty for an outline drawn at a few metres per pixel


def polygons(geometry: dict[str, Any] | None) -> list[list[list[list[float]]]]:
    """The polygons (lists of rings of [lon, lat]) of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        coordinates = [coordinates]
    elif geometry.get("type") != "MultiPolygon":
        return []
    return [
        [[[round(x, DECIMALS), round(y, DECIMALS)] for x, y, *_ in ring] for ring in polygon]
        for polygon in coordinates
    ]


def bounds(outline: list, points: list[list[float]]) -> list[float] | None:
    """[min lon, min lat, max lon, max lat] of the outline (or of the points without one)."""
    xy = [p for polygon in outline for ring in polygon for p in ring] or points
    if not xy:
        return None
    lons, lats = [p[0] for p in xy], [p[1] for p in xy]
    return [min(lons), min(lats), max(lons), max(lats)]


def area_m2(outline: list) -> float:
    """Approximate area of the outline (local equirectangular projection; holes subtracted)."""
    total = 0.0
    for polygon in outline:
        for index, ring in enumerate(polygon):
            if len(ring) < 3:
                continue
            lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
            x = np.radians([p[0] for p in ring]) * EARTH_RADIUS_M * math.cos(lat0)
            y = np.radians([p[1] for p in ring]) * EARTH_RADIUS_M
            ring_area = abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2
            total += ring_area if index == 0 else -ring_area
    return total


def public_cells(frame: pd.DataFrame, grid_m: float, threshold: int) -> tuple[list, list]:
    """The centres of the grid cells holding at least one observation, and of those holding
    at least ``threshold`` (a count class that may be published), in a stable order."""
    if frame.empty:
        return [], []
    lons, lats = snap_points(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float), grid_m)
    counts = pd.Series(list(zip(lons.tolist(), lats.tolist(), strict=True))).value_counts()
    cells = sorted(counts.index)
    dense = sorted(cell for cell, n in counts.items() if n >= threshold)
    return [list(c) for c in cells], [list(c) for c in dense]


def public_hotspots(
    frame: pd.DataFrame,
    *,
    grid_m: float,
    threshold: int,
    territory_area_m2: float | None,
    theme_labels: dict[str, str],
) -> list[dict[str, Any]]:
    """Hotspots of the snapped observations, each with at least ``threshold`` of them."""
    if len(frame) < threshold:
        return []
    lons, lats = snap_points(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float), grid_m)
    snapped = pd.DataFrame({"lon": lons, "lat": lats, "theme": frame["theme"].to_numpy()})
    try:
        analysis = find_hotspots(
            snapped,
            radius_m=max(150.0, 1.5 * grid_m),  # neighbouring cells belong together
            min_points=threshold,
            disclosure_threshold=threshold,
            territory_area_m2=territory_area_m2 or None,
        )
    except AnalysisError:  # every report in one cell: no extent, no hotspot to speak of
        return []
    hotspots: list[dict[str, Any]] = []
    for hotspot in analysis.hotspots:
        if hotspot.p_value > 0.05:  # no denser than the territory as a whole
            continue
        theme = next(iter(hotspot.themes), None)
        hotspots.append(
            {
                "number": len(hotspots) + 1,
                "count": hotspot.count,
                "centre": [round(c, DECIMALS) for c in hotspot.centre],
                "outline": polygons(hotspot.outline),
                "density_ratio": hotspot.density_ratio,
                "main_theme": theme_labels.get(theme, theme)
                if theme not in (None, "autres")
                else None,
            }
        )
    return hotspots
