"""Nothing is lost after a 201: events survive a queue outage in the outbox and the relay sends them."""
from __future__ import annotations

import json
from datetime import timedelta

from chalicelib.adapters.complaint_repository import OUTBOX_SHARDS, ComplaintRepository
from chalicelib.domain.clock import utcnow

BODY = {"title": "Jalan rusak di Denpasar", "location": {"region_code": "51.71"},
        "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, bahaya."}


def pending_for(tid: str, now) -> list[dict]:
    repo = ComplaintRepository()
    return [m for s in range(OUTBOX_SHARDS) for m in repo.pending_outbox(s, now.strftime("%Y-%m-%dT%H:%M:%S.999999Z"))
            if m["tracking_id"] == tid]


def test_queue_outage_keeps_events_until_relay(client, aws, monkeypatch):
    monkeypatch.setenv("NOTIFICATIONS_QUEUE_URL", aws["NOTIFICATIONS_QUEUE_URL"] + "-gone")
    res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"}, body=json.dumps(BODY))
    assert res.status_code == 201  # the complaint is stored even though the queue is down
    tid = res.json_body["tracking_id"]
    later = utcnow() + timedelta(minutes=5)
    assert {m["type"] for m in pending_for(tid, later)} == {"complaint.submitted", "complaint.assigned"}
    monkeypatch.setenv("NOTIFICATIONS_QUEUE_URL", aws["NOTIFICATIONS_QUEUE_URL"])
    event = {"version": "0", "id": "t", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": later.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": "ap-southeast-3",
             "resources": [], "detail": {}}
    out = client.lambda_.invoke("relay_outbox", event).payload
    assert out["sent"] >= 2
    assert pending_for(tid, later) == []


def test_published_events_leave_no_outbox(client):
    res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"}, body=json.dumps(BODY))
    assert pending_for(res.json_body["tracking_id"], utcnow() + timedelta(minutes=5)) == []
