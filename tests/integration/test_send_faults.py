"""Faults after a send (#17 item 12): a mail/SMS the provider accepted, or a webhook the agency answered, is
never sent again because the write that records it failed.  AWS is moto; the failing write is the adapter's own
call made to raise botocore's ClientError (the error a throttled or unavailable DynamoDB gives)."""
from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from channels_support import (
    GOOD_REPORT as GOOD, app_module, mail, deliver_notifications, event_of, purge, receive, sent_emails)



def throttled(operation: str) -> ClientError:
    return ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
                       operation)


@pytest.fixture
def no_pause(monkeypatch):
    """The in-process retries of a record write wait 50 ms, 100 ms, 200 ms: not in a test."""
    from chalicelib.adapters import dynamo

    monkeypatch.setattr(dynamo, "backoff_pause", lambda seconds: None)


def filed_messages(client, email):
    res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                           body=json.dumps({**GOOD, "reporter": {"email": email}}))
    assert res.status_code == 201, res.body
    tid = res.json_body["tracking_id"]
    msgs = {json.dumps(m, sort_keys=True, default=str): m for m in receive("notifications")
            if event_of(m)["tracking_id"] == tid}
    purge("notifications")
    assert msgs
    return list(msgs.values())


def mails_to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def failing_marks(monkeypatch, address: str, times: int | None):
    """NotificationStore.mark_sent of ``address`` refused ``times`` times (None: always); returns the refusals."""
    from chalicelib.adapters.notification_store import NotificationStore

    real = NotificationStore.mark_sent
    refused = {"n": 0}

    def mark_sent(self, event_id, channel, to, *args, **kwargs):
        if to == address and (times is None or refused["n"] < times):
            refused["n"] += 1
            raise throttled("UpdateItem")
        return real(self, event_id, channel, to, *args, **kwargs)

    monkeypatch.setattr(NotificationStore, "mark_sent", mark_sent)
    return refused


def test_the_queue_timeouts_and_the_claim_lease_come_from_one_setting(aws):
    """Every work queue on (moto) SQS has config's visibility timeout and receive count; the lease outlives them."""
    from chalicelib import config
    from chalicelib.adapters import notification_store
    from chalicelib.adapters.aws_clients import client

    for name, receives in config.QUEUE_MAX_RECEIVES.items():
        attrs = client("sqs").get_queue_attributes(QueueUrl=config.queue_url(name),
                                                   AttributeNames=["VisibilityTimeout", "RedrivePolicy"])["Attributes"]
        assert int(attrs["VisibilityTimeout"]) == config.QUEUE_VISIBILITY_SECONDS
        assert int(json.loads(attrs["RedrivePolicy"])["maxReceiveCount"]) == receives
    assert notification_store.LEASE_SECONDS >= config.QUEUE_VISIBILITY_SECONDS * config.QUEUE_MAX_RECEIVES["notifications"]


def test_a_mark_refused_after_the_send_never_fails_the_message_nor_sends_again(client, mail, app_module, monkeypatch,
                                                                             no_pause):
    from chalicelib import config
    from chalicelib.adapters import notification_store

    address = "markfails@example.com"
    msgs = filed_messages(client, address)
    refused = failing_marks(monkeypatch, address, None)
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}  # sent: the message is done
    assert refused["n"] >= 4 and len(mails_to(address)) == 1
    # any redelivery of the message, up to the last one SQS could make, finds the unmarked claim still leased
    monkeypatch.undo()
    start = notification_store.clock()
    for receive_no in range(1, config.QUEUE_MAX_RECEIVES["notifications"]):
        later = start + receive_no * config.QUEUE_VISIBILITY_SECONDS + 1
        monkeypatch.setattr(notification_store, "clock", lambda later=later: later)
        deliver_notifications(app_module, msgs)
        assert len(mails_to(address)) == 1


def test_a_mark_refused_a_few_times_is_retried_in_process(client, mail, app_module, monkeypatch, no_pause):
    from chalicelib.adapters.notification_store import NotificationStore

    address = "markslow@example.com"
    msgs = filed_messages(client, address)
    refused = failing_marks(monkeypatch, address, 2)
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert refused["n"] == 2
    store = NotificationStore()
    events = [event_of(m)["event_id"] for m in msgs]
    assert any(store.is_sent(e, "email", address) for e in events)
    monkeypatch.undo()
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}  # a redelivery: all skipped
    assert len(mails_to(address)) == 1


def test_a_message_over_a_limit_is_recorded_by_its_claim_alone_and_never_sent_later(client, mail, app_module,
                                                                                    monkeypatch):
    """Issue 11: over a contact's limit, the claim is written final at once (one write, no mark after it); a
    redelivery after the limit has passed still sends nothing."""
    from chalicelib.adapters.notification_store import NotificationStore
    from chalicelib.services import abuse_guard

    address = "overlimit@example.com"
    msgs = filed_messages(client, address)
    monkeypatch.setattr(abuse_guard, "gate", lambda note, store=None: "skip")
    real_mark = NotificationStore.mark_sent

    def mark_sent(self, event_id, channel, to, *args, **kwargs):
        assert to != address, "a message over a limit is marked after its claim"
        return real_mark(self, event_id, channel, to, *args, **kwargs)

    monkeypatch.setattr(NotificationStore, "mark_sent", mark_sent)
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    store = NotificationStore()
    assert all(store.is_sent(event_of(m)["event_id"], "email", address) for m in msgs)
    monkeypatch.undo()
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}  # the limit no longer holds
    assert mails_to(address) == []


def test_a_try_that_finds_the_message_claimed_gives_back_what_it_counted(client, mail, app_module, monkeypatch):
    """Limits are counted before the claim: a redelivered message already sent counts against no limit."""
    from chalicelib.services import abuse_guard

    address = "counted@example.com"
    msgs = filed_messages(client, address)
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert len(mails_to(address)) == 1
    refunds = []
    real = abuse_guard.refund
    monkeypatch.setattr(abuse_guard, "refund", lambda note, store=None: (refunds.append(note), real(note, store)))
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert len(mails_to(address)) == 1 and refunds and all(n.get("limits") for n in refunds)


def test_a_claim_held_by_another_try_fails_the_message_instead_of_dropping_it(client, mail, app_module):
    """A live claim not marked sent (a try that crashed, or is sending right now): not sent here, not lost."""
    from chalicelib.adapters.notification_store import NotificationStore

    address = "held@example.com"
    msgs = filed_messages(client, address)
    store = NotificationStore()
    for m in msgs:
        store.claim(event_of(m)["event_id"], "email", address)
    result = deliver_notifications(app_module, msgs)
    assert result["batchItemFailures"] and mails_to(address) == []


def test_a_delivered_webhook_whose_log_write_fails_is_not_posted_again(aws, monkeypatch, no_pause):
    from agency_support import A, Receiver

    from chalicelib.adapters import webhook_signing
    from chalicelib.adapters.webhook_store import WebhookStore
    from chalicelib.services import webhook_delivery as delivery

    monkeypatch.setenv("WEBHOOK_TIMEOUT_SECONDS", "2")
    store = WebhookStore()
    real = WebhookStore.log_attempt

    def log_attempt(self, record, now=None):
        if record.get("ok"):
            raise throttled("PutItem")
        return real(self, record, now)

    with Receiver([200]) as rx:
        sub = {"agency_id": A, "webhook_id": "wh_faulttest0001", "url": rx.url, "events": ["complaint.assigned"],
               "secret": webhook_signing.new_secret(), "active": True}
        store.put(sub)
        event = {"event_id": "evt-fault-1", "type": "complaint.assigned", "tracking_id": "LAP-FAULT",
                 "agency_id": A, "occurred_at": "2026-12-01T00:00:00Z", "data": {}}
        monkeypatch.setattr(WebhookStore, "log_attempt", log_attempt)
        record = {"messageId": "m-1", "body": json.dumps(event)}
        assert delivery.handle_batch([record]) == {"batchItemFailures": []}
        store.delete(A, sub["webhook_id"])
    assert len(rx.requests) == 1


def test_a_refused_send_whose_release_fails_is_sent_once_after_the_lease(client, mail, app_module, monkeypatch,
                                                                        no_pause):
    """Nothing went out and the claim could not be freed: retries wait out the lease, then it is sent — once."""
    from chalicelib.adapters import message_senders as senders
    from chalicelib.adapters import notification_store

    address = "releasefails@example.com"
    msgs = filed_messages(client, address)
    real_send, real_write = senders.send_email, notification_store.conditional_write

    def refused(*a, **k):
        raise RuntimeError("SES throttled")

    def no_delete(call, **kwargs):
        if getattr(call, "__name__", "") == "delete_item":
            raise throttled("DeleteItem")
        return real_write(call, **kwargs)

    monkeypatch.setattr(senders, "send_email", lambda to, *a, **k: refused() if to == address else real_send(to, *a, **k))
    monkeypatch.setattr(notification_store, "conditional_write", no_delete)
    assert deliver_notifications(app_module, msgs)["batchItemFailures"]  # retried later, nothing raised
    monkeypatch.undo()
    assert deliver_notifications(app_module, msgs)["batchItemFailures"] and mails_to(address) == []  # still held
    later = notification_store.clock() + notification_store.LEASE_SECONDS + 1
    monkeypatch.setattr(notification_store, "clock", lambda: later)
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert len(mails_to(address)) == 1
