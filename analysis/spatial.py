"""Hotspots of observations: where reports concentrate, per theme or polarity if asked.

Density-based clustering on the sphere (DBSCAN, or HDBSCAN on moderate volumes) with distances
in metres; each hotspot has its count, centre, outline (convex hull as a GeoJSON polygon),
dominant themes, and how unusual it is against the territory's overall density (ratio and
one-sided Poisson test). A hotspot with fewer observations than the disclosure threshold
(default 11, INSEE's rule) is never exposed, and neither is any count below it.
"""

from __future__ import annotations

import ast
import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import shapely
from scipy.stats import poisson
from shapely.geometry import MultiPoint, mapping
from sklearn.cluster import DBSCAN, HDBSCAN

from analysis.errors import InvalidInputError, InvalidParameterError

EARTH_RADIUS_M = 6_371_008.8
DISCLOSURE_THRESHOLD = 11
HDBSCAN_MAX_POINTS = 20_000  # HDBSCAN's cost grows fast past ~10k points (4 s → 65 s at 50k)
OTHER = "autres"


@dataclasses.dataclass
class Hotspot:
    """One concentration of observations; every count shown is at least the threshold."""

    id: int
    group: str | None
    count: int
    centre: tuple[float, float]
    outline: dict[str, Any]
    radius_m: float
    area_m2: float
    themes: dict[str, int]
    polarities: dict[str, int]
    density_ratio: float
    p_value: float
    name: str = ""
    territory: str | None = None
    streets: tuple[str, ...] = ()

    def to_feature(self) -> dict[str, Any]:
        properties = {k: v for k, v in dataclasses.asdict(self).items() if k != "outline"}
        return {"type": "Feature", "geometry": self.outline, "properties": properties}


@dataclasses.dataclass
class HotspotAnalysis:
    """Hotspots (densest first) and the hotspot of each observation (-1: none shown)."""

    hotspots: list[Hotspot]
    labels: list[int]
    n_suppressed: int
    parameters: dict[str, Any]

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection (RFC 7946, lon/lat) of the hotspots' outlines."""
        return {"type": "FeatureCollection", "features": [h.to_feature() for h in self.hotspots]}


def find_hotspots(
    observations: pd.DataFrame,
    *,
    radius_m: float = 150.0,
    min_points: int = DISCLOSURE_THRESHOLD,
    by: str | None = None,
    method: str = "dbscan",
    disclosure_threshold: int = DISCLOSURE_THRESHOLD,
    territory_area_m2: float | None = None,
    streets: pd.DataFrame | None = None,
    territory_names: Mapping[str, str] | None = None,
) -> HotspotAnalysis:
    """Hotspots of ``observations`` (columns ``lon``, ``lat``; ``theme`` and ``polarity``
    optional), separately per value of ``by`` (``"theme"`` or ``"polarity"``) if given.

    ``radius_m`` is DBSCAN's neighbourhood radius; ``min_points`` the points a dense
    neighbourhood needs (HDBSCAN: the smallest cluster; HDBSCAN adapts to local density, so
    its hotspots carry some sparse fringe and wider outlines; past 20,000 points DBSCAN is
    used instead). The territory's density is
    observations / ``territory_area_m2`` (default: the area of the points' convex hull).

    Each hotspot is named for a reader: the streets it lies on when ``streets`` is given (a
    table with a ``name`` column and either a ``geometry`` column — shapely lines or WKT — or
    ``lon``/``lat`` points along the streets), then its territory (the most frequent value of
    the observations' ``territory`` column, shown through ``territory_names`` when given);
    without streets, the part of the area it lies in (« Grand Mirail, secteur nord-est »).
    """
    points = _validated_points(observations, by)
    _check_parameters(radius_m, min_points, method, disclosure_threshold)
    area = territory_area_m2 if territory_area_m2 else _hull_area_m2(points)
    labels = np.full(len(points), -1, dtype=np.int64)
    hotspots: list[Hotspot] = []
    suppressed = 0
    groups = points.groupby(by, sort=True) if by else [(None, points)]
    for group, members in groups:
        found = _cluster(members, radius_m, min_points, method)
        for cluster in sorted(set(found) - {-1}):
            rows = members.index[found == cluster]
            if len(rows) < disclosure_threshold:
                suppressed += 1
                continue
            density = len(members) / area
            hotspot = _describe(points.loc[rows], group, radius_m, density, disclosure_threshold)
            hotspots.append(hotspot)
            labels[rows] = len(hotspots) - 1
    hotspots = [_named(h, points, streets, territory_names, radius_m) for h in hotspots]
    order = sorted(range(len(hotspots)), key=lambda i: -hotspots[i].density_ratio)
    renumber = {old: new for new, old in enumerate(order)}
    hotspots = [dataclasses.replace(hotspots[old], id=new) for new, old in enumerate(order)]
    labels = np.array([renumber.get(int(label), -1) for label in labels])
    parameters = {
        "radius_m": radius_m,
        "min_points": min_points,
        "by": by,
        "method": _effective_method(method, len(points)),
        "disclosure_threshold": disclosure_threshold,
        "territory_area_m2": area,
        "n_observations": len(points),
    }
    return HotspotAnalysis(hotspots, labels.tolist(), suppressed, parameters)


def parse_geo_point(value: str) -> tuple[float, float]:
    """(lon, lat) from ``"{'lon': 2.3, 'lat': 48.8}"`` (Paris open data) or ``"48.8, 2.3"``."""
    text = str(value).strip()
    if text.startswith("{"):
        point = ast.literal_eval(text)  # a literal dict, never code
        return float(point["lon"]), float(point["lat"])
    lat, lon = (float(part) for part in text.split(","))
    return lon, lat


def _validated_points(observations: pd.DataFrame, by: str | None) -> pd.DataFrame:
    missing = {"lon", "lat"} - set(observations.columns)
    if missing:
        raise InvalidInputError(f"Colonnes manquantes : {', '.join(sorted(missing))}.")
    if by is not None and by not in observations.columns:
        raise InvalidInputError(f"Colonne « {by} » absente : impossible de séparer les foyers.")
    points = observations.copy()
    points["lon"] = pd.to_numeric(points["lon"], errors="coerce")
    points["lat"] = pd.to_numeric(points["lat"], errors="coerce")
    valid = points["lon"].between(-180, 180) & points["lat"].between(-90, 90)
    if not valid.any():
        raise InvalidInputError("Aucune observation n'a de coordonnées valides.")
    return points[valid].reset_index(drop=True)


def _check_parameters(radius_m: float, min_points: int, method: str, threshold: int) -> None:
    if not radius_m > 0:
        raise InvalidParameterError("Le rayon doit être positif (en mètres).")
    if min_points < 2 or threshold < 1:
        raise InvalidParameterError("min_points doit valoir au moins 2, le seuil au moins 1.")
    if method not in {"dbscan", "hdbscan"}:
        raise InvalidParameterError(f"Méthode inconnue « {method} » : dbscan ou hdbscan.")


def _effective_method(method: str, n_points: int) -> str:
    return "dbscan" if method == "hdbscan" and n_points > HDBSCAN_MAX_POINTS else method


def _cluster(points: pd.DataFrame, radius_m: float, min_points: int, method: str) -> np.ndarray:
    """Cluster ids per point (-1: noise), great-circle distances."""
    if len(points) < min_points:
        return np.full(len(points), -1)
    radians = np.radians(points[["lat", "lon"]].to_numpy())
    if _effective_method(method, len(points)) == "hdbscan":
        # "leaf" keeps the finest dense clusters: hotspots, not the whole city as one blob
        model: Any = HDBSCAN(
            min_cluster_size=min_points,
            metric="haversine",
            cluster_selection_method="leaf",
            copy=True,
        )
    else:
        eps = radius_m / EARTH_RADIUS_M
        model = DBSCAN(eps=eps, min_samples=min_points, metric="haversine", algorithm="ball_tree")
    return np.asarray(model.fit_predict(radians))


def _describe(
    points: pd.DataFrame, group: Any, radius_m: float, density: float, threshold: int
) -> Hotspot:
    lon0, lat0 = float(points["lon"].mean()), float(points["lat"].mean())
    xy = _to_metres(points["lon"].to_numpy(), points["lat"].to_numpy(), lon0, lat0)
    hull = MultiPoint(xy).convex_hull
    if hull.area < math.pi * (radius_m / 4) ** 2:  # points in a line or on one spot
        hull = hull.buffer(radius_m / 4)
    expected = density * hull.area
    outline = shapely.transform(hull, lambda xy: _to_degrees(xy, lon0, lat0))
    return Hotspot(
        id=0,
        group=None if group is None else str(group),
        count=len(points),
        centre=(round(lon0, 6), round(lat0, 6)),
        outline=mapping(outline),
        radius_m=round(float(np.hypot(*xy.T).max()), 1),
        area_m2=round(hull.area, 1),
        themes=_disclosable_counts(points, "theme", threshold),
        polarities=_disclosable_counts(points, "polarity", threshold),
        density_ratio=round(len(points) / expected, 2) if expected else math.inf,
        p_value=float(poisson.sf(len(points) - 1, expected)) if expected else 0.0,
    )


COMPASS = ("est", "nord-est", "nord", "nord-ouest", "ouest", "sud-ouest", "sud", "sud-est")
STREETS_IN_NAME = 2


def _named(
    hotspot: Hotspot,
    points: pd.DataFrame,
    streets: pd.DataFrame | None,
    territory_names: Mapping[str, str] | None,
    radius_m: float,
) -> Hotspot:
    """The hotspot with a name: its streets (if known), then its territory or its sector."""
    lon0, lat0 = hotspot.centre
    territory = None
    if "territory" in points.columns:
        xy_all = _to_metres(points["lon"].to_numpy(), points["lat"].to_numpy(), lon0, lat0)
        near = np.hypot(*xy_all.T) <= max(hotspot.radius_m, radius_m)
        found = points.loc[near, "territory"].dropna().astype(str)
        territory = str(found.mode().iloc[0]) if len(found) else None
    place = (territory_names or {}).get(territory, territory) if territory else None
    names = _nearby_streets(hotspot, streets, radius_m) if streets is not None else []
    if names:
        name = ", ".join(names) + (f" ({place})" if place else "")
    else:
        sector = _sector(points, lon0, lat0, radius_m)
        name = f"{place}, {sector}" if place else sector[:1].upper() + sector[1:]
    return dataclasses.replace(hotspot, name=name, territory=territory, streets=tuple(names))


def _sector(points: pd.DataFrame, lon0: float, lat0: float, radius_m: float) -> str:
    """Where the hotspot lies in the area of all the points: « secteur nord-est », « centre »."""
    lon_c, lat_c = float(points["lon"].mean()), float(points["lat"].mean())
    x, y = _to_metres(np.array([lon0]), np.array([lat0]), lon_c, lat_c)[0]
    if math.hypot(x, y) < radius_m:
        return "secteur centre"
    return f"secteur {COMPASS[round(math.atan2(y, x) / (math.pi / 4)) % 8]}"


def _nearby_streets(hotspot: Hotspot, streets: pd.DataFrame, radius_m: float) -> list[str]:
    """The names of the (at most two) streets closest to the hotspot's outline, within half
    the neighbourhood radius of it, closest first."""
    if "name" not in streets.columns:
        raise InvalidInputError("La table des rues doit avoir une colonne « name ».")
    lon0, lat0 = hotspot.centre
    outline = shapely.transform(shapely.geometry.shape(hotspot.outline),
                                lambda xy: _to_metres(xy[:, 0], xy[:, 1], lon0, lat0))  # fmt: skip
    if "geometry" in streets.columns:
        geometries = [shapely.from_wkt(g) if isinstance(g, str) else g for g in streets["geometry"]]
    elif {"lon", "lat"} <= set(streets.columns):
        geometries = list(shapely.points(streets["lon"].to_numpy(), streets["lat"].to_numpy()))
    else:
        raise InvalidInputError("La table des rues doit avoir « geometry », ou « lon » et « lat ».")
    distances: dict[str, float] = {}
    for name, geometry in zip(streets["name"].astype(str), geometries, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        local = shapely.transform(geometry, lambda xy: _to_metres(xy[:, 0], xy[:, 1], lon0, lat0))
        distance = float(outline.distance(local))
        if distance <= radius_m / 2 and distance < distances.get(name, math.inf):
            distances[name] = distance
    return sorted(distances, key=lambda n: (distances[n], n))[:STREETS_IN_NAME]


def _disclosable_counts(points: pd.DataFrame, column: str, threshold: int) -> dict[str, int]:
    """Counts per value, largest first; values under the threshold merge into "autres", which
    is itself left out when under the threshold."""
    if column not in points.columns:
        return {}
    counts = points[column].astype("string").fillna("inconnu").value_counts()
    shown = {str(k): int(v) for k, v in counts.items() if v >= threshold}
    rest = int(counts[counts < threshold].sum())
    if rest >= threshold:
        shown[OTHER] = rest
    return shown


def _hull_area_m2(points: pd.DataFrame) -> float:
    lon0, lat0 = float(points["lon"].mean()), float(points["lat"].mean())
    xy = _to_metres(points["lon"].to_numpy(), points["lat"].to_numpy(), lon0, lat0)
    area = MultiPoint(xy).convex_hull.area
    if area <= 0:
        raise InvalidInputError("Les observations n'ont pas d'étendue : donner la surface.")
    return float(area)


def _to_metres(lon, lat, lon0: float, lat0: float) -> np.ndarray:
    """Local equirectangular projection around (lon0, lat0): within a city, error < 0.1 %."""
    x = np.radians(np.asarray(lon) - lon0) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    y = np.radians(np.asarray(lat) - lat0) * EARTH_RADIUS_M
    return np.column_stack([x, y])


def _to_degrees(xy: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    lon = lon0 + np.degrees(xy[:, 0] / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    lat = lat0 + np.degrees(xy[:, 1] / EARTH_RADIUS_M)
    return np.column_stack([lon, lat])
