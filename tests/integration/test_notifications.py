"""Notifications: outbox → notifications queue → SES/SNS, once per event and recipient; retries then DLQ."""
from __future__ import annotations

import json

import pytest
from channels_support import (
    GOOD_REPORT as GOOD, app_module, mail, deliver_notifications, handler, purge, receive, sent_emails,
    sent_sms, sqs_event)



def file(client, reporter, lang=None, **extra):
    headers = {"Content-Type": "application/json"}
    if lang:
        headers["Accept-Language"] = lang
    res = client.http.post("/v1/complaints", headers=headers, body=json.dumps({**GOOD, "reporter": reporter, **extra}))
    assert res.status_code == 201, res.body
    return res.json_body


def mails_to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def confirmation_code(text: str) -> str:
    import re

    return re.search(r"kode konfirmasi ([0-9A-Z]{4}-[0-9A-Z]{4})|code ([0-9A-Z]{4}-[0-9A-Z]{4})", text).group(0)[-9:]


def test_unconfirmed_reporter_gets_only_a_confirmation_request_and_agency_the_new_case(client, mail, app_module):
    out = file(client, {"name": "Made", "email": "made.notify@example.com"})
    msgs = receive("notifications")
    types = sorted(json.loads(m["Body"])["type"] for m in msgs if json.loads(m["Body"])["tracking_id"] == out["tracking_id"])
    assert "complaint.submitted" in types and "complaint.assigned" in types
    before = len(sent_emails())
    result = deliver_notifications(app_module, msgs)
    assert result == {"batchItemFailures": []}
    mine = mails_to("made.notify@example.com")
    assert [m.subject for m in mine] == [f"Konfirmasi kontak untuk laporan {out['tracking_id']}"]
    text = json.dumps(mine[0].body)
    assert GOOD["title"] not in text and out["access_code"] not in text and "Made" not in text  # no user text
    assert "<html" in text and confirmation_code(text)
    from chalicelib.domain.directory import get_directory

    contact = get_directory().agency(out["agency"]["id"]).contact_emails[0]
    agency_mail = [m for m in mails_to(contact) if out["tracking_id"] in m.subject]
    assert agency_mail and "made.notify" not in json.dumps(agency_mail[0].body)
    assert out["access_code"] not in json.dumps(agency_mail[0].body)
    # a redelivered batch sends nothing twice
    sent = len(sent_emails())
    assert sent > before
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert len(sent_emails()) == sent


def test_english_reporter_and_sms_only_reporter(client, mail, app_module):
    en = file(client, {"email": "en.reader@example.com"}, lang="en")
    sms_only = file(client, {"phone": "0812-7777-0001"})
    deliver_notifications(app_module, receive("notifications"))
    assert [m.subject for m in mails_to("en.reader@example.com")] == [f"Confirm your contact for report {en['tracking_id']}"]
    texts = [text for phone, text in sent_sms() if phone == "+6281277770001"]
    assert len(texts) == 1 and sms_only["tracking_id"] in texts[0] and f"YA {sms_only['tracking_id']}" in texts[0]
    assert sms_only["access_code"] not in texts[0] and GOOD["title"] not in texts[0]
    assert all(len(t) <= 306 for t in texts)


def test_sms_channel_reporter_is_not_texted_the_receipt_twice(client, mail, app_module):
    from channels_support import sms

    reply = sms(client, "LAPOR lampu jalan mati total di Jl. Diponegoro Kota Denpasar sejak seminggu",
                sender="081277770002").json_body["reply"]
    assert "Nomor" in reply
    deliver_notifications(app_module, receive("notifications"))
    texts = [t for phone, t in sent_sms() if phone == "+6281277770002"]
    assert texts and not any("Kode akses" in t for t in texts)  # the reply SMS already carried it
    assert any("Diteruskan" in t or "diteruskan" in t for t in texts)


def test_opt_out_by_case_and_by_number(client, mail, app_module):
    out = file(client, {"email": "quiet@example.com"})
    res = client.http.post(f"/v1/complaints/{out['tracking_id']}/notifications",
                           headers={"Content-Type": "application/json", "X-Access-Code": out["access_code"]},
                           body=json.dumps({"enabled": False}))
    assert res.status_code == 200 and res.json_body["enabled"] is False
    wrong = client.http.post(f"/v1/complaints/{out['tracking_id']}/notifications",
                             headers={"Content-Type": "application/json", "X-Access-Code": "AAAA-BBBB-CCCC"},
                             body=json.dumps({"enabled": False}))
    assert wrong.status_code == 404 and wrong.json_body["error"]["code"] == "not_found"
    bad = client.http.post(f"/v1/complaints/{out['tracking_id']}/notifications",
                           headers={"Content-Type": "application/json", "X-Access-Code": out["access_code"]},
                           body=json.dumps({"enabled": "maybe"}))
    assert bad.status_code == 422 and "enabled" in bad.json_body["error"]["fields"]
    deliver_notifications(app_module, receive("notifications"))
    assert mails_to("quiet@example.com") == []


def test_failed_send_is_retried_then_dead_lettered(client, mail, app_module, monkeypatch):
    import os

    from chalicelib.adapters import message_senders as senders
    from chalicelib.adapters.aws_clients import client as aws

    out = file(client, {"email": "flaky@example.com"})
    msgs = [m for m in receive("notifications", visibility=0)
            if json.loads(m["Body"])["tracking_id"] == out["tracking_id"]]
    purge("notifications")
    calls = {"n": 0}

    def broken(*a, **k):
        calls["n"] += 1
        raise RuntimeError("SES throttled")

    monkeypatch.setattr(senders, "send_email", broken)
    result = deliver_notifications(app_module, msgs)
    failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    assert failed == {m["MessageId"] for m in msgs}
    # SQS redrive: the failed message returns until maxReceiveCount (5), then lands in the DLQ
    sqs = aws("sqs")
    url = os.environ["NOTIFICATIONS_QUEUE_URL"]
    dlq = os.environ["NOTIFICATIONS_DLQ_URL"]
    body = next(m["Body"] for m in msgs if json.loads(m["Body"])["type"] == "complaint.submitted")
    sqs.send_message(QueueUrl=url, MessageBody=body)
    for _ in range(8):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=0).get("Messages", [])
        if not got:
            break
        res = handler("send_notifications")(sqs_event(got), None)
        assert res["batchItemFailures"]
    dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
    assert any(json.loads(m["Body"])["event_id"] == json.loads(body)["event_id"] for m in dead)
    for m in dead:
        sqs.delete_message(QueueUrl=dlq, ReceiptHandle=m["ReceiptHandle"])
    # once SES recovers, the retry sends (the failed claim was released)
    monkeypatch.undo()
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert any("Konfirmasi" in m.subject for m in mails_to("flaky@example.com"))


def test_malformed_queue_message_goes_to_the_dlq_path(app_module, mail):
    evt = sqs_event([{"MessageId": "m-bad", "ReceiptHandle": "r", "Body": "not json"},
                     {"MessageId": "m-odd", "ReceiptHandle": "r", "Body": "[1, 2]"}])
    assert handler("send_notifications")(evt, None) == {"batchItemFailures": [{"itemIdentifier": "m-bad"},
                                                                             {"itemIdentifier": "m-odd"}]}


def test_deadline_tomorrow_reminder(client, mail, app_module):
    from datetime import timedelta

    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.clock import parse
    from chalicelib.services import notifications as service

    out = file(client, {"email": "someone@example.com"})
    purge("notifications")
    due = parse(ComplaintRepository().get(out["tracking_id"])["due_at"])
    now = due - timedelta(hours=30)
    assert service.remind_due_tomorrow(now=now) >= 1
    msgs = [m for m in receive("notifications") if json.loads(m["Body"])["tracking_id"] == out["tracking_id"]]
    assert [json.loads(m["Body"])["type"] for m in msgs] == ["salur.due_tomorrow"]
    deliver_notifications(app_module, msgs)
    from chalicelib.domain.directory import get_directory

    contact = get_directory().agency(out["agency"]["id"]).contact_emails[0]
    assert any(out["tracking_id"] in m.subject and "besok" in m.subject for m in mails_to(contact))
    purge("notifications")
    service.remind_due_tomorrow(now=due - timedelta(hours=12))  # window starts after this deadline
    assert not [m for m in receive("notifications") if json.loads(m["Body"])["tracking_id"] == out["tracking_id"]]
