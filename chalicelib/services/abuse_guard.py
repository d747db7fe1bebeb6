"""The abuse limits applied: at the doors (per source and sender), on the reporter's access code (per case
and source), and before every message to a reporter (per contact, source and channel).

Limits and their values: ``domain.rate_policy`` (data in ``chalicelib/data/rate_limits.json``, per stage);
counters: ``adapters.rate_limit_store``.  A door whose counter store fails lets the request through (a
complaint is never lost to the limiter) and logs it; a message's gate failing fails the message, which its
queue retries.
"""
from __future__ import annotations

import logging
import time

from chalicelib.adapters.rate_limit_store import RateLimitStore
from chalicelib.domain.rate_policy import limit
from chalicelib.domain.refusals import RateLimited

log = logging.getLogger("salur.abuse")


def allow(name: str, subject: str | None, store: RateLimitStore | None = None, now: float | None = None) -> bool:
    """Count one use under limit ``name``; False when over it.  No subject (unknown source): allowed."""
    if not subject:
        return True
    return (store or RateLimitStore()).hit(limit(name), subject, now)


def door(name: str, subject: str | None, store: RateLimitStore | None = None) -> None:
    """A door's check: RateLimited when over the limit; a failing counter store never blocks intake."""
    now = time.time()
    try:
        ok = allow(name, subject, store, now)
    except Exception:  # noqa: BLE001 - availability first at the doors
        log.warning("rate limiter unavailable", extra={"limit": name})
        return
    if not ok:
        raise RateLimited(name, limit(name).retry_after(now))


def door_allows(name: str, subject: str | None) -> bool:
    """``door`` as a yes/no, for doors that answer in their own format (SMS, chat, email)."""
    try:
        door(name, subject)
    except RateLimited:
        return False
    return True


# -- the reporter's access code (and contact confirmation codes) ------------------------------------
def guess_blocked(tracking_id: str, source: str | None, store: RateLimitStore | None = None) -> None:
    """RateLimited if this case or this source already used up its wrong guesses."""
    now = time.time()
    checks = [(limit(name), subject) for name, subject in (("access_failures_per_case", tracking_id),
                                                           ("access_failures_per_source", source)) if subject]
    full = (store or RateLimitStore()).full(checks, now)
    if full is not None:
        raise RateLimited(full.name, full.retry_after(now))


def guess_failed(tracking_id: str, source: str | None, store: RateLimitStore | None = None) -> None:
    store = store or RateLimitStore()
    allow("access_failures_per_case", tracking_id, store)
    allow("access_failures_per_source", source, store)


# -- messages to reporters --------------------------------------------------------------------------
def gate(note: dict, store: RateLimitStore | None = None) -> str:
    """"send", "skip" (over a contact's or source's limit: dropped) or "defer" (over a channel's budget:
    retried later) for one planned notification, counting it against every limit its plan names (what
    was counted before a refusal is given back)."""
    store = store or RateLimitStore()
    counted = []
    for name, subject in note.get("limits") or ():
        if not allow(name, subject, store):
            log.info("notification held by a rate limit", extra={"limit": name, "template": note.get("template")})
            refund({"limits": counted}, store)
            return "defer" if limit(name).exceed == "defer" else "skip"
        counted.append((name, subject))
    return "send"


def refund(note: dict, store: RateLimitStore | None = None) -> None:
    """Give back what ``gate`` counted for a message that was not sent after all."""
    store = store or RateLimitStore()
    for name, subject in note.get("limits") or ():
        if subject:
            store.refund(limit(name), subject)
