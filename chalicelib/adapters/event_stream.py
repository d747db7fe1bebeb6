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
TRANSPORT_FIELDS = ("events", "snapshot", "agency_id", "private")


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


def messages_of(item: dict) -> list[dict]:
    """The domain events of a stored timeline item (the same dicts the transition produced)."""
    out = []
    data = item.get("data") or {}
    for i, name in enumerate(item.get("events") or ()):
        msg = {"event_id": f"{item['event_id']}.{i}", "type": name, "tracking_id": item.get("tracking_id"),
               "occurred_at": item.get("at"), "agency_id": item.get("agency_id"),
               "data": {"case": item.get("snapshot") or {}, "action": item.get("action"), "role": item.get("role"),
                        "message": item.get("public_message"), **data}}
        if i == 0 and item.get("private"):
            msg["private"] = item["private"]
        out.append(msg)
    return out


def record_item(record: dict) -> dict | None:
    """The new image of a stream record that inserted a timeline item (others: None)."""
    if record.get("eventName") != "INSERT":
        return None
    image = from_item(((record.get("dynamodb") or {}).get("NewImage")) or None)
    if not image or not str(image.get("SK", "")).startswith("EV#"):
        return None
    return image


def record_messages(record: Any) -> list[dict]:
    """Domain events carried by one stream record (a dict, or a Powertools record with ``raw_event``)."""
    raw = getattr(record, "raw_event", record)
    item = record_item(raw)
    return messages_of(item) if item else []


def batch_messages(records: Iterable[Any]) -> list[dict]:
    return [m for r in records for m in record_messages(r)]
