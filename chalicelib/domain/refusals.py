"""What the domain and the services refuse, by kind; ``chalicelib.api.errors`` is the one place that
turns each kind into an HTTP status and a message in the caller's language.

``code`` names the message (``chalicelib.api.i18n``); ``fields`` says which inputs were wrong.
"""
from __future__ import annotations

from typing import Any


class Refused(Exception):
    """Base: a request Salur answers with a clear error instead of doing it."""

    default_code = "bad_request"

    def __init__(self, code: str | None = None, fields: dict[str, Any] | None = None, **params: Any) -> None:
        self.code = code or self.default_code
        super().__init__(self.code)
        self.fields = fields
        self.params = params


class Malformed(Refused):
    """The request cannot be read (bad cursor, bad header)."""

    default_code = "bad_request"


class Unauthenticated(Refused):
    default_code = "unauthorized"


class Forbidden(Refused):
    default_code = "forbidden"


class NotFound(Refused):
    """Unknown, or not visible to the caller (the two look the same)."""

    default_code = "not_found"


class Conflict(Refused):
    """The data changed since it was read, or a key was used for something else."""

    default_code = "conflict"


class Invalid(Refused):
    """Well-formed but not acceptable; ``fields`` names each bad input."""

    default_code = "validation_error"


class RateLimited(Refused):
    """Over one of the abuse limits (``domain.rate_policy``); try again after ``retry_after`` seconds."""

    default_code = "too_many_requests"

    def __init__(self, limit: str = "", retry_after: int = 60) -> None:
        super().__init__("too_many_requests")
        self.limit = limit
        self.retry_after = retry_after


class StaleVersion(Conflict):
    """The case changed since it was read (optimistic concurrency)."""

    def __init__(self, tracking_id: str = "") -> None:
        super().__init__("conflict")
        self.tracking_id = tracking_id


class CaseNotFound(NotFound):
    def __init__(self, tracking_id: str = "") -> None:
        super().__init__("not_found")
        self.tracking_id = tracking_id
