"""Identifiers people type: tracking ids and access codes.

Crockford base32 (no I, L, O, U), random — never a sequence, so ids reveal nothing
about volume and cannot be enumerated.  Tracking id: 40 random bits shown as
``XXXX-XXXX``; access code: 60 bits, stored only as a peppered hash.
"""
from __future__ import annotations

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


def hash_secret(value: str, salt: str) -> str:
    """Peppered, salted SHA-256; secrets are long random strings, so no slow KDF is needed."""
    return hashlib.sha256(config.secret_pepper() + b"|" + salt.encode() + b"|" + value.encode()).hexdigest()


def check_secret(value: str, salt: str, expected_hash: str | None) -> bool:
    if not expected_hash:
        return False
    return hmac.compare_digest(hash_secret(value, salt), expected_hash)


def new_event_id() -> str:
    return "evt_" + secrets.token_hex(12)
