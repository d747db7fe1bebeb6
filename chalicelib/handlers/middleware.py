"""Per-invocation logging context, tracing and metric flushing for every route and event handler.

Registered on the app by app.py: the request id and tracking id are appended to every log line of the
invocation; metrics are flushed at its end; the (optional) tracer wraps it in a subsegment.
"""
from __future__ import annotations

import logging

from chalice.app import Request

from chalicelib.adapters import observability as obs
from chalicelib.adapters.observability import PER_INVOCATION_KEYS


def _traced(name: str, call):
    t = obs.tracer()
    if t is None:
        return call()
    with t.provider.in_subsegment(f"## {name}") as sub:
        sub.put_annotation(key="handler", value=name)
        return call()


def _context_request_id(event) -> str | None:
    ctx = getattr(event, "context", None)
    if isinstance(ctx, dict) and ctx.get("requestId"):  # an HTTP request: API Gateway's request id
        return ctx["requestId"]
    for c in (getattr(event, "lambda_context", None), ctx):
        rid = getattr(c, "aws_request_id", None)
        if rid:
            return rid
    return None


def http_middleware(event, get_response):
    lg = obs.logger()
    lg.remove_keys(PER_INVOCATION_KEYS)
    params = getattr(event, "uri_params", None) or {}
    obs.append_keys(request_id=_context_request_id(event), tracking_id=params.get("tracking_id"),
                route=f"{event.method} {event.path}")
    try:
        return _traced(f"{event.method} {event.path}", lambda: get_response(event))
    finally:
        obs.flush_metrics()


def event_middleware(event, get_response):
    """SQS, schedule and other non-HTTP invocations: keys, tracing, metrics flushed per invocation."""
    if isinstance(event, Request):
        return get_response(event)
    lg = obs.logger()
    lg.remove_keys(PER_INVOCATION_KEYS)
    obs.append_keys(request_id=_context_request_id(event), handler=type(event).__name__)
    try:
        return _traced(type(event).__name__, lambda: get_response(event))
    finally:
        obs.flush_metrics()


def register(app) -> None:
    """Attach logging/metrics middleware to ``app``."""
    lg = obs.logger()
    # Chalice adds its own plain-text handler to the logger named after the app ("salur" — the
    # very logger Powertools uses): drop it, or every line would be written twice, unredacted.
    std = logging.getLogger(getattr(app, "app_name", "salur"))
    for h in list(std.handlers):
        if not isinstance(h.formatter, obs.formatter_class()):
            std.removeHandler(h)
    std.setLevel(lg.log_level)
    app.register_middleware(http_middleware, "http")
    app.register_middleware(event_middleware, "all")
