"""Issue 5 end to end through chalice.test.Client: the escalation ladder and the reporter's last word."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain.clock import iso, parse
from chalicelib.services import cases

COMPLAINT = {
    "title": "Lampu jalan mati di Denpasar",
    "body": "Lampu penerangan jalan umum di Jl. Teuku Umar, Kota Denpasar mati sejak dua minggu, gelap dan rawan.",
    "location": {"region_code": "51.71"},
    "reporter": {"email": "warga@example.com"},
}


def file(client, body=COMPLAINT):
    res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert res.status_code == 201, res.body
    return res.json_body


def scheduled(now) -> dict:
    return {"version": "0", "id": "test", "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": "ap-southeast-3",
            "resources": [], "detail": {}}


def drain_escalations(client, aws) -> list[str]:
    """Receive what the sweep enqueued and hand it to the registered SQS handler."""
    import boto3

    sqs = boto3.client("sqs")
    url = aws["ESCALATIONS_QUEUE_URL"]
    bodies = []
    while True:
        res = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        msgs = res.get("Messages", [])
        if not msgs:
            break
        for m in msgs:
            bodies.append(m["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    if bodies:
        event = client.events.generate_sqs_event(queue_name="salur-escalations", message_bodies=bodies)
        out = client.lambda_.invoke("handle_escalation", event).payload
        assert out == {"batchItemFailures": []}
    return bodies


def sweep(client, aws, now):
    client.lambda_.invoke("sweep_overdue", scheduled(now))
    return drain_escalations(client, aws)


def test_unanswered_case_walks_up_every_ladder_level(client, aws):
    out = file(client)
    tid = out["tracking_id"]
    repo = ComplaintRepository()
    case = repo.get(tid)
    assert case["status"] == "assigned"
    agency = case["agency_id"]
    levels = []
    for _ in range(5):
        case = repo.get(tid)
        sweep(client, aws, parse(case["due_at"]) + timedelta(hours=1))
        case = repo.get(tid)
        levels.append((case["escalation_level"], case["status"]))
    assert levels[:4] == [(1, "assigned"), (2, "assigned"), (3, "assigned"), (4, "referred")]
    assert levels[4] == (4, "closed")  # past the referral's own deadline: closed as referred, never stuck
    assert case["outcome"] == "referred" and not case.get("due_at")
    timeline = repo.timeline(tid)
    escalations = [e for e in timeline if e["action"] == "escalate"]
    assert len(escalations) == 4  # re-sweeps never escalate twice
    assert all(e["data"].get("breached_agency_id") == agency for e in escalations)
    handlers = [e["data"]["handler_agency_id"] for e in escalations]
    assert handlers[-2:] == ["kemenpanrb", "ombudsman"]


def test_duplicate_escalation_messages_apply_once(client, aws):
    out = file(client)
    tid = out["tracking_id"]
    repo = ComplaintRepository()
    due = repo.get(tid)["due_at"]
    body = json.dumps({"tracking_id": tid, "due_at": due, "now": iso(parse(due) + timedelta(hours=2))})
    event = client.events.generate_sqs_event(queue_name="salur-escalations", message_bodies=[body, body, body])
    client.lambda_.invoke("handle_escalation", event)
    client.lambda_.invoke("handle_escalation", event)
    assert repo.get(tid)["escalation_level"] == 1


def test_poison_message_fails_alone(client, aws):
    out = file(client)
    tid = out["tracking_id"]
    due = ComplaintRepository().get(tid)["due_at"]
    good = json.dumps({"tracking_id": tid, "due_at": due, "now": iso(parse(due) + timedelta(hours=2))})
    event = client.events.generate_sqs_event(queue_name="salur-escalations", message_bodies=["{oops", good])
    result = client.lambda_.invoke("handle_escalation", event).payload
    assert len(result["batchItemFailures"]) == 1
    assert ComplaintRepository().get(tid)["escalation_level"] == 1


def feedback(client, tid, code, body):
    return client.http.post(f"/v1/complaints/{tid}/feedback", body=json.dumps(body),
                            headers={"Content-Type": "application/json", "X-Access-Code": code})


def test_reporter_rejects_then_accepts_and_case_closes(client, aws):
    out = file(client)
    tid, code = out["tracking_id"], out["access_code"]
    role = "officer"
    cases.transition(tid, "accept", role)
    cases.transition(tid, "respond", role, message="Lampu sudah diganti oleh Dinas PUPR.")
    res = feedback(client, tid, code, {"decision": "reject", "reason": "Masih mati sampai sekarang."})
    assert res.status_code == 200, res.body
    assert res.json_body["status"] == "reopened"
    assert res.json_body["escalation_level"] == 1
    cases.transition(tid, "respond", role, message="Sudah dicek ulang dan diperbaiki kabelnya.")
    res = feedback(client, tid, code, {"decision": "accept", "rating": 4, "comment": "Terima kasih"})
    assert res.json_body["status"] == "completed"
    case = ComplaintRepository().get(tid)
    sweep(client, aws, parse(case["due_at"]) + timedelta(minutes=5))
    assert ComplaintRepository().get(tid)["status"] == "closed"
    view = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": code}).json_body
    assert [e["status"] for e in view["timeline"]] == [
        "submitted", "assigned", "in_progress", "responded", "reopened", "responded", "completed", "closed"]


def test_silent_reporter_auto_completes(client, aws):
    out = file(client)
    tid = out["tracking_id"]
    cases.transition(tid, "respond", "officer", message="Sudah ditindaklanjuti petugas.")
    case = ComplaintRepository().get(tid)
    sweep(client, aws, parse(case["due_at"]) + timedelta(minutes=1))
    assert ComplaintRepository().get(tid)["status"] == "completed"


def test_needs_info_pauses_and_reporter_answers(client, aws):
    out = file(client)
    tid, code = out["tracking_id"], out["access_code"]
    cases.transition(tid, "request_info", "officer", message="Mohon kirim titik lokasi yang tepat.")
    assert ComplaintRepository().get(tid)["status"] == "needs_info"
    res = client.http.post(f"/v1/complaints/{tid}/info", body=json.dumps({"message": "Depan toko Sinar, no 12."}),
                           headers={"Content-Type": "application/json", "X-Access-Code": code})
    assert res.status_code == 200, res.body
    assert res.json_body["status"] == "assigned"


@pytest.mark.parametrize("body,status", [
    ({}, 422), ({"decision": "reject"}, 422), ({"rating": 9}, 422), ({"decision": "maybe"}, 422),
    ({"decision": "accept", "extra": 1}, 422),
])
def test_feedback_validation(client, body, status):
    out = file(client)
    assert feedback(client, out["tracking_id"], out["access_code"], body).status_code == status


def test_feedback_before_response_is_409_and_without_code_404(client):
    out = file(client)
    res = feedback(client, out["tracking_id"], out["access_code"], {"decision": "accept"})
    assert res.status_code == 409
    assert res.json_body["error"]["code"] == "illegal_transition"
    res = client.http.post(f"/v1/complaints/{out['tracking_id']}/feedback", body=json.dumps({"decision": "accept"}),
                           headers={"Content-Type": "application/json"})
    assert res.status_code == 404
