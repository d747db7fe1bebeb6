"""Delivering webhooks: fan-out of stream events, HTTP POST, retries on the deliveries queue, DLQ.

Each domain event from the complaints stream (``services/event_consumer.py``) fans out to the matching
subscriptions of the case's agency (and, for ``complaint.transferred``, of the agency it came from).  The first
attempt runs right away; a failed attempt enqueues an *attempt message* on the deliveries
queue with ``DelaySeconds = min(900, 2**n * base)`` until ``MAX_ATTEMPTS``, then the attempt
message goes to the deliveries DLQ.  Every try is signed afresh (new timestamp) but keeps a
stable ``webhook-id`` per (event, endpoint), so delivery is at-least-once and receivers
deduplicate on that id.  Records are handled one by one and reported through
``batchItemFailures``: a message that cannot be processed (poison, table down) fails alone
and reaches the DLQ by the queue's redrive policy.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Iterable

from chalicelib import config
from chalicelib.adapters import batch_records, webhook_http
from chalicelib.adapters import webhook_signing as signing
from chalicelib.adapters import webhook_urls as urls
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.dynamo import write_after_effect
from chalicelib.adapters.webhook_store import WebhookStore, new_delivery_id
from chalicelib.services import media_fetches

log = logging.getLogger("salur.webhooks")

MAX_ATTEMPTS = 8
ATTEMPT_KIND = "webhook_attempt"
USER_AGENT = "Salur-Webhooks/1.0"
ROTATION_GRACE_SECONDS = 24 * 3600


def retry_base_seconds() -> float:
    return float(config.env("WEBHOOK_RETRY_BASE_SECONDS", "5"))


def timeout_seconds() -> float:
    return float(config.env("WEBHOOK_TIMEOUT_SECONDS", "5"))


def retry_delay(attempt: int) -> int:
    """Delay before attempt ``attempt + 1``: 10 s, 20 s, 40 s ... capped at SQS's 900 s."""
    return int(min(900, (2 ** attempt) * retry_base_seconds()))


def signing_secrets(sub: dict, now: float) -> list[str]:
    """The current secret, plus the previous one while a rotation's grace period runs."""
    out = [sub["secret"]]
    if sub.get("previous_secret") and float(sub.get("previous_valid_until") or 0) > now:
        out.append(sub["previous_secret"])
    return out


def attempt_message(event: dict, sub: dict, attempt: int = 1) -> dict:
    body = signing.body_text(signing.payload(event))
    return {"kind": ATTEMPT_KIND, "agency_id": sub["agency_id"], "webhook_id": sub["webhook_id"],
            "msg_id": signing.message_id(event.get("event_id") or "", sub["webhook_id"]),
            "event_id": event.get("event_id"), "event_type": event.get("type"),
            "tracking_id": event.get("tracking_id"), "body": body, "attempt": attempt}


def attempt(msg: dict, store: WebhookStore | None = None, manual: bool = False, sub: dict | None = None) -> dict:
    """Try one delivery and log it; returns the delivery record (``ok`` tells success).

    ``sub``: the subscription when the caller has just read it (fan-out); retries re-read it, so a
    deleted endpoint or a rotated secret takes effect on the next try."""
    store = store or WebhookStore()
    now = time.time()
    record = {"delivery_id": new_delivery_id(now), "agency_id": msg["agency_id"], "webhook_id": msg["webhook_id"],
              "msg_id": msg["msg_id"], "event_id": msg.get("event_id"), "event_type": msg.get("event_type"),
              "tracking_id": msg.get("tracking_id"), "attempt": int(msg.get("attempt") or 1),
              "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)), "body": msg["body"],
              "manual": manual or None, "status_code": None, "latency_ms": 0, "ok": False, "error": None}
    if sub is None:
        sub = store.get(msg["agency_id"], msg["webhook_id"])
    if sub is None or not sub.get("active", True):
        record.update(error="endpoint_removed", final=True)
        store.log_attempt(record, now)
        return record
    record["url"] = sub["url"]
    try:  # resolved once; the POST connects to exactly this checked address
        target = urls.resolve_target(sub["url"], config.stage())
    except urls.UrlRejected as exc:
        record["error"] = f"url_rejected:{exc.reason}"
        store.log_attempt(record, now)
        return record
    ts = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               **signing.sign_headers(signing_secrets(sub, now), msg["msg_id"], ts, msg["body"])}
    status, latency, error = webhook_http.http_post(target, msg["body"], headers, timeout_seconds())
    record.update(status_code=status, latency_ms=latency, error=error, ok=error is None)
    if not record["ok"]:
        store.log_attempt(record, now)  # a refusal here fails the message: SQS retries the attempt, no harm
    elif not write_after_effect(lambda: store.log_attempt(record, now)):
        # delivered: the message must not fail now (its retry would POST the event again)
        log.warning("webhook delivered but not logged", extra={"agency_id": msg["agency_id"],
                                                               "webhook_id": msg["webhook_id"]})
    log.info("webhook attempt", extra={"agency_id": msg["agency_id"], "webhook_id": msg["webhook_id"],
                                       "event_type": msg.get("event_type"), "attempt": record["attempt"],
                                       "status_code": status, "latency_ms": latency, "error": error})
    return record


def schedule_retry(msg: dict) -> str:
    """Re-enqueue the next attempt with backoff, or park it on the DLQ after the last; returns where."""
    sqs = client("sqs")
    n = int(msg.get("attempt") or 1)
    if n >= MAX_ATTEMPTS:
        sqs.send_message(QueueUrl=config.env("DELIVERIES_DLQ_URL"),
                         MessageBody=json.dumps({**msg, "gave_up_at": int(time.time())}, ensure_ascii=False))
        log.warning("webhook gave up", extra={"agency_id": msg["agency_id"], "webhook_id": msg["webhook_id"],
                                              "event_type": msg.get("event_type"), "attempts": n})
        return "dlq"
    sqs.send_message(QueueUrl=config.queue_url("deliveries"),
                     MessageBody=json.dumps({**msg, "attempt": n + 1}, ensure_ascii=False),
                     DelaySeconds=retry_delay(n))
    return "retry"


def enqueue(msg: dict, delay: int = 0) -> None:
    client("sqs").send_message(QueueUrl=config.queue_url("deliveries"),
                               MessageBody=json.dumps(msg, ensure_ascii=False), DelaySeconds=delay)


def target_agencies(event: dict) -> list[str]:
    out = [event.get("agency_id")]
    if event.get("type") == "complaint.transferred":
        out.append((event.get("data") or {}).get("from_agency_id"))
    if event.get("type") in ("complaint.escalated", "complaint.referred", "complaint.appealed"):
        out.append((event.get("data") or {}).get("handler_agency_id"))  # the new owner hears it too
    seen: list[str] = []
    for a in out:
        if a and a not in seen:
            seen.append(a)
    return seen


def subscriptions_for(event: dict, store: WebhookStore, cache: dict | None = None) -> Iterable[dict]:
    """Matching active subscriptions; ``cache`` (one per batch) saves re-reading an agency's list."""
    cache = {} if cache is None else cache
    for agency_id in target_agencies(event):
        if agency_id not in cache:
            cache[agency_id] = store.list(agency_id)
        for sub in cache[agency_id]:
            if sub.get("active", True) and event.get("type") in (sub.get("events") or ()):
                yield sub


def process_attempt(msg: dict, store: WebhookStore, sub: dict | None = None) -> str:
    if attempt(msg, store, sub=sub)["ok"]:
        return "delivered"
    return schedule_retry(msg)


def fan_out(event: dict, store: WebhookStore, cache: dict | None = None) -> list[str]:
    """A domain event from the stream → a first attempt per matching subscription, each made once.

    The hand-off marker is written after the attempt (delivered, or its retry queued): a crash in between
    re-posts the same ``webhook-id`` (at-least-once; receivers deduplicate), never loses the delivery."""
    out = []
    for sub in subscriptions_for(event, store, cache):
        msg = attempt_message(event, sub)
        if store.handed_off(msg["msg_id"]):
            out.append("already")
            continue
        out.append(process_attempt(msg, store, sub))
        store.mark_handed_off(msg["msg_id"])
    return out


def handle_body(body: str, store: WebhookStore | None = None, cache: dict | None = None) -> list[str]:
    """One deliveries-queue message: an attempt to (re)try, or a domain event to fan out. Raises if unprocessable."""
    store = store or WebhookStore()
    msg = json.loads(body)
    if isinstance(msg, dict) and msg.get("kind") in media_fetches.FETCH_KINDS:  # queued here before the fetches queue
        return [media_fetches.fetch(msg)]
    if not isinstance(msg, dict) or not msg.get("type") and msg.get("kind") != ATTEMPT_KIND:
        raise ValueError("not a domain event or delivery attempt")
    if msg.get("kind") == ATTEMPT_KIND:
        return [process_attempt(msg, store)]
    return fan_out(msg, store, cache)


def handle_batch(event) -> dict:
    """Lambda SQS batch → partial batch response; one bad message never fails the others."""
    store = WebhookStore()
    cache: dict = {}

    def one(record) -> None:
        try:
            handle_body(record.body or "", store, cache)
        except Exception as exc:  # noqa: BLE001 - reported per message; SQS retries, then the DLQ
            log.warning("delivery message failed", extra={"message_id": record.message_id,
                                                          "error": type(exc).__name__})
            raise

    return batch_records.process("sqs", event, one)
