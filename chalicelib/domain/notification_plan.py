"""Who hears about an event, on which channel, with which template (pure: no AWS).

Reporters hear about their own case on the contact they gave (email first; SMS when they
have no email or came by SMS/chat); agencies hear on their directory contact emails.
A reporter's contacts are used only to answer that reporter, anonymous or not.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.directory import TZ_NAMES, get_directory

REPORTER_TEMPLATES = {
    "complaint.submitted": "received",
    "complaint.assigned": "routed",
    "complaint.awaiting_verification": "verifying",
    "complaint.info_requested": "info_requested",
    "complaint.responded": "responded",
    "complaint.escalated": "escalated",
    "complaint.reopened": "reopened",
    "complaint.completed": "completed",
    "complaint.rejected": "rejected",
}
AGENCY_TEMPLATES = {
    "complaint.assigned": "agency_new_case",
    "complaint.escalated": "agency_escalated",
    "complaint.reopened": "agency_reopened",
    "salur.due_tomorrow": "agency_due_tomorrow",
}
# Channels that already answered the reporter synchronously with the tracking id.
SYNC_REPLY_CHANNELS = ("sms", "chat")


def format_due(due_at: str | None, tz_label: str = "WIB") -> str:
    """'27-11-2026 23:59 WIB' in the acting agency's time zone."""
    if not due_at:
        return "-"
    try:
        dt = datetime.fromisoformat(due_at.replace("Z", "+00:00"))
    except ValueError:
        return due_at
    local = dt.astimezone(ZoneInfo(TZ_NAMES.get(tz_label, "Asia/Jakarta")))
    return local.strftime("%d-%m-%Y %H:%M ") + tz_label


def _agency_name(agency_id: str | None) -> str:
    agency = get_directory().agency(agency_id or "")
    return agency.name if agency else (agency_id or "-")


def _context(message: dict, case: dict, lang: str) -> dict:
    data = message.get("data") or {}
    snap = data.get("case") or {}
    agency_id = snap.get("agency_id") or case.get("agency_id")
    agency = get_directory().agency(agency_id or "")
    tz = agency.timezone if agency else "WIB"
    level = data.get("label_en") if lang == "en" else data.get("label_id")
    return {
        "tid": message.get("tracking_id") or case.get("tracking_id"),
        "title": snap.get("title") or case.get("title") or "",
        "agency": snap.get("agency_name") or _agency_name(agency_id),
        "due": format_due(snap.get("due_at") or data.get("due_at"), tz),
        "message": data.get("message") or data.get("reason") or "",
        "level": level or _agency_name(data.get("handler_agency_id")),
        "breached": _agency_name(data.get("breached_agency_id")),
    }


def plan(message: dict, case: dict | None) -> list[dict]:
    """The notifications one event calls for: [{audience, channel, address, template, lang, ctx}]."""
    case = case or {}
    etype = message.get("type") or ""
    out: list[dict] = []
    lang = "en" if case.get("lang") == "en" else "id"
    key = REPORTER_TEMPLATES.get(etype)
    reporter = case.get("reporter") or {}
    if key and reporter:
        ctx = _context(message, case, lang)
        skip = False
        if key == "received":
            code = (message.get("private") or {}).get("access_code")
            skip = not code or case.get("channel") in SYNC_REPLY_CHANNELS
            ctx["access_code"] = code
        if not skip:
            email, phone = reporter.get("email"), reporter.get("phone")
            if email:
                out.append({"audience": "reporter", "channel": "email", "address": email, "template": key,
                            "lang": lang, "ctx": ctx})
            if phone and (not email or case.get("channel") in SYNC_REPLY_CHANNELS):
                out.append({"audience": "reporter", "channel": "sms", "address": phone, "template": key,
                            "lang": lang, "ctx": ctx})
    akey = AGENCY_TEMPLATES.get(etype)
    if akey:
        data = message.get("data") or {}
        targets = [message.get("agency_id") or case.get("agency_id")]
        if etype == "complaint.escalated":
            targets = [data.get("handler_agency_id"), data.get("breached_agency_id") or targets[0]]
        ctx = _context(message, case, "id")
        seen: set[str] = set()
        for agency_id in targets:
            agency = get_directory().agency(agency_id or "")
            if agency is None:
                continue
            for email in agency.contact_emails:
                if email not in seen:
                    seen.add(email)
                    out.append({"audience": "agency", "channel": "email", "address": email, "template": akey,
                                "lang": "id", "ctx": ctx})
    return out
