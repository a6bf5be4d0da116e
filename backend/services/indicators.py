"""Indicators: importing INSEE/CAF/BPE files into the long table, reading, comparing, indices.

The pure work (reading files, long format, comparisons, composite indices) is in
``analysis.indicators``; this module loads and stores, and keeps imports all-or-nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import time
from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa

from analysis.indicators import IndicatorError
from analysis.indicators.compare import FRANCE, Place, commune_epci, compare
from analysis.indicators.composite import CompositeResult, CompositeSpec, composite_index
from analysis.indicators.dictionary import parse_dictionary, shipped_table
from analysis.indicators.equipment import PLM, aggregate_equipment
from analysis.indicators.reading import read_table
from analysis.indicators.wide import LongTable, wide_to_long
from backend.extensions.database import UTCDateTime, db, dialect_name
from backend.models import IndicatorValue, Territory
from backend.services import Invalid, NotFound, audit
from backend.services.scope import Scope

VALUE_COLUMNS = [
    "territory_code",
    "indicator",
    "label",
    "unit",
    "period",
    "value",
    "flag",
    "source",
    "geography_version",
]
LEVELS = {"qpv": "QPV", "commune": "commune", "iris": "IRIS", "epci": "EPCI"}
STAGED = ["territory_code", "indicator", "label", "unit", "period", "value", "flag"]


@dataclasses.dataclass
class ImportOptions:
    source: str
    territory_field: str
    period: int | None = None
    sep: str | None = None
    columns: Sequence[str] | None = None
    dictionary: bytes | None = None
    geography_version: str | None = None
    label_field: str | None = None
    aggregate: str | None = None  # "bpe": equipment counts per IRIS → communes
    all_territories: bool = False


@dataclasses.dataclass
class ImportReport:
    """What an import did, in numbers a person can check, and in French."""

    file: str
    source: str
    format: str
    separator: str | None
    territories_in_file: int = 0
    territories_kept: int = 0
    territories_skipped: int = 0
    indicators: int = 0
    values: int = 0
    missing: int = 0
    created: int = 0
    updated: int = 0
    periods: list[int] = dataclasses.field(default_factory=list)
    period_inferred: bool = False
    geography_version: str | None = None
    geography_inferred: bool = False
    notes: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        separator = {";": "« ; »", ",": "« , »", "\t": "tabulation", "|": "« | »"}.get(
            self.separator or "", ""
        )
        lines = [
            f"{self.file} ({self.format.upper()}{', séparateur ' + separator if separator else ''}) : "
            f"{self.values} valeurs ({self.indicators} indicateurs × {self.territories_kept} "
            f"territoires), source « {self.source} », millésime(s) "
            f"{', '.join(map(str, self.periods))}"
            f"{' (déduit des noms de colonnes)' if self.period_inferred else ''} — "
            f"{self.created} créées, {self.updated} mises à jour, en {self.seconds:.1f} s.",
            f"{self.missing} valeurs manquantes (secret statistique ou non diffusées) gardées "
            "comme manquantes, jamais comme zéro.",
            f"Géographie : {self.geography_version or 'non précisée (--geography-version)'}"
            + (
                " (celle des territoires correspondants ; --geography-version pour la préciser)."
                if self.geography_inferred
                else "."
            ),
        ]
        if self.territories_skipped:
            lines.append(
                f"{self.territories_skipped} territoires du fichier ignorés (ni dans la table des "
                "territoires, ni au-dessus d'eux : commune, EPCI, France) ; --all-territories "
                "pour tout garder."
            )
        lines.extend(self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"summary": self.summary()}


def _known_codes() -> tuple[set[str], dict[str, str]]:
    """Codes worth keeping by default: the territories, their parents, the parents' EPCI, FR;
    with each territory's geography version."""
    rows = db.session.execute(sa.select(Territory.code, Territory.parent_code, Territory.version))
    codes: set[str] = {FRANCE}
    versions: dict[str, str] = {}
    epci = commune_epci()
    for code, parent, version in rows:
        versions[code] = version
        for item in (code, parent):
            if item:
                codes.add(item)
                codes.update(c for c in (PLM.get(item), epci.get(item)) if c)
    return codes, versions


def _long_table(data: bytes, name: str, options: ImportOptions) -> LongTable:
    table = read_table(data, name=name, sep=options.sep)
    if options.aggregate == "bpe":
        populations = dict(
            db.session.execute(
                sa.select(Territory.code, Territory.population).where(
                    Territory.population.is_not(None)
                )
            ).all()
        )
        return aggregate_equipment(
            table,
            territory_field=options.territory_field,
            period=options.period,
            types=options.columns,
            populations=populations,
            name=name,
        )
    dictionary = None
    if options.dictionary is not None:
        dictionary = parse_dictionary(read_table(options.dictionary, name="dictionnaire").frame)
    long = wide_to_long(
        table,
        territory_field=options.territory_field,
        columns=options.columns,
        period=options.period,
        dictionary=dictionary,
        label_field=options.label_field,
        name=name,
    )
    long.notes.insert(0, f"Encodage {table.encoding}." if table.encoding else "")
    long.notes = [n for n in long.notes if n]
    return long


def import_indicators(data: bytes, name: str, options: ImportOptions) -> ImportReport:
    """Import (or update) every value of the file; all or nothing, errors in French."""
    started = time.perf_counter()
    if not options.source.strip():
        raise Invalid("La source est obligatoire (--source), par ex. « Insee, Filosofi 2016 ».")
    try:
        long = _long_table(data, name, options)
    except IndicatorError as exc:
        raise Invalid(str(exc)) from exc
    values = long.values
    report = ImportReport(
        file=name,
        source=options.source.strip(),
        format="xlsx" if data[:2] == b"PK" else "csv",
        separator=None if data[:2] == b"PK" else (options.sep or _separator_of(data)),
        notes=long.notes,
        period_inferred=long.period_inferred,
    )
    in_file = values["territory_code"].unique()
    report.territories_in_file = len(in_file)
    known, versions = _known_codes()
    if not options.all_territories:
        kept = values["territory_code"].isin(known)
        values = values[kept]
        report.territories_skipped = len(in_file) - values["territory_code"].nunique()
    report.territories_kept = values["territory_code"].nunique()
    report.geography_version = options.geography_version
    if not report.geography_version:
        report.geography_version = _geography_of(values["territory_code"].unique(), versions)
        report.geography_inferred = report.geography_version is not None
    report.indicators = values["indicator"].nunique()
    report.values = len(values)
    report.missing = int(values["value"].isna().sum())
    report.periods = sorted(int(p) for p in values["period"].unique())
    report.created, report.updated = _upsert(values, report.source, report.geography_version)
    report.seconds = time.perf_counter() - started
    return report


def _separator_of(data: bytes) -> str | None:
    header = data[:4096].split(b"\n", 1)[0]
    counts = {s: header.count(s.encode()) for s in (";", ",", "\t", "|")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else None


def _geography_of(codes: Sequence[str], versions: dict[str, str]) -> str | None:
    found = {versions[c] for c in codes if c in versions}
    return found.pop() if len(found) == 1 else None


def _upsert(values: pd.DataFrame, source: str, geography: str | None) -> tuple[int, int]:
    """Stage the rows (COPY on PostgreSQL, executemany on SQLite), then one INSERT … ON CONFLICT."""
    if values.empty:
        return 0, 0
    connection = db.session.connection()
    postgres = dialect_name() == "postgresql"
    connection.exec_driver_sql("DROP TABLE IF EXISTS indicator_staging")
    connection.exec_driver_sql(
        "CREATE TEMP TABLE indicator_staging (territory_code VARCHAR(64), indicator VARCHAR(80), "
        "label VARCHAR(300), unit VARCHAR(40), period INTEGER, value FLOAT, flag VARCHAR(40))"
    )
    staged = values[STAGED].copy()
    staged["label"] = staged["label"].str.slice(0, 300)
    staged["period"] = staged["period"].astype(int)
    if postgres:
        buffer = io.StringIO()
        staged.to_csv(buffer, index=False, header=False)
        raw = connection.connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(
                # An empty label or unit ("" when a file has no dictionary) is text, not NULL.
                f"COPY indicator_staging ({', '.join(STAGED)}) FROM STDIN "
                "WITH (FORMAT csv, FORCE_NOT_NULL (label, unit))"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        # A temporary table has no statistics: without them the planner joins it badly.
        connection.exec_driver_sql("ANALYZE indicator_staging")
    else:
        staged = staged.astype(object).where(staged.notna(), None)
        connection.exec_driver_sql(
            "INSERT INTO indicator_staging VALUES (?, ?, ?, ?, ?, ?, ?)",
            list(staged.itertuples(index=False, name=None)),
        )
    match = (
        "v.territory_code = s.territory_code AND v.indicator = s.indicator "
        "AND v.period = s.period AND v.source = :source"
    )
    if postgres:
        # Replacing the matched rows is ~3x faster than ON CONFLICT DO UPDATE on a million rows
        # (measured by bench/bench_indicators.py); ON CONFLICT below stays as the guard.
        updated = db.session.execute(
            sa.text(f"DELETE FROM indicator_value v USING indicator_staging s WHERE {match}"),
            {"source": source},
        ).rowcount
    else:
        updated = db.session.scalar(
            sa.text(f"SELECT count(*) FROM indicator_staging s JOIN indicator_value v ON {match}"),
            {"source": source},
        )
    db.session.execute(
        sa.text(
            "INSERT INTO indicator_value (territory_code, indicator, label, unit, period, value, "
            "flag, source, geography_version, imported_at) "
            "SELECT territory_code, indicator, label, unit, period, value, flag, :source, :geo, "
            ":now FROM indicator_staging WHERE true "
            "ON CONFLICT (territory_code, indicator, period, source) DO UPDATE SET "
            "label = excluded.label, unit = excluded.unit, value = excluded.value, "
            "flag = excluded.flag, geography_version = excluded.geography_version, "
            "imported_at = excluded.imported_at"
        ).bindparams(sa.bindparam("now", type_=UTCDateTime())),
        {"source": source, "geo": geography, "now": dt.datetime.now(dt.UTC)},
    )
    connection.exec_driver_sql("DROP TABLE indicator_staging")
    return len(staged) - int(updated or 0), int(updated or 0)


# --- reading -------------------------------------------------------------------------------


def values_frame(
    codes: Sequence[str], source: str | None = None, indicator: str | None = None
) -> pd.DataFrame:
    """The stored values of these territory codes, as the long table the analysis reads."""
    query = sa.select(*(getattr(IndicatorValue, c) for c in VALUE_COLUMNS)).where(
        IndicatorValue.territory_code.in_(list(codes))
    )
    if source:
        query = query.where(IndicatorValue.source == source)
    if indicator:
        query = query.where(IndicatorValue.indicator == indicator)
    query = query.order_by(
        IndicatorValue.territory_code, IndicatorValue.indicator, IndicatorValue.period
    )
    rows = db.session.execute(query).all()
    frame = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    frame["value"] = frame["value"].astype(float)
    return frame


def _level_of_code(code: str) -> str:
    if re.fullmatch(r"Q[PN]\w+", code):
        return "QPV"
    if re.fullmatch(r"\d{9}", code):
        return "EPCI"
    if re.fullmatch(r"\d[\dAB]\d{3}", code):
        return "commune"
    return "territoire"


def _epci_names() -> dict[str, str]:
    table = shipped_table("epci.csv")
    return dict(zip(table["code"], table["nom"], strict=True))


def territory_chain(code: str) -> list[Place]:
    """The territory and the levels it is compared with: its parents in the territory table
    (QPV → commune), the commune's EPCI (shipped table), France."""
    territories = {
        t.code: t
        for t in db.session.scalars(sa.select(Territory).options(sa.orm.defer(Territory.geom)))
    }
    has_values = db.session.scalar(
        sa.select(sa.func.count()).where(IndicatorValue.territory_code == code)
    )
    if code not in territories and not has_values:
        raise NotFound(f"Territoire inconnu ou sans indicateur : {code}.")
    chain: list[Place] = []
    current: str | None = code
    while current and current not in {p.code for p in chain}:
        territory = territories.get(current)
        level = LEVELS.get(territory.kind, territory.kind) if territory else _level_of_code(current)
        chain.append(Place(current, level, territory.name if territory else ""))
        current = territory.parent_code if territory else None
    last = chain[-1].code
    commune = PLM.get(last, last)
    if commune != last:
        chain.append(Place(commune, "commune", getattr(territories.get(commune), "name", "")))
    epci = commune_epci().get(commune)
    if epci and chain[-1].level != "EPCI":
        chain.append(Place(epci, "EPCI", _epci_names().get(epci, "")))
    chain.append(Place(FRANCE, "France", "France"))
    return chain


def compare_territory(code: str) -> pd.DataFrame:
    chain = territory_chain(code)
    return compare(values_frame([p.code for p in chain]), chain)


def catalog() -> list[dict[str, Any]]:
    """Every indicator stored: label, unit, source, vintages, how many territories and gaps."""
    v = IndicatorValue
    rows = db.session.execute(
        sa.select(
            v.indicator,
            v.source,
            sa.func.min(v.label),
            sa.func.min(v.unit),
            v.period,
            sa.func.count(),
            sa.func.count(v.value),
        )
        .group_by(v.indicator, v.source, v.period)
        .order_by(v.source, v.indicator, v.period)
    ).all()
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for indicator, source, label, unit, period, count, present in rows:
        entry = entries.setdefault(
            (indicator, source),
            {
                "indicator": indicator,
                "label": label,
                "unit": unit,
                "source": source,
                "periods": [],
                "territories": 0,
                "missing": 0,
            },
        )
        entry["periods"].append(period)
        entry["territories"] = max(entry["territories"], count)
        entry["missing"] += count - present
    return list(entries.values())


def composite(
    spec: CompositeSpec, kind: str | None = None, codes: Sequence[str] | None = None
) -> CompositeResult:
    """The index over the territories of a kind (``qpv``) or the codes given."""
    if codes:
        selected = list(codes)
        scope = f"{len(selected)} territoires choisis"
    else:
        selected = list(db.session.scalars(sa.select(Territory.code).where(Territory.kind == kind)))
        scope = f"territoires de type {kind}"
    if not selected:
        raise Invalid("Aucun territoire pour calculer l'indice.")
    values = values_frame(selected)
    try:
        return composite_index(values, spec, selected, scope=scope)
    except IndicatorError as exc:
        raise Invalid(str(exc)) from exc


def record_import(actor: Scope, report: ImportReport) -> None:
    """An import of official figures is an admin write: it goes to the audit log."""
    audit.record(
        actor,
        "indicators.import",
        target_type="indicators",
        target_id=report.file,
        source=report.source,
        values=report.values,
        created=report.created,
        updated=report.updated,
        indicators=report.indicators,
        territories=report.territories_kept,
    )
