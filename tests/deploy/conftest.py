"""The deployment tests use the backend's factories (users with their tokens)."""

from tests.backend.conftest import make_user  # noqa: F401  (a fixture)
