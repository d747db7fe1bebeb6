"""Chat webhook (WhatsApp Cloud API style) and inbound email (SES → SNS) doors on moto."""
from __future__ import annotations

import base64
import json
import re
import uuid
from email.message import EmailMessage

import pytest
from channels_support import deliver_notifications, handler, purge, receive, sent_emails

TEXT = "Lampu penerangan jalan umum di Jl. Teuku Umar Kota Denpasar mati total sejak dua minggu lalu."


def wa_payload(*messages):
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"},
        "messages": list(messages)}}]}]}


def wa_text(text, sender="6281299990001", mid=None):
    return {"from": sender, "id": mid or f"wamid.{uuid.uuid4().hex}", "timestamp": "1764200000", "type": "text",
            "text": {"body": text}}


def chat(client, payload, sign=True):
    from chalicelib.api.channel_signatures import sign_chat

    raw = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
    headers = {"Content-Type": "application/json", **(sign_chat(raw) if sign else {})}
    return client.http.post("/v1/channels/chat", headers=headers, body=raw)


# -- chat ------------------------------------------------------------------------------

def test_chat_subscription_check(client):
    ok = client.http.get("/v1/channels/chat?hub.mode=subscribe&hub.verify_token=local-verify-token&hub.challenge=42x")
    assert ok.status_code == 200 and ok.body == b"42x"
    bad = client.http.get("/v1/channels/chat?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42x")
    assert bad.status_code == 403 and bad.json_body["error"]["code"] == "forbidden"


def test_chat_report_status_and_redelivery(client):
    msg = wa_text("LAPOR " + TEXT)
    res = chat(client, wa_payload(msg))
    assert res.status_code == 200, res.body
    reply = res.json_body["replies"][0]
    assert reply["to"] == "6281299990001" and reply["in_reply_to"] == msg["id"]
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", reply["text"]).group(1)
    again = chat(client, wa_payload(msg)).json_body["replies"][0]["text"]  # the platform retries a webhook
    assert tid in again
    status = chat(client, wa_payload(wa_text(f"status {tid}"))).json_body["replies"][0]["text"]
    assert tid in status
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", reply["text"]).group(1)
    view = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": code}).json_body
    assert view["channel"] == "chat" and view["reporter"]["phone"] == "+6281299990001"


def test_chat_non_text_unknown_and_status_updates(client):
    image = {"from": "6281299990002", "id": "wamid.img", "type": "image", "image": {"id": "x"}}
    sticker = {"from": "6281299990002", "id": "wamid.stk", "type": "sticker", "sticker": {"id": "y"}}
    out = chat(client, wa_payload(image, sticker, wa_text("halo"))).json_body["replies"]
    assert "dengan keterangan" in out[0]["text"] and "hanya pesan teks" in out[1]["text"]
    assert "LAPOR" in out[2]["text"]
    statuses = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"statuses": [{}]}}]}]}
    assert chat(client, statuses).json_body == {"replies": []}
    weird = {"entry": [{"changes": 5}, 7, {"changes": [{"value": {"messages": [{"from": 1}, "x"]}}]}]}
    assert chat(client, weird).json_body == {"replies": []}


def test_chat_photo_with_a_report_caption_files_it_and_records_the_photo_once(client):
    from chalicelib.adapters.media_store import MediaStore

    photo = {"from": "6281299990003", "id": f"wamid.{uuid.uuid4().hex}", "type": "image",
             "image": {"id": "1234567890", "mime_type": "image/jpeg", "caption": "LAPOR " + TEXT}}
    reply = chat(client, wa_payload(photo)).json_body["replies"][0]["text"]
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", reply).group(1)
    chat(client, wa_payload(photo))  # the platform redelivers
    records = MediaStore().list(tid)
    assert [(r["state"], r["source"], r["content_type"]) for r in records] == [("pending_fetch", "chat", "image/jpeg")]
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", reply).group(1)
    view = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": code}).json_body
    assert [m["url"] for m in view["media"]] == [None]  # nothing to open before it is fetched and checked


def test_chat_rejects_bad_signature_and_bad_body(client):
    res = chat(client, wa_payload(wa_text("LAPOR " + TEXT)), sign=False)
    assert res.status_code == 401 and res.json_body["error"]["code"] == "invalid_signature"
    assert chat(client, b"{not json").status_code == 400
    res = chat(client, {"entry": "x"})
    assert res.status_code == 400 and res.json_body["error"]["code"] == "bad_request"


# -- email -----------------------------------------------------------------------------

@pytest.fixture
def inbox(aws):
    purge("notifications")
    yield
    purge("notifications")


def mime(text=TEXT, subject="Lampu jalan mati di Teuku Umar", sender="Budi <budi.mail@example.com>",
         html=None, message_id=None, **headers):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "lapor@salur.go.id", subject
    msg["Message-ID"] = message_id or f"<{uuid.uuid4().hex}@example.com>"
    for k, v in headers.items():
        msg[k.replace("_", "-")] = v
    if text is not None:
        msg.set_content(text)
        if html:
            msg.add_alternative(html, subtype="html")
    else:
        msg.set_content(html, subtype="html")
    return msg.as_bytes()


PASS = {"spamVerdict": "PASS", "virusVerdict": "PASS", "spfVerdict": "PASS", "dkimVerdict": "PASS",
        "dmarcVerdict": "PASS"}


def ses_notification(raw: bytes, encoding="BASE64", action=None, verdicts=None) -> str:
    """What SES publishes for a received mail; ``verdicts``: {name: PASS|FAIL|GRAY} (default: all PASS)."""
    from email import message_from_bytes

    m = message_from_bytes(raw)
    receipt = {"action": action or {"type": "SNS", "encoding": encoding},
               **{k: {"status": v} for k, v in (PASS if verdicts is None else verdicts).items()}}
    note = {"notificationType": "Received",
            "mail": {"source": "budi.mail@example.com", "messageId": uuid.uuid4().hex,
                     "commonHeaders": {"from": [m["From"]], "messageId": m["Message-ID"], "subject": m["Subject"]}},
            "receipt": receipt}
    if action is None:
        note["content"] = base64.b64encode(raw).decode() if encoding == "BASE64" else raw.decode()
    return json.dumps(note)


def inbound(client, message: str):
    event = client.events.generate_sns_event(message=message, subject="Amazon SES Email Receipt Notification")
    return handler("inbound_email")(event, None)


def test_email_is_filed_once_and_answered_by_email(client, inbox):
    raw = mime()
    first = inbound(client, ses_notification(raw))
    assert first["result"] == "filed" and first["reply_sent"] is True
    assert inbound(client, ses_notification(raw, encoding="UTF8")) == {**first, "result": "replayed",
                                                                         "reply_sent": False}
    deliver_notifications(None, receive("notifications"))
    mails = [m for m in sent_emails() if "budi.mail@example.com" in m.destinations["ToAddresses"]]
    assert any(first["tracking_id"] in m.subject and "diterima" in m.subject for m in mails)
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    case = ComplaintRepository().get(first["tracking_id"])
    assert case["channel"] == "email" and case["title"] == "Lampu jalan mati di Teuku Umar"
    assert case["reporter"] == {"email": "budi.mail@example.com", "name": "Budi"}


def test_html_only_mail_and_quoted_reply_are_reduced_to_text(client, inbox):
    html = f"<html><style>p{{}}</style><body><p>{TEXT}</p><script>x()</script></body></html>"
    out = inbound(client, ses_notification(mime(text=None, html=html, subject="Re: lampu")))
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    case = ComplaintRepository().get(out["tracking_id"])
    assert case["body"].startswith("Lampu penerangan") and "x()" not in case["body"] and "<p>" not in case["body"]
    quoted = inbound(client, ses_notification(mime(text=TEXT + "\n\nOn Mon, Budi wrote:\n> old text")))
    assert "old text" not in ComplaintRepository().get(quoted["tracking_id"])["body"]


def test_bad_mail_gets_an_answer_and_nothing_is_written(client, inbox):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    before = len(sent_emails())
    short = mime(text="tolong", sender="short.mail@example.com")
    assert inbound(client, ses_notification(short))["result"] == "too_short"
    assert inbound(client, ses_notification(short))["result"] == "too_short"  # redelivered: answered once
    big = mime(text=TEXT + "x" * (10 * 1024 * 1024), sender="big.mail@example.com")
    assert inbound(client, ses_notification(big))["result"] == "too_large"
    answers = sent_emails()[before:]
    assert [m.destinations["ToAddresses"] for m in answers] == [["short.mail@example.com"], ["big.mail@example.com"]]
    assert "10 MB" in json.dumps(answers[1].body)
    assert receive("notifications") == []  # no case, no event
    assert inbound(client, ses_notification(mime(Auto_Submitted="auto-replied")))["result"] == "ignored"
    assert inbound(client, "not json")["result"] == "malformed"
    assert inbound(client, json.dumps({"notificationType": "Bounce"}))["result"] == "ignored"
    assert ComplaintRepository().get_idempotency("email:none") is None


def test_mail_stored_in_s3_by_the_receipt_rule(client, inbox):
    from chalicelib.adapters.aws_clients import client as aws

    s3 = aws("s3")
    s3.create_bucket(Bucket="salur-inbound-mail", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
    raw = mime()
    s3.put_object(Bucket="salur-inbound-mail", Key="m/1", Body=raw)
    note = ses_notification(raw, action={"type": "S3", "bucketName": "salur-inbound-mail", "objectKey": "m/1"})
    assert inbound(client, note)["result"] == "filed"
