"""Personal data in text: e-mail addresses, phone numbers and NIKs, found and masked (pure).

Two uses, one set of patterns:

* logs (``adapters.observability``) mask what looks like personal data but must leave Salur's own ids
  intact: a 16-hex key id, an ``evt_…`` event id or a UUID may hold a run of digits shaped like a NIK
  or a phone number, so in ``mode="log"`` a match must not touch a letter, digit, ``_`` or ``-`` on
  either side (an id's neighbours);
* anything published (``domain.case_views``: public case views, Open311) masks more eagerly
  (``mode="text"``: a number glued to letters, ``hp081234567890``, is still a phone number), also
  landline and international numbers, and the reporter's own name, e-mail and phone wherever they
  appear in the text.
"""
from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# Boundaries: in logs an id character next to the match means it is part of an id; in published
# text only another digit (or a leading '+') does.
_LOG_BEFORE, _LOG_AFTER = r"(?<![0-9A-Za-z_+\-])", r"(?![0-9A-Za-z_])"
_TEXT_BEFORE, _TEXT_AFTER = r"(?<![\d+])", r"(?!\d)"
#: NIK (Nomor Induk Kependudukan) and KK numbers: 16 digits, not part of a longer number
_NIK = r"\d{16}"
#: Indonesian mobile numbers: (+62|62|0)8 followed by 7–12 digits, with optional spaces, dots or dashes
_MOBILE = r"(?:\+62|62|0)[\s.\-]?8(?:[\s.\-]?\d){7,12}"
#: published text only: international numbers (+<country> ...) and Indonesian landlines ((0xx) xxx xxxx)
_INTERNATIONAL = r"\+[1-9](?:[\s.\-]?\d){7,14}"
_LANDLINE = r"\(?0[1-9]\d{1,2}\)?[\s.\-]?\d{3,4}[\s.\-]?\d{3,5}"

_PATTERNS = {
    "log": ((re.compile(_LOG_BEFORE + _NIK + _LOG_AFTER), "[nik]"),
            (re.compile(_LOG_BEFORE + _MOBILE + _LOG_AFTER), "[phone]")),
    "text": ((re.compile(_TEXT_BEFORE + _NIK + _TEXT_AFTER), "[nik]"),
             (re.compile(_TEXT_BEFORE + _MOBILE + _TEXT_AFTER), "[phone]"),
             (re.compile(_TEXT_BEFORE + _INTERNATIONAL + _TEXT_AFTER), "[phone]"),
             (re.compile(_TEXT_BEFORE + _LANDLINE + _TEXT_AFTER), "[phone]")),
}
MIN_NAME = 3  # shorter names ("Al") would mask ordinary words


def redact(text: str, mode: str = "log") -> str:
    """Mask e-mails, NIKs and phone numbers in ``text`` (``mode``: "log" or "text", see above)."""
    if not text:
        return text
    text = EMAIL.sub("[email]", text)
    for pattern, mask in _PATTERNS[mode]:
        text = pattern.sub(mask, text)
    return text


def _digits_pattern(phone: str) -> re.Pattern | None:
    """The reporter's own number however it is written: +62 812-…, 0812…, 812…."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("62"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    if len(digits) < 7:
        return None
    sep = r"[\s.\-()]?"
    return re.compile(r"(?:(?:\+|00)?62|0)?" + sep + sep.join(re.escape(d) for d in digits) + r"(?!\d)")


def redact_known(text: str, reporter: dict | None, places: tuple[str, ...] = ()) -> str:
    """Published text without the reporter's own name, e-mail or phone (and ``places``: an anonymous
    reporter's address text), then without any personal data."""
    if not text:
        return text
    reporter = reporter or {}
    for place in places:
        if place and len(place.strip()) >= MIN_NAME:
            text = re.sub(re.escape(place.strip()), "[alamat]", text, flags=re.I)
    email, name = reporter.get("email"), (reporter.get("name") or "").strip()
    if email:
        text = re.sub(re.escape(str(email)), "[email]", text, flags=re.I)
    phone = _digits_pattern(str(reporter.get("phone") or ""))
    if phone is not None:
        text = phone.sub("[phone]", text)
    if len(name) >= MIN_NAME:
        text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", "[nama]", text, flags=re.I)
        for part in name.split():  # "Made Wirawan" also hides "Pak Wirawan"
            if len(part) >= 4:
                text = re.sub(r"(?<!\w)" + re.escape(part) + r"(?!\w)", "[nama]", text, flags=re.I)
    return redact(text, "text")
