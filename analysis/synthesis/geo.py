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
import shapely
from scipy.stats import poisson
from shapely.geometry import MultiPoint, mapping
from sklearn.cluster import DBSCAN

from analysis.disclosure import snap_points

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
    """Hotspots of the snapped observations, each with at least ``threshold`` of them, and
    nettement denser than the territory (one-sided Poisson test at 5 %), densest first.

    The same DBSCAN as ``analysis.spatial.find_hotspots`` (great-circle distances, a radius of
    150 m or 1.5 cells), run on the distinct cells weighted by their number of reports — which
    DBSCAN treats exactly like repeated points: 50,000 reports fall in a few hundred cells, and
    clustering the cells is a hundred times cheaper than clustering the points.
    """
    if len(frame) < threshold:
        return []
    lons, lats = snap_points(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float), grid_m)
    points = pd.DataFrame({"lon": lons, "lat": lats, "theme": frame["theme"].to_numpy()})
    cells = points.groupby(["lon", "lat"], sort=True).size().rename("n").reset_index()
    radius = max(150.0, 1.5 * grid_m)  # neighbouring cells belong together
    model = DBSCAN(
        eps=radius / EARTH_RADIUS_M,
        min_samples=threshold,
        metric="haversine",
        algorithm="ball_tree",
    )
    cells["hotspot"] = model.fit_predict(
        np.radians(cells[["lat", "lon"]].to_numpy()), sample_weight=cells["n"].to_numpy()
    )
    area = territory_area_m2 or _hull(cells, radius=0).area
    if not area:
        return []
    density = len(points) / area
    points = points.merge(cells[["lon", "lat", "hotspot"]], on=["lon", "lat"])
    found = []
    for label, members in cells[cells["hotspot"] >= 0].groupby("hotspot"):
        spot = _describe(members, points[points["hotspot"] == label], density, radius, threshold)
        if spot is not None:
            found.append(spot)
    found.sort(key=lambda spot: -spot["density_ratio"])
    for number, spot in enumerate(found, start=1):
        spot["number"] = number
        theme = spot.pop("theme")
        spot["main_theme"] = theme_labels.get(theme, theme) if theme else None
    return found


def _local(cells: pd.DataFrame) -> tuple[np.ndarray, float, float]:
    """Cell centres in metres around their weighted centre (equirectangular: < 0.1 % in a city)."""
    lon0 = float(np.average(cells["lon"], weights=cells["n"]))
    lat0 = float(np.average(cells["lat"], weights=cells["n"]))
    x = np.radians(cells["lon"].to_numpy() - lon0) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    y = np.radians(cells["lat"].to_numpy() - lat0) * EARTH_RADIUS_M
    return np.column_stack([x, y]), lon0, lat0


def _hull(cells: pd.DataFrame, radius: float) -> Any:
    xy, _, _ = _local(cells)
    hull = MultiPoint(xy).convex_hull
    if radius and hull.area < math.pi * (radius / 4) ** 2:  # cells in a line, or a single one
        hull = hull.buffer(radius / 4)
    return hull


def _describe(
    cells: pd.DataFrame, points: pd.DataFrame, density: float, radius: float, threshold: int
) -> dict[str, Any] | None:
    count = int(cells["n"].sum())
    if count < threshold:
        return None
    _, lon0, lat0 = _local(cells)
    hull = _hull(cells, radius)
    expected = density * hull.area
    if not expected or poisson.sf(count - 1, expected) > 0.05:  # not denser than the rest
        return None
    kx = EARTH_RADIUS_M * math.cos(math.radians(lat0))
    outline = shapely.transform(
        hull,
        lambda xy: np.column_stack(
            [lon0 + np.degrees(xy[:, 0] / kx), lat0 + np.degrees(xy[:, 1] / EARTH_RADIUS_M)]
        ),
    )
    themes = points["theme"].value_counts()
    return {
        "count": count,
        "centre": [round(lon0, DECIMALS), round(lat0, DECIMALS)],
        "outline": polygons(mapping(outline)),
        "density_ratio": round(count / expected, 2),
        "theme": str(themes.index[0]) if len(themes) and themes.iloc[0] >= threshold else None,
    }
