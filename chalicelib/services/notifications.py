"""Notifications: what each domain event tells whom (``deliver``), for the stream consumer
(``services/event_consumer.py``) and the ``notifications`` queue of the daily 'deadline tomorrow' reminder.

At-least-once in, exactly-once out per (event, recipient): each send is claimed in
DynamoDB first (its limits counted just before: a message over one is recorded by its claim
alone, written final) and marked sent after; a failed send releases its claim and the event
is reported as a batch item failure, so it is retried and finally dead-lettered.
A send the provider accepted never fails its event: the mark is retried in-process and,
should DynamoDB still refuse, the claim's lease (longer than every redelivery of the
event: ``config.redelivery_window_seconds``) keeps any retry from sending it again.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from chalicelib import config
from chalicelib.adapters import batch_records
from chalicelib.adapters import message_senders as senders
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.complaint_repository import DUE_SHARDS, ComplaintRepository
from chalicelib.adapters.contact_store import ContactStore
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.adapters.supporter_store import SupporterStore
from chalicelib.domain import notification_plan as planner
from chalicelib.domain import notification_templates as templates
from chalicelib.domain.clock import iso, parse, utcnow
from chalicelib.services import abuse_guard, area_alerts, contact_confirmation
from chalicelib.services.cases import snapshot

log = logging.getLogger("salur.notify")


class SendFailed(Exception):
    pass


def deliver(message: dict, repo=None, store: NotificationStore | None = None) -> dict:
    """Send every notification one event calls for; raises SendFailed if any could not be sent."""
    repo = repo or ComplaintRepository()
    store = store or NotificationStore()
    wanted = planner.needs_case(message) or area_alerts.wants_case(message)  # reporter, supporters, area feed
    case, confirmed = ContactStore(repo.table).case_and_confirmed(message["tracking_id"]) \
        if message.get("tracking_id") and wanted else (None, set())  # one read: the case and its proved contacts
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    area_alerts.record(message, case)  # issue 16: the day's news of the report's areas (idempotent)
    case = contact_confirmation.with_verified_contacts(case, confirmed=confirmed)  # issue 17: which are proved
    supporters = SupporterStore().confirmed_or_named(case["tracking_id"], message) \
        if case and planner.wants_supporters(message) else []
    for note in planner.plan(message, case, supporters, sent_at=iso(utcnow())):
        if note["audience"] in ("reporter", "supporter") and \
                store.opted_out(message.get("tracking_id"), note["address"]):
            counts["skipped"] += 1
            continue
        # -- issue 17: per contact, source and channel limits (services/abuse_guard.py), counted before the claim so
        # that a message over a limit is recorded by one write (its claim, already final), not a claim and its mark
        gate = abuse_guard.gate(note) if note.get("limits") else "send"
        if gate == "defer":  # over the channel's budget: nothing claimed, the queue retries the message later
            counts["failed"] += 1
            continue
        claimed = False
        try:
            claimed = store.claim(message["event_id"], note["channel"], note["address"],
                                  outcome="rate-limited" if gate == "skip" else None)
        finally:
            if not claimed and gate == "send" and note.get("limits"):
                abuse_guard.refund(note)  # refused or raised: this try sends nothing, what it counted is given back
        if not claimed:
            # already sent (a redelivered message): done.  Otherwise another try holds the lease — it is sending
            # right now, or it sent and could not mark it, or it crashed: never send it here; the message is
            # retried and, if the claim is still unmarked after every redelivery, parked on the DLQ for a look
            sent = store.is_sent(message["event_id"], note["channel"], note["address"])
            counts["skipped" if sent else "failed"] += 1
            continue
        if gate == "skip":  # over a contact's or source's limit: recorded as done, this message is never sent
            counts["skipped"] += 1
            continue
        # -- end issue 17 -----------------------------------------------------------------------------
        content = templates.render(note["template"], note["lang"], note["ctx"])
        try:
            if note["channel"] == "email":
                provider_id = senders.send_email(note["address"], content["subject"], content["text"], content["html"])
            else:
                provider_id = senders.send_sms(note["address"], content["sms"])
        except Exception:  # noqa: BLE001 - any provider error: retry later through SQS
            store.release(message["event_id"], note["channel"], note["address"])
            abuse_guard.refund(note)  # issue 17: a message not sent costs no contact its limit
            counts["failed"] += 1
            log.warning("notification send failed", extra={"event_id": message.get("event_id"),
                                                           "channel": note["channel"], "template": note["template"],
                                                           "tracking_id": message.get("tracking_id")})
            continue
        # the provider accepted: the message must not fail now (a retry would send it again)
        if not store.confirm_sent(message["event_id"], note["channel"], note["address"], provider_id):
            log.warning("notification sent but not marked", extra={"event_id": message.get("event_id"),
                                                                  "channel": note["channel"]})
        counts["sent"] += 1
    if counts["failed"]:
        raise SendFailed(message.get("event_id"))
    return counts


def handle_batch(event) -> dict:
    """Notifications-queue handler body (the daily reminders): report only the failed messages."""

    def one(record) -> None:
        try:
            message = json.loads(record.body)
            if not isinstance(message, dict) or "event_id" not in message:
                raise ValueError("not a Salur event")  # kept for inspection: retried, then dead-lettered
            deliver(message)
        except Exception:  # noqa: BLE001 - retried by SQS, then dead-lettered
            log.warning("notification message failed", extra={"message_id": record.message_id})
            raise

    return batch_records.process("sqs", event, one)


REMINDER_STATUSES = ("assigned", "in_progress", "reopened")
REMINDER_SCHEDULE = "remind_due_tomorrow"
#: a run announces the deadlines in [now + 16 h, now + 40 h): run at 01:00 UTC (08:00 WIB), that is tomorrow
REMINDER_FROM, REMINDER_UNTIL = timedelta(hours=16), timedelta(hours=40)


def reminder_window(now: datetime, watermark: str | None) -> tuple[str, str]:
    """The deadlines one run announces: up to ``now + 40 h``, from where the last successful run stopped.

    Consecutive daily runs tile ([now+16h, now+40h) each); a day whose run failed every retry left its window
    unannounced, so the next run starts at the stored watermark instead — bounded by ``now``: a deadline already
    passed is the escalation sweep's business, so one run covers at most 40 hours.  Overlaps (a retried or
    replayed run) announce nothing twice: the event id is stable per (case, deadline) and sends are claimed."""
    lo, hi = now + REMINDER_FROM, now + REMINDER_UNTIL
    if watermark:
        lo = min(lo, max(parse(watermark), now))
    return iso(lo), iso(hi)


def remind_due_tomorrow(now: datetime, repo=None, store: NotificationStore | None = None) -> int:
    """Queue a 'deadline tomorrow' notice for each case due in ``reminder_window``; ``now`` is the schedule
    event's time (a late or retried run acts as of when it was due), never the wall clock."""

    repo = repo or ComplaintRepository()
    store = store or NotificationStore()
    lo, hi = reminder_window(now, store.watermark(REMINDER_SCHEDULE))
    url = config.queue_url("notifications")
    queued = 0
    for shard in range(DUE_SHARDS):
        cursor = None
        while True:
            entries, cursor, _cu = repo.due_entries(shard, hi, cursor, after_iso=lo)
            for tid, due_at in entries:
                case = repo.get(tid, consistent=False)
                if not case or case.get("status") not in REMINDER_STATUSES or case.get("due_at") != due_at:
                    continue

                msg = {"event_id": f"due.{tid}.{due_at}", "type": "salur.due_tomorrow", "tracking_id": tid,
                       "occurred_at": iso(now), "agency_id": case.get("agency_id"),
                       "data": {"case": snapshot(case)}}
                if url:
                    client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps(msg, default=str))
                    queued += 1
            if not cursor:
                break
    if url:
        store.advance_watermark(REMINDER_SCHEDULE, hi)  # only after every notice was queued
    return queued
