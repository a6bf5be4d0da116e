"""ODK Collect and Enketo (the OpenRosa protocol, XML): ``/openrosa``. Not in the OpenAPI
document (not JSON, not the API's tokens): docs/API.md describes it."""

from backend.resources.openrosa.routes import blp

URL_PREFIX = "/openrosa"
__all__ = ["URL_PREFIX", "blp"]
