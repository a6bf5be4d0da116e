"""Photos: checked from their bytes, bounded, upright, stripped of every EXIF tag, thumbnailed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.backend.conftest import observation_payload

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(width=800, height=600) -> bytes:
    """A phone-like JPEG: GPS position, camera model, and 'rotate 90°' orientation in EXIF."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    for x in range(width // 2):  # left half blue, to check the rotation
        for y in range(0, height, 7):
            image.putpixel((x, y), (20, 20, 220))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x0110] = "Phone Model X"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 36.0, 16.2), 3: "E", 4: (1.0, 26.0, 37.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


@pytest.fixture
def observation(client, veilleur):
    response = client.post("/api/v1/observations", json=observation_payload(), headers=veilleur[1])
    return response.json["id"]


def upload(client, headers, observation_id, data, filename="photo.jpg"):
    return client.post(
        f"/api/v1/observations/{observation_id}/photos",
        data={"file": (io.BytesIO(data), filename)},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_exif_and_gps_are_removed_orientation_applied_thumbnail_made(client, veilleur, observation):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the input does carry GPS
    response = upload(client, veilleur[1], observation, original)
    assert response.status_code == 201, response.json
    photo = response.json
    stored = client.get(photo["url"], headers=veilleur[1])
    assert stored.status_code == 200 and stored.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(stored.data))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "xmp" not in image.info
    assert b"Phone Model X" not in stored.data and b"Exif" not in stored.data
    assert image.size == (600, 800)  # rotated upright
    assert (photo["width"], photo["height"]) == (600, 800)
    thumb = Image.open(io.BytesIO(client.get(photo["thumbnail_url"], headers=veilleur[1]).data))
    assert max(thumb.size) == 320
    listed = client.get(f"/api/v1/observations/{observation}", headers=veilleur[1]).json
    assert [p["id"] for p in listed["photos"]] == [photo["id"]]


def test_a_retried_upload_is_the_same_photo(client, veilleur, observation):
    data = jpeg_with_gps(200, 100)
    first, again = (
        upload(client, veilleur[1], observation, data),
        upload(client, veilleur[1], observation, data),
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]


def test_png_and_webp_are_accepted_and_become_jpeg(client, veilleur, observation):
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        Image.new("RGB", (300, 200), (10, 120, 10) if fmt == "PNG" else (10, 10, 120)).save(
            out, format=fmt
        )
        response = upload(client, veilleur[1], observation, out.getvalue(), f"x.{fmt.lower()}")
        assert response.status_code == 201, response.json
        assert (
            Image.open(
                io.BytesIO(client.get(response.json["url"], headers=veilleur[1]).data)
            ).format
            == "JPEG"
        )


def test_large_photos_are_downscaled(client, veilleur, observation, app):
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 90, 90)).save(out, format="JPEG")
    response = upload(client, veilleur[1], observation, out.getvalue())
    assert max(response.json["width"], response.json["height"]) == app.config["PHOTO_MAX_SIDE"]


def test_decompression_bomb_is_refused(client, veilleur, observation):
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(out, format="PNG")  # 900 megapixels, a few hundred kB
    assert len(out.getvalue()) < 2_000_000
    response = upload(client, veilleur[1], observation, out.getvalue(), "bombe.png")
    assert response.status_code == 422
    assert "trop grande" in response.json["message"]


@pytest.mark.parametrize(
    ("data", "filename", "fragment"),
    [
        (b"%PDF-1.4 not an image at all", "photo.jpg", "pas une image"),
        (b"GIF89a" + b"\x00" * 10, "photo.gif", "pas une image"),
        (jpeg_with_gps(100, 100)[:300], "tronquee.jpg", "abîmé"),
        (b"", "vide.jpg", "vide"),
    ],
)
def test_files_whose_bytes_are_not_a_photo_are_refused(
    client, veilleur, observation, data, filename, fragment
):
    response = upload(client, veilleur[1], observation, data, filename)
    assert response.status_code == 422
    assert fragment in response.json["message"]
    assert (
        client.get(f"/api/v1/observations/{observation}", headers=veilleur[1]).json["photos"] == []
    )


def test_missing_file_field(client, veilleur, observation):
    response = client.post(
        f"/api/v1/observations/{observation}/photos",
        data={},
        headers=veilleur[1],
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert response.json["errors"]["files"]["file"] == ["Ce champ est obligatoire."]


def test_30_mb_upload_is_413_in_french(client, veilleur, observation):
    # A hand-built multipart body (the test client would spool a dict upload to a temporary file).
    boundary = "photo-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + b"\xff\xd8"
        + b"\x00" * (30 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        f"/api/v1/observations/{observation}/photos",
        data=body,
        headers=veilleur[1],
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert response.json["message"] == "Envoi trop volumineux."


def test_only_those_allowed_can_fetch_or_attach(client, veilleur, observation, make_user):
    photo = upload(client, veilleur[1], observation, jpeg_with_gps(100, 80)).json
    _, animateur = make_user("animateur", ("QP031001",))
    _, stranger = make_user("veilleur")
    _, foreign_analyst = make_user("analyste", ("QP034005",))
    bare = photo["url"].split("?")[0]
    assert client.get(bare, headers=animateur).status_code == 200
    assert client.get(bare, headers=stranger).status_code == 404
    assert client.get(bare, headers=foreign_analyst).status_code == 404
    assert client.get(bare).status_code == 401
    assert upload(client, animateur, observation, jpeg_with_gps(50, 50)).status_code == 403


def test_signed_links_let_an_image_tag_load_the_photo_for_an_hour_only(
    client, veilleur, observation, app
):
    photo = upload(client, veilleur[1], observation, jpeg_with_gps(100, 80)).json
    assert "signature=" in photo["thumbnail_url"]
    assert client.get(photo["thumbnail_url"]).status_code == 200  # no Authorization header
    forged = photo["thumbnail_url"].replace("size=thumb", "size=full")
    assert client.get(forged).status_code == 404  # the signature covers the size
    import re

    expired = re.sub(r"expires=\d+", "expires=1000", photo["url"])
    assert client.get(expired).status_code == 404
    other_photo = upload(client, veilleur[1], observation, jpeg_with_gps(90, 70)).json
    swapped = other_photo["url"].split("?")[0] + "?" + photo["url"].split("?")[1]
    assert client.get(swapped).status_code == 404  # a signature is for one photo
