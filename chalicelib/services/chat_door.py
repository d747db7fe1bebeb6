"""Chat door, WhatsApp Business (Cloud API) style.

GET answers the platform's subscription check (``hub.verify_token`` → ``hub.challenge``);
POST carries ``X-Hub-Signature-256`` over the raw body and ``entry[].changes[].value.messages[]``.
Text messages go through the same commands as SMS; each reply is sent back through the
platform's send API when ``CHAT_API_URL`` is configured and is always listed in the response.
"""
from __future__ import annotations

import json
import logging
import urllib.request

from chalicelib import config
from chalicelib.services import abuse_guard
from chalicelib.services import text_commands as commands
from chalicelib.services.sms_door import normalized_sender

log = logging.getLogger("salur.chat")

MAX_MESSAGES = 50
UNSUPPORTED = {"id": "Maaf, saat ini hanya pesan teks yang dapat diproses. Ketik BANTUAN untuk petunjuk.",
               "en": "Sorry, only text messages can be handled. Type HELP for instructions."}
#: a photo or document without a caption: it belongs to no report yet
MEDIA_WITHOUT_TEXT = {"id": "Kirim foto/dokumen dengan keterangan berisi laporan Anda (LAPOR ...), agar dapat "
                            "dilampirkan. Ketik BANTUAN untuk petunjuk.",
                      "en": "Send the photo/document with your report as its caption (REPORT ...) so it can be "
                            "attached. Type HELP for instructions."}
#: message types that carry a file (``{id, mime_type, caption}`` in WhatsApp's shape)
MEDIA_TYPES = ("image", "document")


class BadPayload(ValueError):
    pass


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _get(value, name: str):
    return value.get(name) if isinstance(value, dict) else None


def messages(payload) -> list[dict]:
    """Inbound messages [{from, id, type, text}] from a webhook payload (status updates are ignored)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise BadPayload("entry")
    out: list[dict] = []
    for entry in _list(payload["entry"]):
        for change in _list(_get(entry, "changes")):
            for m in _list(_get(_get(change, "value"), "messages")):
                if not isinstance(m, dict) or not isinstance(m.get("from"), str) or not isinstance(m.get("id"), str):
                    continue
                text = _get(m.get("text"), "body")
                kind = str(m.get("type") or "")[:32]
                media = _get(m, kind) if kind in MEDIA_TYPES else None
                if isinstance(media, dict) and isinstance(media.get("id"), str):
                    caption = media.get("caption")
                    text = caption if isinstance(caption, str) else None
                    media = {"id": media["id"][:128], "mime_type": str(media.get("mime_type") or "")[:64]}
                else:
                    media = None
                out.append({"from": m["from"][:32], "id": m["id"][:128], "type": kind,
                            "text": text if isinstance(text, str) else None, "media": media})
                if len(out) >= MAX_MESSAGES:
                    return out
    return out


def send_reply(to: str, text: str) -> bool:
    """POST the reply to the platform's send API (WhatsApp Cloud API shape); False if not configured or failed."""
    url = config.env("CHAT_API_URL")
    if not url:
        return False

    body = json.dumps({"messaging_product": "whatsapp", "to": to, "type": "text",
                       "text": {"body": text}}).encode()
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {config.env('CHAT_API_TOKEN')}"})
    try:
        with urllib.request.urlopen(req, timeout=5) as res:  # noqa: S310 - operator-configured URL
            return 200 <= res.status < 300
    except Exception:  # noqa: BLE001 - the reply is best effort; the case is already filed
        log.warning("chat reply failed")
        return False


def _record_media(m: dict, phone: str | None) -> None:
    """The file of a message that filed a report: recorded ``pending_fetch`` with the platform's media id (the
    platform keeps it 30 days); ``services/media_fetches.py`` fetches it off this request path."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.contacts import source_key
    from chalicelib.services import attachments, intake

    record_key, _context = intake.idempotency_scope(m["id"][:128], "chat", source_key("chat", phone))
    filed = ComplaintRepository().get_idempotency(record_key)  # the filing this very message made
    if filed is not None:
        attachments.record_pending({"tracking_id": filed["response"]["tracking_id"]}, "chat",
                                   f"whatsapp:{m['media']['id']}", m["media"]["mime_type"],
                                   media_id=attachments.derived_media_id(f"chat:{m['id']}", 0))


def handle(payload) -> dict:

    replies = []
    for m in messages(payload):
        phone = normalized_sender("+" + m["from"].lstrip("+"))  # the platform gives international digits, no "+"
        if not abuse_guard.door_allows("door_messages_per_sender", f"chat:{phone or m['from']}"):
            continue  # over the per-sender limit: no answer at all
        if m["media"] and not m["text"]:
            text = MEDIA_WITHOUT_TEXT["id"]
        elif (m["type"] != "text" and not m["media"]) or not m["text"]:
            text = UNSUPPORTED["id"]
        else:
            text = commands.handle(m["text"], phone, "chat", m["id"])
            if m["media"]:
                _record_media(m, phone)
        replies.append({"to": m["from"], "in_reply_to": m["id"], "text": text, "sent": send_reply(m["from"], text)})
    return {"replies": replies}
