"""The daily 'deadline tomorrow' reminder (#17 item 13): the schedule event's time, not the wall clock, and a
stored watermark, so the day after a run that failed every retry announces what that run missed — once."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from botocore.stub import Stubber
from channels_support import (
    GOOD_REPORT as GOOD, app_module, deliver_notifications, handler, purge, receive, sent_emails)

@pytest.fixture
def case(client, aws):
    from chalicelib.adapters.aws_clients import client as aws_client
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.clock import parse

    aws_client("ses").verify_domain_identity(Domain="salur.go.id")
    res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                           body=json.dumps({**GOOD, "reporter": {"email": "lampu@example.com"}}))
    assert res.status_code == 201, res.body
    tid = res.json_body["tracking_id"]
    purge("notifications")
    forget_watermark()
    yield tid, parse(ComplaintRepository().get(tid)["due_at"])
    purge("notifications")


def forget_watermark():
    """Each test starts a fresh history (the tests of this module share one table and one deadline day)."""
    from chalicelib import config
    from chalicelib.adapters.dynamo import ddb, key
    from chalicelib.services.notifications import REMINDER_SCHEDULE

    ddb().delete_item(TableName=config.complaints_table(), Key=key(f"SCHEDULE#{REMINDER_SCHEDULE}", "WATERMARK"))


def reminders_for(tid):
    msgs = {m["MessageId"]: m for m in receive("notifications")}
    return [m for m in msgs.values() if json.loads(m["Body"]) ["tracking_id"] == tid]


def scheduled(now):
    from scripts.worker import scheduled_event

    return handler("remind_due_tomorrow")(scheduled_event(now), None)


def test_the_run_acts_as_of_its_event_time_not_the_wall_clock(case):
    tid, due = case
    assert scheduled(due - timedelta(hours=30))["queued"] >= 1  # the wall clock is days before this deadline
    assert [json.loads(m["Body"])["type"] for m in reminders_for(tid)] == ["salur.due_tomorrow"]


def test_a_day_whose_run_failed_is_announced_by_the_next_run_once(case, app_module, monkeypatch):
    from chalicelib.adapters.aws_clients import client as aws_client
    from chalicelib.services import notifications

    tid, due = case
    yesterday = due - timedelta(hours=54)  # window [due-38h, due-14h): not this deadline yet
    scheduled(yesterday)
    assert reminders_for(tid) == []
    # the day the deadline is "tomorrow": the queue refuses (every retry of the run fails the same way)
    sqs = aws_client("sqs")
    stub = Stubber(sqs)
    for _ in range(3):
        stub.add_client_error("send_message", "AccessDenied", http_status_code=403)  # e.g. a broken policy
    monkeypatch.setattr(notifications, "client", lambda name: sqs)
    with stub:
        for _retry in range(3):
            with pytest.raises(Exception):
                scheduled(due - timedelta(hours=30))
    monkeypatch.undo()
    assert reminders_for(tid) == []
    # the next day's run starts where the last successful one stopped (bounded by its own time)
    assert scheduled(due - timedelta(hours=6))["queued"] >= 1
    msgs = reminders_for(tid)
    assert len(msgs) == 1
    before = len([m for m in sent_emails() if tid in m.subject])
    assert deliver_notifications(app_module, msgs) == {"batchItemFailures": []}
    assert len([m for m in sent_emails() if tid in m.subject]) == before + 1
    # a replayed run (same event time) finds the watermark past it; a run before the watermark moved (an
    # overlap) queues the same event id, whose send is claimed: either way nothing is sent twice
    scheduled(due - timedelta(hours=6))
    assert reminders_for(tid) == []
    forget_watermark()
    scheduled(due - timedelta(hours=30))  # the failed day's run, replayed late by hand
    again = reminders_for(tid)
    assert {json.loads(m["Body"])["event_id"] for m in again} == {json.loads(msgs[0]["Body"])["event_id"]}
    assert deliver_notifications(app_module, again) == {"batchItemFailures": []}
    assert len([m for m in sent_emails() if tid in m.subject]) == before + 1


def test_a_deadline_already_passed_is_not_announced(case):
    tid, due = case
    scheduled(due - timedelta(hours=80))
    scheduled(due + timedelta(hours=1))  # the watermark is days back, but the run never reaches before its time
    assert reminders_for(tid) == []
