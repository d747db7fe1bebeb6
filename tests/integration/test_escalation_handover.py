"""The ladder as a handover (issue 14): at every level the owner (a key of that role and agency) finds the late
case in its inbox and acts; past the top the case is referred, never stuck; an appeal goes one level up."""
from __future__ import annotations

import json
from datetime import timedelta

from agency_support import act, hdr, make_case, version
from channels_support import deliver_notifications, purge, receive, sent_emails
from test_lifecycle_flow import feedback, file, sweep

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain.clock import iso, parse, utcnow

REGENCY = "pemkab-51.03"  # Kabupaten Badung, Bali


def escalated_inbox(client, agency_id, role, query="?queue=escalated"):
    res = client.http.get(f"/v1/agency/complaints{query}", headers=hdr(agency_id, role))
    assert res.status_code == 200, res.body
    return [item["tracking_id"] for item in res.json_body["items"]]


def staff_view(client, tid, agency_id, role):
    res = client.http.get(f"/v1/agency/complaints/{tid}", headers=hdr(agency_id, role))
    assert res.status_code == 200, (agency_id, role, res.body)
    return res.json_body


def sweep_past_due(client, aws, tid):
    case = ComplaintRepository().get(tid)
    sweep(client, aws, parse(case["due_at"]) + timedelta(hours=1))
    return ComplaintRepository().get(tid)


def instruct(client, tid, agency_id, role, days):
    due = iso(utcnow() + timedelta(days=days))
    res = act(client, tid, {"action": "instruct", "note": "Segera perbaiki dan laporkan hasilnya.", "due_at": due,
                            "version": version(tid)}, agency_id, role)
    assert res.status_code == 200, res.body
    assert res.json_body["due_at"] == due
    return res.json_body


def test_a_regency_case_walks_every_level_and_each_owner_acts(client, aws):
    tid = make_case(REGENCY)["tracking_id"]
    owners = [(1, REGENCY, "supervisor"), (2, "pemprov-51", "coordinator"), (3, "kemenpanrb", "admin"),
              (4, "ombudsman", "ombudsman")]
    for day, (level, agency_id, role) in enumerate(owners, start=2):
        case = sweep_past_due(client, aws, tid)
        assert (case["escalation_level"], case["owner_agency_id"], case["owner_role"]) == (level, agency_id, role)
        assert case["agency_id"] == REGENCY  # a handover of oversight: the agency still holds it
        query = "" if role == "ombudsman" else "?queue=escalated"  # the Ombudsman's inbox is its escalations
        assert tid in escalated_inbox(client, agency_id, role, query)
        view = staff_view(client, tid, agency_id, role)
        assert {"instruct", "conclude"} <= set(view["allowed_actions"])
        assert ("refer" in view["allowed_actions"]) == (role != "ombudsman")
        # the late agency keeps working and seeing it
        officer = staff_view(client, tid, REGENCY, "officer")
        assert level == 4 or {"respond", "request_info"} <= set(officer["allowed_actions"])
        # a key of another role at the owner's agency is not the owner
        if role == "coordinator":
            assert "instruct" not in staff_view(client, tid, agency_id, "verifier")["allowed_actions"]
        instruct(client, tid, agency_id, role, day)
        if level == 4:
            assert ComplaintRepository().get(tid)["status"] == "assigned"  # back to the agency, by the Ombudsman
    timeline = ComplaintRepository().timeline(tid)
    levels = [e["data"]["level"] for e in timeline if e["action"] == "escalate"]
    assert sorted(levels) == [1, 2, 3, 4]  # (the first sweep ran at a later simulated time than the rest)
    assert sorted(e["actor"]["role"] for e in timeline if e["action"] == "instruct") == sorted(o[2] for o in owners)
    public = client.http.get(f"/v1/complaints/{tid}").json_body
    assert public["handled_by"]["text_id"].startswith("Ditangani Ombudsman RI sampai ")
    res = act(client, tid, {"action": "respond", "message": "Jalan sudah diaspal ulang.", "version": version(tid)},
              REGENCY, "officer")
    assert res.status_code == 200 and res.json_body["status"] == "responded"


def test_owner_actions_refused_to_those_who_do_not_own_the_level(client, aws):
    tid = make_case(REGENCY)["tracking_id"]
    case = sweep_past_due(client, aws, tid)
    assert case["owner_role"] == "supervisor"
    due = iso(utcnow() + timedelta(days=2))
    for agency_id, role in ((REGENCY, "officer"), ("pemprov-51", "coordinator"), ("ombudsman", "ombudsman")):
        res = act(client, tid, {"action": "instruct", "note": "x", "due_at": due, "version": version(tid)},
                  agency_id, role)
        assert res.status_code in (403, 404, 422), (agency_id, role, res.body)
    assert tid not in escalated_inbox(client, "pemprov-51", "coordinator")
    res = act(client, tid, {"action": "instruct", "note": "x", "version": version(tid)}, REGENCY, "supervisor")
    assert res.status_code == 422 and "due_at" in res.json_body["error"]["fields"]


def test_past_the_top_the_case_is_referred_then_closed_as_referred_never_stuck(client, aws):
    purge("notifications")
    tid = make_case("pemprov-51")["tracking_id"]  # a province: supervisor, national admin, Ombudsman
    seen = []
    for _ in range(3):
        case = sweep_past_due(client, aws, tid)
        seen.append((case["escalation_level"], case["status"]))
    assert seen == [(1, "assigned"), (3, "assigned"), (4, "referred")]
    assert case["owner_agency_id"] == "ombudsman" and parse(case["due_at"]) > parse(case["updated_at"])
    assert tid in escalated_inbox(client, "ombudsman", "ombudsman", "")
    assert staff_view(client, tid, "ombudsman", "ombudsman")["status"] == "referred"
    deliver_notifications(None, receive("notifications"))
    subjects = [m.subject for m in sent_emails() if tid in m.subject]
    assert any("dieskalasi ke Ombudsman RI" in s for s in subjects), subjects
    case = sweep_past_due(client, aws, tid)
    assert (case["status"], case["outcome"]) == ("closed", "referred")
    assert tid not in escalated_inbox(client, "ombudsman", "ombudsman", "")


def test_an_appeal_after_a_rejection_goes_one_level_up_once(client, aws):
    out = file(client)  # a city case, filed by a reporter who holds the access code
    tid, code, agency = out["tracking_id"], out["access_code"], out["agency"]["id"]
    res = act(client, tid, {"action": "reject", "reason": "Bukan kewenangan kota", "version": version(tid)},
              agency, "officer")
    assert res.status_code == 200
    res = feedback(client, tid, code, {"decision": "appeal"})
    assert res.status_code == 422 and "reason" in res.json_body["error"]["fields"]
    res = feedback(client, tid, code, {"decision": "appeal", "reason": "Lampu jalan itu urusan kota."})
    assert res.status_code == 200, res.body
    assert (res.json_body["status"], res.json_body["escalation_level"]) == ("reopened", 1)
    assert tid in escalated_inbox(client, agency, "supervisor")
    view = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": code}).json_body
    assert view["handled_by"]["text_id"].startswith("Ditangani Atasan / Inspektorat Pemerintah Kota Denpasar sampai ")
    res = act(client, tid, {"action": "reject", "reason": "Tetap bukan kewenangan", "version": version(tid)},
              agency, "supervisor")
    assert res.status_code == 200
    res = feedback(client, tid, code, {"decision": "appeal", "reason": "Saya banding sekali lagi."})
    assert res.status_code == 409, res.body


def test_inbox_without_a_status_is_ordered_by_deadline_across_statuses(client, aws):
    agency_id = "pemkab-51.04"
    first, second = make_case(agency_id)["tracking_id"], make_case(agency_id)["tracking_id"]
    act(client, second, {"action": "accept", "version": version(second)}, agency_id, "officer")
    from chalicelib.services import cases

    cases.transition(first, "request_info", "officer", message="Mohon foto lokasinya.")  # a later (reporter) deadline
    res = client.http.get("/v1/agency/complaints", headers=hdr(agency_id, "officer"))
    items = res.json_body["items"]
    dues = [i["due_at"] or "~" for i in items]
    assert dues == sorted(dues) and {first, second} <= {i["tracking_id"] for i in items}
    assert len({i["status"] for i in items}) >= 2
    page = client.http.get("/v1/agency/complaints?limit=1", headers=hdr(agency_id, "officer")).json_body
    rest = client.http.get(f"/v1/agency/complaints?limit=5&cursor={page['next_cursor']}",
                           headers=hdr(agency_id, "officer")).json_body
    assert [i["tracking_id"] for i in page["items"] + rest["items"]] == [i["tracking_id"] for i in items]


def test_open311_says_verification_comes_first_and_who_handles_an_escalated_case(client, aws):
    waiting = make_case(None, verify=True)["tracking_id"]
    out = client.http.get(f"/open311/v2/requests/{waiting}.json").json_body[0]
    assert "Petugas Salur menentukan instansi" in out["service_notice"]
    tid = make_case(REGENCY)["tracking_id"]
    sweep_past_due(client, aws, tid)
    out = client.http.get(f"/open311/v2/requests/{tid}.json", headers={"Accept-Language": "en"}).json_body[0]
    assert out["service_notice"].startswith("Handled by Supervisor / Inspectorate of ")


def test_escalation_webhooks_go_to_the_late_agency_and_the_new_owner(aws):
    from chalicelib.services.webhook_delivery import target_agencies

    event = {"type": "complaint.escalated", "agency_id": REGENCY, "data": {"handler_agency_id": "pemprov-51"}}
    assert target_agencies(event) == [REGENCY, "pemprov-51"]
    assert target_agencies({**event, "type": "complaint.responded"}) == [REGENCY]
