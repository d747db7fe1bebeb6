"""CORS for the JSON API: the web origins named in ``SALUR_CORS_ORIGINS`` may call it from a browser, no other.

Salur's own pages come from the same app (same origin) and need none of this.  Preflights are answered by the
app itself — ``register_preflight`` gives every API path an OPTIONS route — so they are exactly as strict as
the setting (API Gateway's mock CORS answers any origin alike).  Every other answer to an allowed origin,
errors included (a client must be able to read them), carries ``Access-Control-Allow-Origin``.
"""
from __future__ import annotations

from chalice import Response

from chalicelib import config
from chalicelib.api.openapi import is_api_path

ALLOWED_HEADERS = ("Content-Type, Accept-Language, Idempotency-Key, If-Match, X-Access-Code, X-Api-Key, "
                   "webhook-id, webhook-timestamp, webhook-signature")
EXPOSED_HEADERS = "Location, Idempotent-Replayed, Retry-After, Allow"
PREFLIGHT_MAX_AGE = "600"


def _allowed(origin: str | None) -> bool:
    return bool(origin) and origin.rstrip("/") in config.cors_origins()


def _vary(headers: dict, value: str) -> None:
    current = [v.strip() for v in (headers.get("Vary") or "").split(",") if v.strip()]
    if value not in current:
        headers["Vary"] = ", ".join(current + [value])


def cors_middleware(event, get_response):
    """Allow-Origin on API answers to an allowed origin; ``Vary: Origin`` on every API answer (caches)."""
    response = get_response(event)
    if is_api_path(event.path) and event.method != "OPTIONS":
        headers = dict(response.headers or {})
        _vary(headers, "Origin")
        origin = event.headers.get("origin")
        if _allowed(origin):
            headers.update({"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED_HEADERS})
        response.headers = headers
    return response


def register_preflight(app) -> None:
    """An OPTIONS route on every API path: the methods it has (``Allow``), and CORS only for allowed origins."""
    def preflight(**_path_params):  # the same view for every path, whatever its parameters
        request = app.current_request
        methods = sorted(m for m in app.routes[request.path] if m != "OPTIONS")
        headers = {"Allow": ", ".join(methods + ["OPTIONS"]), "Cache-Control": "no-store", "Vary": "Origin"}
        origin = request.headers.get("origin")
        if _allowed(origin) and request.headers.get("access-control-request-method", "").upper() in methods:
            headers.update({"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": ", ".join(methods),
                            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                            "Access-Control-Max-Age": PREFLIGHT_MAX_AGE})
        return Response(body="", status_code=204, headers=headers)

    for i, path in enumerate(sorted(p for p in app.routes if is_api_path(p))):
        if "OPTIONS" not in app.routes[path]:
            app.route(path, methods=["OPTIONS"], name=f"preflight_{i}")(preflight)
