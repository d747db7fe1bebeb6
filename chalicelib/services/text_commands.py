"""Text commands shared by the SMS 1708 and chat doors.

``LAPOR <text>`` files a complaint (the sender's number is the reporter's contact),
``STATUS <tracking id>`` answers with the current status, ``STOP``/``MULAI`` mute or
unmute notifications to that number; on a case filed from that number the reporter closes the loop
(``services.reporter_commands``): ``INFO <id> <answer>``, ``TERIMA <id>``, ``TOLAK <id> <alasan>``,
``NILAI <id> 1-5``, ``BANDING <id> <alasan>`` — and a plain reply is the answer when exactly one case waits
for that number's information.  Anything else gets the help text.  English keywords (REPORT, CHECK, HELP,
START, ACCEPT, REJECT, RATE, APPEAL) answer in English.
"""
from __future__ import annotations

import logging
import re

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.domain.contacts import Origin, source_key
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.notification_plan import format_due
from chalicelib.services import abuse_guard, contact_confirmation, intake, reporter_commands
from chalicelib.services.cases import case_tz

log = logging.getLogger("salur.channels")

FILE_WORDS = {"LAPOR": "id", "ADUAN": "id", "ADU": "id", "REPORT": "en"}
STATUS_WORDS = {"STATUS": "id", "CEK": "id", "CHECK": "en"}
STOP_WORDS = {"STOP": "id", "BERHENTI": "id", "UNSUBSCRIBE": "en"}
START_WORDS = {"MULAI": "id", "START": "en"}
HELP_WORDS = {"BANTUAN": "id", "HELP": "en"}
#: the reporter's words on their own case (``reporter_commands.COMMANDS``); INFO is Indonesian and English
REPORTER_WORDS = {"INFO": ("info", "id"), "JAWAB": ("info", "id"), "ANSWER": ("info", "en"),
                  "TERIMA": ("accept", "id"), "ACCEPT": ("accept", "en"), "TOLAK": ("reject", "id"),
                  "REJECT": ("reject", "en"), "NILAI": ("rate", "id"), "RATE": ("rate", "en"),
                  "BANDING": ("appeal", "id"), "APPEAL": ("appeal", "en")}
CONFIRM_WORDS = {"YA": "id", "KONFIRMASI": "id", "YES": "en", "CONFIRM": "en"}

MIN_BODY, MAX_BODY = 20, 5000

STATUS_LABELS = {
    "submitted": ("diterima", "received"),
    "awaiting_verification": ("sedang diverifikasi", "being verified"),
    "assigned": ("diteruskan ke instansi", "sent to the agency"),
    "in_progress": ("sedang ditindaklanjuti", "in progress"),
    "needs_info": ("menunggu informasi tambahan dari Anda", "waiting for more information from you"),
    "responded": ("sudah ditanggapi", "responded"),
    "completed": ("selesai", "completed"),
    "closed": ("ditutup", "closed"),
    "rejected": ("tidak dapat diproses", "cannot be processed"),
    "reopened": ("dibuka kembali", "reopened"),
    "referred": ("dirujuk ke Ombudsman RI", "referred to the Ombudsman"),
}

REPLIES = {
    "help": ("Salur 1708: LAPOR <isi & lokasi> untuk melapor, STATUS <nomor>, INFO <nomor> <jawaban>, "
             "TERIMA <nomor>, TOLAK <nomor> <alasan>, NILAI <nomor> 1-5, STOP untuk berhenti menerima pesan.",
             "Salur 1708: REPORT <what & where> to file, CHECK <id>, INFO <id> <answer>, ACCEPT <id>, "
             "REJECT <id> <reason>, RATE <id> 1-5, STOP to stop messages."),
    "too_short": ("Laporan terlalu singkat. Kirim LAPOR diikuti uraian minimal 20 huruf: apa yang terjadi dan "
                  "di mana.",
                  "Your report is too short. Send REPORT followed by at least 20 characters: what happened and "
                  "where."),
    "filed": ("Laporan diterima. Nomor: {tid}. Kode akses: {code} (rahasia). {where} Cek: STATUS {tid}",
              "Report received. Number: {tid}. Access code: {code} (secret). {where} Check: CHECK {tid}"),
    "filed_before": ("Laporan ini sudah diterima sebelumnya. Nomor: {tid} (kode akses ada di balasan pertama). "
                     "Cek: STATUS {tid}",
                     "This report was received before. Number: {tid} (the access code was in the first reply). "
                     "Check: CHECK {tid}"),
    "confirmed": ("Nomor Anda terkonfirmasi untuk laporan {tid}; kabar laporan akan dikirim ke nomor ini.",
                  "Your number is confirmed for report {tid}; news of the report will come to this number."),
    "not_confirmed": ("Tidak ada laporan {tid} dengan nomor ini sebagai kontak pelapor.",
                      "No report {tid} names this number as the reporter's contact."),
    "routed": ("Diteruskan ke {agency}.", "Sent to {agency}."),
    "verifying": ("Sedang diverifikasi petugas.", "Being verified."),
    "status": ("Laporan {tid}: {status}.{agency}{due}", "Report {tid}: {status}.{agency}{due}"),
    "status_agency": (" Instansi: {agency}.", " Agency: {agency}."),
    "status_due": (" Batas: {due}.", " Due: {due}."),
    "no_tid": ("Kirim STATUS diikuti nomor laporan, contoh: STATUS ABCD-1234.",
               "Send CHECK followed by the tracking id, e.g. CHECK ABCD-1234."),
    "not_found": ("Laporan {tid} tidak ditemukan.", "Report {tid} not found."),
    "stopped": ("Anda tidak akan menerima pesan Salur lagi. Kirim MULAI untuk mengaktifkan kembali.",
                "You will no longer receive Salur messages. Send START to turn them back on."),
    "started": ("Pesan Salur diaktifkan kembali.", "Salur messages are back on."),
    "invalid": ("Laporan tidak dapat diproses; periksa isinya lalu kirim ulang.",
                "The report could not be processed; check it and send again."),
    "busy": ("Layanan sedang sibuk; laporan belum tersimpan. Silakan kirim ulang sebentar lagi.",
             "The service is busy; your report was not saved. Please send it again shortly."),
}


def reply(key: str, lang: str, **params) -> str:
    pair = REPLIES[key]
    return (pair[1] if lang == "en" else pair[0]).format(**params)


_WORD = re.compile(r"^\s*([A-Za-z]+)\b[\s:.,-]*(.*)$", re.S)
_WHERE = re.compile(r"\b(?:di|at|in)\s+(.{3,300})$", re.I | re.S)


def parse(text: str) -> tuple[str, str, str]:
    """(command, argument, language) from a message; 'unknown' (with the whole text) when no keyword leads it."""
    m = _WORD.match(text or "")
    if not m:
        return "unknown", (text or "").strip(), "id"
    word, rest = m.group(1).upper(), m.group(2).strip()
    for command, table in (("file", FILE_WORDS), ("status", STATUS_WORDS), ("stop", STOP_WORDS),
                           ("start", START_WORDS), ("confirm", CONFIRM_WORDS), ("help", HELP_WORDS)):
        if word in table:
            return command, rest, table[word]
    if word in REPORTER_WORDS and not (word == "TERIMA" and rest.lower().startswith("kasih")):  # "thank you"
        command, lang = REPORTER_WORDS[word]
        return command, rest, lang
    return "unknown", (text or "").strip(), "id"


#: abbreviations a sentence does not end at ("Jl. Gatot Subroto", "Kec. Kuta", "No. 5")
_ABBREVIATIONS = frozenset({"jl", "jln", "gg", "kec", "kel", "kab", "kota", "ds", "no", "rt", "rw", "dr", "h", "hj",
                            "prov", "st", "blok", "km", "kp", "dsn", "perum", "komp", "pak", "bu", "ibu", "bp", "sdr"})
_SENTENCE_END = re.compile(r"[.!?](?=\s)")


def first_sentence(body: str) -> str:
    """The text up to the first sentence end that is not an abbreviation's dot (the place stays in the title)."""
    for m in _SENTENCE_END.finditer(body):
        before = body[:m.start()].rsplit(None, 1)
        last = before[-1].lower() if before else ""
        if m.group(0) == "." and (last in _ABBREVIATIONS or len(last) == 1):
            continue
        return body[:m.start() + 1]
    return body


def complaint_from_text(text: str, phone: str | None, channel: str, email: str | None = None,
                        name: str | None = None) -> dict:
    """The ``ComplaintIn`` fields for a free-text report (title: its first words; place: after 'di ...')."""
    body = " ".join(text.split())[:MAX_BODY]
    first = first_sentence(body)
    title = first if len(first) <= 80 else first[:77].rsplit(" ", 1)[0] + "..."
    if len(title) < 5:
        title = "Laporan melalui " + channel.upper()
    data: dict = {"title": title, "body": body}  # the channel is the door's (Origin), not a field
    where = _WHERE.search(body)
    if where:
        data["location"] = {"text": where.group(1).strip()[:300]}
    reporter = {k: v for k, v in (("phone", phone), ("email", email), ("name", (name or "")[:100] or None)) if v}
    if reporter:
        data["reporter"] = reporter
    return data


def file_text(text: str, phone: str | None, channel: str, message_ref: str, lang: str) -> str:
    """File a free-text report; the reply carries the tracking id and the access code."""
    from pydantic import ValidationError

    from chalicelib.api.schemas import ComplaintIn

    if len(" ".join(text.split())) < MIN_BODY:
        return reply("too_short", lang)
    try:
        data = ComplaintIn.model_validate(complaint_from_text(text, phone, channel)).model_dump(mode="json")
    except ValidationError:
        try:  # a number we cannot normalise must not cost the citizen their report
            data = ComplaintIn.model_validate(complaint_from_text(text, None, channel)).model_dump(mode="json")
        except ValidationError:
            return reply("invalid", lang)
    if not abuse_guard.door_allows("filings_per_sender", f"{channel}:{phone or message_ref}"):
        return reply("busy", lang)
    # the gateway or chat platform proved the sender's number: it is the reporter's confirmed contact
    origin = Origin(channel=channel, source=source_key(channel, phone), verified=("sms",) if data.get("reporter") else ())
    try:
        result, replayed = intake.file_complaint(data, idempotency_key=message_ref[:128],
                                                 channel_ref=f"{channel}:{message_ref}"[:200], lang=lang,
                                                 origin=origin, door=channel, replay_reveals_code=False)
    except intake.IdempotencyConflict:
        return reply("invalid", lang)
    if replayed:  # a replayed request (a gateway retry, or someone replaying it) never gets the code again
        return reply("filed_before", lang, tid=result["tracking_id"])
    agency = result.get("agency")
    where = reply("routed", lang, agency=agency["name"]) if agency else reply("verifying", lang)
    return reply("filed", lang, tid=result["tracking_id"], code=result["access_code"], where=where)


def status_text(arg: str, phone: str | None, lang: str) -> str:

    raw = (arg.split() or [""])[0]
    tid = normalize_tracking_id(raw)
    if not raw:
        return reply("no_tid", lang)
    if tid is None:
        return reply("not_found", lang, tid=raw[:20])
    case = ComplaintRepository().get(tid, consistent=False)
    own = bool(case and phone and (case.get("reporter") or {}).get("phone") == phone)
    if case is None or (case.get("confidential") and not own):
        return reply("not_found", lang, tid=tid)
    labels = STATUS_LABELS.get(case.get("status"), (case.get("status"), case.get("status")))
    status = labels[1] if lang == "en" else labels[0]
    agency = reply("status_agency", lang, agency=case["agency_name"]) if case.get("agency_name") else ""
    due = ""
    if case.get("due_at") and case.get("status") not in ("completed", "closed", "rejected"):

        due = reply("status_due", lang, due=format_due(case["due_at"], case_tz(case)))
    return reply("status", lang, tid=tid, status=status, agency=agency, due=due)


def handle(text: str, phone: str | None, channel: str, message_ref: str) -> str:
    """Answer one inbound text message (the reply goes back on the same channel)."""
    command, arg, lang = parse(text)
    if command == "file":
        return file_text(arg, phone, channel, message_ref, lang)
    if command == "status":
        return status_text(arg, phone, lang)
    if command == "confirm":
        tid = normalize_tracking_id((arg.split() or [""])[0]) or ""
        ok = contact_confirmation.confirm_by_sender(tid, phone)  # the gateway/platform proved the sender
        return reply("confirmed" if ok else "not_confirmed", lang, tid=tid or "-")
    if command in ("stop", "start") and phone:
        NotificationStore().opt_out_contact(phone, command == "stop")
        return reply("stopped" if command == "stop" else "started", lang)
    if command in reporter_commands.COMMANDS:
        tid, rest = reporter_commands.split_tid(arg)
        if tid is None:
            _action, word_id, word_en = reporter_commands.COMMANDS[command]
            return reporter_commands.say("usage_tid", lang, word=word_en if lang == "en" else word_id)
        return reporter_commands.act(command, tid, rest, ("phone", phone or ""), lang)
    if command == "unknown" and arg:
        waiting = reporter_commands.waiting_case(phone)  # a plain reply to a request for information
        if waiting:
            return reporter_commands.act("info", waiting, arg, ("phone", phone or ""), lang)
    return reply("help", lang)
