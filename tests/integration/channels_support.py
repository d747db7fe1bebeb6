"""Helpers for the channel and notification tests: signed posts, moto's SES/SNS stores, queue plumbing."""
from __future__ import annotations

import json
import uuid

import pytest

#: a web report Denpasar's city government has authority over (routed with confidence, no verification)
GOOD_REPORT = {
    "title": "Jalan rusak parah di Denpasar",
    "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, sering terjadi kecelakaan.",
    "location": {"region_code": "51.71"},
}

ACCOUNT = "123456789012"
REGION = "ap-southeast-3"


def sms(client, text, sender="0812-3456-7890", message_id=None, headers=None, **extra):
    from chalicelib.api.channel_signatures import sign_sms_gateway

    body = json.dumps({"from": sender, "text": text, "message_id": message_id or uuid.uuid4().hex, **extra}).encode()
    h = {"Content-Type": "application/json", **sign_sms_gateway(body), **(headers or {})}
    return client.http.post("/v1/channels/sms", headers=h, body=body)


def sent_emails():
    from moto.ses.models import ses_backends

    return list(ses_backends[ACCOUNT][REGION].sent_messages)


def sent_sms():
    from moto.sns.models import sns_backends

    return list(sns_backends[ACCOUNT][REGION].sms_messages.values())


def _recipients(msg) -> list[str]:
    """moto keeps ``SendEmail``'s destinations as a dict, ``SendRawEmail``'s as a list."""
    d = msg.destinations
    return d.get("ToAddresses", []) if isinstance(d, dict) else list(d)


def mails_to(address: str) -> list:
    return [m for m in sent_emails() if address in _recipients(m)]


def raw_mail(msg):
    """The parsed MIME message of a mail sent raw (``SendRawEmail``), else None."""
    import email
    from email.policy import default

    raw = getattr(msg, "raw_data", None)
    return email.message_from_string(raw, policy=default) if raw else None


def email_subject(msg) -> str:
    parsed = raw_mail(msg)
    return str(parsed["Subject"]) if parsed is not None else msg.subject


def deliver_all():
    """Hand every queued notification message to the notifications handler."""
    import app as app_module

    deliver_notifications(app_module, receive("notifications"))


def email_text(msg) -> str:
    parsed = raw_mail(msg)
    if parsed is not None:
        return parsed.get_body(preferencelist=("plain",)).get_content()
    body = getattr(msg, "body", None)
    return json.dumps(body, default=str) if not isinstance(body, str) else body


def queue(name):
    import os

    return os.environ[f"{name.upper()}_QUEUE_URL"]


def purge(*names):
    """Empty queues; "notifications" also skips what the events consumer has not read of the stream yet."""
    from chalicelib.adapters.aws_clients import client

    sqs = client("sqs")
    for name in names:
        if name == "notifications":
            from stream_support import skip

            skip("deliver_events")
        url = queue(name)
        while True:
            msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
            if not msgs:
                break
            for m in msgs:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def receive(name, visibility=30):
    """Messages waiting on a queue; for "notifications": first the stream records the events consumer has not
    seen yet (Lambda-shaped, ``eventSource`` aws:dynamodb), then the reminders queue's messages."""
    from chalicelib.adapters.aws_clients import client

    out = []
    if name == "notifications":
        from stream_support import records

        out = records("deliver_events")
    url = queue(name)
    while True:
        msgs = client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=visibility,
                                             AttributeNames=["All"]).get("Messages", [])
        if not msgs:
            return out
        out += msgs


def sqs_event(msgs):
    return {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                         "attributes": {}, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                         "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:salur-notifications",
                         "awsRegion": REGION} for m in msgs]}


def handler(name):
    """A blueprint's event handler as Lambda would call it."""
    import app as app_module

    return app_module.app.handler_map[name]


def deliver_notifications(_app_module, msgs):
    """Stream records to the events consumer, queue messages to the reminders consumer; their failures."""
    from stream_support import invoke

    stream = [m for m in msgs if m.get("eventSource") == "aws:dynamodb"]
    queued = [m for m in msgs if m.get("eventSource") != "aws:dynamodb"]
    failures = invoke("deliver_events", stream) if stream else []
    if queued:
        failures += handler("send_notifications")(sqs_event(queued), None)["batchItemFailures"]
    return {"batchItemFailures": failures}


def event_of(record) -> dict:
    """The (first) domain event a received stream record or queue message carries."""
    if record.get("eventSource") == "aws:dynamodb":
        from stream_support import messages

        return messages([record])[0]
    return json.loads(record["Body"])


@pytest.fixture
def mail(aws):
    """SES may send from salur.go.id; the notifications queue starts and ends empty."""
    from chalicelib.adapters.aws_clients import client

    client("ses").verify_domain_identity(Domain="salur.go.id")
    purge("notifications")
    yield
    purge("notifications")


@pytest.fixture
def app_module(app):
    import app as module

    return module
