"""Idempotency keys per door and per caller (#17 item 2): the email door's key, an SMS gateway's message id and
a public caller's Idempotency-Key never meet; a replay answers only its own caller, and the access code is never
stored in clear (idempotency record, outbox, queue)."""
from __future__ import annotations

import json
import re
import uuid

import pytest
from channels_support import GOOD_REPORT as GOOD, purge, receive, sms



def data(**extra):
    from chalicelib.api.schemas import ComplaintIn

    return ComplaintIn.model_validate({**GOOD, **extra}).model_dump(mode="json")


def origin(channel, source_value):
    from chalicelib.domain.contacts import Origin, source_key

    return Origin(channel=channel, source=source_key(channel, source_value))


def post(client, key):
    return client.http.post("/v1/complaints", headers={"Content-Type": "application/json", "Idempotency-Key": key},
                            body=json.dumps(GOOD))


def all_items():
    """Every item of the complaints table (a test's look at what is stored; no request path scans)."""
    from chalicelib import config
    from chalicelib.adapters.dynamo import ddb

    items, start = [], {}
    while True:
        res = ddb().scan(TableName=config.complaints_table(), **start)
        items += res.get("Items", [])
        if "LastEvaluatedKey" not in res:
            return items
        start = {"ExclusiveStartKey": res["LastEvaluatedKey"]}


@pytest.mark.parametrize("door, other", [("email", "api"), ("sms", "email"), ("chat", "sms"), ("api", "open311")])
def test_the_same_key_at_two_doors_files_two_cases(aws, door, other):
    from chalicelib.services import intake

    key = "k-" + uuid.uuid4().hex
    first, _ = intake.file_complaint(data(), idempotency_key=key, origin=origin(door, "x"), door=door)
    second, replayed = intake.file_complaint(data(), idempotency_key=key, origin=origin(other, "x"), door=other)
    assert not replayed and second["tracking_id"] != first["tracking_id"]


def test_a_public_key_spelled_like_the_email_doors_reaches_no_mail_case(client, aws):
    """The email door's key was ``email:`` + the Message-ID hash; a public caller sending exactly that gets its own case."""
    from chalicelib.services import intake
    from chalicelib.services.email_door import _ref

    ref = _ref("<reused-" + uuid.uuid4().hex + "@example.com>")
    mailed, _ = intake.file_complaint(data(), idempotency_key=ref, origin=origin("email", "someone@example.com"),
                                      door="email", replay_reveals_code=False)
    for key in (f"email:{ref}", ref):
        res = post(client, key)
        assert res.status_code == 201 and "Idempotent-Replayed" not in res.headers
        assert res.json_body["tracking_id"] != mailed["tracking_id"]
        assert res.json_body["access_code"] != mailed["access_code"]


def test_a_replay_answers_its_own_caller_only(aws):
    from chalicelib.services import intake

    key = "retry-" + uuid.uuid4().hex
    mine = origin("web", "203.0.113.7")
    first, _ = intake.file_complaint(data(), idempotency_key=key, origin=mine, door="api")
    again, replayed = intake.file_complaint(data(), idempotency_key=key, origin=mine, door="api")
    assert replayed and again == first and again["access_code"] == first["access_code"]  # a retry gets its code
    stranger, replayed = intake.file_complaint(data(), idempotency_key=key, origin=origin("web", "198.51.100.9"),
                                               door="api")
    assert not replayed and stranger["tracking_id"] != first["tracking_id"]
    assert stranger["access_code"] != first["access_code"]


def test_open311_clients_sharing_a_key_stay_apart(aws):
    from chalicelib.domain.contacts import source_key
    from chalicelib.services import intake

    key = "o311-" + uuid.uuid4().hex
    same_ip = origin("open311", "192.0.2.1")
    a, _ = intake.file_complaint(data(), idempotency_key=key, origin=same_ip, door="open311",
                                 caller=source_key("open311", "Kota Kita app"))
    b, replayed = intake.file_complaint(data(), idempotency_key=key, origin=same_ip, door="open311",
                                        caller=source_key("open311", "Another app"))
    assert not replayed and a["tracking_id"] != b["tracking_id"]


def test_the_access_code_is_never_stored_in_clear(client, aws):
    purge("notifications")
    res = post(client, "clear-" + uuid.uuid4().hex)
    assert res.status_code == 201
    code, tid = res.json_body["access_code"], res.json_body["tracking_id"]
    stored = json.dumps(all_items(), default=repr)  # the routing record is stored deflated (bytes)
    assert tid in stored  # the case, its idempotency record and its events are there ...
    for form in (code, code.replace("-", "")):
        assert form not in stored  # ... but never the code
    queued = json.dumps(receive("notifications"), default=str)  # the stream records the events consumer reads
    assert tid in queued and code not in queued
    purge("notifications")


def test_the_sealed_code_still_reaches_a_confirmed_reporter(aws):
    """The 'received' notice, planned from the queued event, carries the code the event sealed."""
    from chalicelib.domain import notification_plan
    from chalicelib.domain.identifiers import event_seal_context, seal

    message = {"event_id": "evt_sealed1", "type": "complaint.submitted", "tracking_id": "AAAA-BBBB",
               "private": {"sealed_access_code": seal("ABCD-EFGH-JKMN", event_seal_context("evt_sealed1"))},
               "data": {}}
    case = {"tracking_id": "AAAA-BBBB", "reporter": {"email": "r@example.com"}, "contact_verified": ["email"],
            "channel": "web", "status": "submitted", "title": "t", "kind": "complaint"}
    notes = [n for n in notification_plan.plan(message, case) if n["audience"] == "reporter"]
    assert notes and notes[0]["ctx"]["access_code"] == "ABCD-EFGH-JKMN"
    other = {**message, "event_id": "evt_other"}  # a seal opens for its own event only
    assert all(n["ctx"].get("access_code") != "ABCD-EFGH-JKMN"
               for n in notification_plan.plan(other, case) if n["audience"] == "reporter")


@pytest.mark.parametrize("door", ["sms", "chat"])
def test_a_text_door_replay_never_repeats_the_code(client, aws, door):
    text = "LAPOR " + GOOD["body"]
    if door == "sms":
        message_id = uuid.uuid4().hex
        first = sms(client, text, sender="081277712345", message_id=message_id).json_body["reply"]
        again = sms(client, text, sender="081277712345", message_id=message_id).json_body["reply"]
    else:  # the platform retries its webhook with the same message
        from test_channels_chat_email import chat, wa_payload, wa_text

        message = wa_text(text, sender="6281277712346", mid="wamid." + uuid.uuid4().hex)
        first = chat(client, wa_payload(message)).json_body["replies"][0]["text"]
        again = chat(client, wa_payload(message)).json_body["replies"][0]["text"]
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", first).group(1)
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", first).group(1)
    assert tid in again and code not in again
