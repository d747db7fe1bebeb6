"""What people outside the agency see of a case: the reporter's view and the public one.

Pure: built from the stored case and its timeline.  Never internal notes; never the reporter's data
in the public view.
"""
from __future__ import annotations

from chalicelib.domain import lifecycle


def public_timeline(events: list[dict]) -> list[dict]:
    return [{"at": e["at"], "status": e.get("status_to"), "action": e.get("action"), "role": e.get("role"),
             "message": e.get("public_message")} for e in events if e.get("public", True)]


def public_location(case: dict) -> dict | None:
    region = case.get("region")
    if not region:
        return None
    return {"code": region.get("code"), "name": region.get("name"), "level": region.get("level")}


def reporter_actions(status: str) -> list[str]:
    try:
        return sorted(lifecycle.allowed_actions(status, "reporter"))
    except Exception:  # noqa: BLE001 - informative only
        return []


def case_view(case: dict, timeline: list[dict], private: bool) -> dict:
    """The reporter's view (``private``) or the public one."""
    out = {
        "tracking_id": case["tracking_id"], "kind": case["kind"], "title": case["title"], "body": case["body"],
        "status": case["status"], "channel": case.get("channel"), "created_at": case["created_at"],
        "updated_at": case.get("updated_at") or case["created_at"],
        "agency": {"id": case["agency_id"], "name": case.get("agency_name")} if case.get("agency_id") else None,
        "due_at": case.get("due_at"), "escalation_level": int(case.get("escalation_level") or 0),
        "location": public_location(case), "matter": case.get("matter"),
        "timeline": public_timeline(timeline), "view": "reporter" if private else "public",
    }
    if private:
        out.update(reporter=case.get("reporter"), anonymous=case.get("anonymous", False),
                   confidential=case.get("confidential", False), occurred_on=case.get("occurred_on"),
                   feedback=case.get("feedback"), allowed_actions=reporter_actions(case["status"]))
    return out
