"""Service layer for a case's state changes.

Every change — by a reporter, an agency, a verifier or the system — goes through
``transition``: load the case, ask the lifecycle (pure domain) whether the action is
allowed and what follows, then store the new case and its timeline event — which carries the
domain events the change produced — in one conditional transaction.  The events leave by the
table's stream (``adapters/event_stream.py``).  Handlers never touch the table directly.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain import lifecycle
from chalicelib.domain.clock import iso, parse, utcnow
from chalicelib.domain.directory import get_directory, timezone_label
from chalicelib.domain.identifiers import new_event_id
from chalicelib.domain.refusals import CaseNotFound, StaleVersion

PUBLIC_SNAPSHOT_FIELDS = ("tracking_id", "kind", "title", "status", "agency_id", "agency_name", "due_at",
                          "escalation_level", "owner_agency_id", "owner_role", "channel", "created_at", "updated_at", "province_code",
                          "confidential", "anonymous", "version")


def case_tz(case: dict) -> str:
    """Deadlines end at 23:59 in the time zone of whoever must act."""
    agency = get_directory().agency(case.get("agency_id") or "")
    if agency is not None:
        return agency.timezone
    return timezone_label(case.get("province_code"))


_DATETIME_FIELDS = ("due_at", "settle_by")


def to_state(case: dict) -> lifecycle.CaseState:
    """The lifecycle's view of a stored case (its fields are stored under the same names)."""
    values = {}
    for f in dataclasses.fields(lifecycle.CaseState):
        value = case.get(f.name)
        if f.name in _DATETIME_FIELDS:
            value = parse(value)
        elif f.name in ("escalation_level", "reopen_count", "version"):
            value = int(value or 0)
        elif f.name in ("info_extension_used", "appealed"):
            value = bool(value)
        values[f.name] = value
    return lifecycle.CaseState(**values)


def merge_state(case: dict, state: lifecycle.CaseState, now: datetime) -> dict:
    new = dict(case)
    for f in dataclasses.fields(state):
        value = getattr(state, f.name)
        new[f.name] = iso(value) if f.name in _DATETIME_FIELDS else value
    new["updated_at"] = iso(now)
    if state.status in (lifecycle.COMPLETED, lifecycle.REJECTED, lifecycle.REFERRED):
        new["outcome"] = state.status  # kept through ``closed``: the public list leaves rejected reports out
    elif state.status != lifecycle.CLOSED:
        new.pop("outcome", None)
    # Only deadlines the sweeper can act on go into the DueDate index (a case referred to the
    # Ombudsman keeps its date for people to see, but no sweep would do anything with it).
    new["sweepable"] = lifecycle.overdue_action(state) is not None
    if state.agency_id != case.get("agency_id"):
        new.pop("unit_id", None)  # a unit belongs to one agency: a case that changes hands leaves it
    if state.owner_agency_id:  # every owner the case had keeps reading it (domain/access_policy)
        owners = list(case.get("owner_history") or [])
        slot = f"{state.owner_agency_id}#{state.owner_role}"
        if slot not in owners:
            owners.append(slot)
        new["owner_history"] = owners
    if state.agency_id and state.agency_id != case.get("agency_id"):
        agency = get_directory().agency(state.agency_id)
        new["agency_name"] = agency.name if agency else state.agency_id
        history = list(case.get("agency_history") or [])
        if state.agency_id not in history:
            history.append(state.agency_id)
        new["agency_history"] = history
    return new


def snapshot(case: dict) -> dict:
    """What events carry about a case: never the reporter's identity or contacts."""
    return {k: case.get(k) for k in PUBLIC_SNAPSHOT_FIELDS}


def event_record(ev: lifecycle.TimelineEvent, actor: dict | None) -> dict:
    rec = {"at": iso(ev.at), "role": ev.role, "action": ev.action, "status_from": ev.status_from,
           "status_to": ev.status_to, "public_message": ev.public_message, "internal_note": ev.internal_note,
           "public": ev.public, "data": ev.data or {}, "event_id": new_event_id()}
    if actor:
        rec["actor"] = actor
    return rec


def outbox_messages(case: dict, domain_events, event: dict) -> list[dict]:
    return [{"event_id": f"{event['event_id']}.{i}", "type": name, "tracking_id": case["tracking_id"],
             "occurred_at": event["at"], "agency_id": case.get("agency_id"),
             "data": {"case": snapshot(case), "action": event["action"], "role": event["role"],
                      "message": event.get("public_message"), **(event.get("data") or {})}}
            for i, name in enumerate(domain_events)]


def apply(case: dict, action: str, role: str, now: datetime, actor: dict | None = None, **kwargs):
    """Pure step: the new case, its timeline record and its outbox messages."""
    tz = case_tz(case)
    target = kwargs.get("target_agency_id")
    if target:
        agency = get_directory().agency(target)
        if agency is not None:
            tz = agency.timezone
    transition_ = lifecycle.apply(to_state(case), action, role, now, tz=tz, **kwargs)
    new_case = merge_state(case, transition_.state, now)
    if action == "conclude":
        new_case["outcome"] = "concluded"
    record = event_record(transition_.event, actor)
    return new_case, record, outbox_messages(new_case, transition_.domain_events, record)


def transition(tracking_id: str, action: str, role: str, *, now: datetime | None = None,
               expected_version: int | None = None, actor: dict | None = None,
               repo: ComplaintRepository | None = None, case_updates: dict | None = None,
               event_data: dict | None = None, case: dict | None = None, **kwargs) -> dict:
    """Apply ``action`` to a stored case and persist it; retries a lost race unless the caller pinned a version.

    ``case``: the case as the caller just read it through ``repo`` (one read less); the first attempt applies
    to it, and a stale copy only costs that attempt: the write is conditioned on its version, and a retry
    reads again."""
    repo = repo or ComplaintRepository()
    now = now or utcnow()
    for _attempt in range(3):
        case = case if _attempt == 0 and case is not None else repo.get(tracking_id)
        if case is None:
            raise CaseNotFound(tracking_id)
        if expected_version is not None and int(case.get("version", 0)) != expected_version:
            raise StaleVersion(tracking_id)
        new_case, record, outbox = apply(case, action, role, now, actor=actor, **kwargs)
        if event_data:  # what the desk adds to the event (a unit chosen): the timeline keeps it
            record["data"] = {**record["data"], **event_data}
        if case_updates:
            new_case.update(case_updates)
        try:
            repo.save(new_case, int(case.get("version", 0)), [record], outbox)
        except StaleVersion:
            if expected_version is not None:
                raise
            continue
        return new_case
    raise StaleVersion(tracking_id)
