"""Issue 17 #8 and the province-verifier item: what staff see of a case they do not hold (chalice.test.Client).

* after a transfer the agency that gave the case up — possibly the one complained about — sees only what it
  wrote: no reporter, no complaint text, none of the new holder's notes;
* a province's verifier or coordinator does not read a confidential case held by a national body in the
  province (that body's own), while it still sees the province's other cases.
"""
from __future__ import annotations

import json

import pytest
from agency_support import A, B, act, hdr, make_case, version

NATIONAL = "kemenkes"


def view(client, tid, agency=A, role="officer"):
    return client.http.get(f"/v1/agency/complaints/{tid}", headers=hdr(agency, role))


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_former_holder_sees_only_what_it_wrote(client, anonymous):
    tid = make_case(A, anonymous=anonymous, title="Pungli oleh petugas Pemkot")["tracking_id"]
    assert act(client, tid, {"action": "note", "note": "catatan A", "version": version(tid)}).status_code == 200
    assert act(client, tid, {"action": "transfer", "reason": "kewenangan kabupaten", "target_agency_id": B,
                             "version": version(tid)}).status_code == 200
    assert act(client, tid, {"action": "note", "note": "catatan rahasia B: saksi Pak Ketut", "version": version(tid)},
               B, "officer").status_code == 200
    before = view(client, tid)
    assert before.status_code == 200, before.body
    got = before.json_body
    text = json.dumps(got)
    for leaked in ("made@example.com", "+6281234567890", "Made", "Pungli", "Jalan berlubang", "catatan rahasia B",
                   "Pak Ketut"):
        assert leaked not in text, leaked
    assert got["former_holder"] is True and got["read_only"] is True and got["allowed_actions"] == []
    assert "reporter" not in got and {e["action"] for e in got["timeline"]} == {"note", "transfer"}
    assert all(e["actor"]["agency_id"] == A for e in got["timeline"])
    # the new holder sees everything (the reporter unless anonymous)
    full = view(client, tid, B).json_body
    assert "catatan rahasia B" in json.dumps(full) and ("reporter" in full) is (not anonymous)
    # and the former holder still cannot act
    assert act(client, tid, {"action": "note", "note": "x", "version": version(tid)}).status_code == 403


def test_province_desk_does_not_read_confidential_cases_of_national_bodies(client):
    hidden = make_case(NATIONAL, "51", confidential=True)["tracking_id"]
    public = make_case(NATIONAL, "51")["tracking_id"]
    regional = make_case(A, "51", confidential=True)["tracking_id"]
    for role in ("verifier", "coordinator"):
        assert view(client, hidden, "pemprov-51", role).status_code == 404
        assert view(client, public, "pemprov-51", role).status_code == 200
        assert view(client, regional, "pemprov-51", role).status_code == 200
    assert view(client, hidden, NATIONAL, "officer").status_code == 200  # the holder
    assert view(client, hidden, "kemenpanrb", "admin").status_code == 200  # the national desk
