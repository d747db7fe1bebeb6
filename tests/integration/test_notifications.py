"""Notifications: the complaints stream → the events consumer → SES/SNS, once per event and recipient; retries
then the on-failure queue.  Reminders: the notifications queue."""
from __future__ import annotations

import json

import pytest
from channels_support import (GOOD_REPORT as GOOD, app_module, deliver_notifications, event_of, handler, mail,
                              purge, receive, sent_emails, sent_sms, sqs_event)
from stream_support import messages, reader



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
    types = sorted(m["type"] for m in messages(msgs) if m["tracking_id"] == out["tracking_id"])
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


def test_failed_send_is_retried_then_sent_to_the_on_failure_queue(client, mail, app_module, monkeypatch):
    import os

    from chalicelib.adapters import message_senders as senders
    from chalicelib.adapters.aws_clients import client as aws

    out = file(client, {"email": "flaky@example.com"})
    mine = [r for r in receive("notifications") if event_of(r)["tracking_id"] == out["tracking_id"]]
    calls = {"n": 0}

    def broken(*a, **k):
        calls["n"] += 1
        raise RuntimeError("SES throttled")

    monkeypatch.setattr(senders, "send_email", broken)
    result = deliver_notifications(app_module, mine)
    assert {f["itemIdentifier"] for f in result["batchItemFailures"]} >= {mine[0]["dynamodb"]["SequenceNumber"]}
    # the event source mapping: retries (bisecting), then the record's position goes to the on-failure queue
    r = reader("deliver_events")
    before, calls["n"] = r.failed_to_queue, 0
    r._process(mine, r.settings["retries"])
    assert r.failed_to_queue == before + len(mine) and calls["n"] >= r.settings["retries"] + 1
    sqs = aws("sqs")
    dlq = os.environ["EVENTS_DLQ_URL"]
    dead = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)
            .get("Messages", [])]
    seqs = {d["DDBStreamBatchInfo"]["startSequenceNumber"] for d in dead}
    assert mine[0]["dynamodb"]["SequenceNumber"] in seqs
    # once SES recovers, replaying the record sends (the failed claim was released), once
    monkeypatch.undo()
    assert deliver_notifications(app_module, mine) == {"batchItemFailures": []}
    assert deliver_notifications(app_module, mine) == {"batchItemFailures": []}
    assert [m.subject for m in mails_to("flaky@example.com")] == [f"Konfirmasi kontak untuk laporan {out['tracking_id']}"]


def test_the_access_code_travels_with_the_event_only_to_be_told_and_only_until_told(client, mail, app_module):
    from chalicelib.adapters.complaint_repository import ComplaintRepository, case_pk
    from chalicelib.adapters.dynamo import query_partition
    from chalicelib.domain.contacts import Origin
    from chalicelib.services.intake import file_complaint

    def stored(tid):
        return [i for i in query_partition(ComplaintRepository().table, case_pk(tid), "EV#") if "private" in i]

    unproved = file(client, {"email": "code.never@example.com"})
    assert stored(unproved["tracking_id"]) == []  # no receipt will tell it: not kept at all
    out, _ = file_complaint({**GOOD, "reporter": {"email": "code.once@example.com"}},
                            origin=Origin(channel="email", verified=("email",)))
    tid = out["tracking_id"]
    assert len(stored(tid)) == 1  # until the events consumer has handled complaint.submitted
    assert all("private" not in ev for ev in ComplaintRepository().timeline(tid))
    assert deliver_notifications(app_module, receive("notifications")) == {"batchItemFailures": []}
    assert stored(tid) == []
    mine = [m for m in mails_to("code.once@example.com") if tid in m.subject]
    assert mine and out["access_code"] in json.dumps(mine[0].body)


def test_malformed_reminder_message_goes_to_the_dlq_path(app_module, mail):
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
    msgs = [m for m in receive("notifications") if event_of(m)["tracking_id"] == out["tracking_id"]]
    assert [event_of(m)["type"] for m in msgs] == ["salur.due_tomorrow"]
    deliver_notifications(app_module, msgs)
    from chalicelib.domain.directory import get_directory

    contact = get_directory().agency(out["agency"]["id"]).contact_emails[0]
    assert any(out["tracking_id"] in m.subject and "besok" in m.subject for m in mails_to(contact))
    purge("notifications")
    service.remind_due_tomorrow(now=due - timedelta(hours=12))  # window starts after this deadline
    assert not [m for m in receive("notifications") if event_of(m)["tracking_id"] == out["tracking_id"]]
