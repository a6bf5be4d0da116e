"""Photos attached to observations: checked from their bytes, bounded, re-encoded without any
metadata (EXIF, GPS, XMP, comments), upright, with a thumbnail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import io
import time
import uuid
import warnings
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from backend.extensions.database import db
from backend.models import Observation, Photo
from backend.services import Forbidden, Invalid
from backend.services.media import MediaStore, store_from_config
from backend.services.scope import Permission, Scope

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO", "GIF"}
THUMBNAIL_SIDE = 320


@dataclasses.dataclass(frozen=True)
class PhotoSettings:
    """Where photos are kept (MEDIA_DIR), their size bounds (PHOTO_MAX_SIDE, PHOTO_MAX_PIXELS)
    and the key that signs their addresses (SECRET_KEY)."""

    media_dir: str
    max_side: int
    max_pixels: int
    secret_key: str = dataclasses.field(repr=False)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> PhotoSettings:
        return cls(
            settings["MEDIA_DIR"],
            settings["PHOTO_MAX_SIDE"],
            settings["PHOTO_MAX_PIXELS"],
            settings["SECRET_KEY"],
        )

    def store(self) -> MediaStore:
        return store_from_config({"MEDIA_DIR": self.media_dir})


def photo_key(photo_id: uuid.UUID, size: str = "full") -> str:
    return f"{photo_id}.jpg" if size == "full" else f"{photo_id}.thumb.jpg"


def _clean_jpeg(image: Image.Image, max_side: int) -> bytes:
    """Pixels only: a new image carries none of the original's metadata."""
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def decode_image(data: bytes, max_pixels: int) -> Image.Image:
    """Open an upload after checking, from its bytes, that it is a photo of a sane size."""
    # WeasyPrint's import (syntheses in PDF) makes Pillow accept truncated images and skip
    # text chunks past its bounds, for the whole process: photos are judged strictly always.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise Invalid(
                    "Format d'image non accepté : envoyez une photo JPEG, PNG ou WebP.",
                    {"file": ["Format d'image non accepté."]},
                )
            width, height = image.size
            if width * height > max_pixels:
                raise Invalid(
                    f"Image trop grande ({width}×{height} pixels) : maximum "
                    f"{max_pixels // 1_000_000} mégapixels.",
                    {"file": ["Image trop grande."]},
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Invalid(
            f"Image trop grande : maximum {max_pixels // 1_000_000} mégapixels.",
            {"file": ["Image trop grande."]},
        ) from exc
    except UnidentifiedImageError as exc:
        raise Invalid(
            "Ce fichier n'est pas une image lisible.", {"file": ["Fichier illisible ou non image."]}
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt data
        raise Invalid(
            "Ce fichier image est abîmé ou incomplet.", {"file": ["Image abîmée ou incomplète."]}
        ) from exc
    return image


@dataclasses.dataclass(frozen=True)
class CleanPhoto:
    """An upload made into what is stored: JPEG pixels without metadata, and a thumbnail."""

    sha256: str
    full: bytes
    thumb: bytes
    width: int
    height: int


def clean_photo(data: bytes, settings: PhotoSettings) -> CleanPhoto:
    """Check and re-encode an upload; touches no database (the slow part of a photo upload).

    Only the first frame of an animated or multi-picture file is kept (a photo is one picture;
    the others are never decoded), and no metadata survives the re-encoding."""
    if not data:
        raise Invalid("Le fichier est vide.", {"file": ["Fichier vide."]})
    image = decode_image(data, settings.max_pixels)
    full = _clean_jpeg(image, settings.max_side)
    thumb = _clean_jpeg(image, THUMBNAIL_SIDE)
    with Image.open(io.BytesIO(full)) as stored:
        width, height = stored.size
    return CleanPhoto(hashlib.sha256(data).hexdigest(), full, thumb, width, height)


def attach_photo(
    scope: Scope,
    observation: Observation,
    data: bytes,
    settings: PhotoSettings,
    clean: CleanPhoto | None = None,
) -> tuple[Photo, bool]:
    """Store a cleaned photo for the observation: (photo, created). The same bytes sent again
    (a retried upload) return the photo already stored. ``clean`` is :func:`clean_photo`'s
    result when the caller made it before opening its transaction."""
    own = observation.author_id == scope.user_id
    if not own and not scope.can(Permission.EDIT_ANY_CONTRIBUTION):
        raise Forbidden("Vous ne pouvez ajouter des photos qu'à vos propres observations.")
    if not data:
        raise Invalid("Le fichier est vide.", {"file": ["Fichier vide."]})
    digest = hashlib.sha256(data).hexdigest()
    existing = db.session.scalar(
        sa.select(Photo).where(Photo.observation_id == observation.id, Photo.sha256 == digest)
    )
    if existing is not None:
        return existing, False
    clean = clean or clean_photo(data, settings)
    photo = Photo(
        id=uuid.uuid4(),
        observation_id=observation.id,
        content_type="image/jpeg",
        width=clean.width,
        height=clean.height,
        size_bytes=len(clean.full),
        sha256=digest,
        created_at=dt.datetime.now(dt.UTC),
    )
    store = settings.store()
    store.save(photo_key(photo.id), clean.full)
    store.save(photo_key(photo.id, "thumb"), clean.thumb)
    try:
        with db.session.begin_nested():
            db.session.add(photo)
    except sa.exc.IntegrityError:
        # The same upload raced with itself: keep the one stored first.
        delete_files([photo.id], settings)
        winner = db.session.scalar(
            sa.select(Photo).where(Photo.observation_id == observation.id, Photo.sha256 == digest)
        )
        if winner is None:
            raise
        return winner, False
    return photo, True


SIGNED_URL_SECONDS = 3600


def _signature(photo_id: uuid.UUID, size: str, expires: int, secret_key: str) -> str:
    key = secret_key.encode()
    message = f"photo:{photo_id}:{size}:{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def signed_query(photo_id: uuid.UUID, size: str, secret_key: str) -> dict[str, str | int]:
    """Query parameters that let an ``<img>`` load this photo for an hour without a token
    (an image tag cannot send an Authorization header). Granted only to those who may see it."""
    expires = (
        int(time.time()) // 600 + 1
    ) * 600 + SIGNED_URL_SECONDS  # stable for 10 min: cacheable
    return {
        "size": size,
        "expires": expires,
        "signature": _signature(photo_id, size, expires, secret_key),
    }


def valid_signature(
    photo_id: uuid.UUID, size: str, expires: int, signature: str, secret_key: str
) -> bool:
    if expires < time.time():
        return False
    return hmac.compare_digest(_signature(photo_id, size, expires, secret_key), signature)


def read_photo(photo: Photo, size: str, settings: PhotoSettings) -> bytes:
    return settings.store().read(photo_key(photo.id, size))


def delete_files(photo_ids: list[uuid.UUID], settings: PhotoSettings) -> None:
    store = settings.store()
    for photo_id in photo_ids:
        store.delete(photo_key(photo_id))
        store.delete(photo_key(photo_id, "thumb"))
