"""Hostile and broken input: each case a clear 4xx (or, for legitimate text, a faithful round
trip) and nothing written."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.backend.conftest import observation_payload


def count(app):
    from backend.extensions.database import db
    from backend.models import Observation

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Observation))


def post_raw(client, headers, body: bytes, content_type="application/json"):
    return client.post(
        "/api/v1/observations", data=body, content_type=content_type, headers=headers
    )


def test_body_too_large_is_413(client, app, veilleur):
    payload = observation_payload(text="x" * (13 * 1024 * 1024))
    response = post_raw(client, veilleur[1], json.dumps(payload).encode())
    assert response.status_code == 413 and response.json["message"] == "Envoi trop volumineux."
    assert count(app) == 0


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"text": Infinity}', "Infinity"),
        (b'{"text": -Infinity}', "-Infinity"),
        (json.dumps({"a": "\x00"}).encode(), "Caractère nul"),
        (b'{"k": ' * 40 + b"1" + b"}" * 40, "trop imbriqué"),
    ],
)
def test_json_that_is_not_data_is_400(client, app, veilleur, body, fragment):
    response = post_raw(client, veilleur[1], body)
    assert response.status_code == 400 and fragment in response.json["message"]
    assert count(app) == 0


def test_nul_in_a_query_or_path_is_400(client, veilleur):
    assert client.get("/api/v1/territories?parent=%00", headers=veilleur[1]).status_code == 400
    assert client.get("/api/v1/territories/QP%00", headers=veilleur[1]).status_code == 400


@pytest.mark.parametrize(
    "text",
    [
        "الإنارة معطلة في الشارع منذ أسبوع",  # Arabic, right to left
        "Ascenseur en panne 😡🛗 depuis lundi ‼️",
        "Robert'); DROP TABLE observation;-- encombrants",
        "<script>alert('x')</script> devant l'école",
        "a" * 5000,  # the longest text accepted
    ],
)
def test_legitimate_but_unusual_text_is_stored_exactly(client, veilleur, text):
    payload = observation_payload(text=text)
    response = client.post("/api/v1/observations", json=payload, headers=veilleur[1])
    assert response.status_code == 201
    stored = client.get(f"/api/v1/observations/{payload['id']}", headers=veilleur[1]).json
    assert stored["text"] == text


def test_a_100_kb_text_is_refused(client, app, veilleur):
    response = client.post(
        "/api/v1/observations", json=observation_payload(text="é" * 100_000), headers=veilleur[1]
    )
    assert response.status_code == 422 and "Texte trop long" in str(response.json["errors"])
    assert count(app) == 0


@pytest.mark.parametrize(
    "value",
    [True, "12", [12], {"m": 12}],
)
def test_numbers_must_be_numbers(client, app, veilleur, value):
    response = client.post(
        "/api/v1/observations", json=observation_payload(accuracy_m=value), headers=veilleur[1]
    )
    assert response.status_code == 422
    assert count(app) == 0


def test_a_polygon_with_too_many_vertices_is_refused_on_import(runner, tmp_path):
    import math

    ring = [
        [
            1 + 0.1 * math.cos(i / 100_000 * 2 * math.pi),
            43 + 0.1 * math.sin(i / 100_000 * 2 * math.pi),
        ]
        for i in range(600_000)
    ]
    ring.append(ring[0])
    path = tmp_path / "enorme.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "X1", "nom": "Énorme"},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        )
    )
    result = runner.invoke(
        args=[
            "territories",
            "import",
            str(path),
            "--kind",
            "custom",
            "--code-field",
            "code",
            "--name-field",
            "nom",
        ]
    )
    assert result.exit_code == 1 and "Géométries trop lourdes" in result.output


def test_a_newline_in_a_parameter_never_reaches_a_header(client, veilleur):
    response = client.get(
        "/api/v1/indicators?territory=QP%0D%0ASet-Cookie:x&format=csv", headers=veilleur[1]
    )
    assert response.status_code in (200, 404)
    assert "Set-Cookie" not in response.headers
    assert "\n" not in response.headers.get("Content-Disposition", "")


@pytest.mark.parametrize("page", ["138350580552821510895", "0", "-1"])
def test_absurd_page_numbers_are_422(client, veilleur, page):
    response = client.get(f"/api/v1/observations?page={page}", headers=veilleur[1])
    assert response.status_code == 422
    assert "page" in response.json["errors"]["query"]
