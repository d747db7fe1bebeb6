"""Reading requests safely: JSON bodies, validated models, page sizes, cursors, versions.

Anything unreadable leaves as an ``ApiError`` (chalicelib.api.errors) with Salur's error shape.
pydantic is not imported here: ``parse_model`` receives the model class from views that import
``chalicelib.api.schemas`` (150 ms of pydantic import, measured with ``python -X importtime``), so a
cold start that serves a GET never pays for it.
"""
from __future__ import annotations

import json
import re

from chalicelib import config
from chalicelib.api.errors import ApiError
from chalicelib.api.i18n import lang_of, validation_fields

IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{1,128}$")


def json_body(request, max_bytes: int = config.MAX_BODY_BYTES) -> dict:
    """Parse the request body as a JSON object, or raise a clear 4xx."""
    raw = request.raw_body or b""
    if len(raw) > max_bytes:
        raise ApiError(413, "payload_too_large")
    ctype = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise ApiError(415, "unsupported_media_type")
    try:
        data = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "malformed_json")
    if not isinstance(data, dict):
        raise ApiError(400, "body_not_object")
    return data


def schemas():
    """The request/response models (``chalicelib.api.schemas``), imported on first use: see above."""
    from chalicelib.api import schemas as models

    return models


def parse_model(model_cls, data: dict, request):
    """``model_cls.model_validate(data)``, or 422 with the message of each bad field."""
    try:
        return model_cls.model_validate(data)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        if not hasattr(exc, "errors"):
            raise
        raise ApiError(422, "validation_error", fields=validation_fields(exc, lang_of(request))) from None


def parse_limit(raw: str | None, default: int, maximum: int) -> int:
    """A page size: ``default`` when absent, 1..``maximum`` otherwise, else 422 on ``limit``."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise ApiError(422, "validation_error", fields={"limit": f"1..{maximum}"})
    return value


def parse_if_match(value: str | None) -> int | None:
    """The case version from ``If-Match: "<version>"``."""
    if value is None:
        return None
    m = re.fullmatch(r'\s*(?:W/)?"?(\d{1,9})"?\s*', value)
    if not m:
        raise ApiError(400, "bad_request", fields={"If-Match": '"<version>"'})
    return int(m.group(1))


def idempotency_key(request) -> str | None:
    """The caller's ``Idempotency-Key`` header, checked."""
    idem = request.headers.get("idempotency-key")
    if idem is not None and not IDEMPOTENCY_KEY_RE.match(idem):
        raise ApiError(400, "invalid_idempotency_key", fields={"Idempotency-Key": "1-128 visible ASCII"})
    return idem


def source_ip(request) -> str | None:
    """The client address API Gateway saw (``requestContext.identity.sourceIp``): the per-source limits' key.
    Never a forwarded header, which the caller writes."""
    identity = (getattr(request, "context", None) or {}).get("identity") or {}
    ip = identity.get("sourceIp")
    return str(ip)[:64] if ip else None
