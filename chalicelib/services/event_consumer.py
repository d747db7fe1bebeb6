"""The events consumer: the complaints table's stream → notifications and webhooks.

Lambda invokes it only for the timeline items whose events someone hears about (the filter in
``infra/streams.json``), in batches.  Per record, in order: every webhook first attempt (each made once:
``webhook_delivery.fan_out``), then every notification (each (event, recipient) claimed once:
``notifications.deliver``); a record that fails is retried by the stream — its webhooks and sent
notifications are skipped the second time — and after the mapping's retries lands on its on-failure queue.
The access code a ``complaint.submitted`` item carried is removed once its notifications are handled.
"""
from __future__ import annotations

import logging

from chalicelib import config
from chalicelib.adapters import batch_records
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.event_stream import inserted_image, messages_of, record_item
from chalicelib.adapters.webhook_store import WebhookStore
from chalicelib.services import media_fetches, notifications, webhook_delivery
from chalicelib.services.warm_cache import WarmCache

log = logging.getLogger("salur.events")


#: an agency's webhook subscriptions as read within the last ``WEBHOOK_SUBSCRIPTIONS_TTL_SECONDS`` (60): kept
#: across a warm function's batches, so most events cost no Query; a new or deleted subscription takes effect
#: within that time
_SUBSCRIPTIONS = WarmCache(lambda: float(config.env("WEBHOOK_SUBSCRIPTIONS_TTL_SECONDS", "60")))


def handle_stream(event) -> dict:
    repo = ComplaintRepository()
    store = WebhookStore()
    cache = _SUBSCRIPTIONS

    totals = {"events": 0, "sent": 0, "skipped": 0, "failed": 0, "webhooks": 0}

    def one(record) -> None:
        item = record_item(record.raw_event)
        if item is None:
            fetch = media_fetches.fetch_message(inserted_image(record.raw_event, "MEDIA#") or {})
            if fetch:  # a chat photo or an Open311 link to fetch: off this path, on the fetches queue
                media_fetches.send(fetch)
                totals["files"] = totals.get("files", 0) + 1
            return
        for msg in messages_of(item):
            totals["webhooks"] += len(webhook_delivery.fan_out(msg, store, cache))
            try:
                counts = notifications.deliver(msg, repo=repo)
            except Exception:
                log.warning("event not fully delivered", extra={"type": msg.get("type"),
                                                                "tracking_id": msg.get("tracking_id"),
                                                                "event_id": msg.get("event_id")})
                raise
            totals["events"] += 1
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
        if item.get("private"):
            repo.forget_private(item["PK"], item["SK"])

    response = batch_records.process("stream", event, one)
    log.info("events delivered", extra={**totals, "failed_records": len(response["batchItemFailures"])})
    return response
