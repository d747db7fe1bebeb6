"""The overdue sweep and the escalation worker: how a late case moves up the ladder.

``sweep`` Queries the sparse DueDate index for deadlines before "now" (its cost grows
with the number of overdue cases, never with the table) and enqueues one message per
case.  ``handle`` applies what the lifecycle says an overdue case needs (escalate,
auto-complete, close, expire a silent info request).  A message names the deadline it
saw; if the case has since moved on (a duplicate, a re-delivery, a later sweep), the
deadline no longer matches and the message is dropped, and the version-conditioned
write makes a lost race harmless: nothing escalates twice.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime

from chalicelib import config
from chalicelib.adapters import batch_records
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.complaint_repository import DUE_SHARDS, ComplaintRepository
from chalicelib.domain import lifecycle
from chalicelib.domain.clock import iso, parse, utcnow
from chalicelib.domain.refusals import StaleVersion
from chalicelib.services import cases

log = logging.getLogger("salur.sweeper")


def sweep(now: datetime | None = None, repo: ComplaintRepository | None = None) -> dict:
    """Enqueue every case whose deadline passed before ``now``; returns counts and read capacity."""
    repo = repo or ComplaintRepository()
    now = now or utcnow()
    now_iso = iso(now)
    sqs = client("sqs")
    url = config.queue_url("escalations")
    found, queries, capacity = 0, 0, 0.0
    for shard in range(DUE_SHARDS):
        cursor = None
        while True:
            entries, cursor, cu = repo.due_entries(shard, now_iso, cursor)
            queries += 1
            capacity += cu or 0
            batch = [{"Id": str(i), "MessageBody": json.dumps({"tracking_id": tid, "due_at": due, "now": now_iso})}
                     for i, (tid, due) in enumerate(entries)]
            for i in range(0, len(batch), 10):
                sqs.send_message_batch(QueueUrl=url, Entries=batch[i:i + 10])
            found += len(batch)
            if not cursor:
                break
    log.info("sweep done", extra={"overdue": found, "queries": queries})
    return {"overdue": found, "queries": queries, "read_capacity_units": capacity}


def handle(body: str, repo: ComplaintRepository | None = None) -> str:
    """Process one escalation message; returns what happened. Raises on a message that must be retried."""
    msg = json.loads(body)
    tid, seen_due, now = msg["tracking_id"], msg["due_at"], parse(msg["now"])
    repo = repo or ComplaintRepository()
    case = repo.get(tid)
    if case is None or case.get("due_at") != seen_due:
        return "stale"
    state = cases.to_state(case)
    action = lifecycle.overdue_action(state)
    if action is None or not lifecycle.is_overdue(state, now):
        return "not_due"
    try:
        cases.transition(tid, action, "system", now=now, expected_version=state.version, repo=repo, case=case,
                         actor={"system": "sweeper"})
    except StaleVersion:
        return "stale"  # someone acted first; the next sweep sees the new deadline
    except lifecycle.TransitionError as exc:
        log.warning("overdue action refused", extra={"tracking_id": tid, "action": action, "code": exc.code})
        return "refused"
    return action


def handle_batch(event) -> dict:
    """SQS partial batch response: only the messages that failed go back to the queue."""
    repo = ComplaintRepository()

    def one(record) -> None:
        try:
            handle(record.body, repo)
        except Exception:  # noqa: BLE001 - one bad message fails alone; redrive takes poison to the DLQ
            log.exception("escalation message failed", extra={"message_id": record.message_id})
            raise

    return batch_records.process("sqs", event, one)
