"""A large, realistic dataset for tests, benchmarks and demos (``veilleurs demo seed --size``):
observations over the demo's QPV with themes that have their seasons and places that are
hotspots, texts from the corpus of residents' words (the thesaurus' vocabulary), and answers to
a campaign of the "Vivre dans mon quartier" template — written by bulk inserts.

Deterministic for a given ``seed``; each run adds to what exists.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from backend.extensions.database import db
from backend.models import Observation, SurveyResponse, Territory, User
from backend.services import spatial

SIZES = {"small": (2_000, 200), "medium": (20_000, 1_000), "large": (100_000, 5_000)}
AUTHORS = 400  # residents who report (a few report a lot, most a little)
YEARS = 3  # of history
BATCH = 5_000
CORPUS = "observations-veilleurs-fr.csv"
# The month (1-12) where each theme peaks; the others are flat through the year.
SEASONS = {
    "espaces_verts": 7,  # heat, shade, watering
    "proprete": 8,  # summer: bins, bulky waste
    "tranquillite": 7,  # summer evenings
    "voirie_eclairage": 12,  # dark evenings, rain
    "logement": 1,  # heating
    "education_jeunesse": 9,  # the school year starts
}


def _corpus() -> list[dict[str, str]]:
    from backend.demo import DATA

    with (DATA / "text" / CORPUS).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _qpv() -> list[tuple[Territory, Any]]:
    territories = db.session.scalars(
        sa.select(Territory).where(Territory.kind == "qpv").order_by(Territory.code)
    ).all()
    return [(t, to_shape(t.geom)) for t in territories]


def _points(shape: Any, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points inside ``shape``: two thirds around 1-3 hotspots, the rest anywhere."""
    minx, miny, maxx, maxy = shape.bounds
    hot = [shape.representative_point()] + [
        shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy)) for _ in range(2)
    ]
    hot = [p for p in hot if shape.contains(p)] or [shape.representative_point()]
    spread = max(maxx - minx, maxy - miny) / 12
    out: list[np.ndarray] = []
    while sum(len(o) for o in out) < n:
        k = 2 * n
        x, y = rng.uniform(minx, maxx, k), rng.uniform(miny, maxy, k)
        around = rng.random(k) < 2 / 3
        centre = rng.integers(0, len(hot), k)
        cx = np.array([p.x for p in hot])[centre]
        cy = np.array([p.y for p in hot])[centre]
        x = np.where(around, cx + rng.normal(0, spread, k), x)
        y = np.where(around, cy + rng.normal(0, spread, k), y)
        inside = shapely.contains_xy(shape, x, y)
        out.append(np.column_stack([x[inside], y[inside]]))
    return np.concatenate(out)[:n]


def _moment(theme: str, rng: random.Random, now: dt.datetime) -> dt.datetime:
    """A moment in the last ``YEARS`` years, more often in the theme's season, in the daytime."""
    peak = SEASONS.get(theme)
    while True:
        days = rng.uniform(1, 365 * YEARS)
        moment = now - dt.timedelta(days=days)
        if peak is None:
            break
        distance = min(abs(moment.month - peak), 12 - abs(moment.month - peak))
        if rng.random() < 1 / (1 + distance):
            break
    return moment.replace(hour=rng.choice(range(7, 22)), minute=rng.randrange(60))


def _authors(rng: random.Random, count: int) -> list[uuid.UUID]:
    """Veilleurs created in bulk (one password hash for all: nobody logs in with them)."""
    from backend.extensions.auth import hash_password

    now = dt.datetime.now(dt.UTC)
    digest = hash_password(uuid.uuid4().hex)
    tag = uuid.UUID(int=rng.getrandbits(128)).hex[:6]
    rows = [
        {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "pseudonym": f"volume-{tag}-{i}",
            "pseudonym_key": f"volume-{tag}-{i}",
            "password_hash": digest,
            "role": "veilleur",
            "created_at": now,
            "session_version": 0,
        }
        for i in range(count)
    ]
    db.session.execute(sa.insert(User), rows)
    return [r["id"] for r in rows]


def _geom(lon: float, lat: float) -> str:
    return f"SRID=4326;POINT({lon:.7f} {lat:.7f})"


def _insert(table: sa.Table, rows: list[dict[str, Any]], geom_columns: tuple[str, ...]) -> None:
    """Bulk insert, the geometry from EWKT by the database itself."""
    make = sa.func.GeomFromEWKT if spatial.is_sqlite() else sa.func.ST_GeomFromEWKT
    values = {c.name: sa.bindparam(c.name) for c in table.c if c.name in rows[0]}
    for column in geom_columns:
        values[column] = make(sa.bindparam(column, type_=sa.String))
    statement = table.insert().values(values)
    for start in range(0, len(rows), BATCH):
        db.session.execute(statement, rows[start : start + BATCH])


def seed_observations(count: int, seed: int = 2026) -> int:
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    corpus = _corpus()
    territories = _qpv()
    if not territories or count <= 0:
        return 0
    authors = _authors(rng, min(AUTHORS, max(1, count // 20)))
    # Some neighbourhoods report much more than others (a lively association, a crisis).
    weights = nrng.pareto(1.5, len(territories)) + 0.2
    shares = nrng.multinomial(count, weights / weights.sum())
    author_weights = [1 / (i + 1) for i in range(len(authors))]
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = []
    for (territory, shape), n in zip(territories, shares, strict=True):
        if not n:
            continue
        for lon, lat in _points(shape, int(n), nrng):
            entry = rng.choice(corpus)
            observed = _moment(entry["theme"], rng, now)
            rows.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "author_id": rng.choices(authors, author_weights)[0],
                    "territory_id": territory.id,
                    "geom": _geom(lon, lat),
                    "accuracy_m": round(rng.uniform(4, 40), 1),
                    "theme": entry["theme"],
                    "polarity": entry["polarity"],
                    "text": entry["text"],
                    "observed_at": observed,
                    "received_at": observed + dt.timedelta(minutes=rng.uniform(0, 600)),
                    "content_hash": hashlib.sha256(rng.randbytes(16)).hexdigest(),
                    "status": "hidden" if rng.random() < 0.01 else "visible",
                }
            )
    _insert(Observation.__table__, rows, ("geom",))
    return len(rows)


def _answers(definition: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Plausible answers to every choice question (the free texts left empty but where required)."""
    choices = definition.get("choices", {})
    answers: dict[str, Any] = {}

    def walk(children: list[dict[str, Any]]) -> None:
        for node in children:
            kind = node["type"]
            if kind == "group":
                walk(node.get("children", []))
            elif kind in ("select_one", "select_multiple") and node.get("choices") in choices:
                names = [c["name"] for c in choices[node["choices"]]]
                if kind == "select_one":
                    answers[node["name"]] = rng.choice(names)
                else:
                    answers[node["name"]] = " ".join(rng.sample(names, rng.randint(1, 3)))
            elif kind == "text" and node.get("required"):
                answers[node["name"]] = "Plus de propreté et de lumière le soir."

    walk(definition.get("children", []))
    return answers


def seed_responses(count: int, seed: int = 2026) -> int:
    """``count`` answers to a campaign of the "Vivre dans mon quartier" template on every QPV."""
    from backend.services import campaigns, responses, surveys
    from backend.services.scope import Scope

    if count <= 0:
        return 0
    rng = random.Random(seed + 1)
    territories = _qpv()
    system = Scope.system()
    survey, _ = surveys.publish_template(system, "vivre-dans-mon-quartier")
    now = dt.datetime.now(dt.UTC)
    campaign = campaigns.create_campaign(
        system,
        {
            "survey_id": survey.id,
            "title": f"Vivre dans mon quartier (démo volumineuse {seed})",
            "territories": [t.code for t, _ in territories],
            "opens_at": now - dt.timedelta(days=365),
            "closes_at": now + dt.timedelta(days=30),
        },
    )
    db.session.flush()
    respondents = _authors(rng, min(AUTHORS, count))
    prepared = responses.prepared(campaign.survey)
    definition = campaign.survey.definition
    rows = []
    nrng = np.random.default_rng(seed + 1)
    for i in range(count):
        territory, shape = territories[rng.randrange(len(territories))]
        submitted = now - dt.timedelta(days=rng.uniform(0.1, 360))
        result = surveys_validate(prepared, _answers(definition, rng), submitted)
        located = rng.random() < 0.4
        lon, lat = _points(shape, 1, nrng)[0] if located else (0.0, 0.0)
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "campaign_id": campaign.id,
                "survey_id": survey.id,
                "respondent_id": respondents[i % len(respondents)],
                "territory_id": territory.id,
                "geom": _geom(lon, lat) if located else None,
                "answers": result.answers,
                "calculated": result.calculated,
                "submitted_at": submitted,
                "received_at": submitted + dt.timedelta(minutes=rng.uniform(0, 60)),
                "content_hash": hashlib.sha256(rng.randbytes(16)).hexdigest(),
            }
        )
    located_rows = [r for r in rows if r["geom"] is not None]
    plain = [{k: v for k, v in r.items() if k != "geom"} for r in rows if r["geom"] is None]
    if located_rows:
        _insert(SurveyResponse.__table__, located_rows, ("geom",))
    if plain:
        _insert(SurveyResponse.__table__, plain, ())
    return len(rows)


def surveys_validate(prepared: Any, answers: dict[str, Any], moment: dt.datetime) -> Any:
    import surveys

    result = surveys.validate_response(prepared, answers, clock=lambda: moment)
    if not result.is_valid:
        raise ValueError(f"réponse de démonstration invalide : {result.problems_by_question()}")
    return result


def seed_volume(
    observations: int, responses: int, seed: int = 2026, echo: Callable[[str], None] = print
) -> tuple[int, int]:
    """Add ``observations`` observations and ``responses`` answers (the territories must exist)."""
    made = seed_observations(observations, seed)
    answered = seed_responses(responses, seed)
    db.session.commit()
    echo(f"{made} observations et {answered} réponses ajoutées (jeu volumineux, graine {seed}).")
    return made, answered
