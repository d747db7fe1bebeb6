"""Coordinates as Salur stores them: finite, in range, and rounded to ``DECIMALS`` places (pure).

DynamoDB numbers hold 38 significant digits between 1e-130 and 1e126 (and ±0); a float that passes a
range check may still be unstorable (``5e-324``, ``1e-200``: a 500 from a number).  Rounding to 7
decimals (about 1 cm) keeps every accepted value storable — tiny ones become 0.0 — and loses nothing a
complaint needs.  Every door that accepts coordinates goes through ``storable``.
"""
from __future__ import annotations

import math

DECIMALS = 7
LIMITS = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}


def storable(value: float, axis: str) -> float:
    """``value`` rounded to ``DECIMALS`` (never -0.0); ValueError if not finite or out of range for ``axis``."""
    lo, hi = LIMITS[axis]
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError("out_of_range")
    return round(value, DECIMALS) + 0.0
