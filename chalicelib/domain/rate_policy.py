"""Abuse limits: how much one contact, one source or one channel may cost Salur per time window (pure).

The limits and their reasons live in ``chalicelib/data/rate_limits.json`` (with per-stage values: the local
run and the tests come from one address); ops override them per stage with ``SALUR_RATE_LIMITS``
(``name=count/seconds,...``, set in ``.chalice/config.json``).  Counting is the adapter's
(``adapters.rate_limit_store``: one DynamoDB item per subject and fixed window, with a TTL).

``exceed`` says what happens over the limit: ``refuse`` (the request or message is not served) or
``defer`` (a channel's budget: the message waits and is retried by its queue).
"""
from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass

from chalicelib import config

DATA_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "rate_limits.json")
_OVERRIDE = re.compile(r"^\s*([a-z_]+)\s*=\s*(\d{1,9})\s*(?:/\s*(\d{1,9}))?\s*$")


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds
    exceed: str = "refuse"

    def window_start(self, now: float) -> int:
        return int(now) // self.window * self.window

    def retry_after(self, now: float) -> int:
        return max(1, self.window_start(now) + self.window - int(now))


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    with open(DATA_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def parse_overrides(text: str | None) -> dict[str, tuple[int, int | None]]:
    """``"a=3/60, b=10"`` → {"a": (3, 60), "b": (10, None)}; malformed entries are ignored."""
    out: dict[str, tuple[int, int | None]] = {}
    for part in (text or "").split(","):
        m = _OVERRIDE.match(part)
        if m:
            out[m.group(1)] = (int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    return out


def limits_for(stage: str, overrides: str | None = None) -> dict[str, Limit]:
    """Every limit for ``stage``: the data file, its stage values, then ``overrides``."""
    data = _data()
    stage_counts = {k: v for k, v in (data.get("stages", {}).get(stage) or {}).items() if not k.startswith("_")}
    extra = parse_overrides(overrides)
    out = {}
    for name, spec in data["limits"].items():
        count, window = int(stage_counts.get(name, spec["count"])), int(spec["window"])
        if name in extra:
            count, window = extra[name][0], extra[name][1] or window
        out[name] = Limit(name, count, max(1, window), spec.get("exceed", "refuse"))
    return out


def limit(name: str) -> Limit:
    """The limit ``name`` as configured for this stage now (``SALUR_STAGE``, ``SALUR_RATE_LIMITS``)."""
    return limits_for(config.stage(), config.env("SALUR_RATE_LIMITS"))[name]
