"""The agency desk: inbox, case view, every action's rules, optimistic concurrency, verification desk."""
from __future__ import annotations

import json

import pytest
from agency_support import A, B, C, act, hdr, make_case, version

pytestmark = pytest.mark.usefixtures("aws")

NAT, P51, P31 = "kemenpanrb", "pemprov-51", "pemprov-31"


def view(client, tid, agency_id=A, role="officer"):
    return client.http.get(f"/v1/agency/complaints/{tid}", headers=hdr(agency_id, role))


# -- inbox ----------------------------------------------------------------------------------
def test_inbox_oldest_deadline_first_paginated_and_filtered(client):
    from chalicelib.domain.directory import get_directory

    ids = {make_case("pemkab-52.01", "52", publish=False)["tracking_id"] for _ in range(5)}
    assert get_directory().agency("pemkab-52.01")
    h = hdr("pemkab-52.01", "officer")
    seen, cursor, dues = [], None, []
    while True:
        url = "/v1/agency/complaints?status=assigned&limit=2" + (f"&cursor={cursor}" if cursor else "")
        res = client.http.get(url, headers=h)
        assert res.status_code == 200, res.body
        page = res.json_body
        assert len(page["items"]) <= 2
        seen += [i["tracking_id"] for i in page["items"]]
        dues += [i["due_at"] for i in page["items"]]
        assert all("reporter" not in i for i in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert ids <= set(seen) and len(seen) == len(set(seen))
    assert dues == sorted(dues)
    assert client.http.get("/v1/agency/complaints?status=closed", headers=h).json_body["items"] == []


@pytest.mark.parametrize("query,status,code", [
    ("cursor=%%%", 400, "invalid_cursor"), ("cursor=eyJhIjoxfQ", 400, "invalid_cursor"),
    ("status=sleeping", 422, "validation_error"), ("limit=0", 422, "validation_error"),
    ("limit=abc", 422, "validation_error"), ("limit=101", 422, "validation_error"),
])
def test_inbox_bad_params(client, query, status, code):
    res = client.http.get(f"/v1/agency/complaints?{query}", headers=hdr(A, "officer"))
    assert res.status_code == status and res.json_body["error"]["code"] == code


def test_cursor_of_another_agency_is_rejected(client):
    for _ in range(3):
        make_case(C, "31", publish=False)
    page = client.http.get("/v1/agency/complaints?limit=1", headers=hdr(C, "officer")).json_body
    assert page["next_cursor"]
    res = client.http.get(f"/v1/agency/complaints?cursor={page['next_cursor']}", headers=hdr(A, "officer"))
    assert res.status_code == 400


# -- case view --------------------------------------------------------------------------------
def test_case_view_has_internal_notes_and_reporter(client):
    tid = make_case()["tracking_id"]
    assert act(client, tid, {"action": "note", "note": "cek ke dinas PU", "version": version(tid)}).status_code == 200
    res = view(client, tid)
    assert res.status_code == 200
    v = res.json_body
    assert v["reporter"]["email"] == "made@example.com"
    assert any(e.get("internal_note") == "cek ke dinas PU" for e in v["timeline"])
    assert not {"access_hash", "access_salt", "PK", "GSI1PK"} & set(v)
    assert res.headers["ETag"] == f'"{v["version"]}"'
    assert "accept" in v["allowed_actions"] and v["read_only"] is False
    public = client.http.get(f"/v1/complaints/{tid}").body.decode()
    assert "cek ke dinas PU" not in public


def test_anonymous_reporter_is_omitted(client):
    tid = make_case(anonymous=True)["tracking_id"]
    res = view(client, tid)
    assert "reporter" not in res.json_body
    body = res.body.decode()
    assert "made@example.com" not in body and "6281234567890" not in body and "Made" not in body


def test_unknown_and_garbage_ids_are_404(client):
    for tid in ("ZZZZ-ZZZZ", "not-an-id", "%00"):
        assert view(client, tid).status_code == 404


# -- actions ----------------------------------------------------------------------------------
def test_accept_respond_flow_and_etag(client):
    tid = make_case()["tracking_id"]
    v = version(tid)
    res = act(client, tid, {"action": "accept", "version": v})
    assert res.status_code == 200, res.body
    assert res.json_body["status"] == "in_progress" and res.json_body["version"] == v + 1
    assert res.headers["ETag"] == f'"{v + 1}"'
    missing = act(client, tid, {"action": "respond", "version": v + 1}, headers={"Accept-Language": "en"})
    assert missing.status_code == 422 and missing.json_body["error"]["fields"]["message"] == "Field 'message' is required"
    ok = act(client, tid, {"action": "respond", "message": "Sudah diperbaiki tanggal 3.", "version": v + 1})
    assert ok.status_code == 200 and ok.json_body["status"] == "responded"
    again = act(client, tid, {"action": "accept", "version": v + 2})
    assert again.status_code == 409 and again.json_body["error"]["code"] == "illegal_transition"


def test_stale_version_is_409_conflict(client):
    tid = make_case()["tracking_id"]
    v = version(tid)
    assert act(client, tid, {"action": "note", "note": "satu", "version": v}).status_code == 200
    res = act(client, tid, {"action": "accept", "version": v}, headers={"Accept-Language": "en"})
    assert res.status_code == 409
    assert res.json_body["error"] == {"code": "conflict", "message": "The data has changed; reload and try again."}


def test_if_match_header_and_missing_version(client):
    tid = make_case()["tracking_id"]
    v = version(tid)
    assert act(client, tid, {"action": "accept"}).status_code == 422
    assert act(client, tid, {"action": "accept"}, headers={"If-Match": "garbage"}).status_code == 400
    assert act(client, tid, {"action": "accept"}, headers={"If-Match": f'"{v + 5}"'}).status_code == 409
    assert act(client, tid, {"action": "accept"}, headers={"If-Match": f'W/"{v}"'}).status_code == 200


def test_request_info(client):
    tid = make_case()["tracking_id"]
    assert act(client, tid, {"action": "request_info", "version": version(tid)}).status_code == 422
    res = act(client, tid, {"action": "request_info", "message": "Mohon foto lokasi.", "version": version(tid)})
    assert res.status_code == 200 and res.json_body["status"] == "needs_info"


def test_transfer_rules_and_read_only_after(client):
    tid = make_case()["tracking_id"]
    v = version(tid)
    assert act(client, tid, {"action": "transfer", "target_agency_id": B, "version": v}).status_code == 422
    unknown = act(client, tid, {"action": "transfer", "reason": "x", "target_agency_id": "nope", "version": v})
    assert unknown.status_code == 422 and unknown.json_body["error"]["code"] == "unknown_agency"
    same = act(client, tid, {"action": "transfer", "reason": "x", "target_agency_id": A, "version": v})
    assert same.status_code == 422
    ok = act(client, tid, {"action": "transfer", "reason": "Jalan provinsi? bukan, kabupaten.",
                           "target_agency_id": B, "version": v})
    assert ok.status_code == 200 and ok.json_body["agency_id"] == B and ok.json_body["status"] == "assigned"
    ro = view(client, tid)
    assert ro.status_code == 200 and ro.json_body["read_only"] is True and ro.json_body["allowed_actions"] == []
    assert act(client, tid, {"action": "note", "note": "x", "version": version(tid)}).status_code == 403
    assert act(client, tid, {"action": "accept", "version": version(tid)}, B, "officer").status_code == 200


def test_transfer_without_target_goes_back_to_verification(client):
    tid = make_case()["tracking_id"]
    res = act(client, tid, {"action": "transfer", "reason": "salah instansi", "version": version(tid)})
    assert res.status_code == 200 and res.json_body["status"] == "awaiting_verification"
    assert view(client, tid).json_body["read_only"] is True


def test_reject_needs_reason(client):
    tid = make_case()["tracking_id"]
    assert act(client, tid, {"action": "reject", "version": version(tid)}).status_code == 422
    res = act(client, tid, {"action": "reject", "reason": "Laporan ganda", "version": version(tid)})
    assert res.status_code == 200 and res.json_body["status"] == "rejected"
    late = act(client, tid, {"action": "respond", "message": "x", "version": version(tid)})
    assert late.status_code == 409 and late.json_body["error"]["code"] == "illegal_transition"


def test_note_needs_note(client):
    tid = make_case()["tracking_id"]
    assert act(client, tid, {"action": "note", "version": version(tid)}).status_code == 422


def test_extend_only_information_requests(client):
    tid = make_case()["tracking_id"]
    res = act(client, tid, {"action": "extend", "reason": "dokumen banyak", "version": version(tid)})
    assert res.status_code == 409 and res.json_body["error"]["code"] == "illegal_transition"
    info = make_case(kind="information_request")["tracking_id"]
    assert act(client, info, {"action": "extend", "version": version(info)}).status_code == 422
    ok = act(client, info, {"action": "extend", "reason": "dokumen banyak", "version": version(info)})
    assert ok.status_code == 200
    twice = act(client, info, {"action": "extend", "reason": "lagi", "version": version(info)})
    assert twice.status_code == 409


@pytest.mark.parametrize("body", [
    {"action": "fly", "version": 1}, {"action": "accept", "version": -1}, {"action": "accept", "version": "x"},
    {"action": "accept", "version": 1, "extra": 1}, {"action": "note", "note": "x" * 5001, "version": 1}, {},
])
def test_bad_bodies_are_422(client, body):
    tid = make_case(publish=False)["tracking_id"]
    assert act(client, tid, body).status_code == 422


def test_raw_garbage_bodies(client):
    tid = make_case(publish=False)["tracking_id"]
    url = f"/v1/agency/complaints/{tid}/actions"
    h = hdr(A, "officer")
    assert client.http.post(url, headers=h, body="{nope").status_code == 400
    assert client.http.post(url, headers=h, body="[1]").status_code == 400
    assert client.http.post(url, headers={**h, "Content-Type": "text/plain"}, body="x").status_code == 415


def test_supervisor_can_act_verifier_cannot_accept(client):
    tid = make_case()["tracking_id"]
    assert act(client, tid, {"action": "accept", "version": version(tid)}, P51, "verifier").status_code == 403
    assert act(client, tid, {"action": "accept", "version": version(tid)}, A, "supervisor").status_code == 200


def test_admin_may_reject_any_case(client):
    tid = make_case(C, "31")["tracking_id"]
    res = act(client, tid, {"action": "reject", "reason": "spam", "version": version(tid)}, NAT, "admin")
    assert res.status_code == 200 and res.json_body["status"] == "rejected"


# -- verification desk --------------------------------------------------------------------------
def _in_queue(client, tid, agency_id, role, query=""):
    items, cursor = [], None
    while True:
        url = "/v1/verification/queue?limit=50" + query + (f"&cursor={cursor}" if cursor else "")
        res = client.http.get(url, headers=hdr(agency_id, role))
        assert res.status_code == 200, res.body
        items += res.json_body["items"]
        cursor = res.json_body["next_cursor"]
        if not cursor:
            return tid in {i["tracking_id"] for i in items}


def test_verification_queue_scopes(client):
    tid = make_case(None, "51", verify=True, routed_to=A)["tracking_id"]
    assert _in_queue(client, tid, P51, "verifier")
    assert not _in_queue(client, tid, P31, "verifier")
    assert _in_queue(client, tid, NAT, "admin", "&province=51")
    assert _in_queue(client, tid, NAT, "verifier", "&province=51")
    assert not _in_queue(client, tid, NAT, "admin")  # the national queue holds cases with no province
    assert client.http.get("/v1/verification/queue?province=51", headers=hdr(P31, "verifier")).status_code == 403
    assert client.http.get("/v1/verification/queue?province=99", headers=hdr(NAT, "admin")).status_code == 422
    assert client.http.get("/v1/verification/queue?cursor=abc", headers=hdr(P51, "verifier")).status_code == 400


def test_verifier_may_request_info_and_reject_in_queue(client):
    tid = make_case(None, "51", verify=True)["tracking_id"]
    res = act(client, tid, {"action": "request_info", "message": "Lokasi persisnya?", "version": version(tid)},
              P51, "verifier")
    assert res.status_code == 200 and res.json_body["status"] == "needs_info"


def test_disposition_records_routing_corrections(client):
    from chalicelib.domain.clock import utcnow

    month = utcnow().strftime("%Y-%m")
    before = client.http.get(f"/v1/verification/corrections?month={month}", headers=hdr(NAT, "admin")).json_body
    fixed = make_case(None, "51", verify=True, routed_to=A)["tracking_id"]
    kept = make_case(None, "51", verify=True, routed_to=A)["tracking_id"]
    res = client.http.post(f"/v1/complaints/{fixed}/disposition", headers=hdr(P51, "verifier"),
                           body=json.dumps({"agency_id": B, "note": "jalan kabupaten"}))
    assert res.status_code == 200, res.body
    assert res.json_body["agency_id"] == B and res.json_body["status"] == "assigned"
    assert res.json_body["routing"] == {"routed_agency_id": A, "disposed_agency_id": B, "corrected": True}
    res = client.http.post(f"/v1/complaints/{kept}/disposition", headers=hdr(NAT, "admin"),
                           body=json.dumps({"agency_id": A}))
    assert res.status_code == 200 and res.json_body["routing"]["corrected"] is False
    after = client.http.get(f"/v1/verification/corrections?month={month}", headers=hdr(NAT, "admin")).json_body
    assert after["total"] == before["total"] + 2
    assert after["corrected"] == before["corrected"] + 1 and after["confirmed"] == before["confirmed"] + 1
    assert 0 < after["correction_rate"] <= 1
    # the disposed case is now in B's inbox and no longer in the queue
    assert act(client, fixed, {"action": "accept", "version": version(fixed)}, B, "officer").status_code == 200
    again = client.http.post(f"/v1/complaints/{fixed}/disposition", headers=hdr(P51, "verifier"),
                             body=json.dumps({"agency_id": C}))
    assert again.status_code == 409


@pytest.mark.parametrize("body,status", [
    ({"agency_id": "no-such"}, 422), ({}, 422), ({"agency_id": A, "version": 999}, 409), ({"agency_id": A, "x": 1}, 422),
])
def test_disposition_errors(client, body, status):
    tid = make_case(None, "51", verify=True, publish=False)["tracking_id"]
    res = client.http.post(f"/v1/complaints/{tid}/disposition", headers=hdr(P51, "verifier"), body=json.dumps(body))
    assert res.status_code == status, res.body


def test_corrections_bad_month(client):
    for m in ("2026-13", "26-01", "x"):
        assert client.http.get(f"/v1/verification/corrections?month={m}", headers=hdr(NAT, "admin")).status_code == 422
