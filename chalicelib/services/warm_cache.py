"""What a warm function read recently, trusted for a while: a value read within the last ``ttl()`` seconds is
used again across batches instead of another read (webhook subscriptions, the areas someone follows)."""
from __future__ import annotations

import time
from typing import Callable


class WarmCache(dict):
    """A dict whose entries count as present only within ``ttl()`` seconds of being set (time.monotonic)."""

    def __init__(self, ttl: Callable[[], float]) -> None:
        super().__init__()
        self.ttl = ttl
        self.read_at: dict = {}

    def __contains__(self, k) -> bool:
        return dict.__contains__(self, k) and time.monotonic() - self.read_at.get(k, 0) < self.ttl()

    def __setitem__(self, k, value) -> None:
        self.read_at[k] = time.monotonic()
        dict.__setitem__(self, k, value)
