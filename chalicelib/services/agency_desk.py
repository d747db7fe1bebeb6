"""The agency desk and the verification desk: inbox, case view, actions, dispositions.

Views in chalicelib/api/agency.py authenticate, read the request and call these with plain values;
every state change goes through ``cases.transition``.  Refusals are ``chalicelib.domain.refusals``.
Routing corrections (what the router chose vs. what the verifier disposed to) are kept per month for
measuring routing quality (``adapters.correction_store``).
"""
from __future__ import annotations

import logging
import re
from datetime import timedelta

from chalicelib.adapters.case_memory_store import CaseMemoryStore
from chalicelib.adapters.complaint_repository import INBOX_FIELDS, ComplaintRepository
from chalicelib.adapters.correction_store import CorrectionStore
from chalicelib.adapters.media_store import MediaStore
from chalicelib.domain import access_policy, lifecycle, units
from chalicelib.domain.access_policy import Principal
from chalicelib.domain.case_views import deadline_timezone
from chalicelib.domain.clock import utcnow
from chalicelib.domain.directory import get_directory
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.media import media_entry, publish_refusal
from chalicelib.domain.refusals import Forbidden, Invalid, NotFound
from chalicelib.domain.routing import case_memory
from chalicelib.domain.vocabulary import DESK_ACTIONS, STORED_STATUSES
from chalicelib.services import cases, clusters

log = logging.getLogger("salur.agency")

_HIDDEN = ("access_salt", "access_hash", "source_key", "PK", "SK")
_SUMMARY = INBOX_FIELDS  # what the inbox indexes hold of a case (complaint_repository.inbox_entry)
_MATTER = re.compile(r"^[a-z0-9_]{1,64}$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_CHANNELS = frozenset({"web", "api", "mobile", "sms", "email", "chat", "open311"})
QUERY_MAX = 100
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_PROVINCE = re.compile(r"^\d{2}$")


def summary(case: dict) -> dict:
    out = {k: case.get(k) for k in _SUMMARY}
    matter = case.get("matter")
    out["matter_id"] = matter.get("id") if isinstance(matter, dict) else None
    out["timezone"] = deadline_timezone(case)
    return out


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
def inbox_filters(params: dict) -> dict:
    """The inbox's optional filters, checked: matter, channel, escalation_level, due_before (a date), q (title)."""
    out: dict = {}
    bad: dict = {}
    if params.get("matter"):
        out["matter"] = params["matter"] if _MATTER.match(params["matter"]) else bad.setdefault("matter", "invalid")
    if params.get("channel"):
        out["channel"] = params["channel"] if params["channel"] in _CHANNELS else bad.setdefault("channel", "invalid")
    if params.get("escalation_level"):
        level = params["escalation_level"]
        if level in ("0", "1", "2", "3", "4"):
            out["escalation_level"] = int(level)
        else:
            bad["escalation_level"] = "escalation_level_range"
    if params.get("due_before"):
        if _DATE.match(params["due_before"]):
            out["due_before"] = params["due_before"]
        else:
            bad["due_before"] = "date_format"
    for name in ("created_from", "created_to"):
        if params.get(name):
            if _DATE.match(params[name]):
                out[name] = params[name]
            else:
                bad[name] = "date_format"
    if params.get("q"):
        q = params["q"].strip().casefold()
        if 0 < len(q) <= QUERY_MAX:
            out["q"] = q
        else:
            bad["q"] = "query_length"
    if bad:
        raise Invalid(fields=bad)
    return out


def inbox_scope(p: Principal, agency_id: str | None, unit_id: str | None) -> tuple[str, str | None]:
    """(agency, unit or None) of the inbox ``p`` asks for: a unit's officer always gets their unit."""
    agency_id = access_policy.inbox_agency(p, agency_id)
    if p.unit_bound:
        if unit_id not in (None, p.unit_id):
            raise Forbidden()
        return agency_id, p.unit_id
    if unit_id is not None and (units.split_unit_id(unit_id) or ("",))[0] != agency_id:
        raise Invalid("unknown_unit", fields={"unit_id": "unknown_unit"})
    return agency_id, unit_id


QUEUES = ("agency", "escalated")


def inbox(p: Principal, agency_id: str | None, status: str | None, limit: int, cursor: str | None,
          params: dict | None = None, with_counts: bool = False) -> dict:
    """``queue=agency`` (default; the Ombudsman's is ``escalated``): the person's scope (agency, or unit) by status
    then deadline (every status: oldest deadline first), filtered, counts per status on request;
    ``queue=escalated``: the escalated cases the caller owns at its level of the ladder, oldest deadline first."""
    if status is not None and status not in STORED_STATUSES:
        raise Invalid(fields={"status": ", ".join(sorted(STORED_STATUSES))})
    params = params or {}
    queue = params.get("queue") or ("escalated" if p.role == "ombudsman" else "agency")
    if queue not in QUEUES:
        raise Invalid(fields={"queue": " | ".join(QUEUES)})
    filters = inbox_filters(params)
    repo = ComplaintRepository()
    if queue == "escalated":
        items, nxt = repo.owned(p.agency_id, p.role, limit, cursor, filters)
        items = [c for c in items if status is None or c.get("status") == status]
        return {"agency_id": p.agency_id, "queue": queue, "items": [summary(c) for c in items],
                "next_cursor": nxt}
    agency_id, unit_id = inbox_scope(p, agency_id, params.get("unit_id") or None)
    items, nxt = repo.inbox(agency_id, status, limit, cursor, filters, unit_id)
    out = {"agency_id": agency_id, "unit_id": unit_id, "queue": queue, "items": [summary(c) for c in items],
           "next_cursor": nxt}
    if with_counts:
        out["counts"] = repo.inbox_counts(agency_id, STORED_STATUSES, unit_id)
    return out


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
    if p.role in lifecycle.RULES["assign_unit"] and case.get("status") in lifecycle.RULES["assign_unit"][p.role] \
            and access_policy.can_act_on_unit(p, case):
        view["allowed_actions"] = sorted(view["allowed_actions"] + ["assign_unit"])
    view["suggested_unit_id"] = _suggested_unit(case)
    view["timezone"] = deadline_timezone(case)  # deadlines end 23:59 in the holding agency's zone
    view["read_only"] = not view["allowed_actions"]
    view["media"] = [{**media_entry(m, case["tracking_id"], "/v1/agency/complaints"),
                      "publishable": publish_refusal(case, m) is None} for m in MediaStore().list(case["tracking_id"])]
    view["cluster"] = clusters.summary(case)
    return view


def former_holder_view(p: Principal, case: dict, timeline: list[dict]) -> dict:
    """What an agency that gave a case up still sees: no reporter, no text, only its own timeline entries."""
    view = {k: case.get(k) for k in access_policy.FORMER_HOLDER_FIELDS}
    view["timeline"] = [{k: v for k, v in ev.items() if k not in ("PK", "SK", "tracking_id")}
                        for ev in timeline if access_policy.written_by(p, ev)]
    view.update(allowed_actions=[], read_only=True, former_holder=True)
    return view


EXPORT_COLUMNS = ("tracking_id", "created_at", "kind", "title", "status", "due_at", "escalation_level",
                  "agency_id", "unit_id", "matter_id", "channel", "province_code", "confidential", "anonymous")
#: rows at most in one export (bounded time); narrow the period or status for more
EXPORT_MAX_ROWS = 5000
EXPORT_PAGE = 100


def export_csv(p: Principal, agency_id: str | None, status: str | None, params: dict) -> tuple[str, bool]:
    """The inbox (same scope and filters, ``created_from``/``created_to`` for a period) as CSV text; and whether
    it was cut at EXPORT_MAX_ROWS."""
    from chalicelib.domain.spreadsheet import csv_text

    rows: list[dict] = []
    cursor = None
    while len(rows) < EXPORT_MAX_ROWS:
        page = inbox(p, agency_id, status, EXPORT_PAGE, cursor, params)
        rows += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    return csv_text(EXPORT_COLUMNS, rows[:EXPORT_MAX_ROWS]), bool(cursor) or len(rows) > EXPORT_MAX_ROWS


def account_actions(p: Principal, account_id: str, limit: int, cursor: str | None) -> dict:
    """What one person did on cases, newest first (audit: the agency's supervisors/admins, the national admin)."""
    from chalicelib.services import staff_accounts

    account = staff_accounts.visible_account(p, account_id)
    items, nxt = ComplaintRepository().actions_of(account["account_id"], limit, cursor)
    keep = ("tracking_id", "at", "action", "role", "status_from", "status_to")
    return {"account_id": account["account_id"], "display_name": account.get("display_name"),
            "agency_id": account["agency_id"], "items": [{k: i.get(k) for k in keep} for i in items],
            "next_cursor": nxt}


# -- actions ----------------------------------------------------------------------------
def act(p: Principal, tracking_id: str, action: str, version: int | None, *, message: str | None = None,
        reason: str | None = None, target_agency_id: str | None = None, note: str | None = None,
        due_at=None) -> dict:
    if version is None:
        raise Invalid(fields={"version": "missing"})
    repo = ComplaintRepository()
    case = load_visible(p, tracking_id, repo)
    if not access_policy.can_act(p, case, action):
        raise Forbidden()
    if action == "take_over":
        target_agency_id = p.agency_id  # the owner's own agency takes it
    if target_agency_id is not None:
        _require_known_agency(target_agency_id, "target_agency_id")
    new = cases.transition(case["tracking_id"], action, p.role, expected_version=version, actor=p.actor(),
                           message=message, reason=reason, target_agency_id=target_agency_id, note=note,
                           due_at=due_at, repo=repo, case=case)
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
    repo = ComplaintRepository()
    items, nxt = repo.verification_queue(scope, limit, cursor)
    # the routing record is content (not on the head the index holds): one BatchGet for the page
    stored = repo.get_many([c["tracking_id"] for c in items]) if items else {}
    out = []
    for c in items:
        c = {**c, "routing": (stored.get(c["tracking_id"]) or c).get("routing")}
        s = summary(c)
        s["suggested_agency_id"] = (c.get("routing") or {}).get("agency_id")
        s["routing_confidence"] = (c.get("routing") or {}).get("confidence")
        s["routing_reasons"] = (c.get("routing") or {}).get("reasons") or []
        s["candidates"] = (c.get("routing") or {}).get("candidates") or []
        s["suggested_unit_id"] = units.suggest_unit(s["suggested_agency_id"], s["matter_id"],
                                                    (c.get("routing") or {}).get("unit_id"))
        out.append(s)
    return {"scope": scope, "items": out, "next_cursor": nxt}


def dispose(p: Principal, tracking_id: str, agency_id: str, version: int | None, note: str | None = None,
            unit_id: str | None = None) -> dict:
    """A verifier (or the national admin) sends a waiting case to an agency, and optionally one of its units."""
    case = load_visible(p, tracking_id)
    if p.role == "admin" and not p.national:
        raise Forbidden()  # an agency's admin gives cases to its units (assign_unit), not to agencies
    _require_known_agency(agency_id, "agency_id")
    _require_unit(agency_id, unit_id)
    new = cases.transition(case["tracking_id"], "dispose", p.role, expected_version=version, actor=p.actor(),
                           target_agency_id=agency_id, note=note, case_updates={"unit_id": unit_id},
                           event_data={"unit_id": unit_id} if unit_id else None)
    correction = record_correction(case, new, p)
    suggested = _suggested_unit(new)
    if unit_id or suggested:
        record_unit_correction(new, suggested, unit_id, p)
    remember_landing(case, new)
    return {**result(new), "unit_id": unit_id, "routing": correction}


def _suggested_unit(case: dict) -> str | None:
    return units.suggest_unit(case.get("agency_id"), (case.get("matter") or {}).get("id"),
                              (case.get("routing") or {}).get("unit_id"))


def _require_unit(agency_id: str, unit_id: str | None) -> None:
    from chalicelib.services import agency_units

    if unit_id is None:
        return
    parts = units.split_unit_id(unit_id)
    if parts is None or parts[0] != agency_id or not agency_units.is_active(unit_id):
        raise Invalid("unknown_unit", fields={"unit_id": "unknown_unit"})


def assign_unit(p: Principal, tracking_id: str, unit_id: str | None, version: int | None,
                note: str | None = None) -> dict:
    """Inside the holding agency: give the case to one of its units (or back to the whole agency: None).
    Recorded on the timeline and counted like an agency correction (router's suggestion vs. the unit chosen)."""
    if version is None:
        raise Invalid(fields={"version": "missing"})
    case = load_visible(p, tracking_id)
    if not access_policy.can_act_on_unit(p, case):
        raise Forbidden()
    _require_unit(case.get("agency_id") or "", unit_id)
    new = cases.transition(case["tracking_id"], "assign_unit", p.role, expected_version=version, actor=p.actor(),
                           note=note, case_updates={"unit_id": unit_id},
                           event_data={"unit_id": unit_id, "from_unit_id": case.get("unit_id")})
    suggested = _suggested_unit(case)
    record_unit_correction(new, suggested, unit_id, p)
    return {**result(new), "unit_id": unit_id, "routing": {"suggested_unit_id": suggested,
                                                           "corrected": suggested != unit_id}}


def record_unit_correction(after: dict, suggested: str | None, chosen: str | None, p: Principal,
                           store: CorrectionStore | None = None) -> None:
    """Unit choices are kept with the routing corrections (``UNIT#`` rows of the same month)."""
    item = {"tracking_id": after["tracking_id"], "month": (after.get("updated_at") or "")[:7],
            "routed_agency_id": after.get("agency_id"), "disposed_agency_id": after.get("agency_id"),
            "routed_unit_id": suggested, "disposed_unit_id": chosen, "corrected": suggested != chosen,
            "confidence": (after.get("routing") or {}).get("confidence"),
            "province_code": after.get("province_code"), "verifier_agency_id": p.agency_id,
            "verifier_role": p.role, "at": after.get("updated_at")}
    (store or CorrectionStore()).record(item, prefix="UNITROUTING")


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
            "next_cursor": nxt, "units": _unit_counts(CorrectionStore().counts(month, "UNITROUTING"))}


def _unit_counts(counts: dict) -> dict:
    total, corrected_n = int(counts.get("total", 0)), int(counts.get("corrected", 0))
    return {"total": total, "corrected": corrected_n,
            "correction_rate": round(corrected_n / total, 4) if total else None}
