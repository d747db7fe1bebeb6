"""What people outside the agency see of a case: the reporter's view and the public one.

Pure: built from the stored case and its timeline.  Never internal notes; never the reporter's data
in the public view.
"""
from __future__ import annotations

from chalicelib.domain import lifecycle
from chalicelib.domain.directory import get_directory, timezone_label
from chalicelib.domain.vocabulary import (ASSIGNED, CLOSED, COMPLETED, IN_PROGRESS, NEEDS_INFO, REJECTED, REOPENED,
                                          RESPONDED)

#: statuses in which a report is on the public list: with an agency and not refused (a rejected report may be
#: spam or abuse; one closed after a rejection stays off: ``outcome`` remembers it)
LISTED_STATUSES: tuple[str, ...] = (ASSIGNED, IN_PROGRESS, NEEDS_INFO, RESPONDED, REOPENED, COMPLETED, CLOSED)


def public_timeline(events: list[dict]) -> list[dict]:
    return [{"at": e["at"], "status": e.get("status_to"), "action": e.get("action"), "role": e.get("role"),
             "message": e.get("public_message")} for e in events if e.get("public", True)]


def public_location(case: dict) -> dict | None:
    region = case.get("region")
    if not region:
        return None
    name = region.get("name")
    if region.get("parent_name"):  # a kecamatan: say which regency/city it is in
        name = f"{name}, {region['parent_name']}"
    return {"code": region.get("code"), "name": name, "level": region.get("level")}


def reporter_actions(case: dict) -> list[str]:
    """What the reporter may do now: exactly what the API would accept (a case is rated once)."""
    try:
        actions = set(lifecycle.allowed_actions(case["status"], "reporter"))
    except Exception:  # noqa: BLE001 - informative only
        return []
    if case.get("rating") is not None:
        actions.discard("rate")
    return sorted(actions)


def deadline_timezone(case: dict) -> str:
    """WIB / WITA / WIT: where the case's deadline ends at 23:59 (the acting agency's zone, else the province's)."""
    agency = get_directory().agency(case.get("agency_id") or "")
    return agency.timezone if agency is not None else timezone_label(case.get("province_code"))


def agency_ref(case: dict) -> dict | None:
    if not case.get("agency_id"):
        return None
    return {"id": case["agency_id"], "name": case.get("agency_name")}


def listed_publicly(case: dict) -> bool:
    """On the public list: never confidential, only once an agency holds it, never after a rejection."""
    return (not case.get("confidential") and bool(case.get("agency_id")) and case.get("status") in LISTED_STATUSES
            and case.get("outcome") != REJECTED)


#: what the public list shows of a report (and all its index projects: never the body or the reporter)
SUMMARY_FIELDS = ("tracking_id", "kind", "title", "status", "created_at", "updated_at", "agency_id", "agency_name",
                  "region", "matter")


def public_summary(case: dict) -> dict:
    """One row of the public list."""
    matter = case.get("matter") or None
    return {"tracking_id": case["tracking_id"], "kind": case.get("kind"), "title": case.get("title"),
            "status": case.get("status"), "created_at": case.get("created_at"),
            "updated_at": case.get("updated_at") or case.get("created_at"), "agency": agency_ref(case),
            "location": public_location(case),
            "matter": {k: matter.get(k) for k in ("id", "label_id", "label_en")} if isinstance(matter, dict) else None}


def case_view(case: dict, timeline: list[dict], private: bool) -> dict:
    """The reporter's view (``private``) or the public one."""
    out = {
        "tracking_id": case["tracking_id"], "kind": case["kind"], "title": case["title"], "body": case["body"],
        "status": case["status"], "channel": case.get("channel"), "created_at": case["created_at"],
        "updated_at": case.get("updated_at") or case["created_at"],
        "agency": agency_ref(case), "due_at": case.get("due_at"), "timezone": deadline_timezone(case), "escalation_level": int(case.get("escalation_level") or 0),
        "location": public_location(case), "matter": case.get("matter"),
        "timeline": public_timeline(timeline), "view": "reporter" if private else "public",
    }
    if private:
        out.update(reporter=case.get("reporter"), anonymous=case.get("anonymous", False),
                   confidential=case.get("confidential", False), occurred_on=case.get("occurred_on"),
                   feedback=case.get("feedback"), allowed_actions=reporter_actions(case))
    return out
