"""Logs, metrics and tracing for every handler (AWS Lambda Powertools).

- Logs: Powertools ``Logger(service="salur")`` — JSON lines.  Every ``salur.*`` stdlib
  logger propagates to it, so ``logging.getLogger("salur.intake")`` lines are JSON too.
  The request id and tracking id are appended per invocation (``http`` middleware for
  routes, ``all`` middleware for SQS/schedule handlers; the stats consumer appends the
  tracking id per message).  :class:`RedactingFormatter` masks e-mail addresses,
  Indonesian phone numbers and 16-digit NIKs anywhere in the message, in extra fields and
  in tracebacks, and drops values of keys that only ever hold personal data.
- Metrics: Powertools ``Metrics(namespace="Salur")`` (EMF: a log line, no API call),
  created on first use and flushed at the end of each non-HTTP invocation (and of an
  HTTP one that emitted any).  Most metrics come from the stats consumer so request
  paths stay lean: see :func:`chalicelib.services.stats_consumer.emit_metrics`.
- Tracing: Powertools ``Tracer`` (X-Ray SDK) only when ``POWERTOOLS_TRACE_DISABLED`` is
  not true, imported lazily on the first invocation — a cold start with tracing off
  never imports ``aws_xray_sdk``.

Cold-start cost of each piece: ``python -m bench.cold_start``.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import warnings
from typing import Any

from chalicelib.domain import personal_data

# ----------------------------------------------------------------------- redaction
SENSITIVE_KEYS = frozenset({"email", "phone", "nik", "reporter", "access_code", "api_key", "x-api-key",
                            "x-access-code", "password", "authorization", "contact", "msisdn"})
#: keys whose values are Salur's own ids (never personal data): kept verbatim when they look like an id, so a
#: run of digits inside a key id or an event id is not masked as a NIK or a phone number
ID_KEYS = frozenset({"request_id", "tracking_id", "event_id", "key_id", "webhook_id", "msg_id", "delivery_id",
                     "messageId", "xray_trace_id", "function_request_id", "correlation_id"})
_ID_SHAPE = re.compile(r"^[A-Za-z0-9_\-:.#]{1,128}$")
MASK = "[redacted]"


def redact(text: str) -> str:
    """Mask e-mails, 16-digit NIKs and Indonesian phone numbers in ``text`` (never inside an id)."""
    return personal_data.redact(text, "log")


def redact_value(value: Any, depth: int = 0) -> Any:
    """Redact strings inside any JSON-like structure; values of sensitive keys are dropped."""
    if depth > 8:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_entry(k, v, depth) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [redact_value(v, depth + 1) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact(str(value))  # exceptions, Decimals, datetimes...: as they would be serialised


def _redact_entry(k: Any, v: Any, depth: int) -> Any:
    if isinstance(k, str) and k.lower() in SENSITIVE_KEYS and v not in (None, ""):
        return MASK
    if k in ID_KEYS and isinstance(v, str) and _ID_SHAPE.match(v) and "@" not in v:
        return v
    return redact_value(v, depth + 1)


class RedactingFilter(logging.Filter):
    """A stdlib filter for handlers that are not the Powertools one: redacts message, args and extras."""
    _STD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = redact(record.getMessage())
            record.args = ()
        except Exception:  # noqa: BLE001 - never lose a log line to redaction
            record.msg, record.args = redact(str(record.msg)), ()
        for k, v in list(record.__dict__.items()):
            if k not in self._STD:
                setattr(record, k, _redact_entry(k, v, 0))
        return True


@functools.lru_cache(maxsize=1)
def formatter_class():
    from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

    class RedactingFormatter(LambdaPowertoolsFormatter):
        """Powertools JSON formatter that redacts the whole log dict (message, keys, exception)."""

        def serialize(self, log: dict) -> str:
            return super().serialize(redact_value(log))

    return RedactingFormatter


# ----------------------------------------------------------------------- logger
_logger = None


def logger():
    """The Powertools Logger (service ``salur``), configured once per process."""
    global _logger
    if _logger is None:
        from aws_lambda_powertools import Logger

        _logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "salur"),
                         level=os.environ.get("LOG_LEVEL", "INFO"), logger_formatter=formatter_class()(use_rfc3339=True))
    return _logger


def append_keys(**keys: Any) -> None:
    """Add keys to every following log line of this invocation (None values are removed)."""
    lg = logger()
    present = {k: v for k, v in keys.items() if v is not None}
    if present:
        lg.append_keys(**present)
    missing = [k for k, v in keys.items() if v is None]
    if missing:
        lg.remove_keys(missing)


PER_INVOCATION_KEYS = ["request_id", "tracking_id", "event_id", "route", "handler"]


# ----------------------------------------------------------------------- metrics
_metrics = None


def metrics():
    global _metrics
    if _metrics is None:
        from aws_lambda_powertools import Metrics

        _metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "Salur"),
                           service=os.environ.get("POWERTOOLS_SERVICE_NAME", "salur"))
    return _metrics


_pending = False


def metric(name: str, value: float, unit: str = "Count", **dimensions: str) -> None:
    """Emit one EMF metric (never raises: a metric must not fail the work it describes).

    Without dimensions it joins the invocation's metric set (flushed by the middleware);
    with dimensions (beyond ``service``) it is written at once as its own EMF blob."""
    global _pending
    try:
        from aws_lambda_powertools.metrics import MetricUnit, single_metric

        unit_ = MetricUnit.NoUnit if unit == "None" else getattr(MetricUnit, unit, MetricUnit.Count)
        if dimensions:
            namespace = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "Salur")
            with single_metric(name=name, unit=unit_, value=value, namespace=namespace) as single:
                single.add_dimension(name="service", value=os.environ.get("POWERTOOLS_SERVICE_NAME", "salur"))
                for k, v in dimensions.items():
                    single.add_dimension(name=k, value=str(v) or "none")
        else:
            metrics().add_metric(name=name, unit=unit_, value=value)
            _pending = True
    except Exception:  # noqa: BLE001
        logging.getLogger("salur.observability").warning("metric not emitted", extra={"metric": name})


def flush_metrics() -> None:
    global _pending
    if _metrics is not None and _pending:

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _metrics.flush_metrics()
    _pending = False


# ----------------------------------------------------------------------- tracing
_tracer: Any = False  # False: not decided yet; None: disabled


def tracing_enabled() -> bool:
    return os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() not in ("1", "true", "yes")


def tracer():
    """The Powertools Tracer, or None (disabled, or the X-Ray SDK is not installed)."""
    global _tracer
    if _tracer is False:
        _tracer = None
        if tracing_enabled():
            try:
                from aws_lambda_powertools import Tracer

                _tracer = Tracer(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "salur"))
            except Exception:  # noqa: BLE001 - tracing is optional
                logging.getLogger("salur.observability").warning("tracing unavailable")
    return _tracer
