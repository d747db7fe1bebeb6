"""The agency desk and the verification desk: inbox, case view, actions, dispositions.

Views in chalicelib/api/agency.py authenticate, read the request and call these with plain values;
every state change goes through ``cases.transition``.  Refusals are ``chalicelib.domain.refusals``.
Routing corrections (what the router chose vs. what the verifier disposed to) are kept per month for
measuring routing quality (``adapters.correction_store``).
"""
from __future__ import annotations

import logging
import re

from chalicelib.adapters.case_memory_store import CaseMemoryStore
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.correction_store import CorrectionStore
from chalicelib.adapters.media_store import MediaStore
from chalicelib.domain import access_policy, lifecycle
from chalicelib.domain.access_policy import Principal
from datetime import timedelta

from chalicelib.domain.clock import utcnow
from chalicelib.domain.directory import get_directory
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.media import media_entry
from chalicelib.domain.refusals import Forbidden, Invalid, NotFound
from chalicelib.domain.routing import case_memory
from chalicelib.domain.vocabulary import DESK_ACTIONS, STORED_STATUSES
from chalicelib.services import cases, clusters

log = logging.getLogger("salur.agency")

_HIDDEN = ("access_salt", "access_hash", "source_key", "PK", "SK")
_SUMMARY = ("tracking_id", "kind", "title", "status", "due_at", "escalation_level", "version", "created_at",
            "updated_at", "confidential", "anonymous", "agency_id", "province_code", "channel", "owner_agency_id",
            "owner_role")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_PROVINCE = re.compile(r"^\d{2}$")


def summary(case: dict) -> dict:
    return {k: case.get(k) for k in _SUMMARY}


def load_visible(p: Principal, tracking_id: str, repo: ComplaintRepository | None = None) -> dict:
    """The case if ``p`` may see it; NotFound otherwise (unknown and invisible look the same)."""
    tid = normalize_tracking_id(tracking_id)
    case = (repo or ComplaintRepository()).get(tid) if tid else None
    if case is None or not access_policy.can_see(p, case):
        raise NotFound()
    return case


def holding_case(p: Principal, tracking_id: str) -> dict:
    """The case if ``p``'s agency holds it now (a former holder after a transfer sees only its own words)."""
    case = load_visible(p, tracking_id)
    if access_policy.former_holder(p, case):
        raise NotFound()
    return case


def allowed_actions(p: Principal, case: dict) -> list[str]:
    """The actions ``p`` may take now, each named as the actions endpoint takes it: the role/status matrix, the
    access policy, and a dry run of the lifecycle with stand-in inputs, so a per-case refusal (an extension
    used, a level not owned) is never offered."""
    now = utcnow()
    state = cases.to_state(case)
    tz = cases.case_tz(case)
    other = "kemenpanrb" if case.get("agency_id") != "kemenpanrb" else "ombudsman"
    out = []
    for action in lifecycle.allowed_actions(case.get("status", ""), p.role):
        if action not in DESK_ACTIONS or not access_policy.can_act(p, case, action):
            continue
        try:
            lifecycle.apply(state, action, p.role, now, tz=tz, message="-", note="-", reason="-",
                            target_agency_id=p.agency_id if action == "take_over" else other,
                            due_at=now + timedelta(days=1))
        except lifecycle.TransitionError as exc:
            if exc.code in ("illegal_transition", "forbidden_role"):
                continue
        out.append(action)
    return sorted(out)


def _require_known_agency(agency_id: str | None, field: str) -> None:
    if not agency_id or get_directory().agency(agency_id) is None:
        raise Invalid("unknown_agency", fields={field: "unknown_agency"})


# -- inbox and case ---------------------------------------------------------------------
QUEUES = ("agency", "escalated")


def inbox(p: Principal, agency_id: str | None, status: str | None, limit: int, cursor: str | None,
          queue: str | None = None) -> dict:
    """``queue=agency`` (default; the Ombudsman's is ``escalated``): the agency's cases by status then deadline;
    ``queue=escalated``: the escalated cases the caller owns at its level of the ladder, oldest deadline first."""
    if status is not None and status not in STORED_STATUSES:
        raise Invalid(fields={"status": ", ".join(sorted(STORED_STATUSES))})
    queue = queue or ("escalated" if p.role == "ombudsman" else "agency")
    if queue not in QUEUES:
        raise Invalid(fields={"queue": " | ".join(QUEUES)})
    if queue == "escalated":
        items, nxt = ComplaintRepository().owned(p.agency_id, p.role, limit, cursor)
        items = [c for c in items if status is None or c.get("status") == status]
        return {"agency_id": p.agency_id, "queue": queue, "items": [summary(c) for c in items],
                "next_cursor": nxt}
    agency_id = access_policy.inbox_agency(p, agency_id)
    items, nxt = ComplaintRepository().inbox(agency_id, status, limit, cursor)
    return {"agency_id": agency_id, "queue": queue, "items": [summary(c) for c in items], "next_cursor": nxt}


def case_view(p: Principal, tracking_id: str) -> dict:
    """The full case for staff: timeline with internal notes; the reporter unless anonymous."""
    repo = ComplaintRepository()
    case = load_visible(p, tracking_id, repo)
    if access_policy.former_holder(p, case):  # after a transfer: only what this agency wrote
        return former_holder_view(p, case, repo.timeline(case["tracking_id"]))
    view = {k: v for k, v in case.items() if k not in _HIDDEN and not k.startswith("GSI")}
    if case.get("anonymous"):
        view.pop("reporter", None)
    view["timeline"] = [{k: v for k, v in ev.items() if k not in ("PK", "SK", "tracking_id")}
                        for ev in repo.timeline(case["tracking_id"])]
    view["allowed_actions"] = allowed_actions(p, case)
    view["read_only"] = not view["allowed_actions"]
    view["media"] = [media_entry(m, case["tracking_id"], "/v1/agency/complaints")
                     for m in MediaStore().list(case["tracking_id"])]
    view["cluster"] = clusters.summary(case)
    return view


def former_holder_view(p: Principal, case: dict, timeline: list[dict]) -> dict:
    """What an agency that gave a case up still sees: no reporter, no text, only its own timeline entries."""
    view = {k: case.get(k) for k in access_policy.FORMER_HOLDER_FIELDS}
    view["timeline"] = [{k: v for k, v in ev.items() if k not in ("PK", "SK", "tracking_id")}
                        for ev in timeline if access_policy.written_by(p, ev)]
    view.update(allowed_actions=[], read_only=True, former_holder=True)
    return view


# -- actions ----------------------------------------------------------------------------
def act(p: Principal, tracking_id: str, action: str, version: int | None, *, message: str | None = None,
        reason: str | None = None, target_agency_id: str | None = None, note: str | None = None,
        due_at=None) -> dict:
    if version is None:
        raise Invalid(fields={"version": "missing"})
    case = load_visible(p, tracking_id)
    if not access_policy.can_act(p, case, action):
        raise Forbidden()
    if action == "take_over":
        target_agency_id = p.agency_id  # the owner's own agency takes it
    if target_agency_id is not None:
        _require_known_agency(target_agency_id, "target_agency_id")
    new = cases.transition(case["tracking_id"], action, p.role, expected_version=version, actor=p.actor(),
                           message=message, reason=reason, target_agency_id=target_agency_id, note=note,
                           due_at=due_at)
    if action == "transfer" and new.get("agency_id"):
        remember_landing(case, new)
    log.info("agency action", extra={"tracking_id": new["tracking_id"], "action": action, "role": p.role,
                                     "agency_id": p.agency_id, "status": new["status"]})
    return result(new)


def result(case: dict) -> dict:
    return {k: case.get(k) for k in ("tracking_id", "status", "version", "agency_id", "due_at")}


# -- verification desk ------------------------------------------------------------------
def verification_queue(p: Principal, province: str | None, limit: int, cursor: str | None) -> dict:
    if province is not None:
        region = get_directory().regions.get(province) if _PROVINCE.match(province) else None
        if region is None or region.level != "province":
            raise Invalid(fields={"province": "invalid"})
    if p.national:
        scope = province or "NAT"
    else:
        if province is not None and province != p.scope:
            raise Forbidden()
        scope = p.scope
    items, nxt = ComplaintRepository().verification_queue(scope, limit, cursor)
    out = []
    for c in items:
        s = summary(c)
        s["suggested_agency_id"] = (c.get("routing") or {}).get("agency_id")
        s["routing_confidence"] = (c.get("routing") or {}).get("confidence")
        out.append(s)
    return {"scope": scope, "items": out, "next_cursor": nxt}


def dispose(p: Principal, tracking_id: str, agency_id: str, version: int | None, note: str | None = None) -> dict:
    case = load_visible(p, tracking_id)
    _require_known_agency(agency_id, "agency_id")
    new = cases.transition(case["tracking_id"], "dispose", p.role, expected_version=version, actor=p.actor(),
                           target_agency_id=agency_id, note=note)
    correction = record_correction(case, new, p)
    remember_landing(case, new)
    return {**result(new), "routing": correction}


def remember_landing(before: dict, after: dict, store: CaseMemoryStore | None = None) -> None:
    """Case memory: this case's matter at this place landed at ``after['agency_id']`` (each case counts once)."""
    matter = (before.get("matter") or {}).get("id")
    agency = after.get("agency_id")
    if not matter or not agency:
        return
    region = before.get("region") or {}
    place = case_memory.place_key(matter, region.get("parent_code") or region.get("code"))
    (store or CaseMemoryStore()).land(matter, place, agency, after["tracking_id"])


def record_correction(before: dict, after: dict, p: Principal, store: CorrectionStore | None = None) -> dict:
    """Store router-vs-verifier for this case (first disposal per month counts); never fails the request."""
    routed = (before.get("routing") or {}).get("agency_id")
    disposed = after.get("agency_id")
    item = {"tracking_id": after["tracking_id"], "month": (after.get("updated_at") or "")[:7],
            "routed_agency_id": routed, "disposed_agency_id": disposed, "corrected": routed != disposed,
            "confidence": (before.get("routing") or {}).get("confidence"), "province_code": before.get("province_code"),
            "verifier_agency_id": p.agency_id, "verifier_role": p.role, "at": after.get("updated_at")}
    (store or CorrectionStore()).record(item)
    return {k: item[k] for k in ("routed_agency_id", "disposed_agency_id", "corrected")}


def corrections(month: str | None, limit: int, cursor: str | None) -> dict:
    month = month or utcnow().strftime("%Y-%m")
    if not _MONTH.match(month):
        raise Invalid(fields={"month": "YYYY-MM"})
    counts, items, nxt = CorrectionStore().month(month, limit, cursor)
    total = int(counts.get("total", 0))
    corrected_n = int(counts.get("corrected", 0))
    return {"month": month, "total": total, "corrected": corrected_n, "confirmed": int(counts.get("confirmed", 0)),
            "correction_rate": round(corrected_n / total, 4) if total else None, "items": items,
            "next_cursor": nxt}
