"""Identifiers people type: tracking ids and access codes.

Crockford base32 (no I, L, O, U), random — never a sequence, so ids reveal nothing
about volume and cannot be enumerated.  Tracking id: 40 random bits shown as
``XXXX-XXXX``; access code: 60 bits, stored only as a peppered hash.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from chalicelib import config

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_TRACKING_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{8}$")


def _random_chars(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def new_tracking_id() -> str:
    raw = _random_chars(8)
    return f"{raw[:4]}-{raw[4:]}"


def new_access_code() -> str:
    raw = _random_chars(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_tracking_id(value: str | None) -> str | None:
    """Accept what people type (lower case, spaces, O for 0) and return ``XXXX-XXXX`` or None."""
    if not value or len(value) > 40:
        return None
    cleaned = re.sub(r"[\s\-_.]", "", value).upper().translate(_TRANSLATE)
    if not _TRACKING_RE.match(cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"


def normalize_code(value: str | None) -> str:
    if not value:
        return ""
    return re.sub(r"[\s\-_.]", "", value).upper().translate(_TRANSLATE)[:64]


def typed_bytes(value: str) -> bytes:
    """What a person or client typed, as bytes for hashing and comparing: any string (lone surrogates and
    all, as JSON allows) encodes, so a hostile secret is just a wrong one."""
    return value.encode("utf-8", "replace")


def same_secret(given: str, expected: str) -> bool:
    """Constant-time equality of a typed secret with the expected one (``hmac.compare_digest`` refuses
    non-ASCII ``str``)."""
    return hmac.compare_digest(typed_bytes(given), typed_bytes(expected))


def hash_secret(value: str, salt: str) -> str:
    """Peppered, salted SHA-256; secrets are long random strings, so no slow KDF is needed."""
    return hashlib.sha256(config.secret_pepper() + b"|" + typed_bytes(salt) + b"|" + typed_bytes(value)).hexdigest()


def check_secret(value: str, salt: str, expected_hash: str | None) -> bool:
    if not expected_hash:
        return False
    return hmac.compare_digest(hash_secret(value, salt), expected_hash)


def _seal_key(context: str) -> bytes:
    return hmac.new(config.secret_pepper(), b"seal|" + context.encode(), hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, n: int) -> bytes:
    blocks = (hmac.new(key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest() for i in range(0, n // 32 + 1))
    return b"".join(blocks)[:n]


def seal(secret: str, context: str) -> str:
    """``secret`` encrypted for one ``context`` (what only its rightful reader knows, e.g. a caller's own
    idempotency key): HMAC-SHA256 under the pepper as the key-derivation, keystream and tag (encrypt-then-MAC,
    random nonce).  A stored record keeps this, never the secret; ``unseal`` with the same context reads it."""
    key, nonce, raw = _seal_key(context), secrets.token_bytes(16), secret.encode()
    body = bytes(a ^ b for a, b in zip(raw, _keystream(key, nonce, len(raw))))
    tag = hmac.new(key, b"tag|" + nonce + body, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(nonce + tag + body).decode()


def event_seal_context(event_id: str | None) -> str:
    """The context a secret carried by one domain event (the new case's access code) is sealed for."""
    return f"event|{event_id}"


def unseal(token: str | None, context: str) -> str | None:
    """The secret ``seal`` hid for ``context``; None for another context, a tampered or a missing token."""
    try:
        data = base64.urlsafe_b64decode((token or "").encode())
    except ValueError:
        return None
    if len(data) < 32:
        return None
    key, nonce, tag, body = _seal_key(context), data[:16], data[16:32], data[32:]
    if not hmac.compare_digest(tag, hmac.new(key, b"tag|" + nonce + body, hashlib.sha256).digest()[:16]):
        return None
    try:
        return bytes(a ^ b for a, b in zip(body, _keystream(key, nonce, len(body)))).decode()
    except UnicodeDecodeError:
        return None


def new_event_id() -> str:
    return "evt_" + secrets.token_hex(12)
