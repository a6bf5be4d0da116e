"""Importing the whole Filosofi 2016 communes file (34,932 communes × 27 indicators ≈ 943k values)
on PostGIS, beside a raw COPY of the same rows into a bare table (the ceiling) in the same run.

Reads the shared real file when it is there (``../shared/data/indicators``); skipped otherwise.
"""

from __future__ import annotations

import io
import pathlib
import tempfile
import time

from bench.common import Result
from bench.servers import ROOT, postgis_app

FILOSOFI = ROOT.parent / "shared" / "data" / "indicators" / "filosofi_com_2016.csv"


def run() -> list[Result]:
    if not FILOSOFI.exists():
        print(f"  (ignoré : {FILOSOFI} absent)")
        return []
    from analysis.indicators.reading import read_table
    from analysis.indicators.wide import wide_to_long

    data = FILOSOFI.read_bytes()
    with tempfile.TemporaryDirectory() as tmp, postgis_app(pathlib.Path(tmp)) as (_url, app):
        from backend.extensions.database import db
        from backend.services.indicators import ImportOptions, import_indicators

        options = ImportOptions(
            source="Insee, Filosofi 2016", territory_field="CODGEO", all_territories=True
        )
        with app.app_context():
            start = time.perf_counter()
            report = import_indicators(data, FILOSOFI.name, options)
            db.session.commit()
            first = time.perf_counter() - start
            start = time.perf_counter()
            again = import_indicators(data, FILOSOFI.name, options)
            db.session.commit()
            update = time.perf_counter() - start
            assert again.updated == report.values

            # Baseline: parse the same file and COPY the same long rows into a bare table.
            start = time.perf_counter()
            long = wide_to_long(read_table(data), territory_field="CODGEO").values
            buffer = io.StringIO()
            long.to_csv(buffer, index=False, header=False)
            connection = db.session.connection()
            connection.exec_driver_sql(
                "CREATE TEMP TABLE raw_values (territory_code text, indicator text, label text, "
                "unit text, period int, value float, flag text)"
            )
            raw = connection.connection.driver_connection
            with (
                raw.cursor() as cursor,
                cursor.copy("COPY raw_values FROM STDIN (FORMAT csv)") as copy,
            ):
                copy.write(buffer.getvalue())
            db.session.commit()
            baseline = time.perf_counter() - start
    values = report.values
    return [
        Result("import Filosofi communes (valeurs/s)", values / first, "valeurs/s", values / baseline,
               "lecture + COPY brut", target=0.3, note=f"{values} valeurs en {first:.1f} s"),
        Result("ré-import, mise à jour (valeurs/s)", values / update, "valeurs/s", values / baseline,
               "lecture + COPY brut", target=0.3, note=f"{update:.1f} s"),
    ]  # fmt: skip
