"""A demo a workshop can open at once: real Occitanie territories, accounts, and a few hundred
resident-style observations placed inside the QPV of Toulouse.

Idempotent: running it again keeps what exists and prints the same accesses.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import secrets
import uuid
from collections.abc import Callable

import flask
import shapely
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from backend.config import ROOT, VAR_DIR
from backend.extensions.database import db
from backend.models import Invite, Observation, Territory, User
from backend.services import accounts
from backend.services.observations import create_observations
from backend.services.territories import FieldMap, import_territories

DATA = ROOT / "tests" / "data"
TERRITORY_FILES = (
    (
        "occitanie-communes-avec-qpv.geojson",
        "commune",
        FieldMap("code_commune", "nom_commune"),
        "cog2019",
    ),
    ("occitanie-qpv2015.geojson", "qpv", FieldMap("code_qp", "nom_qp", "code_commune"), "qpv2015"),
)
ANIMATEUR, ADMIN, ANALYSTE = "animatrice-toulouse", "admin-demo", "analyste-demo"
DEMO_TERRITORY = "31555"  # Toulouse: its QPV are below it
INVITE_TERRITORY = "QP031007"  # Grand Mirail, Toulouse
OBSERVATIONS = 300


def _password(pseudonym: str) -> str:
    """Each demo account's own password, made once and kept in var/ (readable by its owner
    only) so every run prints the same accesses; one leaked password opens one account."""
    path = VAR_DIR / "demo-passwords.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if pseudonym not in known:
        known[pseudonym] = secrets.token_urlsafe(9)
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, indent=1), encoding="utf-8")
        path.chmod(0o600)
    return known[pseudonym]


def _territories(echo: Callable[[str], None]) -> None:
    for name, kind, fields, version in TERRITORY_FILES:
        present = db.session.scalar(
            sa.select(sa.func.count()).select_from(Territory).where(Territory.version == version)
        )
        if not present:
            report = import_territories(
                DATA / "territories" / name, kind=kind, fields=fields, version=version
            )
            echo(report.summary().splitlines()[0])
    db.session.commit()


def _user(pseudonym: str, password: str, role: str, codes: list[str]) -> User:
    user = db.session.scalar(sa.select(User).where(User.pseudonym == pseudonym))
    if user is None:
        territories = [
            db.session.scalar(sa.select(Territory).where(Territory.code == c)) for c in codes
        ]
        user = accounts.create_user(pseudonym, password, role, [t for t in territories if t])
        accounts.record_consent(
            user, accounts.AccountPolicy.from_settings(flask.current_app.config)
        )
    return user


def _random_point_in(territory: Territory, rng: random.Random) -> tuple[float, float]:
    shape = to_shape(territory.geom)
    minx, miny, maxx, maxy = shape.bounds
    for _ in range(200):
        point = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if shape.contains(point):
            return point.x, point.y
    centre = shape.representative_point()
    return centre.x, centre.y


def _observations(authors: list[User], echo: Callable[[str], None]) -> None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(Observation)):
        return
    rng = random.Random(2026)
    qpv = db.session.scalars(
        sa.select(Territory).where(Territory.kind == "qpv", Territory.parent_code == DEMO_TERRITORY)
    ).all()
    with (DATA / "text" / "observations-veilleurs-fr.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rng.shuffle(rows)
    now = dt.datetime.now(dt.UTC)
    by_author: dict[uuid.UUID, list[dict]] = {}
    for row in rows[:OBSERVATIONS]:
        territory = rng.choice(qpv)
        lon, lat = _random_point_in(territory, rng)
        author = rng.choice(authors)
        by_author.setdefault(author.id, []).append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "observed_at": now - dt.timedelta(days=rng.uniform(1, 180)),
                "lon": lon,
                "lat": lat,
                "accuracy_m": round(rng.uniform(4, 40), 1),
                "theme": row["theme"],
                "polarity": row["polarity"],
                "text": row["text"],
            }
        )
    for author_id, items in by_author.items():
        create_observations(author_id, items)
    db.session.commit()
    echo(f"{OBSERVATIONS} observations de démonstration dans {len(qpv)} QPV de Toulouse.")


def _invite(animateur: User) -> Invite:
    territory = db.session.scalar(sa.select(Territory).where(Territory.code == INVITE_TERRITORY))
    invite = db.session.scalar(
        sa.select(Invite)
        .where(Invite.territory_id == territory.id, Invite.revoked_at.is_(None))
        .order_by(Invite.created_at)
    )
    if invite is None:
        invite = Invite(
            code=accounts.new_invite_code(),
            territory=territory,
            role="veilleur",
            created_by_id=animateur.id,
            created_at=accounts.now(),
        )
        db.session.add(invite)
    return invite


def seed(echo: Callable[[str], None] = print, base_url: str = "http://127.0.0.1:5000") -> None:
    _territories(echo)
    animateur = _user(ANIMATEUR, _password(ANIMATEUR), "animateur", [DEMO_TERRITORY])
    _user(ADMIN, _password(ADMIN), "admin", [])
    _user(ANALYSTE, _password(ANALYSTE), "analyste", [DEMO_TERRITORY])
    veilleurs = [
        _user(name, _password(name), "veilleur", [INVITE_TERRITORY])
        for name in (f"veilleur-demo-{i}" for i in range(1, 6))
    ]
    invite = _invite(animateur)
    db.session.commit()
    _observations(veilleurs, echo)
    echo("")
    echo("Démo prête.")
    echo(f"  Code d'invitation (QPV {INVITE_TERRITORY}, Grand Mirail, Toulouse) : {invite.code}")
    echo(f"  Lien d'inscription : {base_url}/?invite={invite.code}")
    echo(f"  Animatrice : {ANIMATEUR} / {_password(ANIMATEUR)}   (Toulouse et ses QPV)")
    echo(f"  Analyste   : {ANALYSTE} / {_password(ANALYSTE)}")
    echo(f"  Admin      : {ADMIN} / {_password(ADMIN)}")
