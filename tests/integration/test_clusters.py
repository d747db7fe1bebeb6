"""Issue 16 #3: reports about one problem become one cluster at filing; the agency answers it once (every member
its own transition, timeline and notices) or splits a member out; the public view counts the reports."""
from __future__ import annotations

import json

from agency_support import hdr

JSON = {"Content-Type": "application/json"}
ENDINGS = ["tolong segera diperbaiki", "motor saya hampir jatuh", "sudah lama sekali", "bahaya kalau malam",
           "mobil juga rusak", "anak sekolah lewat situ"]


def pothole(i: int) -> dict:
    return {"title": "Jalan berlubang besar di Jalan Gunung Agung",
            "body": f"Lubang besar di Jalan Gunung Agung dekat pasar Kereneng, jalan berlubang dalam, "
                    f"{ENDINGS[i % len(ENDINGS)]}.",
            "location": {"district_code": "51.71.04"}}


def test_fifty_reports_about_one_pothole_are_one_cluster_answered_once(client):
    filed = []
    for i in range(50):
        res = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(pothole(i)))
        assert res.status_code == 201, res.body
        filed.append(res.json_body)
    root = filed[0]["tracking_id"]
    assert filed[0]["cluster_id"] is None and all(f["cluster_id"] == root for f in filed[1:])
    agency = filed[0]["agency"]["id"]
    view = client.http.get(f"/v1/complaints/{filed[7]['tracking_id']}").json_body
    assert view["cluster"] == {"id": root, "reports": 50, "supporters": 0}
    # a different problem in the same kecamatan stays out
    other = client.http.post("/v1/complaints", headers=JSON, body=json.dumps({
        "title": "Lampu jalan mati di Jalan Gunung Agung", "location": {"district_code": "51.71.04"},
        "body": "Lampu penerangan jalan umum mati sebulan, gelap gulita, rawan jambret."})).json_body
    assert other["cluster_id"] is None

    res = client.http.post(f"/v1/agency/complaints/{filed[3]['tracking_id']}/cluster/answer",
                           headers=hdr(agency, "officer"),
                           body=json.dumps({"message": "Lubang akan ditambal tim PU hari Jumat ini."}))
    assert res.status_code == 200, res.body
    assert sorted(res.json_body["answered"]) == sorted(f["tracking_id"] for f in filed)
    assert res.json_body["skipped"] == [] and res.json_body["more"] is False
    for f in filed:
        mine = client.http.get(f"/v1/complaints/{f['tracking_id']}",
                               headers={"X-Access-Code": f["access_code"]}).json_body
        assert mine["status"] == "responded"
        assert [e["message"] for e in mine["timeline"] if e["action"] == "respond"] == \
            ["Lubang akan ditambal tim PU hari Jumat ini."]
    dues = {client.http.get(f"/v1/complaints/{f['tracking_id']}").json_body["due_at"] for f in filed}
    assert len(dues) == 1  # answered at one moment: the same next deadline
    assert client.http.get(f"/v1/complaints/{other['tracking_id']}").json_body["status"] == "assigned"

    # split one out: the count drops, a second answer does not reach it
    split = client.http.post(f"/v1/agency/complaints/{filed[9]['tracking_id']}/cluster",
                             headers=hdr(agency, "officer"), body=json.dumps({"action": "split"}))
    assert split.status_code == 200 and split.json_body["cluster_id"] is None
    assert client.http.get(f"/v1/complaints/{root}").json_body["cluster"]["reports"] == 49
    again = client.http.post(f"/v1/agency/complaints/{filed[9]['tracking_id']}/cluster",
                             headers=hdr(agency, "officer"), body=json.dumps({"action": "split"}))
    assert again.status_code == 409 and again.json_body["error"]["code"] == "not_in_cluster"
    from chalicelib.adapters.cluster_store import ClusterStore

    # the members are the heads that name the root (the ClusterMembers index), the root first
    members = ClusterStore().members(root)
    assert members[0] == root and sorted(members[1:]) == members[1:]
    assert set(members) == {f["tracking_id"] for f in filed} - {filed[9]["tracking_id"]}
    joined = client.http.post(f"/v1/agency/complaints/{filed[9]['tracking_id']}/cluster", headers=hdr(agency, "officer"),
                              body=json.dumps({"action": "join", "root": root}))
    assert joined.status_code == 200 and joined.json_body["cluster_id"] == root
    assert filed[9]["tracking_id"] in ClusterStore().members(root)
    assert client.http.get(f"/v1/complaints/{root}").json_body["cluster"]["reports"] == 50


def test_another_agency_cannot_answer_a_cluster(client):
    res = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(pothole(1)))
    tid = res.json_body["tracking_id"]
    out = client.http.post(f"/v1/agency/complaints/{tid}/cluster/answer", headers=hdr("pemkot-31.71", "officer"),
                           body=json.dumps({"message": "Bukan urusan kami tapi kami jawab"}))
    assert out.status_code == 404
