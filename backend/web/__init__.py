"""The web front end, served from its build in ``dist/``: the residents' app (a PWA) at the root of
the site, the organisers' and analysts' console at ``/console``.

The sources are in ``app/``, ``console/`` and ``shared/`` beside this file; ``scripts/build-pwa.sh``
builds them with the npm packages pinned by ``package-lock.json``. Hashed assets are cached for a
year; the pages, the service worker and the manifest are revalidated on every load so a new version
reaches phones at their next visit.
Text files are sent gzip-compressed (the build writes a ``.gz`` beside each) when the client
accepts it. The Swagger UI of ``/api/docs`` is served from here too, so the docs work offline.
"""

from __future__ import annotations

import io
import json
import mimetypes
import os
import pathlib
from typing import Any
from urllib.parse import urlsplit

import flask
from werkzeug.security import safe_join

DIST = pathlib.Path(__file__).resolve().parent / "dist"
DEFAULT_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILES_ATTRIBUTION = (
    '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>'
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
DAY = "public, max-age=86400"

blp = flask.Blueprint("web", __name__)
mimetypes.add_type("application/manifest+json", ".webmanifest")


def init_app(app: flask.Flask) -> None:
    """Register the app's routes; ``TILES_URL`` (empty: no map tiles) is read from the environment."""
    app.config.setdefault("TILES_URL", os.environ.get("TILES_URL", DEFAULT_TILES_URL))
    app.config.setdefault(
        "TILES_ATTRIBUTION", os.environ.get("TILES_ATTRIBUTION", DEFAULT_TILES_ATTRIBUTION)
    )
    app.config.setdefault("PWA_DIST", str(DIST))
    app.register_blueprint(blp)


def _dist() -> pathlib.Path:
    return pathlib.Path(flask.current_app.config["PWA_DIST"])


def send_built(name: str, cache_control: str) -> flask.Response:
    """A file of the build, gzip-compressed when the client accepts it (and the build made one)."""
    path = safe_join(str(_dist()), name)
    if path is None or not os.path.isfile(path):
        flask.abort(404)
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    gzipped = path + ".gz"
    compressed = "gzip" in flask.request.accept_encodings and os.path.isfile(gzipped)
    chosen = gzipped if compressed else path
    stat = os.stat(chosen)
    # Read whole (the build's files are small): no file is left open when a browser drops the
    # request half-way (an open file then closed by the garbage collector, at random).
    with open(chosen, "rb") as file:
        data = file.read()
    response = flask.send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        conditional=True,
        etag=f"{stat.st_mtime_ns:x}-{stat.st_size:x}",
        last_modified=stat.st_mtime,
    )
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def content_security_policy() -> str:
    """Scripts and connections from this site only; images also from the map tiles' server."""
    tiles = urlsplit(flask.current_app.config["TILES_URL"].replace("{s}.", "*."))
    tiles_origin = f"{tiles.scheme}://{tiles.netloc}" if tiles.scheme and tiles.netloc else ""
    return (
        "default-src 'self'; script-src 'self'; connect-src 'self'; "
        f"img-src 'self' data: blob: {tiles_origin}".rstrip()
        + "; style-src 'self' 'unsafe-inline'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )


@blp.get("/")
def index() -> Any:
    if not (_dist() / "index.html").is_file():
        message = (
            "<!doctype html><html lang=fr><meta charset=utf-8><title>Veilleurs</title>"
            "<p>L’application n’est pas encore construite : lancez <code>make pwa</code>.</p>"
        )
        return flask.Response(message, status=503, mimetype="text/html")
    response = send_built("index.html", REVALIDATE)
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@blp.get("/console")
@blp.get("/console/")
def console() -> Any:
    """The organisers' and analysts' console: the same session and API, its own page."""
    if not (_dist() / "console.html").is_file():
        flask.abort(503)
    response = send_built("console.html", REVALIDATE)
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@blp.get("/config.json")
def config() -> Any:
    settings = {
        "tiles_url": flask.current_app.config["TILES_URL"],
        "tiles_attribution": flask.current_app.config["TILES_ATTRIBUTION"],
    }
    response = flask.Response(json.dumps(settings, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = REVALIDATE
    return response


@blp.get("/sw.js")
def service_worker() -> Any:
    return send_built("sw.js", REVALIDATE)


@blp.get("/manifest.webmanifest")
def manifest() -> Any:
    return send_built("manifest.webmanifest", REVALIDATE)


@blp.get("/assets/<path:name>")
def assets(name: str) -> Any:
    return send_built(f"assets/{name}", IMMUTABLE)


@blp.get("/icons/<path:name>")
def icons(name: str) -> Any:
    return send_built(f"icons/{name}", DAY)


@blp.get("/swagger-ui/<path:name>")
def swagger_ui(name: str) -> Any:
    return send_built(f"swagger-ui/{name}", DAY)
