"""Who hears about an event, on which channel, with which template (pure: no AWS).

Reporters hear about their own case on the contact they gave (email first; SMS when they
have no email or came by SMS/chat); agencies hear on their directory contact emails.
A reporter's contacts are used only to answer that reporter, anonymous or not, and only once
the contact is proved (by the door) or confirmed (by its holder): until then Salur sends it one
request to confirm, with no word the filer wrote, and SMS only to Indonesian numbers — so naming
a stranger's phone or e-mail never turns Salur into a way to message them.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.case_views import listed_publicly, public_message, public_summary
from chalicelib.domain.contacts import confirmation_code, is_indonesian
from chalicelib.domain.directory import TZ_NAMES, get_directory
from chalicelib.domain.identifiers import event_seal_context, unseal

REPORTER_TEMPLATES = {
    "complaint.submitted": "received",
    "complaint.assigned": "routed",
    "complaint.awaiting_verification": "verifying",
    "complaint.info_requested": "info_requested",
    "complaint.responded": "responded",
    "complaint.escalated": "escalated",
    "complaint.referred": "escalated",  # "dieskalasi ke Ombudsman RI"
    "complaint.appealed": "appealed",
    "complaint.reopened": "reopened",
    "complaint.completed": "completed",
    "complaint.rejected": "rejected",
}
AGENCY_TEMPLATES = {
    "complaint.assigned": "agency_new_case",
    "complaint.escalated": "agency_escalated",
    "complaint.referred": "agency_escalated",
    "complaint.appealed": "agency_appealed",
    "complaint.instructed": "agency_instructed",
    "complaint.reopened": "agency_reopened",
    "salur.due_tomorrow": "agency_due_tomorrow",
}
#: what a confirmed supporter of a public report hears (the agency's answer, published words only)
SUPPORTER_TEMPLATES = {"complaint.responded": "supporter_update", "complaint.completed": "supporter_update"}
SUPPORTER_CONFIRM = "salur.supporter_confirm"
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


#: a deadline reminder's template by where the deadline falls, in the agency's zone, from the send time
DUE_TEMPLATES = {"passed": "agency_due_passed", "today": "agency_due_today", "tomorrow": "agency_due_tomorrow",
                 "later": "agency_due_soon"}


def due_day(due_at: str | None, sent_at: str | None, tz_label: str = "WIB") -> str:
    """'passed', 'today', 'tomorrow' or 'later': the deadline seen from the send time, by calendar day in the
    acting agency's time zone (deadlines end 23:59 there).  Unknown times: 'later' (no day is claimed)."""
    try:
        due = datetime.fromisoformat(str(due_at).replace("Z", "+00:00"))
        sent = datetime.fromisoformat(str(sent_at).replace("Z", "+00:00"))
        zone = ZoneInfo(TZ_NAMES.get(tz_label, "Asia/Jakarta"))
        days = (due.astimezone(zone).date() - sent.astimezone(zone).date()).days
    except (TypeError, ValueError, OverflowError):
        return "later"
    if due.tzinfo is None or sent.tzinfo is None:
        return "later"
    if due <= sent:
        return "passed"
    return {0: "today", 1: "tomorrow"}.get(days, "later")


def reminder_sent_at(message: dict, sent_at: str | None) -> str | None:
    """The send time a reminder is worded from: the moment it goes out, never before the run it belongs to (a
    run acts as of its scheduled time, so a replayed run words as that day did)."""
    times = []
    for value in (message.get("occurred_at"), sent_at):
        try:
            times.append(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
        except (TypeError, ValueError):
            continue
    aware = [t for t in times if t.tzinfo is not None]
    return max(aware).isoformat() if aware else None


def _agency_name(agency_id: str | None) -> str:
    agency = get_directory().agency(agency_id or "")
    return agency.name if agency else (agency_id or "-")


def _zone(message: dict, case: dict) -> str:
    """The acting agency's zone label (WIB/WITA/WIT) as of the event."""
    snap = (message.get("data") or {}).get("case") or {}
    agency = get_directory().agency(snap.get("agency_id") or case.get("agency_id") or "")
    return agency.timezone if agency else "WIB"


def _context(message: dict, case: dict, lang: str) -> dict:
    data = message.get("data") or {}
    snap = data.get("case") or {}
    agency_id = snap.get("agency_id") or case.get("agency_id")
    tz = _zone(message, case)
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


def reporter_contacts(reporter: dict, case: dict) -> list[tuple[str, str]]:
    """(channel, address) the reporter hears on: email first; SMS when no email or they came by SMS/chat."""
    email, phone = reporter.get("email"), reporter.get("phone")
    out = [("email", email)] if email else []
    if phone and (not email or case.get("channel") in SYNC_REPLY_CHANNELS):
        out.append(("sms", phone))
    return out


def _limits(channel: str, address: str, case: dict, confirming: bool) -> list[tuple[str, str | None]]:
    """The rate limits (``domain.rate_policy``) one message counts against: its contact, its channel's budget
    and, for a confirmation request, the filing source that named the contact."""
    limits: list[tuple[str, str | None]] = [("messages_per_contact", f"{channel}:{address}")]
    if confirming:
        limits = [("confirmations_per_contact", f"{channel}:{address}"),
                  ("confirmations_per_source", case.get("source_key")), *limits]
    return [*limits, (f"{channel}_per_channel", channel)]


def _confirmation(case: dict, channel: str, address: str, lang: str) -> dict | None:
    """What an unconfirmed contact may hear: a request to confirm it, without a word the filer wrote, and
    never an SMS to a number outside Indonesia (a stranger abroad must not get Salur's texts)."""
    if channel == "sms" and not is_indonesian(address):
        return None
    tid = case.get("tracking_id") or ""
    ctx = {"tid": tid, "confirm_code": confirmation_code(tid, channel, address)}
    return {"audience": "reporter", "channel": channel, "address": address, "template": "confirm_contact",
            "lang": lang, "ctx": ctx, "limits": _limits(channel, address, case, True)}


def wants_supporters(message: dict) -> bool:
    return (message.get("type") or "") in SUPPORTER_TEMPLATES or message.get("type") == SUPPORTER_CONFIRM


def supporter_notes(message: dict, case: dict, supporters) -> list[dict]:
    """A supporter's confirmation request (only to the one address it names), or the update every confirmed
    supporter of a still public report hears — with the agency's message as published (masked), never the
    reporter's words."""
    etype = message.get("type") or ""
    tid = case.get("tracking_id") or ""
    out = []
    for sup in supporters or ():
        address, lang = sup["address"], ("en" if sup.get("lang") == "en" else "id")
        if etype == SUPPORTER_CONFIRM and sup.get("contact") == (message.get("data") or {}).get("contact") \
                and not sup.get("confirmed"):
            ctx = {"tid": tid, "confirm_code": confirmation_code(tid, "supporter-email", address),
                   "title": public_title(case)}
            out.append({"audience": "supporter", "channel": "email", "address": address,
                        "template": "confirm_supporter", "lang": lang, "ctx": ctx,
                        "limits": _limits("email", address, {"source_key": message.get("source_key")}, True)})
        elif etype in SUPPORTER_TEMPLATES and sup.get("confirmed") and listed_publicly(case):
            data = message.get("data") or {}
            said = public_message({"public": True, "role": data.get("role"), "public_message": data.get("message")},
                                  case)
            ctx = {**_context(message, case, lang), "title": public_title(case), "message": said or ""}
            out.append({"audience": "supporter", "channel": "email", "address": address,
                        "template": SUPPORTER_TEMPLATES[etype], "lang": lang, "ctx": ctx,
                        "limits": _limits("email", address, case, False)})
    return out


def public_title(case: dict) -> str:
    return public_summary(case)["title"] if case.get("tracking_id") else ""


def receipt_tells_code(case: dict) -> bool:
    """Whether the receipt will carry the access code: only to a contact proved at filing, never after a door
    that answered at once (``plan``).  When it will not, the code is not kept with the event at all."""
    if case.get("channel") in SYNC_REPLY_CHANNELS:
        return False
    verified = set(case.get("contact_verified") or ())
    return any(channel in verified for channel, _ in reporter_contacts(case.get("reporter") or {}, case))


def needs_case(message: dict) -> bool:
    """Whether planning this event needs the stored case (a reporter may hear of it); agency notices are
    planned from the event's own snapshot."""
    return (message.get("type") or "") in REPORTER_TEMPLATES or wants_supporters(message)


def plan(message: dict, case: dict | None, supporters=(), sent_at: str | None = None) -> list[dict]:
    """The notifications one event calls for: [{audience, channel, address, template, lang, ctx, limits?}].

    A reporter contact the door proved or its holder confirmed (``case["contact_verified"]``) hears every
    event; an unconfirmed one hears only, on the first event, a request to confirm it (``_confirmation``).
    Every reporter message names the rate limits it counts against (``limits``).  ``sent_at``: when it goes
    out (a deadline reminder is worded from the later of that and the run's time, ``reminder_sent_at``)."""
    case = case or {}
    etype = message.get("type") or ""
    if etype == "complaint.referred" and (message.get("data") or {}).get("action") in ("escalate", "appeal"):
        return []  # the escalation / appeal message of the same change already says so
    out: list[dict] = []
    lang = "en" if case.get("lang") == "en" else "id"
    key = REPORTER_TEMPLATES.get(etype)
    reporter = case.get("reporter") or {}
    if key and reporter:
        ctx = _context(message, case, lang)
        skip = False
        if key == "received":
            code = unseal((message.get("private") or {}).get("sealed_access_code"), event_seal_context(message.get("event_id")))
            skip = not code or case.get("channel") in SYNC_REPLY_CHANNELS
            ctx["access_code"] = code
        verified = set(case.get("contact_verified") or ())
        for channel, address in reporter_contacts(reporter, case):
            if channel not in verified:
                note = _confirmation(case, channel, address, lang) if key == "received" else None
                out += [note] if note else []
            elif not skip:
                out.append({"audience": "reporter", "channel": channel, "address": address, "template": key,
                            "lang": lang, "ctx": ctx, "limits": _limits(channel, address, case, False)})
    out += supporter_notes(message, case, supporters)
    akey = AGENCY_TEMPLATES.get(etype)
    if akey:
        data = message.get("data") or {}
        targets = [message.get("agency_id") or case.get("agency_id")]
        if etype in ("complaint.escalated", "complaint.referred", "complaint.appealed"):
            targets = [data.get("handler_agency_id"), data.get("breached_agency_id") or targets[0]]
        ctx = _context(message, case, "id")
        if etype == "salur.due_tomorrow":  # a caught-up day's deadline may end today, a late send after it
            akey = DUE_TEMPLATES[due_day((data.get("case") or {}).get("due_at") or case.get("due_at"),
                                         reminder_sent_at(message, sent_at), _zone(message, case))]
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
