"""Importing territories and walking their hierarchy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from pyproj import Geod
from sqlalchemy import orm as so

from backend.extensions.database import db
from backend.models import Territory
from backend.models.territories import TERRITORY_KINDS
from backend.services import Invalid, NotFound, audit
from backend.services.geofiles import Feature, read_features, repair
from backend.services.scope import Scope

_GEOD = Geod(ellps="WGS84")
POPULATION_FIELDS = ("population", "population_municipale", "pop", "p_pop", "pmun")


@dataclasses.dataclass
class ImportReport:
    """What an import did: a resident-readable account, never a silent drop."""

    file: str
    kind: str
    version: str
    total: int = 0
    created: int = 0
    updated: int = 0
    repaired: list[str] = dataclasses.field(default_factory=list)
    grouped: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.file} : {self.total} territoires ({self.kind}, version {self.version}) — "
            f"{self.created} créés, {self.updated} mis à jour.",
        ]
        if self.repaired:
            lines.append(
                f"{len(self.repaired)} polygones invalides réparés : {', '.join(self.repaired)}."
            )
        if self.grouped:
            lines.append(
                f"{len(self.grouped)} objets regroupant plusieurs codes importés comme zones "
                f"groupées : {', '.join(self.grouped)}."
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"summary": self.summary()}


@dataclasses.dataclass
class FieldMap:
    code: str
    name: str
    parent: str | None = None
    population: str | None = None


def _check_fields(fields: FieldMap, available: list[str]) -> None:
    wanted = {"--code-field": fields.code, "--name-field": fields.name}
    if fields.parent:
        wanted["--parent-field"] = fields.parent
    if fields.population:
        wanted["--population-field"] = fields.population
    missing = {opt: name for opt, name in wanted.items() if name not in available}
    if missing:
        detail = ", ".join(f"{opt} {name}" for opt, name in missing.items())
        raise Invalid(
            f"Champ(s) absent(s) du fichier : {detail}. Champs disponibles : {', '.join(available)}."
        )


def _code_of(feature: Feature, fields: FieldMap, version: str) -> tuple[str, list[str]]:
    """The territory code, and the member codes when one feature groups several (e.g. the
    QPV 2024 layer dissolves all QPV of a commune into one feature)."""
    raw = feature.properties.get(fields.code)
    if raw is None:
        raise Invalid(f"Objet n° {feature.index} : le champ « {fields.code} » est vide.")
    codes = [c.strip() for c in str(raw).split(",") if c.strip()]
    if len(codes) == 1:
        return codes[0], []
    parent = feature.properties.get(fields.parent) if fields.parent else None
    if not parent:
        raise Invalid(
            f"Objet n° {feature.index} : « {fields.code} » contient plusieurs codes ; "
            "précisez --parent-field pour nommer la zone groupée."
        )
    return f"{version}-{parent}", codes


def geodesic_area_m2(geometry: Any) -> float:
    return abs(_GEOD.geometry_area_perimeter(geometry)[0])


def import_territories(
    path: pathlib.Path,
    *,
    kind: str,
    fields: FieldMap,
    version: str | None = None,
    source: str | None = None,
) -> ImportReport:
    """Import (or update, by code) every feature of the file; all or nothing.

    Invalid polygons are repaired and listed in the report; a feature that cannot be used
    (no code, no polygon left) stops the import with a message naming it.
    """
    if kind not in TERRITORY_KINDS:
        raise Invalid(
            f"Type de territoire inconnu : {kind} (possibles : {', '.join(TERRITORY_KINDS)})."
        )
    version = version or path.stem
    features, available = read_features(path)
    _check_fields(fields, available)
    if fields.population is None:
        fields.population = next((f for f in POPULATION_FIELDS if f in available), None)
    report = ImportReport(file=path.name, kind=kind, version=version, total=len(features))
    rows: dict[str, dict[str, Any]] = {}
    for feature in features:
        code, members = _code_of(feature, fields, version)
        if code in rows:
            raise Invalid(
                f"Objet n° {feature.index} : le code {code} apparaît deux fois dans le fichier."
            )
        geometry, was_repaired = repair(feature.geometry)
        if geometry is None:
            raise Invalid(f"Objet n° {feature.index} ({code}) : aucune surface exploitable.")
        if was_repaired:
            report.repaired.append(code)
        props = feature.properties
        name = str(props.get(fields.name) or code)
        if members:
            report.grouped.append(code)
            name = (
                f"{name} ({len(members)} quartiers)"
                if "," not in name
                else (f"{len(members)} quartiers : {name}")
            )
        rows[code] = {
            "code": code,
            "name": name[:200],
            "kind": kind,
            "parent_code": str(props[fields.parent])
            if fields.parent and props.get(fields.parent)
            else None,
            "version": version,
            "population": _int_or_none(props.get(fields.population)) if fields.population else None,
            "area_m2": geodesic_area_m2(geometry),
            "properties": props | ({"member_codes": members} if members else {}),
            "source": source or path.name,
            "geom": from_shape(geometry, srid=4326),
        }
    _upsert(rows, report)
    return report


def _int_or_none(value: Any) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


def _upsert(rows: dict[str, dict[str, Any]], report: ImportReport) -> None:
    now = dt.datetime.now(dt.UTC)
    existing = {
        t.code: t for t in db.session.scalars(sa.select(Territory).where(Territory.code.in_(rows)))
    }
    for code, values in rows.items():
        territory = existing.get(code)
        if territory is None:
            db.session.add(Territory(**values, imported_at=now, updated_at=now))
            report.created += 1
        else:
            for key, value in values.items():
                setattr(territory, key, value)
            territory.updated_at = now
            report.updated += 1
    db.session.flush()


def get_territory(code: str) -> Territory:
    territory = db.session.scalar(sa.select(Territory).where(Territory.code == code))
    if territory is None:
        raise NotFound(f"Territoire inconnu : {code}.")
    return territory


def import_upload(upload: Any, form: dict[str, Any]) -> ImportReport:
    """Import a file sent from the browser: saved under a temporary name with its own suffix."""
    import tempfile

    from backend.services.geofiles import SUFFIXES

    suffix = pathlib.Path(upload.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise Invalid(
            f"Format de fichier non pris en charge ({suffix or 'sans extension'}) : "
            "GeoJSON, GeoPackage ou Shapefile zippé attendu.",
            {"file": ["Format non pris en charge."]},
        )
    stem = pathlib.Path(upload.filename).stem[:80] or "territoires"
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / f"{stem}{suffix}"
        upload.save(path)
        fields = FieldMap(
            form["code_field"],
            form["name_field"],
            form.get("parent_field"),
            form.get("population_field"),
        )
        return import_territories(
            path,
            kind=form["kind"],
            fields=fields,
            version=form.get("version"),
            source=form.get("source"),
        )


def record_import(actor: Scope, report: ImportReport) -> None:
    """An import of territories is an admin write: it goes to the audit log."""
    audit.record(
        actor,
        "territories.import",
        target_type="territories",
        target_id=report.file,
        kind=report.kind,
        version=report.version,
        total=report.total,
        created=report.created,
        updated=report.updated,
        repaired=len(report.repaired),
    )


def list_territories(
    mine: Scope | None = None,
    kind: str | None = None,
    parent: str | None = None,
    version: str | None = None,
) -> list[Territory]:
    """The territories (without their outline), by kind and code; only those ``mine`` sees
    when given."""
    query = sa.select(Territory).order_by(Territory.kind, Territory.code)
    if kind is not None:
        query = query.where(Territory.kind == kind)
    if parent is not None:
        query = query.where(Territory.parent_code == parent)
    if version is not None:
        query = query.where(Territory.version == version)
    visible = mine.visible_territory_ids if mine is not None else None
    if visible is not None:
        query = query.where(Territory.id.in_(visible))
    return list(db.session.scalars(query.options(so.defer(Territory.geom))))
