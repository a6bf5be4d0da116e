"""Hotspots: concentrations found in metres, described, and never below the disclosure rule."""

import json
import math
import pathlib

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, shape

from analysis.errors import InvalidInputError, InvalidParameterError
from analysis.spatial import find_hotspots, parse_geo_point

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "reports"
TOULOUSE = (1.4436, 43.6045)
METRE_LAT = 1 / 111_195  # degrees of latitude per metre


def scatter(n, centre, spread_m, theme, seed):
    rng = np.random.default_rng(seed)
    lon0, lat0 = centre
    dx, dy = rng.uniform(-spread_m, spread_m, size=(2, n))
    return pd.DataFrame(
        {
            "lon": lon0 + dx * METRE_LAT / math.cos(math.radians(lat0)),
            "lat": lat0 + dy * METRE_LAT,
            "theme": theme,
            "polarity": "difficulte",
        }
    )


@pytest.fixture
def city():
    """400 reports spread over 2 km, plus 30 "proprete" reports within 40 m of one spot."""
    background = scatter(400, TOULOUSE, 1000, "mobilite", seed=1)
    spot = scatter(30, (1.4500, 43.6080), 40, "proprete", seed=2)
    return pd.concat([background, spot], ignore_index=True)


def distance_m(a, b):
    dx = (a[0] - b[0]) / METRE_LAT * math.cos(math.radians(a[1]))
    return math.hypot(dx, (a[1] - b[1]) / METRE_LAT)


def test_a_dense_spot_is_found_where_it_is(city):
    result = find_hotspots(city, radius_m=60, min_points=11)
    best = result.hotspots[0]
    assert 28 <= best.count <= 34
    assert distance_m(best.centre, (1.4500, 43.6080)) < 25
    assert best.themes.get("proprete", 0) >= 28
    assert best.density_ratio > 10 and best.p_value < 1e-6
    outline = shape(best.outline)
    assert outline.geom_type == "Polygon" and outline.is_valid
    spot = city.index[city["theme"] == "proprete"]
    inside = [i for i in spot if result.labels[i] == best.id]
    assert all(outline.buffer(1e-9).contains(Point(city.lon[i], city.lat[i])) for i in inside)


def test_hdbscan_keeps_the_dense_spot_together(city):
    # HDBSCAN adapts to density: the spot comes with some of its sparse fringe, so only
    # its membership is asserted, not the tightness of its outline.
    result = find_hotspots(city, min_points=11, method="hdbscan")
    spot_labels = {result.labels[i] for i in city.index[city["theme"] == "proprete"]}
    assert len(spot_labels) == 1 and spot_labels != {-1}
    (label,) = spot_labels
    assert result.hotspots[label].themes["proprete"] == 30
    assert result.parameters["method"] == "hdbscan"


def test_small_concentrations_are_never_exposed(city):
    small = scatter(8, (1.4400, 43.6000), 20, "sante", seed=3)
    points = pd.concat([city, small], ignore_index=True)
    result = find_hotspots(points, radius_m=60, min_points=5, disclosure_threshold=11)
    assert result.n_suppressed >= 1
    assert all(h.count >= 11 for h in result.hotspots)
    assert all(
        v >= 11 for h in result.hotspots for v in [*h.themes.values(), *h.polarities.values()]
    )
    assert all(result.labels[i] == -1 for i in range(len(city), len(points)))


def test_hotspots_per_theme_keep_themes_apart(city):
    result = find_hotspots(city, radius_m=60, by="theme")
    assert {h.group for h in result.hotspots} == {"proprete"}
    assert all(set(h.themes) == {"proprete"} for h in result.hotspots)


def test_real_paris_reports(tmp_path):
    reports = pd.read_csv(DATA / "dansmarue_2023-2024_sample10k.csv", sep=";", dtype=str)
    lon_lat = pd.DataFrame(reports["geo_point_2d"].map(parse_geo_point).tolist())
    reports[["lon", "lat"]] = lon_lat
    reports = reports.rename(columns={"type": "theme"})
    result = find_hotspots(reports, radius_m=100, min_points=15)
    assert result.hotspots, "Paris has dense spots of reports"
    assert all(h.count >= 11 and h.density_ratio > 1 for h in result.hotspots)
    assert all(2.2 < h.centre[0] < 2.5 and 48.8 < h.centre[1] < 48.95 for h in result.hotspots)
    ratios = [h.density_ratio for h in result.hotspots]
    assert ratios == sorted(ratios, reverse=True)
    collection = json.loads(json.dumps(result.to_geojson()))
    assert len(collection["features"]) == len(result.hotspots)
    counted = sum(1 for label in result.labels if label >= 0)
    assert counted == sum(h.count for h in result.hotspots)


def test_parse_geo_point():
    assert parse_geo_point("{'lon': 2.31, 'lat': 48.88}") == (2.31, 48.88)
    assert parse_geo_point("48.88, 2.31") == (2.31, 48.88)


@pytest.mark.parametrize(
    ("frame", "kwargs", "error"),
    [
        (pd.DataFrame({"x": [1.0]}), {}, InvalidInputError),
        (pd.DataFrame({"lon": ["a"], "lat": ["b"]}), {}, InvalidInputError),
        (None, {"method": "kmeans"}, InvalidParameterError),
        (None, {"radius_m": 0}, InvalidParameterError),
        (None, {"by": "quartier"}, InvalidInputError),
    ],
)
def test_bad_input_is_a_domain_error(city, frame, kwargs, error):
    with pytest.raises(error):
        find_hotspots(city if frame is None else frame, **kwargs)


def test_hotspots_are_named_by_their_streets_and_territory(city):
    points = city.assign(territory="QP031007")
    spot_lon, spot_lat = 1.4500, 43.6080
    streets = pd.DataFrame(
        {
            "name": ["Rue de l'Abbé Pierre", "Avenue lointaine"],
            "geometry": [
                f"LINESTRING ({spot_lon - 0.001} {spot_lat}, {spot_lon + 0.001} {spot_lat})",
                f"LINESTRING ({spot_lon} {spot_lat - 0.02}, {spot_lon + 0.001} {spot_lat - 0.02})",
            ],
        }
    )
    named = find_hotspots(
        points, radius_m=60, streets=streets, territory_names={"QP031007": "Grand Mirail"}
    )
    top = named.hotspots[0]
    assert top.name == "Rue de l'Abbé Pierre (Grand Mirail)"
    assert top.streets == ("Rue de l'Abbé Pierre",) and top.territory == "QP031007"
    feature = named.to_geojson()["features"][0]["properties"]
    assert feature["name"] == top.name


def test_without_streets_a_hotspot_is_named_by_its_sector(city):
    top = find_hotspots(city.assign(territory="QP031007"), radius_m=60).hotspots[0]
    assert top.name == "QP031007, secteur nord-est"  # the spot is north-east of the city's centre
    assert find_hotspots(city, radius_m=60).hotspots[0].name == "Secteur nord-est"


def test_a_street_table_without_names_is_refused(city):
    with pytest.raises(InvalidInputError):
        find_hotspots(city, radius_m=60, streets=pd.DataFrame({"lon": [1.45], "lat": [43.6]}))
