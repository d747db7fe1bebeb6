"""Chat photos: the file a WhatsApp report came with, fetched off the request path.

The chat door records the file ``pending_fetch`` (``reference = whatsapp:<media id>``).  That record's INSERT on
the complaints table's stream selects the events consumer (``infra/streams.py``), which only enqueues a
*fetch message* on the deliveries queue (a crash before the send: the stream retries the record).  The queue
handler downloads the file from the Graph API (``adapters/graph_media``, bounded by ``MAX_BYTES`` and a timeout)
and hands it to ``attachments.complete_fetch`` (the checks, re-encoding and scan of an upload).  A failed
download leaves the record ``pending_fetch`` and re-enqueues the message with backoff (``FETCH_ATTEMPTS``;
the platform keeps media 30 days); the report itself never depends on it.
"""
from __future__ import annotations

import logging

from chalicelib.adapters import graph_media
from chalicelib.adapters.media_store import MediaStore
from chalicelib.domain import media as rules
from chalicelib.services import attachments

log = logging.getLogger("salur.chat_photos")

FETCH_KIND = "chat_media_fetch"
FETCH_ATTEMPTS = 6
REFERENCE_PREFIX = "whatsapp:"


def retry_delay(attempt: int) -> int:
    return min(900, 30 * 2 ** (attempt - 1))


def fetch_message(item: dict) -> dict | None:
    """The fetch message for a stream-inserted attachment record (None: not a chat file waiting for it)."""
    if not str(item.get("SK", "")).startswith("MEDIA#") or item.get("state") != rules.PENDING_FETCH \
            or not str(item.get("reference") or "").startswith(REFERENCE_PREFIX):
        return None
    return {"kind": FETCH_KIND, "tracking_id": item["tracking_id"], "media_id": item["media_id"], "attempt": 1}


def fetch(msg: dict, store: MediaStore | None = None, enqueue=None) -> str:
    """One fetch message: the resulting state, or ``retry``/``gave_up`` (the record stays ``pending_fetch``)."""
    store = store or MediaStore()
    tid, mid, n = str(msg.get("tracking_id")), str(msg.get("media_id")), int(msg.get("attempt") or 1)
    record = store.get(tid, mid)
    if record is None or record["state"] != rules.PENDING_FETCH:
        return record["state"] if record else "gone"
    platform_id = str(record.get("reference") or "")[len(REFERENCE_PREFIX):]
    try:
        data, mime = graph_media.download(platform_id, rules.MAX_BYTES)
    except graph_media.FetchFailed as exc:
        store.update(tid, mid, rules.PENDING_FETCH, {"fetch_attempts": n, "fetch_error": exc.reason})
        if exc.transient and n < FETCH_ATTEMPTS:
            (enqueue or _enqueue)({**msg, "attempt": n + 1}, retry_delay(n))
            log.info("chat photo fetch retried", extra={"tracking_id": tid, "media_id": mid, "attempt": n,
                                                        "error": exc.reason})
            return "retry"
        log.warning("chat photo not fetched", extra={"tracking_id": tid, "media_id": mid, "attempt": n,
                                                     "error": exc.reason})
        return "gave_up"
    out = attachments.complete_fetch(tid, mid, data, mime or str(record.get("content_type") or ""), store)
    state = (out or {}).get("state", "gone")
    log.info("chat photo fetched", extra={"tracking_id": tid, "media_id": mid, "state": state})
    return state


def _enqueue(msg: dict, delay: int = 0) -> None:
    from chalicelib.services import webhook_delivery

    webhook_delivery.enqueue(msg, delay)
