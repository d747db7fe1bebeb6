"""The one place where refusals become HTTP answers: ``{"error": {"code", "message", "fields"?}}``.

Domain and service code raise :mod:`chalicelib.domain.refusals` (and the lifecycle's ``TransitionError``);
views may raise :class:`ApiError` for what only HTTP knows (413, 415, a bad header).  Chalice turns any
exception that is not a ``ChaliceUnhandledError`` into its own 500 before middleware sees it, so every
blueprint is a :class:`SalurBlueprint`, whose routes translate refusals into ``ApiError`` on the way out;
``error_middleware`` then renders them, and rewrites Chalice's own error bodies into the same shape.
"""
from __future__ import annotations

import functools
import json
import logging
from typing import Any

from chalice import Blueprint, ChaliceUnhandledError, Response

from chalicelib.api.i18n import FIELD_MESSAGES, MESSAGES, lang_of, message
from chalicelib.domain import refusals as errors
from chalicelib.domain.lifecycle import TransitionError

log = logging.getLogger("salur.http")


class ApiError(ChaliceUnhandledError):
    def __init__(self, status: int, code: str, fields: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.fields = fields
        self.headers = headers or {}
        self.params = params


#: each kind of refusal and its status (most specific first)
STATUS_OF: tuple[tuple[type[errors.Refused], int], ...] = (
    (errors.Malformed, 400),
    (errors.Unauthenticated, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.Invalid, 422),
    (errors.RateLimited, 429),
    (errors.Refused, 400),
)
_WWW_AUTHENTICATE = {"WWW-Authenticate": 'ApiKey realm="salur", header="X-Api-Key"'}


def transition_error(exc: TransitionError, lang: str) -> ApiError:
    """The lifecycle's refusal, with its own message in the caller's language."""
    text = exc.message_en if lang == "en" else exc.message_id
    if exc.code == "illegal_transition":
        return ApiError(409, "illegal_transition", fields={"action": text})
    if exc.code == "forbidden_role":
        return ApiError(403, "forbidden", fields={"action": text})
    return ApiError(422, "validation_error", fields={(exc.details or {}).get("field") or "body": text})


def to_api_error(exc: Exception, lang: str) -> ApiError | None:
    """The HTTP answer for a refusal, or None for an exception that is a real failure."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, TransitionError):
        return transition_error(exc, lang)
    if isinstance(exc, errors.Refused):
        status = next(s for kind, s in STATUS_OF if isinstance(exc, kind))
        headers = _WWW_AUTHENTICATE if status == 401 else None
        if isinstance(exc, errors.RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        fields = {k: message(v, lang) if isinstance(v, str) and (v in FIELD_MESSAGES or v in MESSAGES) else v
                  for k, v in exc.fields.items()} if exc.fields else None
        return ApiError(status, exc.code, fields, headers, **exc.params)
    return None


def translating(view, current_request):
    """Wrap a view so that refusals leave as ``ApiError`` (rendered by ``error_middleware``)."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except (errors.Refused, TransitionError) as exc:
            raise to_api_error(exc, lang_of(current_request())) from None
    return wrapper


class SalurBlueprint(Blueprint):
    """A Chalice blueprint whose routes answer domain refusals with Salur's error shape."""

    def route(self, path: str, **kwargs: Any):
        register = super().route(path, **kwargs)

        def decorator(view):
            return register(translating(view, lambda: self.current_request))
        return decorator


def error_body(code: str, lang: str, fields: dict[str, Any] | None = None, **params: Any) -> dict:
    err: dict[str, Any] = {"code": code, "message": message(code, lang, **params)}
    if fields:
        err["fields"] = fields
    return {"error": err}


JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False, default=str), status_code=status,
                    headers={**JSON_HEADERS, **(headers or {})})


def error_response(request, code: str, status: int, fields=None, headers=None, **params) -> Response:
    return json_response(error_body(code, lang_of(request), fields, **params), status, headers)


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
        api_error = to_api_error(exc, lang_of(event))
        if api_error is not None:
            return error_response(event, api_error.code, api_error.status, api_error.fields, api_error.headers,
                                  **api_error.params)
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
