"""Hostile uploads get a French 413/422 and write nothing; while an upload is being read, a
resident's report is stored (the file is read before the database is touched)."""

from __future__ import annotations

import io
import threading
import zipfile

import pytest
import sqlalchemy as sa

from tests import hostile_files
from tests.backend.conftest import observation_payload


def multipart(client, url: str, headers, fields: dict):
    """A multipart POST encoded in memory (werkzeug's test client spools bodies over 500 KB
    to a temporary file that it leaves open)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    values = {
        key: FileStorage(io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
        for key, value in fields.items()
    }
    boundary, body = encode_multipart(values)
    return client.post(
        url,
        headers=headers,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def count(app, model) -> int:
    from backend.extensions.database import db

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def post_form(client, headers, content: bytes, filename: str):
    return multipart(client, "/api/v1/surveys", headers, {"file": (content, filename)})


FORMS = {
    "zip bomb": (hostile_files.zip_bomb_form, "trop volumineux une fois décompressé"),
    "billion-cell sheet": (hostile_files.billion_cell_form, "trop de colonnes"),
    "XML nested 100,000 deep": (hostile_files.deep_xml_form, "anormalement imbriqué"),
    "a 30,000-character cell": (hostile_files.long_cell_form, "texte trop long"),
}


@pytest.mark.parametrize("build, words", FORMS.values(), ids=FORMS.keys())
def test_a_hostile_xlsform_is_a_413_and_nothing_is_published(app, client, make_user, build, words):
    from backend.models import Survey

    _, headers = make_user("animateur")
    response = post_form(client, headers, build(), "formulaire.xlsx")
    assert response.status_code == 413, response.json
    assert words in response.json["message"]
    assert response.json["errors"]["issues"][0]["code"] == "too_large"
    assert count(app, Survey) == 0
    assert client.get("/api/v1/surveys", headers=headers).json == []


def test_a_json_definition_past_its_bounds_is_a_413(app, client, make_user):
    import surveys
    from backend.models import Survey
    from surveys import limits

    _, headers = make_user("animateur")
    definition = surveys.templates.load("vivre-dans-mon-quartier")
    note = definition["children"][0]
    definition["children"] = [{**note, "name": f"note{i}"} for i in range(limits.MAX_QUESTIONS + 1)]
    response = client.post("/api/v1/surveys", json=definition, headers=headers)
    assert response.status_code == 413, response.json
    assert "Trop de questions" in response.json["message"]
    assert count(app, Survey) == 0


def test_the_survey_list_reads_languages_without_whole_definitions(client, make_user):
    _, headers = make_user("animateur")
    published = client.post("/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=headers)
    assert published.status_code == 201
    listed = client.get("/api/v1/surveys", headers=headers).json
    assert [s["languages"] for s in listed] == [published.json["languages"]]
    assert "definition" not in listed[0]


def upload_territories(client, headers, content: bytes, filename: str):
    return multipart(
        client,
        "/api/v1/territories/imports",
        headers,
        {
            "kind": "custom",
            "code_field": "code",
            "name_field": "nom",
            "version": "essai",
            "file": (content, filename),
        },
    )


def shapefile_zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("zones.shp", "w", force_zip64=True) as stream:
            for _ in range(150):
                stream.write(b"\0" * 1_000_000)
        archive.writestr("zones.dbf", b"")
    return out.getvalue()


TERRITORY_FILES = {
    "a 450,000-vertex polygon": (
        lambda: hostile_files.territories_geojson(
            hostile_files.square(1.40, 43.57, 0.01),
            hostile_files.square(1.42, 43.57, 0.01, vertices=450_000),
        ),
        "zones.geojson",
        "objet n° 2 (« ZZ001 », « Zone ZZ001 »), 450\u202f001 sommets",
    ),
    "coordinates out of range": (
        lambda: hostile_files.territories_geojson(
            hostile_files.square(1.40, 43.57, 0.01), hostile_files.square(574_000, 6_280_000, 500)
        ),
        "zones.geojson",
        "Objet n° 2 (« ZZ001 », « Zone ZZ001 ») : coordonnées hors limites",
    ),
    "a zipped shapefile bomb": (shapefile_zip_bomb, "zones.zip", "Archive refusée"),
}


@pytest.mark.parametrize(
    "build, filename, words", TERRITORY_FILES.values(), ids=TERRITORY_FILES.keys()
)
def test_a_hostile_territory_file_is_a_422_naming_the_feature(
    app, client, make_user, build, filename, words
):
    from backend.models import Territory

    before = count(app, Territory)
    _, admin = make_user("admin", ())
    response = upload_territories(client, admin, build(), filename)
    assert response.status_code == 422, response.json
    assert words in response.json["message"]
    assert count(app, Territory) == before


INDICATOR_FILES = {
    "zip bomb": (hostile_files.zip_bomb_form, "indicateurs.xlsx", "archive XLSX suspecte"),
    "a 30,000-character cell": (
        hostile_files.long_cell_form,
        "indicateurs.xlsx",
        "texte trop long",
    ),
    "2,500 columns": (
        lambda: (
            ";".join(["CODGEO"] + [f"V{i}" for i in range(2500)]) + "\n31555;" + ";1" * 2500
        ).encode(),
        "indicateurs.csv",
        "2501 colonnes",
    ),
    "a 20,000-character cell in a CSV": (
        lambda: ("CODGEO;LIBGEO;MED16\n31555;" + "x" * 20_000 + ";20000\n").encode(),
        "indicateurs.csv",
        "texte trop long",
    ),
}


@pytest.mark.parametrize(
    "build, filename, words", INDICATOR_FILES.values(), ids=INDICATOR_FILES.keys()
)
def test_a_hostile_indicator_file_is_a_422(app, client, make_user, build, filename, words):
    from backend.models import IndicatorValue

    _, admin = make_user("admin", ())
    response = multipart(
        client,
        "/api/v1/indicators/imports",
        admin,
        {
            "source": "Essai",
            "territory_field": "CODGEO",
            "period": "2016",
            "file": (build(), filename),
        },
    )
    assert response.status_code == 422, response.json
    assert words in response.json["message"]
    assert count(app, IndicatorValue) == 0


def report_while(app, monkeypatch, module, name, veilleur_headers) -> list[int]:
    """Make ``module.name`` (a file reader) post a resident's report, from another thread,
    while it runs inside the upload's request, and wait for the answer."""
    statuses: list[int] = []
    original = getattr(module, name)

    def reading(*args, **kwargs):
        def resident():
            answer = app.test_client().post(
                "/api/v1/observations", json=observation_payload(), headers=veilleur_headers
            )
            statuses.append(answer.status_code)

        thread = threading.Thread(target=resident)
        thread.start()
        thread.join()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, reading)
    return statuses


def test_a_report_is_stored_while_uploads_are_being_read(app, client, make_user, monkeypatch):
    """On SQLite, a writing request held the write lock from its first query: a report waited
    30 s behind a slow parse and got a 503. The files are now read before the database is
    touched; the report is stored while each of the three uploads is being read."""
    import surveys
    from analysis.indicators import reading
    from backend.services import indicators, territories
    from backend.services import surveys as survey_service

    _, resident = make_user()
    _, organiser = make_user("animateur")
    _, admin = make_user("admin", ())
    during_form = report_while(app, monkeypatch, surveys, "import_xlsform", resident)
    monkeypatch.setattr(survey_service.surveys, "import_xlsform", surveys.import_xlsform)
    assert post_form(client, organiser, hostile_files.small_form(), "avis.xlsx").status_code == 201
    during_territories = report_while(app, monkeypatch, territories, "read_features", resident)
    geojson = hostile_files.territories_geojson(hostile_files.square(1.40, 43.57, 0.01))
    assert upload_territories(client, admin, geojson, "zones.geojson").status_code == 201
    during_indicators = report_while(app, monkeypatch, indicators, "read_table", resident)
    assert reading  # the reader indicators.read_table comes from
    answer = client.post(
        "/api/v1/indicators/imports",
        headers=admin,
        data={
            "source": "Essai",
            "territory_field": "CODGEO",
            "period": "2016",
            "all_territories": "true",
            "file": (io.BytesIO(b"CODGEO;MED16\n31555;20000\n"), "filosofi.csv"),
        },
    )
    assert answer.status_code == 201, answer.json
    assert (during_form, during_territories, during_indicators) == ([201], [201], [201])


def animated_gif(frames: int = 300) -> bytes:
    from PIL import Image

    images = [Image.new("RGB", (64, 48), (i % 256, 40, 40)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=20)
    return out.getvalue()


def jpeg_with_huge_metadata(segments: int = 150) -> bytes:
    """A small JPEG carrying ~10 MB of comments and application segments."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 20)).save(out, format="JPEG")
    jpeg = out.getvalue()
    payload = b"".join(
        b"\xff\xed" + (65535).to_bytes(2, "big") + b"Photoshop 3.0\0" + b"\x00" * (65533 - 14)
        for _ in range(segments)
    )
    return jpeg[:2] + payload + jpeg[2:]


def png_with_text_bomb() -> bytes:
    """A PNG whose compressed text chunk unpacks to 200 MB."""
    import struct
    import zlib

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 20, 120)).save(out, format="PNG")
    png = out.getvalue()
    data = b"Comment\0\0" + zlib.compress(b" " * 200_000_000, 9)
    chunk = struct.pack(">I", len(data)) + b"zTXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"zTXt" + data) & 0xFFFFFFFF)
    return png[:33] + chunk + png[33:]


def tiff() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48)).save(out, format="TIFF")
    return out.getvalue()


PHOTOS = {
    "animated GIF of 300 frames": (animated_gif, 201, None),
    "JPEG with 10 MB of metadata": (jpeg_with_huge_metadata, 201, None),
    "PNG whose text unpacks to 200 MB": (png_with_text_bomb, 422, "abîmé"),
    "TIFF": (tiff, 422, "Format d'image non accepté"),
    "truncated JPEG": (lambda: jpeg_with_huge_metadata(0)[:-200], 422, "abîmé"),
}


@pytest.mark.parametrize("build, status, words", PHOTOS.values(), ids=PHOTOS.keys())
def test_odd_photos_are_stored_as_one_clean_jpeg_or_refused(
    app, client, veilleur, build, status, words
):
    from PIL import Image

    from backend.models import Photo

    _, headers = veilleur
    report = observation_payload()
    assert client.post("/api/v1/observations", json=report, headers=headers).status_code == 201
    response = multipart(
        client, f"/api/v1/observations/{report['id']}/photos", headers, {"file": (build(), "p")}
    )
    assert response.status_code == status, response.json
    if words:
        assert words in response.json["message"]
        assert count(app, Photo) == 0
        return
    stored = client.get(f"/api/v1/photos/{response.json['id']}", headers=headers)
    with Image.open(io.BytesIO(stored.data)) as image:
        assert image.format == "JPEG" and not getattr(image, "is_animated", False)
        assert image.size == (64, 48)
        assert not image.info.get("exif") and "photoshop" not in image.info
    assert len(stored.data) < 20_000
