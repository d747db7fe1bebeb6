"""Files Salur fetches itself, off the request path: a WhatsApp photo (``reference = whatsapp:<media id>``) and
an Open311 request's ``media_url`` (``reference = <the link>``) — one path for both.

The door records the file ``pending_fetch``.  That record's INSERT on the complaints table's stream selects the
events consumer (``infra/streams.py``), which only enqueues a *fetch message* on the fetches queue (a crash
before the send: the stream retries the record).  The fetch function (``handlers/queues.fetch_media``, its own
time budget ``config.MEDIA_FETCH_SECONDS``) downloads the file through the outbound guard (``graph_media`` or
``media_links``: resolved once, public addresses only, at most ``MAX_BYTES``, bounded time, no redirects) and
hands it to ``attachments.complete_fetch`` with the type its bytes say (``media.sniff``: JPEG, PNG, WebP or
PDF, else rejected) — the checks, re-encoding (EXIF/GPS stripped) and scan of an upload.

Each try is taken once (``MediaStore.claim_fetch``, keyed by the try's number): a redelivered fetch message or
a redelivered stream record fetches nothing twice.  A transient failure (timeout, refused connection, 5xx,
429) re-enqueues the next try with backoff (``retry_delay``) — enqueued *before* the try is marked done, so a
crash in between repeats a try but never loses the file; after ``FETCH_ATTEMPTS`` tries, or at once for a
final failure (a refused URL, a redirect, 4xx, too large), the file is ``rejected`` with reason
``not_fetched`` (and ``fetch_error``): what the agency sees.  At most ``FETCH_ATTEMPTS`` GETs per file ever
reach the other server, and the report itself never depends on them.
"""
from __future__ import annotations

import json
import logging
import time

from chalicelib import config
from chalicelib.adapters import batch_records, graph_media, media_links
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.media_store import MediaStore
from chalicelib.domain import media as rules
from chalicelib.services import attachments

log = logging.getLogger("salur.media_fetches")

FETCH_KIND = "media_fetch"
#: ``chat_media_fetch``: the name fetch messages had when only chat photos were fetched (still in a queue)
FETCH_KINDS = frozenset({FETCH_KIND, "chat_media_fetch"})
FETCH_ATTEMPTS = rules.FETCH_ATTEMPTS
CHAT_PREFIX = "whatsapp:"
LINK_PREFIXES = ("https://", "http://")


def retry_delay(attempt: int) -> int:
    """Seconds before try ``attempt + 1``: 30 s, 60 s, 120 s ... capped at SQS's 900 s."""
    return min(900, 30 * 2 ** (attempt - 1))


def _downloader(reference: str):
    """What gets the bytes of this reference (None: not a file Salur fetches)."""
    if reference.startswith(CHAT_PREFIX):
        return lambda: graph_media.download(reference[len(CHAT_PREFIX):], rules.MAX_BYTES)[0]
    if reference.lower().startswith(LINK_PREFIXES):
        return lambda: media_links.download(reference, rules.MAX_BYTES)
    return None


def fetch_message(item: dict) -> dict | None:
    """The fetch message for a stream-inserted attachment record (None: not a file waiting to be fetched)."""
    if not str(item.get("SK", "")).startswith("MEDIA#") or item.get("state") != rules.PENDING_FETCH \
            or _downloader(str(item.get("reference") or "")) is None:
        return None
    return {"kind": FETCH_KIND, "tracking_id": item["tracking_id"], "media_id": item["media_id"], "attempt": 1}


def fetch(msg: dict, store: MediaStore | None = None, enqueue=None, now: float | None = None) -> str:
    """One fetch message: the resulting state, ``retry``, ``gave_up`` (rejected ``not_fetched``) or ``duplicate``
    (this try was taken by another message)."""
    store = store or MediaStore()
    tid, mid, n = str(msg.get("tracking_id")), str(msg.get("media_id")), int(msg.get("attempt") or 1)
    record = store.get(tid, mid)
    if record is None or record["state"] != rules.PENDING_FETCH:
        return record["state"] if record else "gone"
    download = _downloader(str(record.get("reference") or ""))
    if not 1 <= n <= FETCH_ATTEMPTS or download is None:
        return "ignored"
    if not store.claim_fetch(tid, mid, n, int(now if now is not None else time.time()), config.MEDIA_FETCH_SECONDS):
        log.info("media fetch already taken", extra={"tracking_id": tid, "media_id": mid, "attempt": n})
        return "duplicate"
    source = record.get("source")
    try:
        data = download()
    except media_links.FetchFailed as exc:
        retry = exc.transient and n < FETCH_ATTEMPTS
        if retry:
            (enqueue or send)({**msg, "kind": FETCH_KIND, "attempt": n + 1}, retry_delay(n))
        done = {"fetch_done": n, "fetch_error": exc.reason}
        store.update(tid, mid, rules.PENDING_FETCH, done if retry else {
            **done, "state": rules.REJECTED, "reason": rules.NOT_FETCHED})
        (log.info if retry else log.warning)(
            "media fetch retried" if retry else "media not fetched",
            extra={"tracking_id": tid, "media_id": mid, "source": source, "attempt": n, "error": exc.reason})
        return "retry" if retry else "gave_up"
    out = attachments.complete_fetch(tid, mid, data, rules.sniff(data) or "", store)
    state = (out or {}).get("state", "gone")
    log.info("media fetched", extra={"tracking_id": tid, "media_id": mid, "source": source, "state": state})
    return state


def send(msg: dict, delay: int = 0) -> None:
    """Put a fetch message on the fetches queue (``delay``: seconds before it may be received)."""
    client("sqs").send_message(QueueUrl=config.queue_url("fetches"), MessageBody=json.dumps(msg), DelaySeconds=delay)


def handle_body(body: str) -> str:
    """One fetches-queue message. Raises if it is not a fetch message (the queue's DLQ keeps it)."""
    msg = json.loads(body)
    if not isinstance(msg, dict) or msg.get("kind") not in FETCH_KINDS:
        raise ValueError("not a fetch message")
    return fetch(msg)


def handle_batch(event) -> dict:
    """Lambda SQS batch → partial batch response; one bad message never fails the others."""
    return batch_records.process("sqs", event, lambda record: handle_body(record.body or ""))
