"""Standard Webhooks signing and verification on the official ``standardwebhooks`` package (pure: no I/O).

Headers agencies verify: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature`` =
``v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`` where ``key`` is the base64-decoded part of a
``whsec_...`` secret — computed by ``standardwebhooks.Webhook.sign``.  Several signatures may be sent
separated by spaces (during a secret rotation both the new and the old secret sign), and a receiver accepts
the message if any one of them matches.  Verification reads the headers itself (error codes, a caller-given
``now``, never an exception for hostile input) and compares against the package's signature.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timezone
from typing import Iterable, Mapping

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


class SignatureError(Exception):
    """code: missing_headers | bad_timestamp | stale_timestamp | bad_signature."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def new_secret(nbytes: int = 32) -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(nbytes)).decode()


def signature(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """``v1,<base64 signature>`` of one message under one secret (``standardwebhooks``)."""
    return Webhook(secret).sign(msg_id, datetime.fromtimestamp(int(timestamp), tz=timezone.utc), body)


def sign_headers(secrets_: Iterable[str], msg_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every secret given (new first)."""
    sigs = " ".join(signature(s, msg_id, timestamp, body) for s in secrets_ if s)
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(timestamp)), "webhook-signature": sigs}


def _offered(header: str) -> list[bytes]:
    out = []
    for part in header.split(" "):
        version, _, value = part.partition(",")
        if version == "v1" and value:
            try:
                out.append(base64.b64decode(value, validate=True))
            except ValueError:
                continue
    return out


def verify(secrets_: Iterable[str], body: str, headers: Mapping[str, str], now: float,
           tolerance: int = TOLERANCE_SECONDS) -> str:
    """Check headers/body against any of ``secrets_``; return the message id or raise SignatureError."""
    h = {k.lower(): v for k, v in headers.items()}
    msg_id, ts, sig = h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature")
    if not (msg_id and ts and sig):
        raise SignatureError("missing_headers")
    try:
        ts_int = int(ts)
    except ValueError:
        raise SignatureError("bad_timestamp") from None
    if abs(now - ts_int) > tolerance:
        raise SignatureError("stale_timestamp")
    offered = _offered(sig)
    for secret in secrets_:
        if not secret:
            continue
        try:
            expected = base64.b64decode(signature(secret, msg_id, ts_int, body).partition(",")[2])
        except Exception:  # noqa: BLE001 - a stored secret that is not base64: it signs nothing
            continue
        if any(hmac.compare_digest(expected, c) for c in offered):
            return msg_id
    raise SignatureError("bad_signature")


def message_id(event_id: str, webhook_id: str) -> str:
    """Stable per (event, endpoint): retries and redeliveries carry the same id, so receivers dedupe."""
    return "msg_" + hashlib.sha256(f"{event_id}|{webhook_id}".encode()).hexdigest()[:32]


NEVER_FORWARD = frozenset({"private", "reporter", "access_code", "access_hash", "access_salt", "internal_note"})


def _scrub(value):
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in NEVER_FORWARD}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def payload(event: dict) -> dict:
    """The webhook body for a domain event: type, timestamp, privacy-safe data (never ``private``)."""
    data = _scrub(dict(event.get("data") or {}))
    data.setdefault("tracking_id", event.get("tracking_id"))
    data["event_id"] = event.get("event_id")
    return {"type": event.get("type"), "timestamp": event.get("occurred_at"), "data": data}


def body_text(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)
