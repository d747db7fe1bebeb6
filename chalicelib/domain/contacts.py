"""Contacts people give: phone numbers and e-mail addresses, normalised so one person is one key."""
from __future__ import annotations

import re


def normalize_phone(value: str) -> str:
    """Indonesian numbers in E.164: 0812..., 62812..., +62 812-... → +62812...."""
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        raise ValueError("invalid_phone")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not (10 <= len(digits) <= 15):
        raise ValueError("invalid_phone")
    return "+" + digits
