"""A synthesis of a territory with 50,000 observations on PostGIS, beside the time to just read
those rows (the raw baseline): the synthesis' JSON content, then the same and its HTML.

Rows are written with the bulk path (``observation_store.insert_rows``). Ratios are baseline /
figure (durations): 0.1 means the synthesis costs ten row reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import random
import tempfile
import uuid

import shapely
from geoalchemy2.shape import to_shape

from bench.common import Result, best_time
from bench.servers import ROOT, postgis_app

TERRITORY = "QP031007"  # Grand Mirail, Toulouse: the largest QPV of the baseline
ROWS, BATCH = 50_000, 5_000


def _rows(territory, author_id: uuid.UUID) -> list[dict]:
    shape = to_shape(territory.geom)
    minx, miny, maxx, maxy = shape.bounds
    rng = random.Random(2026)
    with (ROOT / "tests" / "data" / "text" / "observations-veilleurs-fr.csv").open() as handle:
        texts = list(csv.DictReader(handle))
    now = dt.datetime.now(dt.UTC)
    rows = []
    while len(rows) < ROWS:
        point = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if not shape.contains(point):
            continue
        text = rng.choice(texts)
        rows.append(
            {
                "id": uuid.uuid4(),
                "author_id": author_id,
                "lon": point.x,
                "lat": point.y,
                "accuracy_m": 10.0,
                "theme": text["theme"],
                "polarity": text["polarity"],
                "text": text["text"],
                "observed_at": now - dt.timedelta(days=rng.uniform(1, 365)),
                "received_at": now,
                "content_hash": uuid.uuid4().hex,
            }
        )
    return rows


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp, postgis_app(pathlib.Path(tmp)) as (_, app):
        from analysis.synthesis import render_html
        from backend.extensions.database import db
        from backend.services import accounts, observation_store, syntheses
        from backend.services.scope import Scope
        from backend.services.territories import get_territory

        with app.test_request_context():
            author = accounts.create_user("bench-synthese", "mot-de-passe-bench", "veilleur")
            db.session.commit()
            territory = get_territory(TERRITORY)
            rows = _rows(territory, author.id)
            for start in range(0, len(rows), BATCH):
                observation_store.insert_rows(rows[start : start + BATCH])
            db.session.commit()
            request = syntheses.SynthesisRequest(TERRITORY)
            rules = syntheses.DisclosureRules.from_settings(app.config)

            def load() -> None:
                syntheses.observations_frame(territory, request)

            def content() -> None:
                syntheses.build(Scope.system(), request, rules)

            def page() -> None:
                render_html(syntheses.build(Scope.system(), request, rules)[0])

            baseline = best_time(load)
            figures = [
                (name, best_time(fn, repeat=2)) for name, fn in (("JSON", content), ("HTML", page))
            ]
    return [
        Result(
            name=f"synthèse {fmt} d'un QPV à {ROWS:,} observations".replace(",", " "),
            value=seconds,
            unit="s",
            baseline=baseline,
            baseline_label="lecture des lignes seule",
            higher_is_better=False,
            note="sujets calculés sur 4 000 textes tirés au hasard",
        )
        for fmt, seconds in figures
    ]
