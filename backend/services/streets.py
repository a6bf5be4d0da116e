"""A local street file in the Base Adresse Nationale's CSV format (``id;id_fantoir;numero;rep;
nom_voie;code_postal;code_insee;nom_commune;…;lon;lat;…``), imported (bounded, a commune's points
replaced by a new import), and the nearest street of a point within a radius, found in SQL."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Iterable

import sqlalchemy as sa

from backend.extensions.database import db
from backend.models import StreetPoint
from backend.services import Invalid, audit, spatial
from backend.services.scope import Scope

REQUIRED = ("nom_voie", "code_insee", "nom_commune", "lon", "lat")
MAX_ROWS = 1_500_000  # the largest département's BAN file holds about 1.1 million addresses
MAX_LINE_CHARS = 2_000
BATCH = 5_000
NEAR_M = 150
METRES_PER_DEGREE = 111_320


@dataclasses.dataclass
class StreetImport:
    points: int
    communes: int
    skipped: int


def _rows(lines: Iterable[str]) -> Iterable[dict[str, str]]:
    reader = csv.DictReader(lines, delimiter=";")
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise Invalid(
            "Ce fichier n'est pas au format de la Base Adresse Nationale : colonnes manquantes "
            + ", ".join(missing)
            + "."
        )
    yield from reader


def _insert() -> sa.Insert:
    return sa.insert(StreetPoint).values(
        street=sa.bindparam("street"),
        commune=sa.bindparam("commune"),
        insee=sa.bindparam("insee"),
        postcode=sa.bindparam("postcode"),
        geom=spatial.point_expr(sa.bindparam("lon"), sa.bindparam("lat")),
    )


def import_streets(actor: Scope, stream: io.TextIOBase | Iterable[str]) -> StreetImport:
    """Read a BAN CSV as it streams, in batches (a département's file in bounded memory); the
    communes it holds get exactly its points (earlier ones replaced), all in one transaction."""
    insert = _insert()
    batch: list[dict[str, object]] = []
    communes: set[str] = set()
    points = skipped = 0

    def flush() -> None:
        fresh = {str(p["insee"]) for p in batch} - communes
        if fresh:
            db.session.execute(sa.delete(StreetPoint).where(StreetPoint.insee.in_(sorted(fresh))))
            communes.update(fresh)
        db.session.execute(insert, batch)
        batch.clear()

    for number, row in enumerate(_rows(stream), start=1):
        if number > MAX_ROWS:
            raise Invalid(f"Fichier trop long : au plus {MAX_ROWS:,} adresses.".replace(",", " "))
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
        except (TypeError, ValueError):
            skipped += 1
            continue
        street = (row.get("nom_voie") or "").strip()[:200]
        insee = (row.get("code_insee") or "").strip()[:10]
        if not street or not insee or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            skipped += 1
            continue
        batch.append(
            {
                "street": street,
                "commune": (row.get("nom_commune") or "").strip()[:100],
                "insee": insee,
                "postcode": (row.get("code_postal") or "").strip()[:10] or None,
                "lon": lon,
                "lat": lat,
            }
        )
        points += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    if not points:
        raise Invalid("Aucune adresse lisible dans ce fichier.")
    audit.record(
        actor,
        "streets.import",
        target_type="streets",
        points=points,
        communes=sorted(communes)[:50],
    )
    return StreetImport(points, len(communes), skipped)


def nearest_street(lon: float, lat: float, within_m: float = NEAR_M) -> str | None:
    """The street of the nearest address point within ``within_m`` metres, or None. The box
    around the point uses the spatial index; the distance (equirectangular, exact enough at
    this scale) orders the candidates, in SQL on both databases."""
    dlat = within_m / METRES_PER_DEGREE
    dlon = within_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    x, y = sa.func.ST_X(StreetPoint.geom), sa.func.ST_Y(StreetPoint.geom)
    scale = math.cos(math.radians(lat))
    squared = ((x - lon) * scale * METRES_PER_DEGREE) * ((x - lon) * scale * METRES_PER_DEGREE) + (
        (y - lat) * METRES_PER_DEGREE
    ) * ((y - lat) * METRES_PER_DEGREE)
    query = (
        sa.select(StreetPoint.street)
        .where(
            spatial.points_in_box(
                "street_point", StreetPoint.geom, (lon - dlon, lat - dlat, lon + dlon, lat + dlat)
            )
        )
        .where(squared <= within_m * within_m)
        .order_by(squared)
        .limit(1)
    )
    return db.session.scalar(query)


def has_streets() -> bool:
    return db.session.scalar(sa.select(StreetPoint.id).limit(1)) is not None
