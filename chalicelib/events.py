"""Outbox relay: domain events written with a state change are handed to SQS here.

The outbox item is written in the same transaction as the change, so an event is
never lost: if the process dies before (or while) sending, ``relay_pending`` — run
by a schedule — sends it later.  Consumers deduplicate on ``event_id``.
"""
from __future__ import annotations

import json
import logging

from . import config
from .aws import client
from .clock import iso, utcnow
from .repository import OUTBOX_SHARDS, ComplaintRepository

log = logging.getLogger("salur.events")

FANOUT_QUEUES = ("notifications", "deliveries")


def publish(messages: list[dict], repo: ComplaintRepository | None = None) -> int:
    """Send each event to every consumer queue, then clear its outbox item. Returns how many were sent."""
    repo = repo or ComplaintRepository()
    sent = 0
    sqs = client("sqs")
    for msg in messages:
        body = json.dumps(msg, ensure_ascii=False, default=str)
        try:
            for name in FANOUT_QUEUES:
                url = config.queue_url(name)
                if url:
                    sqs.send_message(QueueUrl=url, MessageBody=body)
            repo.delete_outbox(msg)
            sent += 1
        except Exception:  # noqa: BLE001 - the relay will retry; the change itself is already stored
            log.warning("event publish deferred to relay", extra={"event_id": msg.get("event_id"),
                                                                   "type": msg.get("type")})
    return sent


def relay_pending(now=None, min_age_seconds: int = 60) -> int:
    """Send outbox events older than ``min_age_seconds`` that the request path did not send."""
    from datetime import timedelta

    repo = ComplaintRepository()
    cutoff = iso((now or utcnow()) - timedelta(seconds=min_age_seconds))
    total = 0
    for shard in range(OUTBOX_SHARDS):
        while True:
            pending = repo.pending_outbox(shard, cutoff)
            if not pending:
                break
            sent = publish(pending, repo)
            total += sent
            if sent < len(pending):
                break
    return total
