"""What people outside the agency see of a case: the reporter's view and the one public projection.

Pure: built from the stored case and its timeline.  ``public_case`` is the only public projection:
the v1 public view, Open311 (``open311_mapping.request_entry``) and the public pages all start from it,
so no public view can show more than another.  It holds:

* public timeline events only, and of their messages only what staff or Salur wrote (an agency's answer,
  a verifier's reason): what the reporter wrote — an ``/info`` answer, a feedback comment, a reason for
  rejecting — is a private answer and is never published;
* every published text (title, body, messages) with personal data masked: the reporter's own name,
  e-mail and phone, an anonymous reporter's address text, and any e-mail, phone number or NIK
  (``domain.personal_data``);
* the place as the region only (code, name, level) and, unless the report is anonymous, a point rounded
  to ``POINT_DECIMALS`` (about 1 km): never the address text or the exact coordinates the reporter gave.

Never internal notes; never the reporter's data.
"""
from __future__ import annotations

from chalicelib.domain import lifecycle
from chalicelib.domain.media import DELETED, media_entry, public_media
from chalicelib.domain.directory import get_directory, timezone_label
from chalicelib.domain.vocabulary import (ASSIGNED, CLOSED, COMPLETED, IN_PROGRESS, NEEDS_INFO, REFERRED, REJECTED,
                                          REOPENED, RESPONDED)
from chalicelib.domain.personal_data import redact_known

#: statuses in which a report is on the public list: with an agency and not refused (a rejected report may be
#: spam or abuse; one closed after a rejection stays off: ``outcome`` remembers it)
LISTED_STATUSES: tuple[str, ...] = (ASSIGNED, IN_PROGRESS, NEEDS_INFO, RESPONDED, REOPENED, REFERRED, COMPLETED,
                                    CLOSED)

#: 2 decimals of a degree ≈ 1.1 km: enough to put a report on a city map, not on a house
POINT_DECIMALS = 2
#: timeline roles whose public messages may be published (the reporter's words never are)
PUBLISHING_ROLES = frozenset({"officer", "supervisor", "verifier", "coordinator", "admin", "system"})


def _known(case: dict) -> tuple[dict | None, tuple[str, ...]]:
    """What masking must hide besides any personal data: the reporter, and an anonymous reporter's address."""
    place = (case.get("location") or {}).get("text") if case.get("anonymous") else None
    return case.get("reporter"), ((place,) if place else ())


def public_message(event: dict, case: dict) -> str | None:
    """The event's message as it may be published, or None (not public, or the reporter's own words)."""
    if not event.get("public", True) or event.get("role") not in PUBLISHING_ROLES:
        return None
    text = event.get("public_message")
    return redact_known(str(text), *_known(case)) if text else None


def _entry(event: dict, message: str | None) -> dict:
    return {"at": event["at"], "status": event.get("status_to"), "action": event.get("action"),
            "role": event.get("role"), "message": message}


def public_timeline(events: list[dict], case: dict | None = None) -> list[dict]:
    """Public events; messages only where ``public_message`` allows, masked."""
    return [_entry(e, public_message(e, case or {})) for e in events if e.get("public", True)]


def reporter_timeline(events: list[dict]) -> list[dict]:
    """The reporter's own view: the same public events, with every public message as written."""
    return [_entry(e, e.get("public_message")) for e in events if e.get("public", True)]


def status_notes(events: list[dict], case: dict | None = None) -> str | None:
    """The latest message that may be published (Open311 ``status_notes``)."""
    for ev in sorted(events or [], key=lambda e: str(e.get("at", "")), reverse=True):
        text = public_message(ev, case or {})
        if text:
            return text
    return None


def public_location(case: dict) -> dict | None:
    region = case.get("region")
    if not region:
        return None
    name = region.get("name")
    if region.get("parent_name"):  # a kecamatan: say which regency/city it is in
        name = f"{name}, {region['parent_name']}"
    return {"code": region.get("code"), "name": name, "level": region.get("level")}


def public_point(case: dict) -> tuple[float, float] | None:
    """The reporter's coordinates rounded to about 1 km; None for anonymous reports or without coordinates."""
    loc = case.get("location") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    if case.get("anonymous") or lat is None or lon is None:
        return None
    try:
        return round(float(lat), POINT_DECIMALS) + 0.0, round(float(lon), POINT_DECIMALS) + 0.0
    except (TypeError, ValueError):
        return None


#: the reporter's lifecycle actions as the API names them: (the endpoint's word, the path after the case,
#: the ``decision`` of /feedback, or None for /info and for a rating alone).  The word equals the endpoint
#: (``info``) or the decision (``accept``/``reject``/``appeal``); ``rate`` is /feedback with a rating only.
REPORTER_ENDPOINTS: dict[str, tuple[str, str, str | None]] = {
    "provide_info": ("info", "/info", None),
    "reporter_accept": ("accept", "/feedback", "accept"),
    "reporter_reject": ("reject", "/feedback", "reject"),
    "appeal": ("appeal", "/feedback", "appeal"),
    "rate": ("rate", "/feedback", None),
}
#: /feedback's decision → the lifecycle action it takes (no decision: a rating alone, ``rate``)
FEEDBACK_ACTIONS: dict[str | None, str] = {d: a for a, (_w, path, d) in REPORTER_ENDPOINTS.items()
                                           if path == "/feedback"}


def _reporter_may(case: dict, action: str) -> bool:
    """The per-case conditions ``lifecycle.apply`` checks beyond the status: rated once, appealed once and
    only against an agency's rejection."""
    if action == "rate":
        return case.get("rating") is None
    if action == "appeal":
        return not case.get("appealed") and bool(case.get("agency_id"))
    return True


def reporter_actions(case: dict) -> list[dict]:
    """What the reporter may do now, exactly what the API would accept, each named as the endpoint it is:
    ``{"action": "accept", "method": "POST", "path": "/v1/complaints/<id>/feedback", "decision": "accept"}``."""
    try:
        names = lifecycle.allowed_actions(case["status"], "reporter")
        tid = case["tracking_id"]
    except Exception:  # noqa: BLE001 - informative only
        return []
    out = []
    for action in names:
        if action in REPORTER_ENDPOINTS and _reporter_may(case, action):
            word, suffix, decision = REPORTER_ENDPOINTS[action]
            out.append({"action": word, "method": "POST", "path": f"/v1/complaints/{tid}{suffix}",
                        "decision": decision})
    return sorted(out, key=lambda a: a["action"])


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
    title = redact_known(case.get("title") or "", *_known(case))
    return {"tracking_id": case["tracking_id"], "kind": case.get("kind"), "title": title,
            "status": case.get("status"), "created_at": case.get("created_at"),
            "updated_at": case.get("updated_at") or case.get("created_at"), "agency": agency_ref(case),
            "location": public_location(case),
            "matter": {k: matter.get(k) for k in ("id", "label_id", "label_en")} if isinstance(matter, dict) else None}


def handled_by(case: dict) -> dict | None:
    """Who handles the case now and until when, in words (the escalation owner once escalated)."""
    from chalicelib.domain.escalation import MAX_LEVEL, step_for
    from chalicelib.domain.notification_plan import format_due

    status = case.get("status")
    if status in (CLOSED, COMPLETED, REJECTED) or not case.get("agency_id"):
        return None
    level = int(case.get("escalation_level") or 0)
    until = format_due(case.get("due_at"), deadline_timezone(case)) if case.get("due_at") else None
    if case.get("owner_agency_id") and 1 <= level <= MAX_LEVEL:
        step = step_for(case["agency_id"], level)
        name_id, name_en = step.label_id, step.label_en
        agency_id, role = case["owner_agency_id"], case.get("owner_role")
    else:
        name_id = name_en = case.get("agency_name") or case["agency_id"]
        agency_id, role = case["agency_id"], None
    tail_id, tail_en = (f" sampai {until}", f" until {until}") if until else ("", "")
    return {"agency_id": agency_id, "role": role, "level": level, "name_id": name_id, "name_en": name_en,
            "until": case.get("due_at"), "text_id": f"Ditangani {name_id}{tail_id}",
            "text_en": f"Handled by {name_en}{tail_en}"}


def _facts(case: dict) -> dict:
    """What both views show as stored: the case's state, never its text."""
    return {
        "tracking_id": case["tracking_id"], "kind": case["kind"], "status": case["status"],
        "channel": case.get("channel"), "created_at": case["created_at"],
        "updated_at": case.get("updated_at") or case["created_at"],
        "agency": agency_ref(case), "due_at": case.get("due_at"), "timezone": deadline_timezone(case),
        "escalation_level": int(case.get("escalation_level") or 0), "handled_by": handled_by(case),
        "location": public_location(case), "matter": case.get("matter"),
    }


def public_case(case: dict, timeline: list[dict], media: list[dict] | tuple = (), cluster: dict | None = None) -> dict:
    """The one public projection of a (non-confidential) case; see the module docstring.  ``media``: the case's
    attachment records; only files the agency published, of a listed case, appear (``domain.media``)."""
    known = _known(case)
    point = public_point(case)
    return {**_facts(case), "title": redact_known(case.get("title") or "", *known),
            "body": redact_known(case.get("body") or "", *known),
            "point": {"lat": point[0], "lon": point[1]} if point else None, "category": case.get("category"),
            "timeline": public_timeline(timeline, case), "status_notes": status_notes(timeline, case),
            "media": public_media(case, list(media), listed_publicly(case)),
            "cluster": cluster if listed_publicly(case) else None}


#: what the v1 public view shows of the projection (``ComplaintView``)
_V1_PUBLIC = ("tracking_id", "kind", "title", "body", "status", "channel", "created_at", "updated_at", "agency",
              "due_at", "timezone", "escalation_level", "handled_by", "location", "point", "matter", "timeline",
              "media", "cluster")


def case_view(case: dict, timeline: list[dict], private: bool, media: list[dict] | tuple = (),
              cluster: dict | None = None) -> dict:
    """The reporter's view (``private``: every file with its state) or the public one (``public_case``).
    ``cluster``: {id, reports} when the case is one of several reports about one problem."""
    if not private:
        projection = public_case(case, timeline, media, cluster)
        return {**{k: projection[k] for k in _V1_PUBLIC}, "view": "public"}
    return {**_facts(case), "title": case["title"], "body": case["body"], "timeline": reporter_timeline(timeline),
            "media": [media_entry(m, case["tracking_id"]) for m in media if m.get("state") != DELETED],
            "cluster": cluster,
            "view": "reporter", "reporter": case.get("reporter"), "anonymous": case.get("anonymous", False),
            "confidential": case.get("confidential", False), "occurred_on": case.get("occurred_on"),
            "feedback": case.get("feedback"), "allowed_actions": reporter_actions(case)}
