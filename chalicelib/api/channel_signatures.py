"""Shared secrets and HMAC checks for the channel webhooks (SMS gateway, chat platform, inbound mail)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time

from chalicelib import config
from chalicelib.domain.identifiers import same_secret

MAX_SKEW_SECONDS = 300
_LOCAL_DEFAULTS = {"SMS_GATEWAY_SECRET": "local-sms-secret", "CHAT_APP_SECRET": "local-chat-secret",
                   "CHAT_VERIFY_TOKEN": "local-verify-token", "MAIL_INBOUND_TOKEN": "local-mail-token"}


def secret(name: str) -> str:
    """The configured secret; outside ``prod`` a well-known default keeps the local run and tests simple."""
    value = config.env(name)
    if not value and config.stage() != "prod":
        value = _LOCAL_DEFAULTS.get(name, "")
    return value


def hmac_hex(key: str, payload: bytes) -> str:
    return hmac.new(key.encode(), payload, hashlib.sha256).hexdigest()


def verify_sms_gateway(raw_body: bytes, timestamp: str | None, signature: str | None, now: float | None = None) -> bool:
    """``X-Salur-Signature: v1=<hex HMAC-SHA256(secret, "<X-Salur-Timestamp>.<body>")>``, ≤ 5 minutes old."""
    key = secret("SMS_GATEWAY_SECRET")
    if not key or not timestamp or not signature:
        return False
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now or time.time()) - ts) > MAX_SKEW_SECONDS:
        return False
    expected = "v1=" + hmac_hex(key, timestamp.encode() + b"." + raw_body)
    return any(same_secret(s.strip(), expected) for s in signature.split(",")[:5])


def sign_sms_gateway(raw_body: bytes, timestamp: int | None = None) -> dict:
    """Headers a gateway sends (used by tests, the README and local tools)."""
    ts = str(int(timestamp if timestamp is not None else time.time()))
    return {"X-Salur-Timestamp": ts,
            "X-Salur-Signature": "v1=" + hmac_hex(secret("SMS_GATEWAY_SECRET"), ts.encode() + b"." + raw_body)}


def verify_chat(raw_body: bytes, signature: str | None) -> bool:
    """WhatsApp Cloud API style: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>``."""
    key = secret("CHAT_APP_SECRET")
    if not key or not signature:
        return False
    return same_secret(signature.strip(), "sha256=" + hmac_hex(key, raw_body))


def sign_chat(raw_body: bytes) -> dict:
    return {"X-Hub-Signature-256": "sha256=" + hmac_hex(secret("CHAT_APP_SECRET"), raw_body)}


def verify_mail_token(headers) -> bool:
    """The inbound-mail door's shared secret: ``X-Salur-Mail-Token: <MAIL_INBOUND_TOKEN>``, or the password of
    HTTP Basic auth (an SNS HTTPS subscription cannot send custom headers, only ``https://user:token@host/...``).

    Not SNS's own signature: checking it means fetching the signing certificate from SigningCertURL
    (an outbound HTTPS call per certificate, not possible here, and a fetch a forged message can point
    anywhere unless pinned to sns.<region>.amazonaws.com).  A secret over TLS is checked offline."""

    key = secret("MAIL_INBOUND_TOKEN")
    if not key:
        return False
    given = (headers.get("x-salur-mail-token") or "").strip()
    auth = headers.get("authorization") or ""
    if not given and auth[:6].lower() == "basic ":
        try:
            given = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return False
    return bool(given) and same_secret(given, key)
