"""Outbox relay: domain events written with a state change are handed to SQS here.

The outbox item is written in the same transaction as the change, so an event is
never lost: if the process dies before (or while) sending, ``relay_pending`` — run
by a schedule — sends it later.  Consumers deduplicate on ``event_id``.
"""
from __future__ import annotations

import json
import logging
from datetime import timedelta

from chalicelib import config
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.complaint_repository import OUTBOX_SHARDS, ComplaintRepository
from chalicelib.domain.clock import iso, utcnow

log = logging.getLogger("salur.events")

FANOUT_QUEUES = ("notifications", "deliveries", "stats")


def publish(messages: list[dict], repo: ComplaintRepository | None = None) -> int:
    """Send the events to every consumer queue (one batch call per queue), then clear their outbox items.

    Returns how many were handed over; on any failure the outbox keeps them for the relay.
    """
    if not messages:
        return 0
    repo = repo or ComplaintRepository()
    sqs = client("sqs")
    try:
        for name in FANOUT_QUEUES:
            url = config.queue_url(name)
            if not url:
                continue
            for i in range(0, len(messages), 10):
                chunk = messages[i:i + 10]
                res = sqs.send_message_batch(QueueUrl=url, Entries=[
                    {"Id": str(j), "MessageBody": json.dumps(m, ensure_ascii=False, default=str)}
                    for j, m in enumerate(chunk)])
                if res.get("Failed"):
                    raise RuntimeError(f"{len(res['Failed'])} messages refused by {name}")
        repo.delete_outbox_batch(messages)
    except Exception:  # noqa: BLE001 - the relay will retry; the change itself is already stored
        log.warning("event publish deferred to relay", extra={"event_ids": [m.get("event_id") for m in messages]})
        return 0
    return len(messages)


def relay_pending(now=None, min_age_seconds: int = 60) -> int:
    """Send outbox events older than ``min_age_seconds`` that the request path did not send."""
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
