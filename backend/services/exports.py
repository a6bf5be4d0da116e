"""Observation exports for analysts: CSV (UTF-8, or the `;` + BOM that French Excel opens),
GeoJSON, XLSX and GeoPackage (through GDAL, for QGIS). Cells that a spreadsheet would run as a
formula are neutralised by the product's one rule, :func:`analysis.spreadsheet.neutralise`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from geoalchemy2.shape import to_shape
from openpyxl import Workbook

from analysis.spreadsheet import local_time, neutralise
from backend.models import Observation
from backend.services.themes import theme_label

COLUMNS = (
    "id",
    "observed_at",
    "received_at",
    "longitude",
    "latitude",
    "accuracy_m",
    "territory",
    "theme",
    "theme_label",
    "polarity",
    "text",
    "status",
    "photos",
)
# What a person reads at the top of each column (``?headers=people``, the default).
LABELS = {
    "id": "Identifiant",
    "observed_at": "Observé le (heure de Paris)",
    "received_at": "Reçu le (heure de Paris)",
    "longitude": "Longitude",
    "latitude": "Latitude",
    "accuracy_m": "Précision (m)",
    "territory": "Territoire",
    "theme": "Code du thème",
    "theme_label": "Thème",
    "polarity": "Type",
    "text": "Texte",
    "status": "Statut",
    "photos": "Photos",
}
TIMES = ("observed_at", "received_at")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
__all__ = ["neutralise"]  # survey_exports and others take the rule from here too


def observation_row(observation: Observation) -> dict[str, Any]:
    point = to_shape(observation.geom)
    return {
        "id": str(observation.id),
        "observed_at": observation.observed_at.isoformat(),
        "received_at": observation.received_at.isoformat(),
        "longitude": round(point.x, 7),
        "latitude": round(point.y, 7),
        "accuracy_m": observation.accuracy_m,
        "territory": observation.territory_code,
        "theme": observation.theme,
        "theme_label": theme_label(observation.theme),
        "polarity": observation.polarity,
        "text": observation.text,
        "status": observation.status,
        "photos": len(observation.photos),
    }


def observation_features(observations: Iterable[Observation]) -> list[dict[str, Any]]:
    features = []
    for observation in observations:
        row = observation_row(observation)
        lon, lat = row.pop("longitude"), row.pop("latitude")
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": row,
            }
        )
    return features


def for_people(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    style: str,
    labels: dict[str, str],
    times: Sequence[str] = (),
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows and columns as ``style`` reads them (:func:`analysis.spreadsheet.presented`'s rule,
    for rows already made): for ``people``, labels for names and the moments in Paris time."""
    if style == "machine":
        return list(rows), list(columns)
    renamed = [
        {labels.get(c, c): local_time(row.get(c)) if c in times else row.get(c) for c in columns}
        for row in rows
    ]
    return renamed, [labels.get(c, c) for c in columns]


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, excel: bool = False) -> bytes:
    """UTF-8 CSV with `,`; with ``excel``, `;` and a BOM so French Excel opens it correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=columns, delimiter=";" if excel else ",", lineterminator="\r\n"
    )
    writer.writerow({k: neutralise(k) for k in columns})
    for row in rows:
        writer.writerow({k: neutralise(row.get(k)) for k in columns})
    data = out.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if excel else data


def sheet_title(text: str) -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    import re

    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "feuille"


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append([neutralise(c) for c in columns])
    for row in rows:
        sheet.append([neutralise(row.get(k)) for k in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
