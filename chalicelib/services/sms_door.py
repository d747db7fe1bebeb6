"""SMS 1708 door: a signed POST from the SMS gateway per inbound SMS; the reply SMS text is the response.

The gateway posts JSON or a form: ``from``, ``text``, ``message_id`` and, for a long
message split over several SMS, ``concat_ref``/``concat_part``/``concat_total`` (or a
``concat`` object).  Parts wait in DynamoDB (TTL 1 day) until all arrived, then are
joined in order and handled once: the idempotency key is derived from the message
reference, so gateway retries and racing last parts never file twice.
"""
from __future__ import annotations

import hashlib
import json
import time
from urllib.parse import parse_qs

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, to_item
from chalicelib.domain.contacts import normalize_phone
from chalicelib.services import abuse_guard
from chalicelib.services import text_commands as commands

MAX_PARTS = 20
MAX_TEXT = 1600  # per part; real SMS parts are ≤ 160 characters
PART_TTL_SECONDS = 24 * 3600


class BadMessage(ValueError):
    """The gateway's payload is unusable (missing sender/text, bad part numbers)."""
def parse_payload(raw: bytes, content_type: str) -> dict:
    ctype = (content_type or "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadMessage("encoding") from exc
    if ctype == "application/x-www-form-urlencoded":
        data = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
    else:
        try:
            data = json.loads(text) if text.strip() else None
        except (ValueError, RecursionError) as exc:
            raise BadMessage("json") from exc
    if not isinstance(data, dict):
        raise BadMessage("object")
    concat = data.get("concat") if isinstance(data.get("concat"), dict) else {}
    sender, body, mid = data.get("from"), data.get("text"), data.get("message_id")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > 32:
        raise BadMessage("from")
    if body is None:
        body = ""
    if not isinstance(body, str) or len(body) > MAX_TEXT:
        raise BadMessage("text")
    if not isinstance(mid, (str, int)) or not str(mid).strip() or len(str(mid)) > 128:
        raise BadMessage("message_id")
    msg = {"from": sender.strip(), "text": body, "message_id": str(mid).strip()}
    ref = concat.get("ref", data.get("concat_ref"))
    if ref not in (None, ""):
        try:
            part = int(concat.get("part", data.get("concat_part")))
            total = int(concat.get("total", data.get("concat_total")))
        except (TypeError, ValueError, OverflowError) as exc:  # OverflowError: a part number of 1e400
            raise BadMessage("concat") from exc
        if not (1 <= part <= total <= MAX_PARTS) or len(str(ref)) > 64:
            raise BadMessage("concat")
        msg.update(concat_ref=str(ref), concat_part=part, concat_total=total)
    return msg


def normalized_sender(sender: str) -> str | None:
    try:
        return normalize_phone(sender)
    except ValueError:
        return None


def _sender_key(sender: str) -> str:
    return hashlib.sha256(config.secret_pepper() + sender.encode()).hexdigest()[:32]


def join_parts(msg: dict, now: float | None = None) -> str | None:
    """Store this part; return the whole text once every part is in, else None."""
    table = config.complaints_table()
    pk = f"SMSPART#{_sender_key(msg['from'])}#{msg['concat_ref']}"
    now = int(now or time.time())
    ddb().put_item(TableName=table, Item=to_item({"PK": pk, "SK": f"{msg['concat_part']:03d}", "text": msg["text"],
                                                  "expires_at": now + PART_TTL_SECONDS}))
    res = ddb().query(TableName=table, KeyConditionExpression="PK = :pk",
                      ExpressionAttributeValues={":pk": {"S": pk}}, ConsistentRead=True)
    parts = {int(i["SK"]): i.get("text", "") for i in map(from_item, res.get("Items", []))}
    if set(parts) >= set(range(1, msg["concat_total"] + 1)):
        return "".join(parts[i] for i in range(1, msg["concat_total"] + 1))
    return None


def handle(raw: bytes, content_type: str) -> dict:
    """The gateway's answer: ``{"to", "reply"}`` (reply None while a long message is incomplete)."""
    msg = parse_payload(raw, content_type)
    text, ref = msg["text"], f"{_sender_key(msg['from'])}.{msg['message_id']}"
    if "concat_ref" in msg:
        joined = join_parts(msg)
        if joined is None:
            return {"to": msg["from"], "reply": None, "status": "partial"}
        text, ref = joined, f"concat.{_sender_key(msg['from'])}.{msg['concat_ref']}"
    phone = normalized_sender(msg["from"])
    if not abuse_guard.door_allows("door_messages_per_sender", f"sms:{phone or msg['from']}"):
        return {"to": msg["from"], "reply": None, "status": "rate_limited"}  # no answer: every reply SMS is paid
    return {"to": msg["from"], "reply": commands.handle(text, phone, "sms", ref), "status": "answered"}
