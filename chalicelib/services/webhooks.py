"""What the agency webhook API does; views in chalicelib/api/agency.py call these."""
from __future__ import annotations

import re
import time
from datetime import datetime, timezone

from chalicelib import config
from chalicelib.adapters import webhook_signing as signing
from chalicelib.adapters import webhook_urls as urls
from chalicelib.adapters.webhook_store import WebhookStore, new_webhook_id, public_delivery, public_webhook
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.identifiers import new_event_id
from chalicelib.domain.refusals import Invalid, NotFound
from chalicelib.services import webhook_delivery as delivery

MAX_SUBSCRIPTIONS = 10


class WebhookNotFound(NotFound):
    def __init__(self, webhook_id: str = "") -> None:
        super().__init__()
        self.webhook_id = webhook_id


_WEBHOOK_ID = re.compile(r"^wh_[0-9a-f]{16}$")
_DELIVERY_ID = re.compile(r"^dlv_[0-9]{20}[0-9a-f]{8}$")


def _valid_webhook_id(value: str | None) -> bool:
    return bool(value) and bool(_WEBHOOK_ID.match(value))


class TooManyWebhooks(Invalid):
    def __init__(self, agency_id: str = "") -> None:
        super().__init__("too_many_webhooks")
        self.agency_id = agency_id


def register(agency_id: str, url: str, events: list[str], description: str | None = None,
             store: WebhookStore | None = None) -> dict:
    """Create a subscription; the response is the only time the secret is shown. Raises UrlRejected."""
    store = store or WebhookStore()
    urls.check(url, config.stage())
    if len(store.list(agency_id)) >= MAX_SUBSCRIPTIONS:
        raise TooManyWebhooks(agency_id)

    sub = {"webhook_id": new_webhook_id(), "agency_id": agency_id, "url": url,
           "events": sorted(set(events)), "description": description, "secret": signing.new_secret(),
           "active": True, "created_at": iso(utcnow())}
    store.put(sub)
    return {**public_webhook(sub), "secret": sub["secret"]}


def list_for(agency_id: str, store: WebhookStore | None = None) -> list[dict]:
    return [public_webhook(s) for s in (store or WebhookStore()).list(agency_id)]


def _get(agency_id: str, webhook_id: str, store: WebhookStore) -> dict:
    sub = store.get(agency_id, webhook_id) if _valid_webhook_id(webhook_id) else None
    if sub is None:
        raise WebhookNotFound(webhook_id)
    return sub


def delete(agency_id: str, webhook_id: str, store: WebhookStore | None = None) -> None:
    store = store or WebhookStore()
    if not _valid_webhook_id(webhook_id) or not store.delete(agency_id, webhook_id):
        raise WebhookNotFound(webhook_id)


def rotate_secret(agency_id: str, webhook_id: str, store: WebhookStore | None = None) -> dict:
    """New secret now.  The old one keeps co-signing deliveries for 24 h so receivers can switch, but no longer
    authenticates the agency's callbacks: a secret rotated because it leaked must not keep acting for it."""
    store = store or WebhookStore()
    sub = _get(agency_id, webhook_id, store)
    sub.update(previous_secret=sub["secret"], previous_valid_until=int(time.time()) + delivery.ROTATION_GRACE_SECONDS,
               secret=signing.new_secret(), rotated_at=iso(utcnow()))
    store.put(sub)
    return {**public_webhook(sub), "secret": sub["secret"],
            "previous_secret_valid_until": iso(datetime.fromtimestamp(sub["previous_valid_until"], tz=timezone.utc))}


def send_test(agency_id: str, webhook_id: str, store: WebhookStore | None = None) -> dict:
    """Deliver a ``webhook.test`` event once, synchronously, and report what the receiver said."""
    store = store or WebhookStore()
    sub = _get(agency_id, webhook_id, store)
    event = {"event_id": new_event_id(), "type": "webhook.test", "occurred_at": iso(utcnow()),
             "agency_id": agency_id, "tracking_id": None,
             "data": {"message": "Uji webhook Salur / Salur webhook test", "webhook_id": webhook_id}}
    record = delivery.attempt(delivery.attempt_message(event, sub), store, manual=True)
    return public_delivery(record)


def deliveries(agency_id: str, limit: int, cursor: str | None, webhook_id: str | None = None,
               store: WebhookStore | None = None) -> tuple[list[dict], str | None]:
    items, nxt = (store or WebhookStore()).deliveries(agency_id, limit, cursor, webhook_id)
    return [public_delivery(i) for i in items], nxt


def redeliver(agency_id: str, delivery_id: str, store: WebhookStore | None = None) -> dict:
    """Queue the same message (same webhook-id, so receivers can dedupe) as a fresh first attempt."""
    store = store or WebhookStore()
    item = store.get_delivery(agency_id, delivery_id) if _DELIVERY_ID.match(delivery_id or "") else None
    if item is None or not item.get("body"):
        raise WebhookNotFound(delivery_id)
    _get(agency_id, item["webhook_id"], store)
    msg = {"kind": delivery.ATTEMPT_KIND, "agency_id": agency_id, "webhook_id": item["webhook_id"],
           "msg_id": item["msg_id"], "event_id": item.get("event_id"), "event_type": item.get("event_type"),
           "tracking_id": item.get("tracking_id"), "body": item["body"], "attempt": 1, "manual": True}
    delivery.enqueue(msg)
    return {"queued": True, "delivery_id": delivery_id, "webhook_id": item["webhook_id"], "msg_id": item["msg_id"]}


# -- inbound: agency systems calling back, signed with their webhook secret -------------------
class CallbackRejected(Exception):
    """code: unauthorized (bad/missing signature, unknown agency or webhook, stale) | replayed."""
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def verify_callback(agency_id: str, webhook_id: str | None, body: str, headers: dict,
                    store: WebhookStore | None = None, now: float | None = None) -> str:
    """Verify a signed call from ``agency_id``'s system; returns the webhook id whose secret matched."""
    store = store or WebhookStore()
    now = now or time.time()
    if webhook_id:
        sub = store.get(agency_id, webhook_id) if _valid_webhook_id(webhook_id) else None
        subs = [sub] if sub else []
    else:
        subs = store.list(agency_id)
    subs = [s for s in subs if s.get("active", True)]
    if not subs:
        raise CallbackRejected("unauthorized", "no_secret")
    matched = None
    last = "bad_signature"
    for sub in subs:
        try:
            signing.verify([sub["secret"]], body, headers, now)  # callbacks: the current secret only
            matched = sub
            break
        except signing.SignatureError as exc:
            last = exc.code
            if exc.code != "bad_signature":
                break  # header/timestamp problems are the same for every secret
    if matched is None:
        raise CallbackRejected("unauthorized", last)
    msg_id = {k.lower(): v for k, v in headers.items()}["webhook-id"]
    if not store.remember_message(agency_id, msg_id, now):
        raise CallbackRejected("replayed", "replayed")
    return matched["webhook_id"]
