"""Business rules, called by the thin HTTP views and by the CLI; they never touch Flask's request."""


class DomainError(Exception):
    """Root of the backend's domain errors; views translate them to HTTP with their message.

    The edge (the HTTP error handler, the CLI's ``fail``) rolls the transaction back, unless the
    error ``keeps_writes``: a failure that must itself be recorded (a wrong password counts)."""

    status = 422
    keeps_writes = False


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    status = 404


class Forbidden(DomainError):
    """The caller's role or territories do not allow this."""

    status = 403


class Conflict(DomainError):
    """The request contradicts what is stored (same id, other content; a taken pseudonym)."""

    status = 409


class Invalid(DomainError):
    """The input breaks a rule; ``errors`` says which field, in French."""

    status = 422

    def __init__(self, message: str, errors: dict | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}
