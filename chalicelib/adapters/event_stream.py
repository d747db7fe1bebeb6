"""The complaints table's DynamoDB stream as the outbox: a timeline item IS the event.

A state change writes its timeline item in the case's version-conditioned transaction (``complaint_repository``);
the item carries what its domain events need — their types (``events``) and the case snapshot they describe
(``snapshot``) — so the stream's INSERT record of that item is the delivery, and nothing else has to be
written, relayed or deleted.  Lambda's event source mappings (``infra/streams.json``: filters, batching window,
bisect on error, on-failure queue) hand the records to the consumers; locally ``scripts/worker.py`` reads the
stream the same way.

Each domain event keeps the id ``<timeline event_id>.<i>``: the same in every redelivery of the stream record
(and in a reconcile from stored timelines), so exactly-once counters and notification claims key on it.

The reporter's access code travels with the ``complaint.submitted`` item only (``private``) until the
notifications consumer has handled that event and removes it (``forget_private``) — as the outbox item used
to hold it until relayed; timeline views never show it and ``ComplaintRepository.timeline`` drops it.
"""
from __future__ import annotations

from typing import Any, Iterable

from chalicelib.adapters.dynamo import from_item

#: attributes of a timeline item that exist for the stream's consumers only (never part of a timeline view)
TRANSPORT_FIELDS = ("events", "snapshot", "agency_id", "private", "then")


def event_attributes(record: dict, messages: list[dict]) -> dict:
    """What a timeline item carries so that its stream record can be turned back into ``messages``."""
    prefix = f"{record['event_id']}."
    mine = [m for m in messages if str(m.get("event_id", "")).startswith(prefix)]
    if not mine:
        return {}
    attrs: dict[str, Any] = {"events": [m["type"] for m in mine],
                             "snapshot": (mine[0].get("data") or {}).get("case") or {},
                             "agency_id": mine[0].get("agency_id")}
    private = next((m["private"] for m in mine if m.get("private")), None)
    if private:
        attrs["private"] = private
    return attrs


def packed_item(records: list[dict], messages: list[dict]) -> dict:
    """One timeline item for the records one transaction writes (the filing: submitted, then routed).

    The first record is the item; each later one rides in ``then`` with its own events and its snapshot as
    the difference from the first's (the fields the step changed), so one item (one write unit, one stream
    record) carries every fact.  ``steps_of`` and ``messages_of`` turn it back."""
    item = {**records[0], **event_attributes(records[0], messages)}
    base = item.get("snapshot") or {}
    later = []
    for n, record in enumerate(records[1:], 1):
        attrs = event_attributes(record, messages)
        attrs.pop("private", None)  # only the first event carries the access code
        if "snapshot" in attrs:
            snap = attrs["snapshot"]
            attrs["snapshot"] = {k: snap.get(k) for k in set(snap) | set(base) if snap.get(k) != base.get(k)}
            if attrs.get("agency_id") == snap.get("agency_id"):
                attrs.pop("agency_id")  # the events' agency is their case's (``steps_of`` restores it)
        step = {**record, **attrs}
        if step.get("event_id") == step_event_id(item, n):
            step.pop("event_id")
        later.append(step)
    if later:
        item["then"] = later
    return item


def step_event_id(item: dict, n: int) -> str:
    """The timeline event id of the ``n``-th record an item carries (the first is the item's own)."""
    return f"{item['event_id']}-{n}" if n else item["event_id"]


def steps_of(item: dict) -> list[dict]:
    """The timeline records a stored item holds: itself, then those it carries (``then``), snapshots whole."""
    head = {k: v for k, v in item.items() if k != "then"}
    base = head.get("snapshot") or {}
    shared = {k: item[k] for k in ("PK", "SK", "tracking_id") if k in item}
    out = [head]
    for n, stored in enumerate(item.get("then") or (), 1):
        step = {**shared, "event_id": step_event_id(item, n), **stored}
        if "snapshot" in stored:
            step["snapshot"] = {**base, **stored["snapshot"]}
            step.setdefault("agency_id", step["snapshot"].get("agency_id"))
        out.append(step)
    return out


def messages_of(item: dict) -> list[dict]:
    """The domain events of a stored timeline item (the same dicts the transitions produced), numbered
    ``<item event_id>.<i>`` across every step it carries."""
    out: list[dict] = []
    for step in steps_of(item):
        data = step.get("data") or {}
        for name in step.get("events") or ():
            msg = {"event_id": f"{item['event_id']}.{len(out)}", "type": name,
                   "tracking_id": item.get("tracking_id"), "occurred_at": step.get("at"),
                   "agency_id": step.get("agency_id"),
                   "data": {"case": step.get("snapshot") or {}, "action": step.get("action"),
                            "role": step.get("role"), "message": step.get("public_message"), **data}}
            if not out and item.get("private"):
                msg["private"] = item["private"]
            out.append(msg)
    return out


def inserted_image(record: dict, sk_prefix: str, event_name: str = "INSERT") -> dict | None:
    """The new image of a stream record that inserted (``event_name``: or modified) an item whose SK starts
    with ``sk_prefix`` (else None)."""
    if record.get("eventName") != event_name:
        return None
    image = from_item(((record.get("dynamodb") or {}).get("NewImage")) or None)
    if not image or not str(image.get("SK", "")).startswith(sk_prefix):
        return None
    return image


def record_item(record: dict) -> dict | None:
    """The new image of a stream record that inserted a timeline item (others: None)."""
    return inserted_image(record, "EV#")


def record_messages(record: Any) -> list[dict]:
    """Domain events carried by one stream record (a dict, or a Powertools record with ``raw_event``)."""
    raw = getattr(record, "raw_event", record)
    item = record_item(raw)
    return messages_of(item) if item else []


def batch_messages(records: Iterable[Any]) -> list[dict]:
    return [m for r in records for m in record_messages(r)]
