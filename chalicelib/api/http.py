"""HTTP adapter helpers: one error shape, the caller's language, safe body parsing.

Every 4xx leaves Salur as ``{"error": {"code", "message", "fields"?}}``.  Views raise
``ApiError``; it derives from ``ChaliceUnhandledError`` so Chalice hands it to our
middleware instead of turning it into its own 500.  Errors Chalice itself produces
(415, 405, 400 on bad JSON) are rewritten into the same shape by the middleware.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from chalice import ChaliceUnhandledError, Response

from chalicelib import config
from chalicelib.api.i18n import FIELD_MESSAGES, language, message

log = logging.getLogger("salur.http")

JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"}


class ApiError(ChaliceUnhandledError):
    def __init__(self, status: int, code: str, fields: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.fields = fields
        self.headers = headers or {}
        self.params = params


def lang_of(request) -> str:
    headers = getattr(request, "headers", None) or {}
    return language(headers.get("accept-language"))


def error_body(code: str, lang: str, fields: dict[str, Any] | None = None, **params: Any) -> dict:
    err: dict[str, Any] = {"code": code, "message": message(code, lang, **params)}
    if fields:
        err["fields"] = fields
    return {"error": err}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False, default=str), status_code=status,
                    headers={**JSON_HEADERS, **(headers or {})})


def error_response(request, code: str, status: int, fields=None, headers=None, **params) -> Response:
    return json_response(error_body(code, lang_of(request), fields, **params), status, headers)


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


def validation_fields(exc, lang: str) -> dict[str, str]:
    """Turn a pydantic ValidationError into {"field.path": "message"} in ``lang``."""
    fields: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__") or "body"
        etype = err.get("type", "invalid")
        ctx = dict(err.get("ctx") or {})
        if etype == "value_error" and "error" in ctx:
            inner = str(ctx["error"])
            if inner in FIELD_MESSAGES:
                etype = inner
        if etype not in FIELD_MESSAGES:
            etype = "invalid"
        fields.setdefault(loc, message(etype, lang, **{k: v for k, v in ctx.items() if k != "error"}))
    return fields


def parse_model(model_cls, data: dict, request):
    from pydantic import ValidationError

    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, "validation_error", fields=validation_fields(exc, lang_of(request)))


_CHALICE_CODES = {
    415: "unsupported_media_type",
    405: "method_not_allowed",
    404: "not_found",
    413: "payload_too_large",
    400: "bad_request",
}


def error_middleware(event, get_response):
    """Render ApiError and rewrite Chalice's own error bodies; never leak a traceback."""
    try:
        response = get_response(event)
    except ApiError as exc:
        return error_response(event, exc.code, exc.status, exc.fields, exc.headers, **exc.params)
    except Exception as exc:  # pragma: no cover - last line of defence
        from chalicelib.adapters.dynamo import BadCursor

        if isinstance(exc, BadCursor):  # a client's cursor that does not fit the query it was given to
            return error_response(event, "invalid_cursor", 400, {"cursor": message("invalid", lang_of(event))})
        log.exception("unhandled error")
        return error_response(event, "internal_error", 500)
    status = response.status_code
    body = response.body
    if status >= 400 and isinstance(body, dict) and "Code" in body and "error" not in body:
        if status >= 500:
            return error_response(event, "internal_error", status, headers=_keep_headers(response))
        code = _CHALICE_CODES.get(status, "bad_request")
        return error_response(event, code, status, headers=_keep_headers(response))
    return response


def _keep_headers(response) -> dict[str, str]:
    return {k: v for k, v in (response.headers or {}).items() if k.lower() in ("allow", "retry-after")}
