"""Email door: SES receipt rule → SNS notification (content inline, or the raw mail in S3).

Two ways in, one path (``handle_mail``): the SNS subscription of the ``salur-inbound-mail`` topic
(``handle_notification``), and ``POST /v1/channels/email`` (web.py: the same SNS message posted by
an SNS HTTPS subscription, or a raw ``message/rfc822`` body for curl: ``handle_raw``).

Parsed with the standard library (``email`` with the default policy): sender, subject,
plain-text body (or the HTML body reduced to text).  Deduplicated by Message-ID (the
idempotency key), so SES/SNS redelivery never files twice.  The tracking id and access
code go back by email through the ordinary 'received' notification; mail we cannot
take (too large, empty, unreadable) gets a short answer by email and nothing is written.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from chalicelib.adapters import message_senders as senders
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.message_senders import mail_from
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.services import intake
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
}
SIGNATURE = "\n\n— Salur, kanal pengaduan pelayanan publik."


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    p = _Text()
    p.feed(value)
    p.close()
    return re.sub(r"[ \t\r\f\v]+", " ", "".join(p.parts)).strip()


_QUOTE = re.compile(r"\n(?:On .{0,200}wrote:|Pada .{0,200}menulis:|-{2,} ?Original Message|>).*", re.S)


def parse_mail(raw: bytes) -> dict:
    """{'message_id','sender','name','subject','text','auto'} of a raw RFC 5322 message."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    name, sender = parseaddr(str(msg.get("From", "")))
    subject = " ".join(str(msg.get("Subject", "")).split())
    text = ""
    part = msg.get_body(preferencelist=("plain",))
    if part is not None:
        text = part.get_content()
    else:
        part = msg.get_body(preferencelist=("html",))
        if part is not None:
            text = html_to_text(part.get_content())
    text = _QUOTE.sub("", "\n" + (text or "")).strip()
    auto = str(msg.get("Auto-Submitted", "no")).lower() != "no" or bool(msg.get("List-Id")) \
        or str(msg.get("Precedence", "")).lower() in ("bulk", "junk", "list")
    return {"message_id": str(msg.get("Message-ID", "")).strip(), "sender": sender.strip().lower(),
            "name": name.strip(), "subject": subject, "text": text, "auto": auto,
            "to": [a for _, a in getaddresses([str(msg.get("To", ""))])]}


def _raw_from_notification(note: dict) -> tuple[bytes | None, int]:
    """The raw mail and its size from an SES 'Received' notification (inline content or S3 action)."""
    action = (note.get("receipt") or {}).get("action") or {}
    content = note.get("content")
    if isinstance(content, str):
        raw = base64.b64decode(content) if action.get("encoding", "").upper() == "BASE64" else content.encode()
        return raw, len(raw)
    if action.get("type") == "S3" and action.get("bucketName") and action.get("objectKey"):

        s3 = client("s3")
        head = s3.head_object(Bucket=action["bucketName"], Key=action["objectKey"])
        size = int(head.get("ContentLength", 0))
        if size > MAX_BYTES:
            return None, size
        return s3.get_object(Bucket=action["bucketName"], Key=action["objectKey"])["Body"].read(), size
    return None, 0


def _answer(to: str, key: str, ref: str) -> bool:
    """One short answer per inbound message, even if SNS delivers it twice; True if it went out now."""
    store = NotificationStore()
    if not store.claim(f"mail-in.{ref}", "email", to):
        return False
    subject, body = ANSWERS[key]
    senders.send_email(to, subject, body + SIGNATURE)
    store.mark_sent(f"mail-in.{ref}", "email", to, None)
    return True


def _ref(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:40]


def handle_notification(message: str) -> dict:
    """Handle one SNS message body from the SES receipt rule; returns what happened (for logs, tests and
    the HTTP door): ``{"result", "tracking_id"?, "reply_sent"}``.

    ``result``: filed | replayed | too_large | too_short | unreadable | invalid (answered or filed);
    ignored (not a 'Received' notification, auto-replies, our own or a mailer-daemon's mail);
    malformed (not JSON, or no sender: nobody to answer)."""
    try:
        note = json.loads(message)
    except (ValueError, TypeError, RecursionError):
        return {"result": "malformed", "reply_sent": False}
    if not isinstance(note, dict):
        return {"result": "malformed", "reply_sent": False}
    if note.get("notificationType") != "Received":
        return {"result": "ignored", "reply_sent": False}
    mail = note.get("mail") if isinstance(note.get("mail"), dict) else {}
    common = mail.get("commonHeaders") if isinstance(mail.get("commonHeaders"), dict) else {}
    froms = common.get("from") if isinstance(common.get("from"), list) else []
    envelope_from = parseaddr(str((froms or [mail.get("source") or ""])[0]))[1].lower()
    ref_source = str(common.get("messageId") or mail.get("messageId") or "")
    try:
        raw, size = _raw_from_notification(note)
    except (ValueError, TypeError, AttributeError):  # bad base64, odd shapes: answered as unreadable
        raw, size = None, 0
    return handle_mail(raw, size, envelope_from, ref_source)


def _head(raw: bytes) -> bytes:
    """The header block of a raw message (so a 10 MB+ mail is answered without parsing its body)."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        at = raw.find(sep, 0, 256 * 1024)
        if at >= 0:
            return raw[:at + len(sep)]
    return raw[:256 * 1024]


def handle_raw(raw: bytes) -> dict:
    """Handle one raw RFC 5322 message (the HTTP door's ``message/rfc822`` body): same steps, same
    answers, same Message-ID deduplication as the SES notification.  Without a Message-ID the
    content's hash is the idempotency key."""
    try:
        head = BytesParser(policy=policy.default).parsebytes(_head(raw), headersonly=True)
        envelope_from = parseaddr(str(head.get("From", "")))[1].lower()
        ref_source = str(head.get("Message-ID", "")).strip()
    except Exception:  # noqa: BLE001 - unparsable headers: nobody to answer
        return {"result": "malformed", "reply_sent": False}
    if "@" not in envelope_from:
        return {"result": "malformed", "reply_sent": False}
    ref_source = ref_source or "sha256:" + hashlib.sha256(raw).hexdigest()
    return handle_mail(raw if len(raw) <= MAX_BYTES else None, len(raw), envelope_from, ref_source)


def handle_mail(raw: bytes | None, size: int, envelope_from: str, ref_source: str) -> dict:
    """The one path every inbound mail takes (SNS event, HTTP notification, raw MIME over HTTP)."""
    ref = _ref(ref_source)
    own = parseaddr(mail_from())[1].lower()
    if not envelope_from:
        return {"result": "malformed", "reply_sent": False}
    if envelope_from == own or envelope_from.startswith(("mailer-daemon@", "postmaster@")):
        return {"result": "ignored", "reply_sent": False}
    if size > MAX_BYTES:
        return {"result": "too_large", "reply_sent": _answer(envelope_from, "too_large", ref)}
    if raw is None:
        return {"result": "unreadable", "reply_sent": _answer(envelope_from, "unreadable", ref)}
    try:
        parsed = parse_mail(raw)
    except Exception:  # noqa: BLE001 - a broken MIME structure is the sender's problem, answered by mail
        return {"result": "unreadable", "reply_sent": _answer(envelope_from, "unreadable", ref)}
    if parsed["auto"]:
        return {"result": "ignored", "reply_sent": False}
    sender = parsed["sender"] or envelope_from
    ref = _ref(parsed["message_id"] or ref_source)
    return file_mail(parsed, sender, ref)


def file_mail(parsed: dict, sender: str, ref: str) -> dict:
    from pydantic import ValidationError

    from chalicelib.api.schemas import ComplaintIn

    text = " ".join(parsed["text"].split())
    if len(text) < 20:
        return {"result": "too_short", "reply_sent": _answer(sender, "too_short", ref)}
    data = complaint_from_text(parsed["text"], None, "email", email=sender, name=parsed["name"])
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
    try:
        result, replayed = intake.file_complaint(complaint.model_dump(mode="json"), idempotency_key=f"email:{ref}",
                                                 channel_ref=f"email:{ref}")
    except intake.IdempotencyConflict:  # same Message-ID, different content: the first one stands
        return {"result": "ignored", "reply_sent": False}
    # A new case with an address: the 'received' notification (tracking id, access code) is queued
    # for the reporter by intake; a replay answers nothing more.
    reply = not replayed and bool(complaint.reporter and complaint.reporter.email)
    return {"result": "replayed" if replayed else "filed", "tracking_id": result["tracking_id"], "reply_sent": reply}
