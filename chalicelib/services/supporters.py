"""Follow a public report instead of filing it again: a supporter subscribes by e-mail, confirms the address
with the code Salur sends there (the only message an unconfirmed address ever gets: the contact-confirmation
rule of ``domain.notification_plan``), and then hears when the agency answers or completes the report.

The confirmation request leaves through the notifications queue like every other message (claimed once per
(event, address), rate-limited per address and per source: ``confirmations_per_contact``/``_per_source``).
"""
from __future__ import annotations

import hmac
import json

from chalicelib import config
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.supporter_store import SupporterStore
from chalicelib.domain.case_views import listed_publicly
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.contacts import confirmation_code, source_key
from chalicelib.domain.identifiers import normalize_code
from chalicelib.domain.refusals import NotFound
from chalicelib.services import abuse_guard
from chalicelib.services.reporter_access import case_for_caller

#: the confirmation code's "channel": a supporter's code never confirms a reporter contact, nor the reverse
CODE_CHANNEL = "supporter-email"


def follow(tracking_id: str, email: str, lang: str, source: str | None,
           store: SupporterStore | None = None) -> dict:
    """Subscribe ``email`` to a public report; queues one confirmation request (at most one a day per
    address and report: the event id carries the day)."""
    store = store or SupporterStore()
    case, _private = case_for_caller(tracking_id, None, source=source)
    if not listed_publicly(case):
        raise NotFound()
    now = utcnow()
    record = store.add(case["tracking_id"], email.strip().lower(), lang, iso(now))
    if not record.get("confirmed"):
        message = {"event_id": f"supporter.{case['tracking_id']}.{record['contact']}.{now.date().isoformat()}",
                   "type": "salur.supporter_confirm", "tracking_id": case["tracking_id"], "occurred_at": iso(now),
                   "agency_id": case.get("agency_id"), "data": {"contact": record["contact"]},
                   "source_key": source_key("ip", source) if source else None}
        url = config.queue_url("notifications")
        if url:
            client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps(message))
    return {"tracking_id": case["tracking_id"], "confirmed": bool(record.get("confirmed"))}


def confirm(tracking_id: str, email: str, code: str | None, source: str | None,
            store: SupporterStore | None = None) -> dict:
    """The address's holder sends the code: from now on they hear about the report.  NotFound for a wrong
    code or address alike (guesses limited per case and source, like access codes)."""
    from chalicelib.adapters.notification_store import contact_hash

    store = store or SupporterStore()
    case, _private = case_for_caller(tracking_id, None, source=source)
    tid = case["tracking_id"]
    abuse_guard.guess_blocked(tid, source)
    address = email.strip().lower()
    record = store.get(tid, contact_hash(address))
    expected = normalize_code(confirmation_code(tid, CODE_CHANNEL, address))
    if not hmac.compare_digest(expected, normalize_code(code)) or record is None:
        abuse_guard.guess_failed(tid, source)
        raise NotFound()
    store.confirm(tid, record["contact"], iso(utcnow()), case.get("agency_id"))
    return {"tracking_id": tid, "confirmed": True, "supporters": store.count(tid)}
