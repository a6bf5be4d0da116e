"""The raw baseline: a minimal Flask endpoint inserting the same observation row with plain psycopg.

No validation, no auth, no ORM: what the hardware and PostGIS give for the same row (including
the same territory lookup), to compare Veilleurs' POST /observations against.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid

import psycopg
from flask import Flask, request

app = Flask(__name__)
_connection: psycopg.Connection | None = None

INSERT = """
INSERT INTO observation (id, author_id, geom, territory_id, accuracy_m, theme, polarity, text,
                         observed_at, received_at, content_hash, status)
VALUES (%(id)s, %(author_id)s, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326),
        (SELECT t.id FROM territory t
          WHERE ST_Covers(t.geom, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326))
          ORDER BY t.area_m2 LIMIT 1),
        %(accuracy_m)s, %(theme)s, %(polarity)s, %(text)s, %(observed_at)s, %(received_at)s,
        %(content_hash)s, 'visible')
"""


def connection() -> psycopg.Connection:
    global _connection
    if _connection is None:
        _connection = psycopg.connect(os.environ["RAW_DSN"])
    return _connection


def row(item: dict, author_id: str) -> dict:
    lon, lat = item["location"]["coordinates"]
    return {
        "id": uuid.UUID(item["id"]),
        "author_id": uuid.UUID(author_id),
        "lon": lon,
        "lat": lat,
        "accuracy_m": item.get("accuracy_m"),
        "theme": item["theme"],
        "polarity": item["polarity"],
        "text": item["text"],
        "observed_at": dt.datetime.fromisoformat(item["observed_at"]),
        "received_at": dt.datetime.now(dt.UTC),
        "content_hash": hashlib.sha256(item["text"].encode()).hexdigest(),
    }


@app.post("/raw")
def insert_one():
    conn = connection()
    with conn.cursor() as cursor:
        cursor.execute(INSERT, row(request.get_json(), os.environ["RAW_AUTHOR"]))
    conn.commit()
    return {"ok": True}, 201
