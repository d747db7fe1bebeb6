"""A reporter acting on their own case from a door (SMS 1708, chat, email): answer a request for
information, accept or reject the answer, rate it, appeal a rejection.

Only on a case filed from that contact: the reporter's phone (SMS/chat) or email is the sender, and the door
proved it (``contact_verified``).  Anything else answers "not found", the same as an unknown id, so a door never
tells a stranger that a case exists.  Every change goes through ``cases.transition`` like the web's.
"""
from __future__ import annotations

import logging
import re

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain import lifecycle
from chalicelib.domain.case_views import handled_by
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.notification_plan import format_due
from chalicelib.domain.refusals import StaleVersion
from chalicelib.services import cases
from chalicelib.services.cases import case_tz

log = logging.getLogger("salur.channels")

#: command → (what it does, the Indonesian word, the English word)
COMMANDS = {"info": ("provide_info", "INFO", "INFO"), "accept": ("reporter_accept", "TERIMA", "ACCEPT"),
            "reject": ("reporter_reject", "TOLAK", "REJECT"), "rate": ("rate", "NILAI", "RATE"),
            "appeal": ("appeal", "BANDING", "APPEAL")}
MIN_TEXT = 5

REPLIES = {
    "info_done": ("Terima kasih, jawaban Anda untuk laporan {tid} diteruskan ke {agency}.{due}",
                  "Thank you, your answer on report {tid} went to {agency}.{due}"),
    "accept_done": ("Laporan {tid} Anda nyatakan selesai. Beri nilai 1-5: NILAI {tid} <angka>.",
                    "You marked report {tid} as done. Rate it 1-5: RATE {tid} <number>."),
    "accept_rated": ("Laporan {tid} selesai dan nilai {rating} tercatat. Terima kasih.",
                     "Report {tid} is done and your rating {rating} is recorded. Thank you."),
    "reject_done": ("Laporan {tid} dibuka kembali. {handler}.",
                    "Report {tid} is reopened. {handler}."),
    "rate_done": ("Terima kasih, nilai {rating} untuk laporan {tid} tercatat.",
                  "Thank you, your rating {rating} for report {tid} is recorded."),
    "appeal_done": ("Banding laporan {tid} diterima. {handler}.", "Appeal on report {tid} received. {handler}."),
    "usage_info": ("Kirim: INFO {tid} <jawaban Anda> (minimal 5 huruf).",
                   "Send: INFO {tid} <your answer> (at least 5 characters)."),
    "usage_reject": ("Kirim: TOLAK {tid} <alasan> (minimal 5 huruf).",
                     "Send: REJECT {tid} <reason> (at least 5 characters)."),
    "usage_appeal": ("Kirim: BANDING {tid} <alasan> (minimal 5 huruf).",
                     "Send: APPEAL {tid} <reason> (at least 5 characters)."),
    "usage_rate": ("Kirim: NILAI {tid} <1-5>, contoh NILAI {tid} 4.", "Send: RATE {tid} <1-5>, e.g. RATE {tid} 4."),
    "usage_tid": ("Sertakan nomor laporan, contoh: {word} ABCD-1234 ...",
                  "Include the tracking id, e.g. {word} ABCD-1234 ..."),
    "not_found": ("Laporan {tid} tidak ditemukan untuk kontak ini.", "No report {tid} was filed from this contact."),
    "not_now": ("Laporan {tid} sedang {status}; {word} tidak berlaku sekarang.",
                "Report {tid} is {status}; {word} does not apply now."),
    "busy": ("Laporan {tid} baru saja berubah; kirim ulang perintah Anda.",
             "Report {tid} just changed; please send your command again."),
}


def say(key: str, lang: str, **params) -> str:
    pair = REPLIES[key]
    return (pair[1] if lang == "en" else pair[0]).format(**params)


_TID = re.compile(r"^\s*([0-9A-Za-z]{4}[\s\-_.]?[0-9A-Za-z]{4})\b[\s:.,-]*(.*)$", re.S)


def split_tid(arg: str) -> tuple[str | None, str]:
    """(tracking id, the rest) from ``<id> <text>``; (None, arg) when it does not start with one."""
    m = _TID.match(arg or "")
    tid = normalize_tracking_id(m.group(1)) if m else None
    return (tid, m.group(2).strip()) if tid else (None, (arg or "").strip())


def own_case(tid: str, contact: tuple[str, str], repo: ComplaintRepository | None = None) -> dict | None:
    """The case if it was filed from this contact (("phone", +62...) or ("email", a@b)), else None."""
    kind, value = contact
    case = (repo or ComplaintRepository()).get(tid)
    if case is None or not value:
        return None
    reporter = case.get("reporter") or {}
    proved = "sms" if kind == "phone" else "email"
    if reporter.get(kind) == value and proved in (case.get("contact_verified") or ()):
        return case
    return None


def status_words(case: dict, lang: str) -> str:
    from chalicelib.services.text_commands import STATUS_LABELS

    labels = STATUS_LABELS.get(case.get("status"), (case.get("status"), case.get("status")))
    return labels[1] if lang == "en" else labels[0]


def _handler_words(case: dict, lang: str) -> str:
    who = handled_by(case)
    return (who["text_en"] if lang == "en" else who["text_id"]) if who else ""


def act(command: str, tid: str, text: str, contact: tuple[str, str], lang: str = "id") -> str:
    """Apply one reporter command (``COMMANDS``) to ``tid`` for the sender ``contact``; the reply in words."""
    action, word_id, word_en = COMMANDS[command]
    word = word_en if lang == "en" else word_id
    case = own_case(tid, contact)
    if case is None:
        return say("not_found", lang, tid=tid)
    kwargs: dict = {}
    if command in ("info", "reject", "appeal"):
        if len(text) < MIN_TEXT:
            return say(f"usage_{command}", lang, tid=tid)
        kwargs = {"message": text[:5000]} if command == "info" else {"reason": text[:2000]}
    elif command in ("rate", "accept"):
        m = re.match(r"^([1-5])\b", text)
        if command == "rate" and not m:
            return say("usage_rate", lang, tid=tid)
        if m:
            kwargs["rating"] = int(m.group(1))
        if case.get("status") == lifecycle.RESPONDED:
            action = "reporter_accept"  # NILAI on an answer: accepting it with a rating
        elif command == "rate" and case.get("status") != lifecycle.COMPLETED:
            return say("not_now", lang, tid=tid, status=status_words(case, lang), word=word)
    try:
        new = cases.transition(tid, action, "reporter", actor={"reporter": True, "door": contact[0]}, **kwargs)
    except lifecycle.TransitionError:
        return say("not_now", lang, tid=tid, status=status_words(case, lang), word=word)
    except StaleVersion:
        return say("busy", lang, tid=tid)
    log.info("reporter command", extra={"tracking_id": tid, "action": action, "status": new["status"]})
    if command == "info":
        due = f" Batas tindak lanjut: {format_due(new.get('due_at'), case_tz(new))}." if lang != "en" else \
            f" Follow-up due by: {format_due(new.get('due_at'), case_tz(new))}."
        return say("info_done", lang, tid=tid, agency=new.get("agency_name") or "-", due=due)
    if action == "reporter_accept":
        return say("accept_rated" if "rating" in kwargs else "accept_done", lang, tid=tid, rating=kwargs.get("rating"))
    if command == "rate":
        return say("rate_done", lang, tid=tid, rating=kwargs["rating"])
    return say(f"{command}_done", lang, tid=tid, handler=_handler_words(new, lang))


def waiting_case(phone: str | None) -> str | None:
    """The one case waiting for this number's information, if exactly one is."""
    if not phone:
        return None
    items = ComplaintRepository().waiting_for(phone, limit=2)
    return items[0]["tracking_id"] if len(items) == 1 else None
