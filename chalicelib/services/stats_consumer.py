"""The stats consumer (the complaints table's stream): counts every domain event once, emits its metrics; and the reconcile that
recomputes counters from stored timelines (``make stats-reconcile``).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, Iterable

from chalicelib.adapters import batch_records
from chalicelib.adapters import observability as obs
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.event_stream import inserted_image, record_messages
from chalicelib.adapters.stats_store import StatsStore
from chalicelib.domain.stats_rules import (NOT_FROM_TIMELINES, counter_deltas, needs_case, needs_timeline, num,
                                           parse_ts, replay_messages, response_facts, supporter_event)

log = logging.getLogger("salur.stats")


def _context_for(msg: dict, repo, cache: dict) -> tuple[list | None, dict | None]:
    tid = msg.get("tracking_id")
    timeline = case = None
    if tid and needs_timeline(msg):
        if ("tl", tid) not in cache:
            cache[("tl", tid)] = repo.timeline(tid)
        timeline = cache[("tl", tid)]
    if tid and needs_case(msg):
        if ("case", tid) not in cache:
            cache[("case", tid)] = repo.get(tid, consistent=False)
        case = cache[("case", tid)]
    return timeline, case


def handle_message(msg: dict, store: StatsStore | None = None, repo=None, cache: dict | None = None) -> bool:
    """Count one event from the stream; emits its operational metrics when first counted."""
    store = store or StatsStore()
    repo = repo or ComplaintRepository()
    timeline, case = _context_for(msg, repo, {} if cache is None else cache)
    counted = store.record(msg, timeline, case)
    if counted:
        try:
            emit_metrics(msg, timeline, case)
        except Exception:  # noqa: BLE001 - the event is counted; a metric must not make SQS retry it

            log.warning("metrics not emitted", extra={"type": msg.get("type")})
    return counted


def emit_metrics(msg: dict, timeline=None, case=None) -> None:
    """EMF metrics for an event (flushed by the observability middleware per invocation)."""
    etype = msg.get("type")
    data = msg.get("data") or {}
    snap = data.get("case") or {}
    if etype == "complaint.submitted":
        obs.metric("ComplaintsReceived", 1, Channel=data.get("channel") or snap.get("channel") or "web",
                   Kind=data.get("kind") or snap.get("kind") or "complaint")
    elif needs_case(msg):
        obs.metric("Routed", 1)
        obs.metric("AutoRouted", 1 if data.get("action") == "route_auto" else 0)
        confidence = ((case or {}).get("routing") or {}).get("confidence")
        if confidence is not None:
            obs.metric("RoutingConfidence", float(confidence), unit="None")
    elif etype == "complaint.assigned" and data.get("action") == "dispose":
        created, at = parse_ts(snap.get("created_at")), parse_ts(msg.get("occurred_at"))
        if created and at:
            obs.metric("VerificationWaitHours", round((at - created).total_seconds() / 3600, 2), unit="None")
    elif etype == "complaint.escalated":
        level = str(data.get("level") or "")
        obs.metric("Escalations", 1, Level=level)
        obs.metric("SlaBreaches", 1)  # service-level total (alarmed on in infra/cloud.json)
        obs.metric("SlaBreaches", 1, Agency=data.get("breached_agency_id") or "verification", Level=level)
    elif etype == "complaint.responded":
        on_time, _first, _ = response_facts(msg, timeline or [])
        obs.metric("ResponsesLate", 0 if on_time else 1)


def handle_stream(event) -> dict:
    """Stream batch (timeline items carrying counted events) → counters, applied once per batch.

    Each record's events are read with their context one by one (a record that cannot be counted fails
    alone); then the whole batch is counted in one transaction (``StatsStore.record_batch``).  If that fails,
    every record is reported failed and the stream delivers them again: the event markers drop what had been
    counted."""
    store = StatsStore()
    repo = ComplaintRepository()
    cache: dict = {}
    pending: list[tuple[str, dict, Any, Any]] = []

    def collect(record) -> None:
        supporter = supporter_event(inserted_image(record.raw_event, "SUP#", "MODIFY"))
        for msg in record_messages(record) or ([supporter] if supporter else []):
            timeline, case = _context_for(msg, repo, cache)
            counter_deltas(msg, timeline, case)  # an event that cannot be counted fails its record here
            pending.append((record.dynamodb.sequence_number, msg, timeline, case))

    response = batch_records.process("stream", event, collect)
    if not pending:
        return response
    try:
        counted = store.record_batch([(msg, timeline, case) for _seq, msg, timeline, case in pending])
    except Exception:  # noqa: BLE001 - the whole batch again, later
        log.exception("stats batch not counted", extra={"events": len(pending)})
        failed = {f["itemIdentifier"] for f in response["batchItemFailures"]} | {seq for seq, *_ in pending}
        return {"batchItemFailures": [{"itemIdentifier": s} for s in sorted(failed, key=int)]}
    contexts = {msg["event_id"]: (timeline, case) for _seq, msg, timeline, case in pending}
    for msg in counted:
        try:
            emit_metrics(msg, *contexts[msg["event_id"]])
        except Exception:  # noqa: BLE001 - the event is counted; a metric must not make the stream retry it
            log.warning("metrics not emitted", extra={"type": msg.get("type")})
    log.info("stats batch", extra={"events": len(pending), "counted": len(counted)})
    return response


def recompute(tracking_ids: Iterable[str], repo=None) -> dict[tuple[str, str], dict[str, Any]]:
    """Counters recomputed from the stored timelines of ``tracking_ids``."""
    repo = repo or ComplaintRepository()
    total: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for tid in tracking_ids:
        case = repo.get(tid)
        if case is None:
            continue
        timeline = repo.timeline(tid)
        for msg in replay_messages(case, timeline):
            for k, deltas in counter_deltas(msg, timeline, case).items():
                for attr, delta in deltas.items():
                    total[k][attr] += delta
    return {k: dict(v) for k, v in total.items()}


def diff(expected: dict[tuple[str, str], dict], store: StatsStore) -> dict[str, dict]:
    """Differences between recomputed and live counters for the items recomputed."""
    out: dict[str, dict] = {}
    for (period, dim), counters in sorted(expected.items()):
        live = store.item(period, dim)
        keys = (set(counters) | set(live)) - NOT_FROM_TIMELINES
        d = {k: {"expected": num(counters.get(k, 0)), "live": num(live.get(k, 0))} for k in sorted(keys)
             if float(num(counters.get(k, 0))) != float(num(live.get(k, 0)))}
        if d:
            out[f"{period}/{dim}"] = d
    return out


