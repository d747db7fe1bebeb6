"""Email door: SES receipt rule → SNS notification (content inline, or the raw mail in S3).

Two ways in, one path (``handle_mail``): the SNS subscription of the ``salur-inbound-mail`` topic
(``handle_notification``), and ``POST /v1/channels/email`` (web.py: the same SNS message posted by
an SNS HTTPS subscription, or a raw ``message/rfc822`` body for curl: ``handle_raw``).

Parsed in linear time within fixed bounds (``mail_reader``): sender, subject, plain-text body (or
the HTML body reduced to text).  Deduplicated by Message-ID (the idempotency key), so SES/SNS
redelivery never files twice.

Who sent it: SES's verdicts say.  A mail whose spam or virus verdict is FAIL is dropped.  The sender
is trusted (``sender_trusted``) only when DMARC passes (or, for a domain without DMARC, SPF and DKIM
both pass); the raw-mail door is trusted because its caller holds the inbound-mail token (it is
Salur's own mail relay).  A trusted sender is the reporter's confirmed contact: the tracking id and
access code go back by email through the ordinary 'received' notification, and mail we cannot take
(too large, empty, unreadable) gets a short answer.  An untrusted sender gets nothing back — no
backscatter to a forged address — and its mail is filed without any name or address (never in the
name of whoever the From line claims).  Mail stored in S3 is read only from the configured inbound
bucket and prefix (``MAIL_INBOUND_BUCKET``, ``MAIL_INBOUND_PREFIX``).
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from email.utils import parseaddr

from chalicelib import config
from chalicelib.adapters import message_senders as senders
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.message_senders import mail_from
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.domain.contacts import Origin, source_key, valid_email
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.services import abuse_guard, attachments, intake, reporter_commands
from chalicelib.services import text_commands as commands
from chalicelib.services.mail_reader import header_block, parse_mail
from chalicelib.services.text_commands import complaint_from_text

log = logging.getLogger("salur.email")

MAX_BYTES = 10 * 1024 * 1024
ANSWERS = {
    "too_large": ("Email Anda tidak dapat diproses", "Email Anda melebihi 10 MB sehingga tidak dapat diproses. "
                  "Kirim ulang tanpa lampiran besar, atau laporkan melalui https://salur.go.id."),
    "too_short": ("Laporan Anda belum dapat diproses", "Isi email terlalu singkat. Jelaskan apa yang terjadi dan di "
                  "mana (minimal 20 huruf), lalu kirim ulang."),
    "unreadable": ("Email Anda tidak dapat dibaca", "Kami tidak dapat membaca isi email Anda. Kirim ulang sebagai "
                   "teks biasa, atau laporkan melalui https://salur.go.id."),
    "stopped": ("Anda berhenti menerima email Salur", "Anda tidak akan menerima email Salur lagi. Kirim email "
                "berisi MULAI untuk mengaktifkan kembali."),
    "started": ("Email Salur diaktifkan kembali", "Email Salur untuk alamat ini diaktifkan kembali."),
    "attachments": ("Lampiran tidak disimpan", "Email Anda kami terima, tetapi sebagian lampirannya tidak disimpan: "
                    "Salur hanya menyimpan foto (JPEG/PNG) dan PDF, paling banyak 5 berkas. Tuliskan keterangan "
                    "lainnya di isi email."),
}
ATTACHMENT_NOTE = ("\n\nLampiran balasan email tidak disimpan: kirim foto atau berkas lewat halaman laporan "
                   "Anda, atau tuliskan keterangannya di isi email.")
_MAIL_TID = re.compile(r"\b([0-9A-Za-z]{4}-[0-9A-Za-z]{4})\b")
SIGNATURE = "\n\n— Salur, kanal pengaduan pelayanan publik."


class ForeignObject(ValueError):
    """The notification names an S3 object outside the configured inbound bucket/prefix: not read."""


def inbound_location() -> tuple[str, str]:
    """(bucket, key prefix) where the SES receipt rule stores inbound mail: the only objects Salur reads."""
    return config.env("MAIL_INBOUND_BUCKET", "salur-inbound-mail"), config.env("MAIL_INBOUND_PREFIX", "")


def _raw_from_notification(note: dict) -> tuple[bytes | None, int]:
    """The raw mail and its size from an SES 'Received' notification (inline content or S3 action)."""
    action = (note.get("receipt") or {}).get("action") or {}
    content = note.get("content")
    if isinstance(content, str):
        raw = base64.b64decode(content) if str(action.get("encoding", "")).upper() == "BASE64" else content.encode()
        return raw, len(raw)
    if action.get("type") == "S3" and action.get("bucketName") and action.get("objectKey"):
        bucket, prefix = inbound_location()
        name = str(action["objectKey"])
        if str(action["bucketName"]) != bucket or not name.startswith(prefix) or len(name) > 1024 \
                or ".." in name.split("/"):
            raise ForeignObject(name[:100])
        s3 = client("s3")
        head = s3.head_object(Bucket=bucket, Key=name)
        size = int(head.get("ContentLength", 0))
        if size > MAX_BYTES:
            return None, size
        return s3.get_object(Bucket=bucket, Key=name)["Body"].read(), size
    return None, 0


def _verdict(receipt: dict, name: str) -> str:
    value = receipt.get(name)
    return str(value.get("status") or "").upper() if isinstance(value, dict) else ""


def sender_trusted(receipt: dict) -> bool | None:
    """SES's view of the sender: True (authenticated), False (not), None (spam or a virus: drop the mail)."""
    if _verdict(receipt, "spamVerdict") == "FAIL" or _verdict(receipt, "virusVerdict") == "FAIL":
        return None
    dmarc = _verdict(receipt, "dmarcVerdict")
    if dmarc == "PASS":
        return True
    return dmarc in ("", "GRAY") and _verdict(receipt, "spfVerdict") == "PASS" \
        and _verdict(receipt, "dkimVerdict") == "PASS"


def _answer(to: str, key: str, ref: str, trusted: bool) -> bool:
    """One short answer per inbound message, even if SNS delivers it twice; True if it went out now."""
    subject, body = ANSWERS[key]
    return _answer_text(to, subject, body, ref, trusted)


def _answer_text(to: str, subject: str, body: str, ref: str, trusted: bool) -> bool:
    """Send ``body`` once per inbound message ``ref``.

    Only to an authenticated sender with a usable address, within its per-contact limit; a provider error
    is logged, never raised (the answer is a courtesy)."""
    if not trusted or not valid_email(to) or not abuse_guard.door_allows("messages_per_contact", f"email:{to}"):
        return False
    store = NotificationStore()
    if not store.claim(f"mail-in.{ref}", "email", to):
        return False
    try:
        senders.send_email(to, subject, body + SIGNATURE)
    except Exception:  # noqa: BLE001 - a courtesy answer; SNS redelivery would answer again
        store.release(f"mail-in.{ref}", "email", to)
        log.warning("mail answer not sent", extra={"answer": key})
        return False
    store.mark_sent(f"mail-in.{ref}", "email", to, None)
    return True


def _ref(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:40]


def handle_notification(message: str) -> dict:
    """Handle one SNS message body from the SES receipt rule; returns what happened (for logs, tests and
    the HTTP door): ``{"result", "tracking_id"?, "reply_sent"}``.

    ``result``: filed | replayed | too_large | too_short | unreadable | invalid (answered or filed);
    ignored (not a 'Received' notification, auto-replies, our own or a mailer-daemon's mail, spam or a
    virus, an S3 object outside the inbound bucket); malformed (not JSON, or no sender: nobody to answer)."""
    try:
        note = json.loads(message)
    except (ValueError, TypeError, RecursionError):
        return {"result": "malformed", "reply_sent": False}
    if not isinstance(note, dict):
        return {"result": "malformed", "reply_sent": False}
    if note.get("notificationType") != "Received":
        return {"result": "ignored", "reply_sent": False}
    mail = note.get("mail") if isinstance(note.get("mail"), dict) else {}
    receipt = note.get("receipt") if isinstance(note.get("receipt"), dict) else {}
    trusted = sender_trusted(receipt)
    if trusted is None:
        log.info("inbound mail dropped: spam or virus verdict")
        return {"result": "ignored", "reply_sent": False}
    common = mail.get("commonHeaders") if isinstance(mail.get("commonHeaders"), dict) else {}
    froms = common.get("from") if isinstance(common.get("from"), list) else []
    envelope_from = _address(str((froms or [mail.get("source") or ""])[0]))
    ref_source = str(common.get("messageId") or mail.get("messageId") or "")[:998]
    try:
        raw, size = _raw_from_notification(note)
    except ForeignObject:
        log.warning("inbound mail notification names an object outside the inbound bucket")
        return {"result": "ignored", "reply_sent": False}
    except (ValueError, TypeError, AttributeError):  # bad base64, odd shapes: answered as unreadable
        raw, size = None, 0
    return handle_mail(raw, size, envelope_from, ref_source, trusted)


def _address(value: str) -> str:
    """The address of a From line as SES or a mail gives it (bounded: parseaddr is linear, the input is not)."""
    try:
        return parseaddr(value[:2048])[1].strip().lower()
    except (RecursionError, IndexError, ValueError):
        return ""


def handle_raw(raw: bytes) -> dict:
    """Handle one raw RFC 5322 message (the HTTP door's ``message/rfc822`` body): same steps, same
    answers, same Message-ID deduplication as the SES notification.  Without a Message-ID the
    content's hash is the idempotency key.  Its caller holds the inbound-mail token (Salur's own relay),
    which vouches for the sender as SES's verdicts do."""
    try:
        head = parse_mail(header_block(raw))  # the headers only: a 10 MB+ mail is answered without its body
    except Exception:  # noqa: BLE001 - unparsable or oversized headers: nobody to answer
        return {"result": "malformed", "reply_sent": False}
    envelope_from = head["sender"]
    if "@" not in envelope_from:
        return {"result": "malformed", "reply_sent": False}
    ref_source = head["message_id"] or "sha256:" + hashlib.sha256(raw).hexdigest()
    return handle_mail(raw if len(raw) <= MAX_BYTES else None, len(raw), envelope_from, ref_source, True)


def handle_mail(raw: bytes | None, size: int, envelope_from: str, ref_source: str, trusted: bool = False) -> dict:
    """The one path every inbound mail takes (SNS event, HTTP notification, raw MIME over HTTP)."""
    ref = _ref(ref_source)
    own = parseaddr(mail_from())[1].lower()
    if not envelope_from:
        return {"result": "malformed", "reply_sent": False}
    if envelope_from == own or envelope_from.startswith(("mailer-daemon@", "postmaster@")):
        return {"result": "ignored", "reply_sent": False}
    if size > MAX_BYTES:
        return {"result": "too_large", "reply_sent": _answer(envelope_from, "too_large", ref, trusted)}
    if raw is None:
        return {"result": "unreadable", "reply_sent": _answer(envelope_from, "unreadable", ref, trusted)}
    try:
        parsed = parse_mail(raw)
    except Exception:  # noqa: BLE001 - beyond mail_reader's bounds, or a broken MIME structure
        return {"result": "unreadable", "reply_sent": _answer(envelope_from, "unreadable", ref, trusted)}
    if parsed["auto"]:
        return {"result": "ignored", "reply_sent": False}
    sender = parsed["sender"] or envelope_from
    ref = _ref(parsed["message_id"] or ref_source)
    return file_mail(parsed, sender, ref, trusted)


def file_mail(parsed: dict, sender: str, ref: str, trusted: bool = False) -> dict:
    from pydantic import ValidationError

    from chalicelib.api.schemas import ComplaintIn

    text = " ".join(parsed["text"].split())
    if trusted:
        handled = reply_to_case(parsed, sender, ref) or stop_or_start(parsed, sender, ref)
        if handled:
            return handled
    if len(text) < 20:
        return {"result": "too_short", "reply_sent": _answer(sender, "too_short", ref, trusted)}
    if not abuse_guard.door_allows("filings_per_sender", f"email:{sender}"):
        return {"result": "ignored", "reply_sent": False}
    # an unauthenticated sender is nobody we may name or answer: filed without a reporter
    data = complaint_from_text(parsed["text"], None, "email", email=sender if trusted else None,
                               name=parsed["name"] if trusted else None)
    subject = re.sub(r"^\s*((re|fw|fwd|aw)\s*:\s*)+", "", parsed["subject"], flags=re.I)[:150]
    if len(subject) >= 5:
        data["title"] = subject
    data["body"] = parsed["text"].strip()[:5000]
    try:
        complaint = ComplaintIn.model_validate(data)
    except ValidationError:
        data.pop("reporter", None)  # an address we cannot validate: file anyway, nobody to answer
        try:
            complaint = ComplaintIn.model_validate(data)
        except ValidationError:
            return {"result": "invalid", "reply_sent": False}
    has_address = bool(complaint.reporter and complaint.reporter.email)
    origin = Origin(channel="email", source=source_key("email", sender), verified=("email",) if has_address else ())
    try:
        result, replayed = intake.file_complaint(complaint.model_dump(mode="json"), idempotency_key=ref,
                                                 channel_ref=f"email:{ref}", origin=origin, door="email",
                                                 replay_reveals_code=False)
    except intake.IdempotencyConflict:  # same Message-ID, different content: the first one stands
        return {"result": "ignored", "reply_sent": False}
    # Attached photos/PDFs, also on a replay (a redelivered mail after a crash): each has a fixed id per mail
    for index, (ctype, blob) in enumerate(parsed.get("files") or ()):
        attachments.ingest({"tracking_id": result["tracking_id"], "status": result["status"]}, blob, ctype,
                           "email", media_id=attachments.derived_media_id(f"email:{ref}", index))
    # A new case with an address: the 'received' notification (tracking id, access code) is queued
    # for the reporter by intake; a replay answers nothing more.
    reply = not replayed and has_address
    if reply and parsed.get("attachments"):
        _answer(sender, "attachments", ref, trusted)
    return {"result": "replayed" if replayed else "filed", "tracking_id": result["tracking_id"], "reply_sent": reply}


def _first_word(parsed: dict) -> str:
    for source in (parsed.get("text") or "", parsed.get("subject") or ""):
        words = source.split()
        if words:
            return words[0].strip(".,:!").upper()
    return ""


def stop_or_start(parsed: dict, sender: str, ref: str) -> dict | None:
    """STOP / MULAI (or UNSUBSCRIBE / START) as the mail's first word: mute or unmute this address."""
    word = _first_word(parsed)
    if len(" ".join((parsed.get("text") or "").split())) > 60:  # a complaint that happens to start with "stop"
        return None
    if word in commands.STOP_WORDS or word in commands.START_WORDS:
        stop = word in commands.STOP_WORDS
        NotificationStore().opt_out_contact(sender, stop)
        key = "stopped" if stop else "started"
        return {"result": key, "reply_sent": _answer(sender, key, ref, True)}
    return None


def mentioned_case(parsed: dict, sender: str) -> dict | None:
    """The case a reply names by its tracking id (subject first, then body) if it was filed from ``sender``."""
    for source in (parsed.get("subject") or "", (parsed.get("text") or "")[:2000]):
        for m in _MAIL_TID.finditer(source):
            tid = normalize_tracking_id(m.group(1))
            case = reporter_commands.own_case(tid, ("email", sender)) if tid else None
            if case is not None:
                return case
    return None


def reply_to_case(parsed: dict, sender: str, ref: str) -> dict | None:
    """A reply that names the sender's own case is added to it: a command (TERIMA / TOLAK / NILAI / INFO /
    BANDING) as the first word, else the answer to a request for information; never a new complaint."""
    case = mentioned_case(parsed, sender)
    if case is None:
        return None
    tid = case["tracking_id"]
    lang = "en" if case.get("lang") == "en" else "id"
    command, arg, word_lang = commands.parse(parsed.get("text") or "")
    if command in reporter_commands.COMMANDS:
        named, rest = reporter_commands.split_tid(arg)
        text = rest if named == tid else arg
        answer = reporter_commands.act(command, tid, text, ("email", sender), word_lang)
    elif case.get("status") == "needs_info":
        answer = reporter_commands.act("info", tid, " ".join((parsed.get("text") or "").split()), ("email", sender),
                                       lang)
    else:
        answer = reporter_commands.say("not_now", lang, tid=tid, status=reporter_commands.status_words(case, lang),
                                       word="balasan" if lang != "en" else "a reply") + \
            (" Perintah: TERIMA, TOLAK <alasan>, NILAI 1-5." if lang != "en" else
             " Commands: ACCEPT, REJECT <reason>, RATE 1-5.")
    if parsed.get("attachments") or parsed.get("files"):  # a reply's files are not added to the case
        answer += ATTACHMENT_NOTE
    sent = _answer_text(sender, f"Re: Laporan {tid}", answer + SIGNATURE, ref, True)
    return {"result": "added", "tracking_id": tid, "reply_sent": sent, "reply": answer}
