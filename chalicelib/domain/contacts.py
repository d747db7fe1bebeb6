"""Contacts people give: phone numbers and e-mail addresses, normalised so one person is one key."""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from chalicelib import config


EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def valid_email(value: str | None) -> bool:
    """An address Salur accepts and may send to (ASCII, a dotted domain, at most 254 characters)."""
    return bool(value) and len(value) <= 254 and bool(EMAIL_RE.match(value))


#: what a typed phone number may contain (digits, one leading +, the usual separators); letters are refused
#: (phonenumbers would read "0812-CALL-ME" as a vanity number); the bound keeps parsing time bounded
PHONE_RE = re.compile(r"^\+?[0-9\s\-().]{6,32}$")


def normalize_phone(value: str) -> str:
    """A phone number in E.164, read by Google's libphonenumber (``phonenumbers``) with Indonesia as the home
    region: 0812…, 62812…, +62 812-…, 812… → +62812…; an international number (+49…, +1…) stays itself.
    Raises ValueError("invalid_phone") for anything that is not a valid number of its country."""
    import phonenumbers  # ~28 ms on first use (python -X importtime); only doors and schemas need it

    text = (value or "").strip()
    if not PHONE_RE.match(text):
        raise ValueError("invalid_phone")
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise ValueError("invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_indonesian(phone: str | None) -> bool:
    """An Indonesian number in E.164 (``normalize_phone`` output): SMS goes there by default."""
    return bool(phone) and phone.startswith("+62")


#: how a reporter's contact came to be trusted: the door proved it (the SMS gateway or chat platform
#: authenticates the sender's number; SES's SPF/DKIM/DMARC verdicts the mail sender), or its holder
#: confirmed it (``contact_confirmation``); an unconfirmed contact hears only the confirmation request
CONTACT_CHANNELS = ("email", "sms")


@dataclass(frozen=True)
class Origin:
    """Where a filing came from, as the door (not the caller) says: its channel, a hashed key of its
    source for the per-source limits (client address or sender), and the reporter contacts it proved."""
    channel: str = "web"
    source: str | None = None
    verified: tuple[str, ...] = ()


def source_key(kind: str, value: str | None) -> str | None:
    """A peppered hash naming one filing source (``ip``/``sms``/``chat``/``email`` + value); never the value."""
    if not value:
        return None
    return hmac.new(config.secret_pepper(), f"source|{kind}|{value.strip().lower()}".encode(),
                    hashlib.sha256).hexdigest()[:24]


_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def confirmation_code(tracking_id: str, channel: str, address: str) -> str:
    """The code that confirms ``address`` as the reporter's ``channel`` contact on one case: derived (peppered
    HMAC), so it is never stored or carried by an event; 40 bits, and guesses are rate-limited."""
    mac = hmac.new(config.secret_pepper(), f"confirm|{tracking_id}|{channel}|{address.strip().lower()}".encode(),
                   hashlib.sha256).digest()
    n = int.from_bytes(mac[:5], "big")
    chars = "".join(_CODE_ALPHABET[(n >> (5 * i)) & 31] for i in range(8))
    return f"{chars[:4]}-{chars[4:]}"
