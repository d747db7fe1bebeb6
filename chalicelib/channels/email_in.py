"""Email door: SES receipt rule → SNS notification (content inline, or the raw mail in S3).

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
        from ..aws import client

        s3 = client("s3")
        head = s3.head_object(Bucket=action["bucketName"], Key=action["objectKey"])
        size = int(head.get("ContentLength", 0))
        if size > MAX_BYTES:
            return None, size
        return s3.get_object(Bucket=action["bucketName"], Key=action["objectKey"])["Body"].read(), size
    return None, 0


def _answer(to: str, key: str, ref: str) -> None:
    """One short answer per inbound message, even if SNS delivers it twice."""
    from ..notify import senders
    from ..notify.store import NotificationStore

    store = NotificationStore()
    if not store.claim(f"mail-in.{ref}", "email", to):
        return
    subject, body = ANSWERS[key]
    senders.send_email(to, subject, body + SIGNATURE)
    store.mark_sent(f"mail-in.{ref}", "email", to, None)


def handle_notification(message: str) -> dict:
    """Handle one SNS message body from the SES receipt rule; returns what happened (for logs/tests)."""
    from ..notify.senders import mail_from

    try:
        note = json.loads(message)
    except (ValueError, TypeError):
        return {"result": "ignored"}
    if not isinstance(note, dict) or note.get("notificationType") != "Received":
        return {"result": "ignored"}
    mail = note.get("mail") or {}
    common = mail.get("commonHeaders") or {}
    envelope_from = parseaddr(str((common.get("from") or [mail.get("source") or ""])[0]))[1].lower()
    ref_source = str(common.get("messageId") or mail.get("messageId") or "")
    raw, size = _raw_from_notification(note)
    ref = hashlib.sha256(ref_source.encode()).hexdigest()[:40]
    own = parseaddr(mail_from())[1].lower()
    if not envelope_from or envelope_from == own or envelope_from.startswith(("mailer-daemon@", "postmaster@")):
        return {"result": "ignored"}
    if size > MAX_BYTES:
        _answer(envelope_from, "too_large", ref)
        return {"result": "too_large"}
    if raw is None:
        _answer(envelope_from, "unreadable", ref)
        return {"result": "unreadable"}
    try:
        parsed = parse_mail(raw)
    except Exception:  # noqa: BLE001 - a broken MIME structure is the sender's problem, answered by mail
        _answer(envelope_from, "unreadable", ref)
        return {"result": "unreadable"}
    if parsed["auto"]:
        return {"result": "ignored"}
    sender = parsed["sender"] or envelope_from
    ref = hashlib.sha256((parsed["message_id"] or ref_source).encode()).hexdigest()[:40]
    return file_mail(parsed, sender, ref)


def file_mail(parsed: dict, sender: str, ref: str) -> dict:
    from pydantic import ValidationError

    from .. import intake
    from ..models import ComplaintIn
    from .commands import complaint_from_text

    text = " ".join(parsed["text"].split())
    if len(text) < 20:
        _answer(sender, "too_short", ref)
        return {"result": "too_short"}
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
            return {"result": "invalid"}
    try:
        result, replayed = intake.file_complaint(complaint.model_dump(mode="json"), idempotency_key=f"email:{ref}",
                                                 channel_ref=f"email:{ref}")
    except intake.IdempotencyConflict:  # same Message-ID, different content: the first one stands
        return {"result": "ignored"}
    return {"result": "replayed" if replayed else "filed", "tracking_id": result["tracking_id"]}
