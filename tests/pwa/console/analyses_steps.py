"""Data for the analyses' browser tests, made by the services and the API as residents would:
observations with real French texts (tests/data/text) gathered around two places of a QPV, and
survey responses to a campaign."""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
import uuid

import shapely

from tests.backend.conftest import _features
from tests.conftest import DATA
from tests.pwa.conftest import PASSWORD, make_resident


def two_places(code: str) -> list[shapely.Point]:
    """Two points well inside the territory, as far apart as its shape allows."""
    shape = shapely.geometry.shape(_features("occitanie-qpv2015.geojson")[code]["geometry"])
    inner = shape.buffer(-0.0004)
    first = inner.representative_point()
    minx, miny, maxx, maxy = inner.bounds
    grid = [
        shapely.Point(minx + (maxx - minx) * i / 30, miny + (maxy - miny) * j / 30)
        for i in range(31)
        for j in range(31)
    ]
    second = max((p for p in grid if inner.contains(p)), key=first.distance)
    return [first, second]


def seed_observations(app, code: str = "QP031001", per_place: int = 20) -> int:
    """``2 × per_place`` visible observations of a resident of ``code``, real texts of the test
    corpus, each within ~25 m of one of two places: two hotspots at any radius from 50 m."""
    from backend.extensions.database import db
    from backend.services.observations import create_observations

    author = make_resident(app, f"veilleur-{uuid.uuid4().hex[:6]}", (code,))
    with (DATA / "text" / "observations-veilleurs-fr.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rng = random.Random(7)
    rng.shuffle(rows)
    now = dt.datetime.now(dt.UTC)
    items = []
    for index, place in enumerate(two_places(code)):
        for row in rows[index * per_place : (index + 1) * per_place]:
            items.append(
                {
                    "id": uuid.uuid4(),
                    "observed_at": now - dt.timedelta(days=rng.uniform(1, 60)),
                    "lon": place.x + rng.uniform(-0.00025, 0.00025),
                    "lat": place.y + rng.uniform(-0.0002, 0.0002),
                    "accuracy_m": 10.0,
                    "theme": row["theme"],
                    "polarity": row["polarity"],
                    "text": row["text"],
                }
            )
    with app.app_context():
        create_observations(author, items)
        db.session.commit()
    return len(items)


def token(client, pseudonym: str) -> dict[str, str]:
    tokens = client.post(
        "/api/v1/auth/token", json={"pseudonym": pseudonym, "password": PASSWORD}
    ).json
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def seed_campaign(app, animateur: str, code: str = "QP031001", title: str = "Vivre à Muret") -> str:
    """A campaign of the template "vivre-dans-mon-quartier" with 60 responses of two planted
    profiles (unhappy / happy with cleanliness, quiet and streets); returns its id."""
    from tests.backend.test_analyses import two_profiles_of_answers
    from tests.backend.test_campaigns import open_campaign

    client = app.test_client()
    headers = token(client, animateur)
    published = client.post(
        "/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=headers
    ).json
    campaign = open_campaign(
        client, headers, published["id"], (code,), title=title, multiple_answers=True
    )
    resident = f"repondant-{uuid.uuid4().hex[:6]}"
    make_resident(app, resident, (code,))
    items = two_profiles_of_answers(campaign["id"])
    results = client.post(
        "/api/v1/sync", json={"responses": items}, headers=token(client, resident)
    ).json["results"]
    assert {r["status"] for r in results} == {"created"}, results[:3]
    return campaign["id"]


def api_job(app, pseudonym: str, job_id: str, timeout: float = 60) -> dict:
    """The analysis as the API gives it to its author, once finished or failed."""
    client = app.test_client()
    headers = token(client, pseudonym)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/analyses/{job_id}", headers=headers).json
        if job["status"] in ("finished", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"analysis {job_id} did not finish")
